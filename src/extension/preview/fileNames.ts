/** Where a PNG is saved and under which name. Pure: no `vscode`. */
import * as path from 'node:path';

// Windows refuses these as file names whatever the extension; a shared repo may be cloned there.
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;
const MAX_STEM = 120;

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
}

/** `<room>-<path>-<w>x<h>.png`, safe on every OS: no separators, no dot files, no reserved names. */
export function pngFileName(room: string, scenePath: string, width: number, height: number): string {
  const parts = [slug(room) || 'room', slug(scenePath.replace(/\//g, '-')) || 'scene'];
  let stem = `${parts.join('-')}-${Math.round(width)}x${Math.round(height)}`;
  if (stem.length > MAX_STEM) stem = stem.slice(stem.length - MAX_STEM).replace(/^[-.]+/, '');
  if (RESERVED.test(stem)) stem = `_${stem}`;
  return `${stem}.png`;
}

export interface FolderContext {
  workspaceFolder: string | undefined;
  home: string;
}

/**
 * The folder of sceneSnap.saveFolder: `${workspaceFolder}` and `${userHome}` substituted, `~/` expanded,
 * a relative path taken from the workspace folder. Undefined when it needs a workspace folder and there is none.
 */
export function resolveSaveFolder(setting: string, ctx: FolderContext): string | undefined {
  let value = setting.trim() || '${workspaceFolder}/screenshots';
  if (value.includes('${workspaceFolder}')) {
    if (!ctx.workspaceFolder) return undefined;
    value = value.split('${workspaceFolder}').join(ctx.workspaceFolder);
  }
  value = value.split('${userHome}').join(ctx.home);
  if (value === '~' || value.startsWith('~/')) value = path.join(ctx.home, value.slice(1));
  if (!path.isAbsolute(value)) {
    if (!ctx.workspaceFolder) return undefined;
    value = path.join(ctx.workspaceFolder, value);
  }
  return path.normalize(value);
}

export interface SaveFolderSetting {
  /** sceneSnap.saveFolder in user settings (may point anywhere: it is the user's own choice). */
  user: string | undefined;
  /** The value a workspace or folder gives, if any: untrusted input. */
  workspace: string | undefined;
  /** Whether the workspace is trusted; in Restricted Mode a workspace value is never used. */
  trusted: boolean;
}

export type SaveFolderChoice =
  | { folder: string | undefined; ignored?: undefined }
  | { folder: string | undefined; ignored: 'untrusted' | 'outside'; value: string };

const DEFAULT_SAVE_FOLDER = '${workspaceFolder}/screenshots';

/** True when `folder` is `root` or below it (compared as paths: `..` and prefixes like `/ws2` do not pass). */
export function isInside(folder: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(folder));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The folder to save into. A workspace value is taken only in a trusted workspace and only when it resolves
 * inside the workspace folder, so a cloned repository can never make Scene Snap write elsewhere.
 */
export function chooseSaveFolder(setting: SaveFolderSetting, ctx: FolderContext): SaveFolderChoice {
  const fallback = resolveSaveFolder(setting.user ?? DEFAULT_SAVE_FOLDER, ctx);
  const value = setting.workspace;
  if (value === undefined) return { folder: fallback };
  if (!setting.trusted) return { folder: fallback, ignored: 'untrusted', value };
  const resolved = resolveSaveFolder(value, ctx);
  if (resolved === undefined || !ctx.workspaceFolder || !isInside(resolved, ctx.workspaceFolder)) return { folder: fallback, ignored: 'outside', value };
  return { folder: resolved };
}
