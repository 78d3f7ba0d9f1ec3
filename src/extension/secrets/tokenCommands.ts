import * as vscode from 'vscode';
import { roomUuidProblem, tokenProblem } from '../../core/api/validate';
import { describeToken, summarizeToken, tokenWarnings } from '../../core/api/token';
import { problemOrNothing, problemText } from '../../core/api/problems';
import { roomLabel } from '../../core/rooms/roomSettings';
import { readSettings } from '../settings';
import type { TokenStore } from './tokenStore';
import { reportingFailures } from '../reportingFailures';

/** `{room?}` from a command argument: an object with `room`, a tree node with `room`, or nothing. */
function roomOf(arg: unknown): string | undefined {
  const a = arg as { room?: unknown } | undefined;
  if (typeof a?.room === 'string') return a.room.trim() || undefined;
  const nodeRoom = (a?.room as { uuid?: unknown } | undefined)?.uuid;
  return typeof nodeRoom === 'string' ? nodeRoom : undefined;
}

/** Asks which token: the SDK token, or a configured room's (undefined = dismissed). */
async function pickTokenTarget(title: string, onlyStored?: TokenStore): Promise<{ room: string | undefined } | undefined> {
  type Item = vscode.QuickPickItem & { room?: string };
  const items: Item[] = [];
  if (!onlyStored || (await onlyStored.get())) items.push({ label: vscode.l10n.t('SDK token (every room without a token of its own)') });
  for (const r of readSettings().rooms) {
    if (onlyStored && !(await onlyStored.get(r.uuid))) continue;
    items.push({ label: roomLabel(r), description: r.name ? r.uuid : undefined, room: r.uuid });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Scene Snap has no stored tokens.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Which token?'), ignoreFocusOut: true });
  return picked ? { room: picked.room } : undefined;
}

function describeStored(room: string | undefined, token: string): { summary: string; warnings: string[] } {
  const info = describeToken(token);
  const now = Date.now();
  return { summary: summarizeToken(info, now), warnings: tokenWarnings(info, room, now) };
}

/** Stores the token and says what it is; resolves to the reasons it may not take screenshots (none: fine). */
async function store(tokens: TokenStore, log: vscode.LogOutputChannel, room: string | undefined, label: string | undefined, token: string): Promise<string[]> {
  await tokens.set(room, token);
  const { summary, warnings } = describeStored(room, token);
  log.info(`Stored a token for ${room ? `room ${room}` : 'the SDK'}: ${summary}`);
  if (warnings.length > 0) log.warn(`Token for ${room ?? 'the SDK'}: ${warnings.join(' ')}`);
  else {
    void vscode.window.showInformationMessage(
      label !== undefined ? vscode.l10n.t('Stored the token of room {0}: {1}.', label, summary) : vscode.l10n.t('Stored the SDK token: {0}.', summary),
    );
  }
  return warnings;
}

/** The warning for a stored token that may not work; resolves to true when the user wants to type it again. */
async function warnWithEnterAgain(warnings: string[]): Promise<boolean> {
  const enterAgain = vscode.l10n.t('Enter Again');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('Stored, but this token may not take screenshots: {0}', warnings.join(' ')), enterAgain);
  return choice === enterAgain;
}

export function registerTokenCommands(tokens: TokenStore, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    /** `{room?, token}` stores at once; anything missing is asked for, the token in a password box. */
    vscode.commands.registerCommand('sceneSnap.setToken', reportingFailures('Set Token', log, async (arg?: unknown) => {
      let room = roomOf(arg);
      const given = (arg as { token?: unknown } | undefined)?.token;
      if (arg === undefined) {
        const target = await pickTokenTarget(vscode.l10n.t('Set Token'));
        if (!target) return;
        room = target.room;
      }
      if (room !== undefined) {
        const problem = roomUuidProblem(room);
        if (problem) return void vscode.window.showErrorMessage(vscode.l10n.t('Set Token: {0}', problemText(problem)));
      }
      const label = room ? roomLabel(readSettings().rooms.find((r) => r.uuid === room) ?? { uuid: room }) : undefined;
      const stored = (token: string) => store(tokens, log, room, label, token);
      if (given !== undefined) {
        const problem = tokenProblem(given);
        if (problem) return void vscode.window.showErrorMessage(vscode.l10n.t('Set Token: {0}', problemText(problem)));
        // Asked for in so many words (a keybinding, another extension): stored, with a way back if it cannot work.
        const warnings = await stored((given as string).trim());
        if (warnings.length > 0) void warnWithEnterAgain(warnings).then((again) => again && vscode.commands.executeCommand('sceneSnap.setToken', { room }));
        return;
      }
      const previous = await tokens.get(room);
      for (;;) {
        const typed = await vscode.window.showInputBox({
          title: label !== undefined ? vscode.l10n.t('Token for room {0}', label) : vscode.l10n.t('SDK token'),
          prompt: label !== undefined ? vscode.l10n.t('A room token (NETLESSROOM_…) or an SDK token with the writer or admin role') : vscode.l10n.t('An SDK token (NETLESSSDK_…) with the writer or admin role'),
          placeHolder: label !== undefined ? vscode.l10n.t('{0} or {1}', 'NETLESSROOM_…', 'NETLESSSDK_…') : 'NETLESSSDK_…',
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => problemOrNothing(tokenProblem(value)),
        });
        if (typed === undefined) return;
        const token = typed.trim();
        const warnings = describeStored(room, token).warnings;
        if (warnings.length === 0) return void (await stored(token));
        if (previous === undefined) {
          // Nothing to keep: stored (the warning may be wrong), with a way to type it again.
          await stored(token);
          if (await warnWithEnterAgain(warnings)) continue;
          return;
        }
        // A token that cannot work does not replace one that may, until the user says so.
        const enterAgain = vscode.l10n.t('Enter Again');
        const replace = vscode.l10n.t('Replace Anyway');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('This token may not take screenshots: {0} The previous token stays stored unless you replace it.', warnings.join(' ')),
          enterAgain,
          replace,
        );
        if (choice === enterAgain) continue;
        if (choice === replace) await stored(token);
        return;
      }
    })),
    // The Rooms view's title button: straight to the SDK token's password box.
    vscode.commands.registerCommand('sceneSnap.setSdkToken', () => vscode.commands.executeCommand('sceneSnap.setToken', {})),
    /** `{room?}`: no room = the SDK token. From the palette: pick among the stored tokens. */
    vscode.commands.registerCommand('sceneSnap.clearToken', reportingFailures('Clear Token', log, async (arg?: unknown) => {
      let room = roomOf(arg);
      if (arg === undefined) {
        const target = await pickTokenTarget(vscode.l10n.t('Clear Token'), tokens);
        if (!target) return;
        room = target.room;
      }
      await tokens.clear(room);
      log.info(`Cleared the token of ${room ? `room ${room}` : 'the SDK'}`);
      vscode.window.setStatusBarMessage(`$(key) ${room ? vscode.l10n.t('Scene Snap: cleared the room token') : vscode.l10n.t('Scene Snap: cleared the SDK token')}`, 4000);
    })),
  );
}
