/**
 * The checks file, `scene-snap.json` (DESIGN.md, "The checks file"): read (comments allowed), every field
 * checked with a message that names where it is, and the defaults filled in. Pure: no `vscode`, no fs.
 */
import * as path from 'node:path';
import { problemText } from '../api/problems';
import { regionProblem, pathProblem, roomUuidProblem, sizeProblem } from '../api/validate';
import { replacementOf, type Region } from '../api/regions';
import type { RoomSetting } from '../rooms/roomSettings';
import { parseJsonc } from './jsonc';

export const CHECKS_FILE_NAME = 'scene-snap.json';
export const DEFAULT_BASELINES = 'scene-snap-baselines';
export const DEFAULT_REGION: Region = 'us-sv';
export const DEFAULT_WIDTH = 1280;
export const DEFAULT_HEIGHT = 720;
export const DEFAULT_THRESHOLD = 0.1;

export interface Mask {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type TargetKind = 'scene' | 'directory' | 'wholeRoom';

/** One target with every default applied. */
export interface CheckTarget {
  name: string;
  room: string;
  kind: TargetKind;
  /** The scene (kind scene), the directory (kind directory) or `/` (whole room). */
  path: string;
  region: Region;
  width: number;
  height: number;
  threshold: number;
  maxChangedPixels: number;
  maxChangedRatio: number;
  masks: Mask[];
  allowBlank: boolean;
}

export interface ChecksConfig {
  /** The checks file, absolute. */
  file: string;
  /** Its folder: relative paths resolve against it, never the working directory. */
  folder: string;
  /** The baselines folder, absolute. */
  baselines: string;
  targets: CheckTarget[];
}

/** What is wrong, and where: `where` is a JSON path such as `targets[2].width`. */
export interface ChecksProblem {
  where: string;
  message: string;
}

export type ChecksRead = { ok: true; config: ChecksConfig } | { ok: false; problems: ChecksProblem[] };

export const TOP_KEYS = new Set(['$schema', 'baselines', 'targets']);
export const TARGET_KEYS = new Set(['name', 'room', 'scene', 'directory', 'wholeRoom', 'region', 'width', 'height', 'threshold', 'maxChangedPixels', 'maxChangedRatio', 'masks', 'allowBlank']);
const MASK_KEYS = ['x', 'y', 'width', 'height'] as const;
// Characters no file name may hold on Windows, macOS or Linux, and controls.
const NAME_FORBIDDEN = /[/\\:*?"<>|\u0000-\u001f\u007f]/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A name becomes a file name (`<baselines>/<name>.png`), so it must be one on every system. */
export function targetNameProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') return '"name" is missing: give each target a name, used for its baseline file and in the reports.';
  if (value.length > 100) return `"name" is longer than 100 characters.`;
  if (NAME_FORBIDDEN.test(value)) return `"name" ${JSON.stringify(value)} must be usable as a file name: no / \\ : * ? " < > | or control characters.`;
  if (value === '.' || value === '..' || value !== value.trim() || value.endsWith('.')) return `"name" ${JSON.stringify(value)} must be usable as a file name: not . or .., no leading or trailing spaces, no trailing dot.`;
  return undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function readMasks(raw: unknown, where: string, width: number, height: number, problems: ChecksProblem[]): Mask[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ where, message: '"masks" must be an array of rectangles {x, y, width, height} in image pixels.' });
    return [];
  }
  const masks: Mask[] = [];
  raw.forEach((m, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(m)) {
      problems.push({ where: at, message: 'a mask must be a rectangle {x, y, width, height} in image pixels.' });
      return;
    }
    for (const key of Object.keys(m)) {
      if (!(MASK_KEYS as readonly string[]).includes(key)) problems.push({ where: `${at}.${key}`, message: `unknown field "${key}" in a mask (it takes x, y, width, height).` });
    }
    const bad = MASK_KEYS.filter((k) => !isCount(m[k]) || ((k === 'width' || k === 'height') && m[k] === 0));
    if (bad.length) {
      problems.push({ where: at, message: `a mask needs whole numbers x, y (0 or more) and width, height (1 or more); check ${bad.join(', ')}.` });
      return;
    }
    const mask = { x: m.x as number, y: m.y as number, width: m.width as number, height: m.height as number };
    if (mask.x + mask.width > width || mask.y + mask.height > height) {
      problems.push({ where: at, message: `the mask ${mask.x},${mask.y} ${mask.width}×${mask.height} reaches outside the ${width}×${height} image.` });
      return;
    }
    masks.push(mask);
  });
  return masks;
}

