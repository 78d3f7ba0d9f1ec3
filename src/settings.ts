import * as vscode from 'vscode';
import { mergeRooms, type Room } from './rooms/roomSettings';

/**
 * Everything Scene Snap reads from settings. Read once and kept until a change of them (watchSettings), so
 * changes apply without a reload and a screenshot does not read VS Code's configuration three times.
 */
export interface SceneSnapSettings {
  apiBaseUrl: string;
  defaultRegion: string;
  defaultWidth: number;
  defaultHeight: number;
  requestTimeoutSeconds: number;
  /** Open the preview after a screenshot taken with a command (the exported API has its own option). */
  openPreview: boolean;
  rooms: Room[];
  /** Room entries that were left out, with the reason (for the log). */
  roomProblems: string[];
  /** VS Code's own proxy settings, passed to the client. */
  proxy: { url?: string; strictSSL: boolean; noProxy: string[] };
}

/**
 * Where a token may go is the user's choice alone: these settings are read from user (and remote-user)
 * settings only, so a cloned repository's .vscode/settings.json can never name the host or the proxy a
 * token is sent through, nor turn off certificate checks. sceneSnap.apiBaseUrl keeps the default `window`
 * scope on purpose: with an `application` or `machine` scope VS Code would drop a workspace value silently,
 * and we could not tell the user that their repository tried (see ignoredWorkspaceValues). VS Code's own
 * http.* settings are read the same way, whatever scope this VS Code version gives them.
 */
export const USER_ONLY_SETTINGS = ['sceneSnap.apiBaseUrl', 'http.proxy', 'http.proxyStrictSSL', 'http.noProxy'] as const;

function userValue<T>(config: vscode.WorkspaceConfiguration, key: string, fallback: T): T {
  const inspected = config.inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** The API base URL in effect: the user's, never the workspace's. */
export function apiBaseUrl(): string {
  return readSettings().apiBaseUrl;
}

function userApiBaseUrl(config: vscode.WorkspaceConfiguration): string {
  return userValue(config, 'apiBaseUrl', 'https://api.netless.link').trim();
}

/** What readSettings() last read; kept only while watchSettings() is listening for changes. */
let cached: Readonly<SceneSnapSettings> | undefined;
let watching = 0;

/**
 * Keeps readSettings() until Scene Snap's or the proxy's settings change, or workspace trust (which decides
 * the restricted ones) is granted. Register it before any other listener of configuration changes: they
 * run in order, and one that ran first would read what was in effect before the change.
 */
export function watchSettings(): vscode.Disposable {
  watching++;
  const forget = () => (cached = undefined);
  const subscriptions = [
    vscode.workspace.onDidChangeConfiguration((e) => affectsSceneSnap(e) && forget()),
    vscode.workspace.onDidGrantWorkspaceTrust(forget),
    vscode.workspace.onDidChangeWorkspaceFolders(forget),
  ];
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
    watching--;
    forget();
  });
}

/** User-only settings (USER_ONLY_SETTINGS) to which the workspace or a folder gives a value, which is ignored. */
export function ignoredWorkspaceValues(): { setting: string; value: unknown }[] {
  const found: { setting: string; value: unknown }[] = [];
  for (const setting of USER_ONLY_SETTINGS) {
    const dot = setting.indexOf('.');
    const inspected = vscode.workspace.getConfiguration(setting.slice(0, dot)).inspect(setting.slice(dot + 1));
    for (const value of [inspected?.workspaceValue, inspected?.workspaceFolderValue]) {
      if (value !== undefined) found.push({ setting, value });
    }
  }
  return found;
}

export function readSettings(): Readonly<SceneSnapSettings> {
  if (cached) return cached;
  const config = vscode.workspace.getConfiguration('sceneSnap');
  const roomsSetting = config.inspect<unknown>('rooms');
  const { rooms, problems } = mergeRooms(roomsSetting?.globalValue, roomsSetting?.workspaceValue);
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = userValue(http, 'proxy', '').trim();
  // Frozen: every caller shares this object while it is kept.
  const settings: Readonly<SceneSnapSettings> = Object.freeze({
    apiBaseUrl: userApiBaseUrl(config),
    defaultRegion: config.get<string>('defaultRegion', 'us-sv'),
    defaultWidth: config.get<number>('defaultWidth', 1280),
    defaultHeight: config.get<number>('defaultHeight', 720),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 30),
    openPreview: config.get<boolean>('openPreview', true),
    rooms: Object.freeze(rooms.map((r) => Object.freeze(r))) as Room[],
    roomProblems: Object.freeze(problems) as string[],
    proxy: Object.freeze({
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: userValue(http, 'proxyStrictSSL', true),
      noProxy: Object.freeze(userValue<string[]>(http, 'noProxy', [])) as string[],
    }),
  });
  if (watching > 0) cached = settings;
  return settings;
}

export function findRoom(settings: SceneSnapSettings, uuid: string): Room | undefined {
  return settings.rooms.find((r) => r.uuid === uuid);
}

/** True for a change that affects Scene Snap: its own settings, or the proxy settings it passes on. */
export function affectsSceneSnap(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('sceneSnap') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL') || e.affectsConfiguration('http.noProxy');
}
