/**
 * Which scopes each setting Scene Snap reads takes, in one table (pure: no `vscode` here, so it has unit
 * tests; src/extension/settings.ts reads every setting through it).
 *
 * - `user`: user (and remote-user) settings only; a workspace or folder value is ignored, and the user is
 *   told once (src/extension/ignoredSettings.ts). For settings that reach beyond the workspace: where a token is sent
 *   and through which proxy (a cloned repository must never choose that), and the snapshot store's cap (the
 *   store is shared by every window, so a repository's cap would trim, or grow without bound, what every
 *   other project keeps).
 * - `trustedWorkspace`: a workspace value is taken only in a trusted workspace, and only inside its folder
 *   (src/extension/preview/fileNames.ts chooseSaveFolder): the folder Scene Snap writes files to.
 * - `any`: VS Code's usual precedence (folder, workspace, user, default; `rooms` merges the user's list
 *   with the workspace's). What a team may share in .vscode/settings.json: rooms (no tokens in them), the
 *   defaults of a request, how the preview behaves; nothing there reaches beyond this workspace.
 */
export type SettingScope = 'user' | 'trustedWorkspace' | 'any';

export const SETTING_SCOPES = {
  'sceneSnap.apiBaseUrl': 'user',
  'sceneSnap.snapshots.maxMegabytes': 'user',
  'http.proxy': 'user',
  'http.proxyStrictSSL': 'user',
  'http.noProxy': 'user',
  'sceneSnap.saveFolder': 'trustedWorkspace',
  'sceneSnap.rooms': 'any',
  'sceneSnap.defaultRegion': 'any',
  'sceneSnap.defaultWidth': 'any',
  'sceneSnap.defaultHeight': 'any',
  'sceneSnap.requestTimeoutSeconds': 'any',
  'sceneSnap.openPreview': 'any',
  'sceneSnap.preview.reuse': 'any',
  'sceneSnap.editor.enabled': 'any',
  'sceneSnap.editor.hover': 'any',
  'sceneSnap.editor.links': 'any',
  'sceneSnap.editor.unknownUuids': 'any',
} as const satisfies Record<string, SettingScope>;

export type SettingKey = keyof typeof SETTING_SCOPES;

/** The settings whose workspace and folder values are ignored (and said so). */
export const USER_ONLY_SETTINGS = (Object.keys(SETTING_SCOPES) as SettingKey[]).filter((key) => SETTING_SCOPES[key] === 'user');

/** What `WorkspaceConfiguration.inspect()` gives, as far as the scopes go. */
export interface InspectedValue<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

/** The value in effect for a `user` setting: the user's, else the default; never the workspace's. */
/**
 * `value` when it is of the kind `fallback` is (string, number, boolean; a list keeps its strings), else
 * `fallback`. A settings.json written by hand, or by a repository, may hold anything; VS Code checks values
 * against the manifest's schema only in the editor, so `"apiBaseUrl": 5` would otherwise reach a `.trim()`.
 */
export function ofFallbackKind<T>(value: unknown, fallback: T): T {
  if (Array.isArray(fallback)) return (Array.isArray(value) ? value.filter((v) => typeof v === 'string') : fallback) as T;
  return typeof value === typeof fallback && value !== null ? (value as T) : fallback;
}

export function userValue<T>(inspected: InspectedValue<T> | undefined, fallback: T): T {
  return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
}

/** The values a workspace or folder gives to a `user` setting: ignored, and said so. */
export function ignoredValues<T>(scope: SettingScope, inspected: InspectedValue<T> | undefined): T[] {
  if (scope !== 'user') return [];
  return [inspected?.workspaceValue, inspected?.workspaceFolderValue].filter((v): v is T => v !== undefined);
}
