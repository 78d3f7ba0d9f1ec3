import * as vscode from 'vscode';
import { describeToken, summarizeToken, tokenWarnings } from '../api/token';
import { loadApi } from '../lazyApi';
import { roomLabel } from '../rooms/roomSettings';
import { readSettings } from '../settings';
import type { TokenStore } from './tokenStore';

/** `{room?}` from a command argument: an object with `room`, a tree node with `room`, or nothing. */
function roomOf(arg: unknown): string | undefined {
  const a = arg as { room?: unknown } | undefined;
  if (typeof a?.room === 'string') return a.room.trim() || undefined;
  const nodeRoom = (a?.room as { uuid?: unknown } | undefined)?.uuid;
  return typeof nodeRoom === 'string' ? nodeRoom : undefined;
}

const SDK_ITEM = 'SDK token (every room without a token of its own)';

/** Asks which token: the SDK token, or a configured room's (undefined = dismissed). */
async function pickTokenTarget(title: string, onlyStored?: TokenStore): Promise<{ room: string | undefined } | undefined> {
  type Item = vscode.QuickPickItem & { room?: string };
  const items: Item[] = [];
  if (!onlyStored || (await onlyStored.get())) items.push({ label: SDK_ITEM });
  for (const r of readSettings().rooms) {
    if (onlyStored && !(await onlyStored.get(r.uuid))) continue;
    items.push({ label: roomLabel(r), description: r.name ? r.uuid : undefined, room: r.uuid });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Scene Snap has no stored tokens.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: 'Which token?', ignoreFocusOut: true });
  return picked ? { room: picked.room } : undefined;
}

function describeStored(room: string | undefined, token: string): { summary: string; warnings: string[] } {
  const info = describeToken(token);
  const now = Date.now();
  const warnings = tokenWarnings(info, room, now);
  return { summary: summarizeToken(info, now), warnings };
}

export function registerTokenCommands(tokens: TokenStore, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    /** `{room?, token}` stores at once; anything missing is asked for, the token in a password box. */
    vscode.commands.registerCommand('sceneSnap.setToken', async (arg?: unknown) => {
      const api = loadApi();
      let room = roomOf(arg);
      const given = (arg as { token?: unknown } | undefined)?.token;
      if (arg === undefined) {
        const target = await pickTokenTarget('Set Token');
        if (!target) return;
        room = target.room;
      }
      if (room !== undefined) {
        const problem = api.checkRoomUuid(room);
        if (problem) return void vscode.window.showErrorMessage(`Set Token: ${problem}`);
      }
      const whose = room ? `room ${roomLabel(readSettings().rooms.find((r) => r.uuid === room) ?? { uuid: room })}` : 'the SDK token';
      let token: string | undefined;
      if (given !== undefined) {
        const problem = api.checkToken(given);
        if (problem) return void vscode.window.showErrorMessage(`Set Token: ${problem}`);
        token = (given as string).trim();
      } else {
        token = await vscode.window.showInputBox({
          title: room ? `Token for ${whose}` : 'SDK token',
          prompt: room ? 'A room token (NETLESSROOM_…) or an SDK token with the writer or admin role' : 'An SDK token (NETLESSSDK_…) with the writer or admin role',
          placeHolder: room ? 'NETLESSROOM_… or NETLESSSDK_…' : 'NETLESSSDK_…',
          password: true,
          ignoreFocusOut: true,
          validateInput: (value) => api.checkToken(value),
        });
        if (token === undefined) return;
        token = token.trim();
      }
      await tokens.set(room, token);
      const { summary, warnings } = describeStored(room, token);
      log.info(`Stored a token for ${room ? `room ${room}` : 'the SDK'}: ${summary}`);
      void vscode.window.showInformationMessage(`Stored ${room ? `the token of ${whose}` : 'the SDK token'}: ${summary}.`);
      if (warnings.length > 0) {
        log.warn(`Token for ${room ?? 'the SDK'}: ${warnings.join(' ')}`);
        void vscode.window.showWarningMessage(`This token may not take screenshots: ${warnings.join(' ')}`);
      }
    }),
    // The Rooms view's title button: straight to the SDK token's password box.
    vscode.commands.registerCommand('sceneSnap.setSdkToken', () => vscode.commands.executeCommand('sceneSnap.setToken', {})),
    /** `{room?}`: no room = the SDK token. From the palette: pick among the stored tokens. */
    vscode.commands.registerCommand('sceneSnap.clearToken', async (arg?: unknown) => {
      let room = roomOf(arg);
      if (arg === undefined) {
        const target = await pickTokenTarget('Clear Token', tokens);
        if (!target) return;
        room = target.room;
      }
      await tokens.clear(room);
      log.info(`Cleared the token of ${room ? `room ${room}` : 'the SDK'}`);
      vscode.window.setStatusBarMessage(`$(key) Scene Snap: cleared the ${room ? 'room' : 'SDK'} token`, 4000);
    }),
  );
}
