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