/** The room setting's values fill what a target leaves out, before the built-in defaults (DESIGN.md, "Precedence"). */
function readTarget(raw: unknown, i: number, rooms: readonly RoomSetting[], problems: ChecksProblem[]): CheckTarget | undefined {
  const where = `targets[${i}]`;
  if (!isObject(raw)) {
    problems.push({ where, message: 'a target must be an object like {"name": "…", "room": "<room uuid>", "scene": "/init"}.' });
    return undefined;
  }
  const before = problems.length;
  const push = (key: string, message: string): void => void problems.push({ where: `${where}.${key}`, message });
  for (const key of Object.keys(raw)) {
    if (!TARGET_KEYS.has(key)) push(key, `unknown field "${key}" (a target takes ${[...TARGET_KEYS].join(', ')}).`);
  }
  const nameProblem = targetNameProblem(raw.name);
  if (nameProblem) push('name', nameProblem);
  const roomProblem = roomUuidProblem(typeof raw.room === 'string' ? raw.room.trim() : raw.room);
  if (roomProblem) push('room', problemText(roomProblem));
  const room = typeof raw.room === 'string' ? raw.room.trim() : '';
  const setting = rooms.find((r) => r.uuid === room);

  const kinds = (['scene', 'directory', 'wholeRoom'] as const).filter((k) => raw[k] !== undefined && raw[k] !== false);
  let kind: TargetKind = 'scene';
  let scenePath = '/';
  if (kinds.length !== 1) {
    push(kinds.length ? kinds[1]! : 'scene', 'give exactly one of "scene": "/path", "directory": "/dir" or "wholeRoom": true.');
  } else {
    kind = kinds[0]!;
    if (kind === 'wholeRoom') {
      if (raw.wholeRoom !== true) push('wholeRoom', '"wholeRoom" must be true (or left out).');
    } else {
      const value = raw[kind];
      const p = pathProblem(value, kind === 'scene' ? 'path' : 'directory');
      if (p) push(kind, problemText(p));
      else scenePath = value as string;
    }
  }

  let region: Region = DEFAULT_REGION;
  const rawRegion = raw.region ?? setting?.region;
  if (rawRegion !== undefined) {
    const replaced = typeof rawRegion === 'string' ? replacementOf(rawRegion) : undefined;
    const p = replaced ? undefined : regionProblem(rawRegion);
    if (p) push('region', problemText(p));
    else region = (replaced ?? rawRegion) as Region;
  }
  const size = (key: 'width' | 'height', fallback: number): number => {
    const value = raw[key] ?? setting?.[key] ?? fallback;
    const p = typeof value === 'number' ? sizeProblem(value, key) : sizeProblem(String(value), key);
    if (p || typeof value !== 'number') {
      push(key, p ? problemText(p) : `"${key}" must be a number of pixels.`);
      return fallback;
    }
    return value;
  };
  const width = size('width', DEFAULT_WIDTH);
  const height = size('height', DEFAULT_HEIGHT);

  let threshold = DEFAULT_THRESHOLD;
  if (raw.threshold !== undefined) {
    if (typeof raw.threshold !== 'number' || !(raw.threshold >= 0 && raw.threshold <= 1)) push('threshold', '"threshold" (the per-pixel colour tolerance) must be a number from 0 to 1; default 0.1.');
    else threshold = raw.threshold;
  }
  let maxChangedPixels = 0;
  if (raw.maxChangedPixels !== undefined) {
    if (!isCount(raw.maxChangedPixels)) push('maxChangedPixels', '"maxChangedPixels" must be a whole number of pixels, 0 or more.');
    else maxChangedPixels = raw.maxChangedPixels;
  }
  let maxChangedRatio = 0;
  if (raw.maxChangedRatio !== undefined) {
    if (typeof raw.maxChangedRatio !== 'number' || !(raw.maxChangedRatio >= 0 && raw.maxChangedRatio <= 1)) push('maxChangedRatio', '"maxChangedRatio" must be a number from 0 to 1 (0.01 allows 1% of the pixels to change).');
    else maxChangedRatio = raw.maxChangedRatio;
  }
  let allowBlank = false;
  if (raw.allowBlank !== undefined) {
    if (typeof raw.allowBlank !== 'boolean') push('allowBlank', '"allowBlank" must be true or false.');
    else allowBlank = raw.allowBlank;
  }
  const masks = readMasks(raw.masks, `${where}.masks`, width, height, problems);
  if (problems.length > before) return undefined;
  return { name: raw.name as string, room, kind, path: kind === 'wholeRoom' ? '/' : scenePath, region, width, height, threshold, maxChangedPixels, maxChangedRatio, masks, allowBlank };
}

