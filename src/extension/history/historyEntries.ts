/** The screenshot history's data: what one success was, and the list rules. Pure: no `vscode`. */
export interface ShotResult {
  url: string;
  key: string;
  bucket: string;
  region: string;
}

/** One directory of a whole room's entry: how many of `results` (in order) are its scenes, or why it failed. */
export interface RoomGroup {
  /** Without a trailing slash; `/` for the root. */
  directory: string;
  count: number;
  error?: { code: string; message: string };
}

export interface HistoryEntry {
  id: string;
  /** One scene, one directory, or every scene of a room (`groups` then splits `results` by directory). */
  kind: 'scene' | 'directory' | 'room';
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
   * The PNG each result showed when it was taken, kept in the snapshot store (src/core/snapshots/): same index
   * as `results`, and none for the last results of an entry at ENTRY_MAX_BYTES. Absent while the
   * downloads run and for entries of older versions (their preview shows the URL, which the service may
   * have overwritten since).
   */
  snapshots?: SnapshotRef[];
  /** Kept whatever sceneSnap.snapshots.maxMegabytes says. */
  pinned?: boolean;
  /** A whole room's directories, in directory path order (kind 'room' only). */
  groups?: RoomGroup[];
  /** A directory's scenes in its sub-directories, which the shot leaves out, when a listing of the room was at hand. */
  subScenes?: number;
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
 * workspaceState or in a preview's saved page state, keeps at most ENTRY_MAX_BYTES of results and snapshot
 * refs (about 1,200 scenes); the whole history at most HISTORY_MAX_BYTES, the oldest entries going first.
 * So a directory of tens of thousands of scenes neither bloats the state database nor slows the writes
 * after it.
 */
export const ENTRY_MAX_BYTES = 512 * 1024;
export const HISTORY_MAX_BYTES = 4 * 1024 * 1024;

const sizes = new WeakMap<object, number>();

/**
 * The room a result keeps for the snapshot ref it is given once its PNG is kept (the biggest kept ref, of a
 * 10000×10000 blank 64 MiB PNG, is 167 characters): so recording the snapshots of a big directory later
 * never pushes its own results out.
 */
const SNAPSHOT_ROOM = 170;

/** At least one of the entry's PNGs was kept. */
export function hasKeptSnapshot(entry: Pick<HistoryEntry, 'snapshots'>): boolean {
  return entry.snapshots?.some((s) => s.kind === 'kept') ?? false;
}

/** The JSON size of an entry, computed once per object (entries are never changed in place). */
export function entryBytes(entry: HistoryEntry): number {
  let size = sizes.get(entry);
  if (size === undefined) {
    size = JSON.stringify(entry).length;
    sizes.set(entry, size);
  }
  return size;
}

/**
 * The entry itself when it fits in `maxBytes`, else a copy with as many of its first results as fit. An
 * entry whose snapshots are still to come counts SNAPSHOT_ROOM for each result.
 */
export function boundedEntry(entry: HistoryEntry, maxBytes = ENTRY_MAX_BYTES): HistoryEntry {
  const room = entry.snapshots ? 0 : SNAPSHOT_ROOM;
  if (entryBytes(entry) + room * entry.results.length <= maxBytes) return entry;
  const { results, snapshots, omitted, ...rest } = entry;
  // Room for `"omitted":<n>,`, `"snapshots":` and the arrays' brackets beside the fixed fields.
  let budget = maxBytes - JSON.stringify(rest).length - 60;
  let kept = 0;
  while (kept < results.length) {
    const ref = snapshots?.[kept];
    budget -= JSON.stringify(results[kept]).length + 1 + (ref ? JSON.stringify(ref).length + 1 : room);
    if (budget < 0) break;
    kept++;
  }
  return { ...rest, results: results.slice(0, kept), ...(snapshots ? { snapshots: snapshots.slice(0, kept) } : {}), omitted: (omitted ?? 0) + results.length - kept };
}

/**
 * An entry changed after it was recorded (its snapshots kept, its pin) within `maxBytes`: past it, the last
 * results go without a snapshot ref (their preview shows the URL), for the results are what the user shot.
 */
function boundedChange(entry: HistoryEntry, maxBytes: number): HistoryEntry {
  if (entryBytes(entry) <= maxBytes) return entry;
  const refs = entry.snapshots;
  if (!refs) return boundedEntry(entry, maxBytes);
  const { snapshots: _all, ...rest } = entry;
  let budget = maxBytes - entryBytes(rest as HistoryEntry) - 20;
  let kept = 0;
  while (kept < refs.length) {
    budget -= JSON.stringify(refs[kept]).length + 1;
    if (budget < 0) break;
    kept++;
  }
  return boundedEntry({ ...rest, snapshots: refs.slice(0, kept) }, maxBytes);
}

/**
 * Newest first, at most `limit` entries and `maxBytes` in all. Pinned entries always stay, and so does the
 * newest (whatever its size: it is what the user just shot); the unpinned ones fill the room left, newest
 * first, and the oldest go. When pins alone exceed a bound the list does too: pinsOverBound() says so.
 */
function rotate(list: readonly HistoryEntry[], limit: number, maxBytes: number): HistoryEntry[] {
  const stays = (e: HistoryEntry, i: number) => i === 0 || Boolean(e.pinned);
  let count = 0;
  let total = 0;
  list.forEach((e, i) => {
    if (!stays(e, i)) return;
    count++;
    total += entryBytes(e);
  });
  let full = false;
  return list.filter((e, i) => {
    if (stays(e, i)) return true;
    // Once one does not fit, none older does: the oldest go first, never a gap in the middle.
    full ||= count + 1 > limit || total + entryBytes(e) > maxBytes;
    if (full) return false;
    count++;
    total += entryBytes(e);
    return true;
  });
}

/**
 * The list (as prepend() or replaceEntry() left it) is past its count or byte bound with a pinned entry in
 * it: the pins alone (with the newest entry) fill it, so the caller tells the user to unpin some.
 */
export function pinsOverBound(entries: readonly HistoryEntry[], limit = HISTORY_LIMIT, maxBytes = HISTORY_MAX_BYTES): boolean {
  if (!entries.some((e) => e.pinned)) return false;
  return entries.length > limit || entries.reduce((sum, e) => sum + entryBytes(e), 0) > maxBytes;
}

/** Newest first, within rotate()'s bounds (pinned entries stay); the new entry is bounded first. */
export function prepend(entries: readonly HistoryEntry[], entry: HistoryEntry, limit = HISTORY_LIMIT, maxBytes = HISTORY_MAX_BYTES): HistoryEntry[] {
  return rotate([boundedEntry(entry), ...entries.filter((e) => e.id !== entry.id)], limit, maxBytes);
}

/**
 * The list with entry `id` replaced by `change(entry)` (same id, same place), within the same byte bound as
 * prepend(); undefined when no entry has that id. The changed entry may then have fewer snapshot refs than
 * it was given (see boundedChange), or be gone when it was the oldest and the history is full.
 */
export function replaceEntry(entries: readonly HistoryEntry[], id: string, change: (entry: HistoryEntry) => HistoryEntry, maxEntryBytes = ENTRY_MAX_BYTES, maxBytes = HISTORY_MAX_BYTES): HistoryEntry[] | undefined {
  const at = entries.findIndex((e) => e.id === id);
  if (at < 0) return undefined;
  const next = [...entries];
  next[at] = boundedChange({ ...change(entries[at]!), id }, maxEntryBytes);
  // No count bound here: a change adds no entry (and an entry just unpinned waits for the next shot to go).
  return rotate(next, Infinity, maxBytes);
}

function isGroup(value: unknown): value is RoomGroup {
  const g = value as Record<string, unknown>;
  if (typeof g !== 'object' || g === null || typeof g.directory !== 'string' || typeof g.count !== 'number') return false;
  const error = g.error as Record<string, unknown> | undefined;
  return error === undefined || (typeof error === 'object' && error !== null && typeof error.code === 'string' && typeof error.message === 'string');
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
      typeof e.id === 'string' && (e.kind === 'scene' || e.kind === 'directory' || e.kind === 'room') &&
      (e.groups === undefined || (e.kind === 'room' && Array.isArray(e.groups) && e.groups.every(isGroup))) &&
      typeof e.room === 'string' && typeof e.path === 'string' && typeof e.region === 'string' &&
      typeof e.width === 'number' && typeof e.height === 'number' && typeof e.time === 'number' &&
      typeof e.durationMs === 'number' && Array.isArray(e.results) && e.results.every(isResult) &&
      (e.omitted === undefined || typeof e.omitted === 'number') &&
      (e.pinned === undefined || typeof e.pinned === 'boolean') &&
      (e.subScenes === undefined || typeof e.subScenes === 'number') &&
      (e.snapshots === undefined || (Array.isArray(e.snapshots) && e.snapshots.length <= (e.results as unknown[]).length && e.snapshots.every(isSnapshotRef)))
    );
  });
}
