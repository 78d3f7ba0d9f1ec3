import * as vscode from 'vscode';
import type { Problem } from '../api/problems';

/** A problem found by the client's checks (src/api/problems.ts), in the user's language. */
export function problemText(p: Problem): string {
  switch (p.id) {
    case 'roomUuidMissing':
      return vscode.l10n.t('Room uuid is missing: give the uuid of a whiteboard room (letters, digits, - and _).');
    case 'roomUuidChars':
      return vscode.l10n.t('Room uuid {0} may contain only letters, digits, - and _ (it has {1}).', p.value, p.char);
    case 'pathMissing':
      return p.field === 'path'
        ? vscode.l10n.t('Scene path is missing: it must start with / (for example /init).')
        : vscode.l10n.t('Directory path is missing: it must start with / (for example / or /test).');
    case 'pathNoSlash':
      return p.field === 'path'
        ? vscode.l10n.t('Scene path {0} must start with / (for example /init).', p.value)
        : vscode.l10n.t('Directory path {0} must start with / (for example / or /test).', p.value);
    case 'pathControl':
      return p.field === 'path'
        ? vscode.l10n.t('Scene path must not contain control characters ({0} at position {1}).', p.char, p.position)
        : vscode.l10n.t('Directory path must not contain control characters ({0} at position {1}).', p.char, p.position);
    case 'size':
      return p.field === 'width'
        ? vscode.l10n.t('Width must be a whole number of pixels from 1 to {0} (got {1}).', p.max, p.got)
        : vscode.l10n.t('Height must be a whole number of pixels from 1 to {0} (got {1}).', p.max, p.got);
    case 'regionMissing':
      return vscode.l10n.t("Region is missing: use the room's data centre, one of {0}.", p.valid);
    case 'regionRetired':
      return vscode.l10n.t('Region "{0}" was retired; use {1} ({2}) instead. Valid regions: {3}.', p.value, p.replacement, p.replacementName, p.valid);
    case 'regionCase':
      return vscode.l10n.t('Region {0} must be written exactly {1}. Valid regions: {2}.', p.value, p.exact, p.valid);
    case 'regionUnknown':
      return vscode.l10n.t('Region {0} is not one of {1}.', p.value, p.valid);
    case 'tokenMissing':
      return vscode.l10n.t('No token: set an SDK token or a room token with the writer or admin role.');
    case 'tokenChars':
      return vscode.l10n.t('Token must be a single line of printable ASCII characters without spaces; copy it again in full.');
    case 'baseUrlMissing':
      return vscode.l10n.t('API base URL is missing: use https://api.netless.link, or http://127.0.0.1:<port> for a local server.');
    case 'baseUrlInvalid':
      return vscode.l10n.t('API base URL {0} is not a valid URL (for example https://api.netless.link).', p.value);
    case 'baseUrlScheme':
      return vscode.l10n.t('API base URL {0} must start with https://.', p.value);
    case 'baseUrlHttp':
      return vscode.l10n.t('API base URL {0} must use https: plain http: is accepted only for this machine (localhost, 127.0.0.1).', p.value);
    case 'baseUrlCredentials':
      return vscode.l10n.t('API base URL must not contain a user name or password.');
    case 'baseUrlQuery':
      return vscode.l10n.t('API base URL {0} must not have a query or a fragment.', p.value);
  }
}

/** For an input box's validateInput: the problem in words, or undefined when the value is fine. */
export function problemOrNothing(p: Problem | undefined): string | undefined {
  return p ? problemText(p) : undefined;
}
