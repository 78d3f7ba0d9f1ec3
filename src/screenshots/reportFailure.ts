import * as vscode from 'vscode';
import { failureActions } from './failureActions';

/** An error from the client or the screenshot service: a `code` of DESIGN.md, maybe a `status`. */
interface CodedError {
  code?: string;
  status?: number;
  message?: string;
}

export interface FailureContext {
  what: string;
  room?: string;
  region?: string;
  retry?: () => unknown;
}

/**
 * Shows a failure with the action that helps (DESIGN.md codes): 401/403 and no token → Set Token; 404 →
 * the region in the message and Edit Room; network, timeout and server errors → Retry. (The screenshot
 * service has logged the failure already.) Messages never hold a token: the client redacts the server's words before they get here.
 * Returns at once: a command resolves after showing the error, not after the user answers it.
 */
export function reportFailure(err: unknown, ctx: FailureContext, log: vscode.LogOutputChannel): void {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as CodedError;
  const code = e.code ?? 'unexpected';
  const message = e.message ?? String(err);
  if (code === 'cancelled') {
    vscode.window.setStatusBarMessage(`$(circle-slash) ${ctx.what}: cancelled`, 4000);
    return;
  }
  let shown = `${ctx.what} failed: ${message}`;
  if (code === 'notFound' && ctx.region) shown += ` The request went to region ${ctx.region}: a room is found only in its own region.`;
  const actions = failureActions(code, { ...(ctx.room ? { room: ctx.room } : {}), canRetry: Boolean(ctx.retry) });
  void vscode.window.showErrorMessage(shown, ...actions).then((choice) => {
    if (choice === 'Set Token') void vscode.commands.executeCommand('sceneSnap.setToken', ctx.room ? { room: ctx.room } : undefined);
    else if (choice === 'Edit Room') void vscode.commands.executeCommand('sceneSnap.editRoom', { uuid: ctx.room });
    else if (choice === 'Retry') void ctx.retry?.();
    else if (choice === 'Show Log') log.show();
  });
}
