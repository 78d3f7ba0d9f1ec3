import * as vscode from 'vscode';
import type { SaveFolderSetting } from './preview/fileNames';
import { mergeRooms, type Room } from '../core/rooms/roomSettings';
import { readRegion } from '../core/api/regions';
import { ignoredValues, ofFallbackKind, SETTING_SCOPES, USER_ONLY_SETTINGS, userValue, type SettingKey } from './settingScopes';

// sceneSnap.apiBaseUrl and sceneSnap.snapshots.maxMegabytes keep the default `window` scope in the manifest
// on purpose: with an `application` or `machine` scope VS Code drops a workspace value silently, and we
// could not tell the user that their repository tried (see ignoredWorkspaceValues). They are listed in
// `restrictedConfigurations`, so in Restricted Mode VS Code itself keeps the workspace value from any
// reader. VS Code's own http.* settings are read the same way, whatever scope this VS Code version gives
// them. (Checked against package.json in test/unit/settingScopes.test.ts.)

/**
 * Everything Scene Snap reads from settings, each in the scopes src/extension/settingScopes.ts gives it: every part
 * reads its settings here (the preview's bundle through its deps, so that one cache serves all). Read once
 * and kept until a change of them (watchSettings), so changes apply without a reload and a screenshot does
 * not read VS Code's configuration three times.
 */
export interface SceneSnapSettings {
  apiBaseUrl: string;
  defaultRegion: string;
  defaultWidth: number;
  defaultHeight: number;
  requestTimeoutSeconds: number;
  /** Downloads get more time than one API call: a big PNG from a far bucket is slower than a JSON answer. */
  downloadTimeoutMs: number;
  /** Open the preview after a screenshot taken with a command (the exported API has its own option). */
  openPreview: boolean;
  rooms: Room[];
  /** Room entries that were left out, with the reason (for the log). */
  roomProblems: string[];
  /** VS Code's own proxy settings, passed to the client. */
  proxy: { url?: string; strictSSL: boolean; noProxy: string[] };
  /** sceneSnap.snapshots.maxMegabytes in bytes, the user's; 0 keeps none. */
  snapshotsMaxBytes: number;
  /** sceneSnap.preview.reuse: one panel per room and scene path. */
  previewReuse: boolean;
  /** sceneSnap.saveFolder by scope: chooseSaveFolder (src/extension/preview/fileNames.ts) decides which one counts. */
  saveFolder: Readonly<SaveFolderSetting>;
  /** sceneSnap.editor.*: hovers and links in text documents and terminals (src/extension/editor/). */
  editor: Readonly<{ enabled: boolean; hover: boolean; links: boolean; unknownUuids: boolean }>;
}

export const DEFAULT_MAX_MEGABYTES = 500;
const MIB = 1024 * 1024;

function splitKey(key: SettingKey): { section: string; name: string } {
  const dot = key.indexOf('.');
  return { section: key.slice(0, dot), name: key.slice(dot + 1) };
}

/** A setting that one value of the scopes it takes answers (not `trustedWorkspace`: that needs chooseSaveFolder). */
type PlainKey = { [K in SettingKey]: (typeof SETTING_SCOPES)[K] extends 'trustedWorkspace' ? never : K }[SettingKey];

/** Reads settings in the scopes SETTING_SCOPES gives them, with one WorkspaceConfiguration per section. */
function settingsReader() {
  const sections = new Map<string, vscode.WorkspaceConfiguration>();
  const configOf = (section: string) => sections.get(section) ?? sections.set(section, vscode.workspace.getConfiguration(section)).get(section)!;
  return <T>(key: PlainKey, fallback: T): T => {
    const { section, name } = splitKey(key);
    const config = configOf(section);
    return ofFallbackKind(SETTING_SCOPES[key] === 'user' ? userValue(config.inspect<T>(name), fallback) : config.get<T>(name, fallback), fallback);
  };
}

/** The API base URL in effect: the user's, never the workspace's. */
export function apiBaseUrl(): string {
  return readSettings().apiBaseUrl;
}

function megabytesToBytes(value: number): number {
  return Number.isFinite(value) && value >= 0 ? Math.floor(value * MIB) : DEFAULT_MAX_MEGABYTES * MIB;
}

