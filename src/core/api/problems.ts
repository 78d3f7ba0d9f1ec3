import * as l10n from '@vscode/l10n';

/**
 * What is wrong with a value, as data (code branches on `id`), and its one sentence, problemText(), in
 * the user's language through @vscode/l10n (English until the extension hands it a translation, see
 * words.ts). The values in a problem are already safe to show: quoted, one line, never a token.
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

/** The sentence of a problem, in the user's language. */
export function problemText(p: Problem): string {
  switch (p.id) {
    case 'roomUuidMissing':
      return l10n.t('Room uuid is missing: give the uuid of a whiteboard room (letters, digits, - and _).');
    case 'roomUuidChars':
      return l10n.t('Room uuid {0} may contain only letters, digits, - and _ (it has {1}).', p.value, p.char);
    case 'pathMissing':
      return p.field === 'path'
        ? l10n.t('Scene path is missing: it must start with / (for example /init).')
        : l10n.t('Directory path is missing: it must start with / (for example / or /test).');
    case 'pathNoSlash':
      return p.field === 'path'
        ? l10n.t('Scene path {0} must start with / (for example /init).', p.value)
        : l10n.t('Directory path {0} must start with / (for example / or /test).', p.value);
    case 'pathControl':
      return p.field === 'path'
        ? l10n.t('Scene path must not contain control characters ({0} at position {1}).', p.char, p.position)
        : l10n.t('Directory path must not contain control characters ({0} at position {1}).', p.char, p.position);
    case 'size':
      return p.field === 'width'
        ? l10n.t('Width must be a whole number of pixels from 1 to {0} (got {1}).', p.max, p.got)
        : l10n.t('Height must be a whole number of pixels from 1 to {0} (got {1}).', p.max, p.got);
    case 'regionMissing':
      return l10n.t("Region is missing: use the room's data centre, one of {0}.", p.valid);
    case 'regionRetired':
      return l10n.t('Region "{0}" was retired; use {1} ({2}) instead. Valid regions: {3}.', p.value, p.replacement, p.replacementName, p.valid);
    case 'regionCase':
      return l10n.t('Region {0} must be written exactly {1}. Valid regions: {2}.', p.value, p.exact, p.valid);
    case 'regionUnknown':
      return l10n.t('Region {0} is not one of {1}.', p.value, p.valid);
    case 'tokenMissing':
      return l10n.t('No token: set an SDK token or a room token with the writer or admin role.');
    case 'tokenChars':
      return l10n.t('Token must be a single line of printable ASCII characters without spaces; copy it again in full.');
    case 'baseUrlMissing':
      return l10n.t('API base URL is missing: use https://api.netless.link, or http://127.0.0.1:<port> for a local server.');
    case 'baseUrlInvalid':
      return l10n.t('API base URL {0} is not a valid URL (for example https://api.netless.link).', p.value);
    case 'baseUrlScheme':
      return l10n.t('API base URL {0} must start with https://.', p.value);
    case 'baseUrlHttp':
      return l10n.t('API base URL {0} must use https: plain http: is accepted only for this machine (localhost, 127.0.0.1).', p.value);
    case 'baseUrlCredentials':
      return l10n.t('API base URL must not contain a user name or password.');
    case 'baseUrlQuery':
      return l10n.t('API base URL {0} must not have a query or a fragment.', p.value);
  }
}

/** For an input box's validateInput: the problem in words, or undefined when the value is fine. */
export function problemOrNothing(p: Problem | undefined): string | undefined {
  return p ? problemText(p) : undefined;
}
