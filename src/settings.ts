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

export function readSettings(): SceneSnapSettings {
  const config = vscode.workspace.getConfiguration('sceneSnap');
  const roomsSetting = config.inspect<unknown>('rooms');
  const { rooms, problems } = mergeRooms(roomsSetting?.globalValue, roomsSetting?.workspaceValue);
  const http = vscode.workspace.getConfiguration('http');
  const proxyUrl = http.get<string>('proxy')?.trim();
  return {
    apiBaseUrl: config.get<string>('apiBaseUrl', 'https://api.netless.link').trim(),
    defaultRegion: config.get<string>('defaultRegion', 'us-sv'),
    defaultWidth: config.get<number>('defaultWidth', 1280),
    defaultHeight: config.get<number>('defaultHeight', 720),
    requestTimeoutSeconds: config.get<number>('requestTimeoutSeconds', 30),
    openPreview: config.get<boolean>('openPreview', true),
    rooms,
    roomProblems: problems,
    proxy: {
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: http.get<boolean>('proxyStrictSSL', true),
      noProxy: http.get<string[]>('noProxy', []),
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
