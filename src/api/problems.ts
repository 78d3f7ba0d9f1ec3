/**
 * What is wrong with a value, as data: the client's checks (validate.ts) say it in English with
 * problemMessage(); the extension host says it in the user's language (src/l10n/problemText.ts). The
 * values in a problem are already safe to show: quoted, one line, never a token.
 */
export type SizeField = 'width' | 'height';
export type PathField = 'path' | 'directory';

export type Problem =
  | { id: 'roomUuidMissing' }
  | { id: 'roomUuidChars'; value: string; char: string }
  | { id: 'pathMissing'; field: PathField }
  | { id: 'pathNoSlash'; field: PathField; value: string }
  | { id: 'pathControl'; field: PathField; char: string; position: number }
  | { id: 'size'; field: SizeField; got: string; max: number }
  | { id: 'regionMissing'; valid: string }
  | { id: 'regionRetired'; value: string; replacement: string; replacementName: string; valid: string }
  | { id: 'regionCase'; value: string; exact: string; valid: string }
  | { id: 'regionUnknown'; value: string; valid: string }
  | { id: 'tokenMissing' }
  | { id: 'tokenChars' }
  | { id: 'baseUrlMissing' }
  | { id: 'baseUrlInvalid'; value: string }
  | { id: 'baseUrlScheme'; value: string }
  | { id: 'baseUrlHttp'; value: string }
  | { id: 'baseUrlCredentials' }
  | { id: 'baseUrlQuery'; value: string };

export type ProblemId = Problem['id'];

/** The English sentence of a problem (what the client's check* functions return). */
export function problemMessage(p: Problem): string {
  switch (p.id) {
    case 'roomUuidMissing':
      return 'Room uuid is missing: give the uuid of a whiteboard room (letters, digits, - and _).';
    case 'roomUuidChars':
      return `Room uuid ${p.value} may contain only letters, digits, - and _ (it has ${p.char}).`;
    case 'pathMissing':
      return `${pathName(p.field)} is missing: it must start with / (for example ${pathExample(p.field)}).`;
    case 'pathNoSlash':
      return `${pathName(p.field)} ${p.value} must start with / (for example ${pathExample(p.field)}).`;
    case 'pathControl':
      return `${pathName(p.field)} must not contain control characters (${p.char} at position ${p.position}).`;
    case 'size':
      return `${p.field === 'width' ? 'Width' : 'Height'} must be a whole number of pixels from 1 to ${p.max} (got ${p.got}).`;
    case 'regionMissing':
      return `Region is missing: use the room's data centre, one of ${p.valid}.`;
    case 'regionRetired':
      return `Region "${p.value}" was retired; use ${p.replacement} (${p.replacementName}) instead. Valid regions: ${p.valid}.`;
    case 'regionCase':
      return `Region ${p.value} must be written exactly ${p.exact}. Valid regions: ${p.valid}.`;
    case 'regionUnknown':
      return `Region ${p.value} is not one of ${p.valid}.`;
    case 'tokenMissing':
      return 'No token: set an SDK token or a room token with the writer or admin role.';
    case 'tokenChars':
      return 'Token must be a single line of printable ASCII characters without spaces; copy it again in full.';
    case 'baseUrlMissing':
      return 'API base URL is missing: use https://api.netless.link, or http://127.0.0.1:<port> for a local server.';
    case 'baseUrlInvalid':
      return `API base URL ${p.value} is not a valid URL (for example https://api.netless.link).`;
    case 'baseUrlScheme':
      return `API base URL ${p.value} must start with https://.`;
    case 'baseUrlHttp':
      return `API base URL ${p.value} must use https: plain http: is accepted only for this machine (localhost, 127.0.0.1).`;
    case 'baseUrlCredentials':
      return 'API base URL must not contain a user name or password.';
    case 'baseUrlQuery':
      return `API base URL ${p.value} must not have a query or a fragment.`;
  }
}

function pathName(field: PathField): string {
  return field === 'path' ? 'Scene path' : 'Directory path';
}

function pathExample(field: PathField): string {
  return field === 'path' ? '/init' : '/ or /test';
}
