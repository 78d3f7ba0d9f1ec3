import * as vscode from 'vscode';
import { roomUuidProblem, tokenProblem } from '../../core/api/validate';
import { describeToken, summarizeToken, tokenDecodeProblem, tokenProblemText, tokenWarnings } from '../../core/api/token';
import { problemOrNothing, problemText } from '../../core/api/problems';
import { roomLabel } from '../../core/rooms/roomSettings';
import { readSettings } from '../settings';
import type { TokenStore } from './tokenStore';
import { reportingFailures } from '../reportingFailures';

/** Why `value` cannot be stored as a token at all (its shape, or it does not decode), in words; undefined when it can. */
function refusal(value: unknown): string | undefined {
  const shape = problemOrNothing(tokenProblem(value));
  if (shape !== undefined) return shape;
  const decode = tokenDecodeProblem(value as string);
  return decode ? tokenProblemText(decode) : undefined;
}

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
        if (problem) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Set Token: {0}', problemText(problem)));
          return false;
        }
      }
      const label = room ? roomLabel(readSettings().rooms.find((r) => r.uuid === room) ?? { uuid: room }) : undefined;
      const stored = (token: string) => store(tokens, log, room, label, token);
      if (given !== undefined) {
        // A token that does not decode cannot work: refused before it is stored, with the reason (DESIGN.md).
        const refused = refusal(given);
        if (refused) {
          void vscode.window.showErrorMessage(vscode.l10n.t('Set Token: {0}', refused));
          return false;
        }
        // Asked for in so many words (a keybinding, another extension): stored, with a way back if it cannot work.
        const warnings = await stored((given as string).trim());
        if (warnings.length > 0) void warnWithEnterAgain(warnings).then((again) => again && vscode.commands.executeCommand('sceneSnap.setToken', { room }));
        return true;
      }
      const previous = await tokens.get(room);
      for (;;) {
        const typed = await vscode.window.showInputBox({
          title: label !== undefined ? vscode.l10n.t('Token for room {0}', label) : vscode.l10n.t('SDK token'),
          prompt: label !== undefined ? vscode.l10n.t('A room token (NETLESSROOM_…) or an SDK token with the writer or admin role') : vscode.l10n.t('An SDK token (NETLESSSDK_…) with the writer or admin role'),
          placeHolder: label !== undefined ? vscode.l10n.t('{0} or {1}', 'NETLESSROOM_…', 'NETLESSSDK_…') : 'NETLESSSDK_…',
          password: true,
          ignoreFocusOut: true,
          // A token that does not decode cannot be accepted: the box says why and stays open.
          validateInput: (value) => refusal(value),
        });
        if (typed === undefined) return undefined;
        const token = typed.trim();
        const warnings = describeStored(room, token).warnings;
        if (warnings.length === 0) {
          await stored(token);
          return true;
        }
        // It decodes but warns (another room's, expired, reader, a task token): stored only when the user
        // says so, and never silently in place of a token that may work.
        const enterAgain = vscode.l10n.t('Enter Again');
        const storeAnyway = vscode.l10n.t('Store Anyway');
        const choice = await vscode.window.showWarningMessage(
          previous === undefined
            ? vscode.l10n.t('This token may not take screenshots: {0} Store it anyway?', warnings.join(' '))
            : vscode.l10n.t('This token may not take screenshots: {0} The previous token stays stored unless you store this one anyway.', warnings.join(' ')),
          enterAgain,
          storeAnyway,
        );
        if (choice === enterAgain) continue;
        if (choice !== storeAnyway) return undefined;
        await stored(token);
        return true;
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
