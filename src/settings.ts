import * as vscode from 'vscode';
import { mergeRooms, type Room } from './rooms/roomSettings';

/** Everything Scene Snap reads from settings, read fresh on every use so changes apply without a reload. */
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
  return userValue(vscode.workspace.getConfiguration('sceneSnap'), 'apiBaseUrl', 'https://api.netless.link').trim();
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

export function readSettings(): SceneSnapSettings {
  const config = vscode.workspace.getConfiguration('sceneSnap');
  const roomsSetting = config.inspect<unknown>('rooms');
  const { rooms, problems } = mergeRooms(roomsSetting?.globalValue, roomsSetting?.workspaceValue);
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = userValue(http, 'proxy', '').trim();
  return {
    apiBaseUrl: apiBaseUrl(),
    defaultRegion: config.get<string>('defaultRegion', 'us-sv'),
    defaultWidth: config.get<number>('defaultWidth', 1280),
    defaultHeight: config.get<number>('defaultHeight', 720),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 30),
    openPreview: config.get<boolean>('openPreview', true),
    rooms,
    roomProblems: problems,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: userValue(http, 'proxyStrictSSL', true),
      noProxy: userValue<string[]>(http, 'noProxy', []),
    },
  };
}

export function findRoom(settings: SceneSnapSettings, uuid: string): Room | undefined {
  return settings.rooms.find((r) => r.uuid === uuid);
}

/** True for a change that affects Scene Snap: its own settings, or the proxy settings it passes on. */
export function affectsSceneSnap(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('sceneSnap') || e.affectsConfiguration('http.proxy') || e.affectsConfiguration('http.proxyStrictSSL') || e.affectsConfiguration('http.noProxy');
}
