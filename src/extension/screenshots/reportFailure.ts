import * as vscode from 'vscode';
import { askNewRoom } from '../rooms/roomCommands';
import { findRoom, readSettings } from '../settings';
import { failureActions, type FailureAction } from './failureActions';

/** An error from the client or the screenshot service: a `code` of DESIGN.md, maybe a `status`. */
interface CodedError {
  code?: string;
  status?: number;
  message?: string;
}

export interface FailureContext {
  /** What failed, a noun phrase in the user's language ("Screenshot of /init"). */
  what: string;
  room?: string;
  region?: string;
  /** Takes the region to try in, after Edit Room changed it (else the shot as it was asked). */
  retry?: (region?: string) => unknown;
  /** Asks the data centres where the room is (Find Region, src/extension/rooms/regionFinder.ts). */
  findRegion?: () => unknown;
}

/** A failure's button, in the user's language. */
function actionLabel(action: FailureAction): string {
  switch (action) {
    case 'Set Token':
      return vscode.l10n.t('Set Token');
    case 'Find Region':
      return vscode.l10n.t('Find Region');
    case 'Edit Room':
      return vscode.l10n.t('Edit Room');
    case 'Add Room':
      return vscode.l10n.t('Add Room');
    case 'Retry':
      return vscode.l10n.t('Retry');
    case 'Show Log':
      return vscode.l10n.t('Show Log');
  }
}

/**
 * Shows a failure with the action that helps (DESIGN.md codes): 401/403 and no token → Set Token; 404 →
 * the region in the message and Edit Room (Add Room for a room that is not configured); network, timeout and server errors → Retry. (The screenshot
 * service has logged the failure already.) Messages never hold a token: the client redacts the server's words before they get here.
 * Returns at once: a command resolves after showing the error, not after the user answers it.
 */
export function reportFailure(err: unknown, ctx: FailureContext, log: vscode.LogOutputChannel): void {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as CodedError;
  const code = e.code ?? 'unexpected';
  if (code === 'cancelled') {
    vscode.window.setStatusBarMessage(`$(circle-slash) ${vscode.l10n.t('{0}: cancelled', ctx.what)}`, 4000);
    return;
  }
  const message = e.message ?? String(err);
  // The message of a 404 already says that a room answers only in its own region: only which region it was.
  const shown =
    code === 'notFound' && ctx.region
      ? vscode.l10n.t('{0} failed (region {1}): {2}', ctx.what, ctx.region, message)
      : vscode.l10n.t('{0} failed: {1}', ctx.what, message);
  const configured = ctx.room !== undefined && findRoom(readSettings(), ctx.room) !== undefined;
  const actions = failureActions(code, { ...(ctx.room ? { room: ctx.room } : {}), configured, canRetry: Boolean(ctx.retry) }).filter((a) => a !== 'Find Region' || ctx.findRegion);
  const labels = new Map(actions.map((a) => [actionLabel(a), a] as const));
  void vscode.window.showErrorMessage(shown, ...labels.keys()).then((label) => {
    const choice = label === undefined ? undefined : labels.get(label);
    if (choice === 'Set Token') void vscode.commands.executeCommand('sceneSnap.setToken', ctx.room ? { room: ctx.room } : undefined);
    else if (choice === 'Find Region') void ctx.findRegion?.();
    // Opens on the field the error is about: a 404 is about the region.
    else if (choice === 'Edit Room') {
      // Once the region is fixed, the shot is tried again in it (#22).
      void Promise.resolve(vscode.commands.executeCommand<{ region?: string } | undefined>('sceneSnap.editRoom', { uuid: ctx.room, ...(code === 'notFound' ? { field: 'region' } : {}) })).then(
        (edited) => edited && code === 'notFound' && ctx.retry?.(edited.region ?? readSettings().defaultRegion),
      );
    }
    else if (choice === 'Add Room') {
      void askNewRoom({ uuid: ctx.room, ...(ctx.region ? { region: ctx.region } : {}) }).then((room) => room && vscode.commands.executeCommand('sceneSnap.addRoom', room));
    }
    else if (choice === 'Retry') void ctx.retry?.();
    else if (choice === 'Show Log') log.show();
  });
}
