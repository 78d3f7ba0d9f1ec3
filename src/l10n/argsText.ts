import * as vscode from 'vscode';
import type { ArgsProblem } from '../screenshots/resolveRequest';

/** What is wrong with the shape of a screenshot request (resolveRequest.checkArgs), in the user's language. */
export function argsProblemText(p: ArgsProblem): string {
  switch (p.id) {
    case 'notObject':
      return vscode.l10n.t('the request must be an object like {"room": "<room uuid>"}');
    case 'room':
      return vscode.l10n.t('"room" must be the room uuid, a string');
    case 'notString':
      return vscode.l10n.t('"{0}" must be a string', p.key);
    case 'notNumber':
      return vscode.l10n.t('"{0}" must be a number of pixels', p.key);
  }
}