/**
 * Checks a parsed checks file. `file`: its absolute path (relative paths resolve against its folder);
 * `rooms`: sceneSnap.rooms from the workspace settings, if any, for regions and sizes a target leaves out.
 */
export function readChecks(value: unknown, file: string, rooms: readonly RoomSetting[] = []): ChecksRead {
  const problems: ChecksProblem[] = [];
  if (!isObject(value)) return { ok: false, problems: [{ where: '(file)', message: 'the checks file must hold an object like {"targets": [ … ]}.' }] };
  for (const key of Object.keys(value)) {
    if (!TOP_KEYS.has(key)) problems.push({ where: key, message: `unknown field "${key}" (the file takes "baselines" and "targets").` });
  }
  let baselines = DEFAULT_BASELINES;
  if (value.baselines !== undefined) {
    if (typeof value.baselines !== 'string' || value.baselines.trim() === '') problems.push({ where: 'baselines', message: '"baselines" must be a folder, relative to the checks file (default scene-snap-baselines).' });
    else baselines = value.baselines;
  }
  const targets: CheckTarget[] = [];
  if (!Array.isArray(value.targets) || value.targets.length === 0) {
    problems.push({ where: 'targets', message: '"targets" must be a non-empty array of targets.' });
  } else {
    const seen = new Map<string, number>();
    value.targets.forEach((raw, i) => {
      const t = readTarget(raw, i, rooms, problems);
      if (!t) return;
      const key = t.name.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) problems.push({ where: `targets[${i}].name`, message: `the name "${t.name}" is taken by targets[${first}] (names are baseline file names; case is ignored).` });
      else seen.set(key, i);
      targets.push(t);
    });
  }
  if (problems.length) return { ok: false, problems };
  const folder = path.dirname(file);
  return { ok: true, config: { file, folder, baselines: path.resolve(folder, baselines), targets } };
}

/** Parses the text of a checks file (comments allowed) and checks it. */
export function readChecksText(text: string, file: string, rooms: readonly RoomSetting[] = []): ChecksRead {
  let value: unknown;
  try {
    value = parseJsonc(text);
  } catch (err) {
    return { ok: false, problems: [{ where: '(file)', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}.` }] };
  }
  return readChecks(value, file, rooms);
}

/** One problem per line, for a terminal or a log. */
export function formatProblems(file: string, problems: readonly ChecksProblem[]): string {
  return problems.map((p) => `${file}: ${p.where}: ${p.message}`).join('\n');
}
