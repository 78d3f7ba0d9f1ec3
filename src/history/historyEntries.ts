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
  /** Results of the answer left out to keep the entry within ENTRY_MAX_BYTES (a huge directory). */
  omitted?: number;
  /**
   * The PNG each result showed when it was taken, kept in the snapshot store (src/snapshots/): same index
   * as `results`. Absent while the downloads run and for entries of older versions (their preview shows
   * the URL, which the service may have overwritten since).
   */
  snapshots?: SnapshotRef[];
  /** Kept whatever sceneSnap.snapshots.maxMegabytes says. */
  pinned?: boolean;
}

/** A result's kept PNG (content-addressed: SHA-256 of its bytes), or why it could not be kept. */
export type SnapshotRef =
  | { kind: 'kept'; hash: string; width: number; height: number; bytes: number; at: number; blank?: boolean }
  | { kind: 'failed'; code: string; reason: string; status?: number };

const HASH = /^[0-9a-f]{64}$/;

function isSnapshotRef(value: unknown): value is SnapshotRef {
  const r = value as Record<string, unknown>;
  if (typeof r !== 'object' || r === null) return false;
  if (r.kind === 'kept') {
    return typeof r.hash === 'string' && HASH.test(r.hash) && ['width', 'height', 'bytes', 'at'].every((k) => typeof r[k] === 'number') && (r.blank === undefined || typeof r.blank === 'boolean');
  }
  return r.kind === 'failed' && typeof r.code === 'string' && typeof r.reason === 'string';
}

export const HISTORY_LIMIT = 50;
/**
 * What persisted state may hold, in characters of JSON (about bytes: URLs and keys are ASCII). One entry, in
 * workspaceState or in a preview's saved page state, keeps at most ENTRY_MAX_BYTES of results (about 2,000
 * scenes); the whole history at most HISTORY_MAX_BYTES, the oldest entries going first. So a directory of
 * tens of thousands of scenes neither bloats the state database nor slows the writes after it.
 */
export const ENTRY_MAX_BYTES = 512 * 1024;
export const HISTORY_MAX_BYTES = 4 * 1024 * 1024;

const sizes = new WeakMap<object, number>();

/** The JSON size of an entry, computed once per object (entries are never changed in place). */
/** At least one of the entry's PNGs was kept. */
export function hasKeptSnapshot(entry: Pick<HistoryEntry, 'snapshots'>): boolean {
  return entry.snapshots?.some((s) => s.kind === 'kept') ?? false;
}

export function entryBytes(entry: HistoryEntry): number {
  let size = sizes.get(entry);
  if (size === undefined) {
    size = JSON.stringify(entry).length;
    sizes.set(entry, size);
  }
  return size;
}

/** The entry itself when it fits in `maxBytes`, else a copy with as many of its first results as fit. */
export function boundedEntry(entry: HistoryEntry, maxBytes = ENTRY_MAX_BYTES): HistoryEntry {
  if (entryBytes(entry) <= maxBytes) return entry;
  const { results, snapshots, omitted, ...rest } = entry;
  // Room for `"omitted":<n>,`, `"snapshots":` and the arrays' brackets beside the fixed fields.
  let budget = maxBytes - JSON.stringify(rest).length - 60;
  let kept = 0;
  while (kept < results.length) {
    budget -= JSON.stringify(results[kept]).length + 1 + (snapshots ? JSON.stringify(snapshots[kept]).length + 1 : 0);
    if (budget < 0) break;
    kept++;
  }
  return { ...rest, results: results.slice(0, kept), ...(snapshots ? { snapshots: snapshots.slice(0, kept) } : {}), omitted: (omitted ?? 0) + results.length - kept };
}

/** Newest first, at most `limit` entries and `maxBytes` in all; the new entry is bounded first. */
export function prepend(entries: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT, maxBytes = HISTORY_MAX_BYTES): HistoryEntry[] {
  const list = [boundedEntry(entry), ...entries.filter((e) => e.id !== entry.id)].slice(0, limit);
  let total = 0;
  const kept: HistoryEntry[] = [];
  for (const e of list) {
    total += entryBytes(e);
    if (total > maxBytes && kept.length > 0) break;
    kept.push(e);
  }
  return kept;
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
      typeof e.durationMs === 'number' && Array.isArray(e.results) && e.results.every(isResult) &&
      (e.omitted === undefined || typeof e.omitted === 'number') &&
      (e.pinned === undefined || typeof e.pinned === 'boolean') &&
      (e.snapshots === undefined || (Array.isArray(e.snapshots) && e.snapshots.length === (e.results as unknown[]).length && e.snapshots.every(isSnapshotRef)))
    );
  });
}