function downloadTimeoutMs(seconds: number): number {
  return Math.max(60, Number.isFinite(seconds) ? seconds : 30) * 1000;
}

/** sceneSnap.saveFolder by scope (`trustedWorkspace`: the folder's value, else the workspace's). */
function saveFolderSetting(): Readonly<SaveFolderSetting> {
  const inspected = vscode.workspace.getConfiguration('sceneSnap').inspect<string>('saveFolder');
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return Object.freeze({ user: text(inspected?.globalValue), workspace: text(inspected?.workspaceFolderValue ?? inspected?.workspaceValue), trusted: vscode.workspace.isTrusted });
}

/**
 * The raw `sceneSnap.rooms` list of one scope, read now (not the kept settings): to write back with one
 * entry changed, keeping the entries we do not understand.
 */
export function roomsInScope(scope: 'user' | 'workspace'): unknown[] {
  const inspected = vscode.workspace.getConfiguration('sceneSnap').inspect<unknown>('rooms');
  const value = scope === 'workspace' ? inspected?.workspaceValue : inspected?.globalValue;
  return Array.isArray(value) ? [...value] : [];
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
  return USER_ONLY_SETTINGS.flatMap((setting) => {
    const { section, name } = splitKey(setting);
    return ignoredValues(SETTING_SCOPES[setting], vscode.workspace.getConfiguration(section).inspect(name)).map((value) => ({ setting, value }));
  });
}

export function readSettings(): Readonly<SceneSnapSettings> {
  if (cached) return cached;
  const read = settingsReader();
  const roomsSetting = vscode.workspace.getConfiguration('sceneSnap').inspect<unknown>('rooms');
  // `any` scope, merged: the user's rooms and the workspace's, one entry per uuid.
  const { rooms, problems } = mergeRooms(roomsSetting?.globalValue, roomsSetting?.workspaceValue);
  const proxyUrl = read('http.proxy', '').trim();
  const requestTimeoutSeconds = read('sceneSnap.requestTimeoutSeconds', 30);
  // Frozen: every caller shares this object while it is kept.
  const settings: Readonly<SceneSnapSettings> = Object.freeze({
    apiBaseUrl: read('sceneSnap.apiBaseUrl', 'https://api.netless.link').trim(),
    // gb-lon, the old name of eu, is read as eu (DESIGN.md); VS Code's settings editor flags the value.
    defaultRegion: readRegion(read('sceneSnap.defaultRegion', 'us-sv')).region,
    defaultWidth: read('sceneSnap.defaultWidth', 1280),
    defaultHeight: read('sceneSnap.defaultHeight', 720),
    requestTimeoutSeconds,
    downloadTimeoutMs: downloadTimeoutMs(requestTimeoutSeconds),
    openPreview: read('sceneSnap.openPreview', true),
    rooms: Object.freeze(rooms.map((r) => Object.freeze(r))) as Room[],
    roomProblems: Object.freeze(problems) as string[],
    proxy: Object.freeze({
      ...(proxyUrl ? { url: proxyUrl } : {}),
      strictSSL: read('http.proxyStrictSSL', true),
      noProxy: Object.freeze(read<string[]>('http.noProxy', [])) as string[],
    }),
    snapshotsMaxBytes: megabytesToBytes(read('sceneSnap.snapshots.maxMegabytes', DEFAULT_MAX_MEGABYTES)),
    previewReuse: read('sceneSnap.preview.reuse', true),
    saveFolder: saveFolderSetting(),
    editor: Object.freeze({
      enabled: read('sceneSnap.editor.enabled', true),
      hover: read('sceneSnap.editor.hover', true),
      links: read('sceneSnap.editor.links', true),
      unknownUuids: read('sceneSnap.editor.unknownUuids', false),
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
  return e.affectsConfiguration('sceneSnap') || (Object.keys(SETTING_SCOPES) as SettingKey[]).some((key) => e.affectsConfiguration(key));
}

/** True for a change of a user-only setting, in any scope (a workspace value of one is said to be ignored). */
export function affectsUserOnlySettings(e: vscode.ConfigurationChangeEvent): boolean {
  return USER_ONLY_SETTINGS.some((key) => e.affectsConfiguration(key));
}
