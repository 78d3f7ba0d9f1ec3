/** The screenshot history's data: what one success was, and the list rules. Pure: no `vscode`. */
export interface ShotResult {
  url: string;
  key: string;
  bucket: string;
  region: string;
}

export interface HistoryEntry {
  id: string;
  kind: 'scene' | 'directory';
  room: string;
  roomName?: string;
  path: string;
  width: number;
  height: number;
  region: string;
  /** When the screenshot finished, epoch ms. */
  time: number;
  durationMs: number;
  results: ShotResult[];
}

export const HISTORY_LIMIT = 50;

/** Newest first, at most `limit` entries. */
export function prepend(entries: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT): HistoryEntry[] {
  return [entry, ...entries.filter((e) => e.id !== entry.id)].slice(0, limit);
}

function isResult(value: unknown): value is ShotResult {
  const r = value as Record<string, unknown>;
  return typeof r === 'object' && r !== null && ['url', 'key', 'bucket', 'region'].every((k) => typeof r[k] === 'string');
}

/** State written by an older or broken version must not break the view: keep only well-formed entries. */
export function readEntries(stored: unknown): HistoryEntry[] {
  if (!Array.isArray(stored)) return [];
  return stored.filter((value): value is HistoryEntry => {
    const e = value as Record<string, unknown>;
    return (
      typeof e === 'object' && e !== null &&
      typeof e.id === 'string' && (e.kind === 'scene' || e.kind === 'directory') &&
      typeof e.room === 'string' && typeof e.path === 'string' && typeof e.region === 'string' &&
      typeof e.width === 'number' && typeof e.height === 'number' && typeof e.time === 'number' &&
      typeof e.durationMs === 'number' && Array.isArray(e.results) && e.results.every(isResult)
    );
  });
}
