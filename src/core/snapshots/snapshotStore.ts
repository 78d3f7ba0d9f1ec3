/**
 * The kept screenshot PNGs: a content-addressed store (SHA-256 of the bytes) in one folder, shared by every
 * VS Code window of the user. Pure Node: no `vscode`.
 *
 * Layout: `<folder>/<first two hex digits>/<hash>.png`, plus `<folder>/refs/<owner>.json` where each owner
 * (one workspace's history) records which snapshots it references and which it pins, and
 * `<folder>/incoming/` where downloads stream before putFile() moves them in (no PNG is held in memory).
 *
 * Why it is safe with several windows (processes) at once, without locks:
 * - a snapshot is written to a unique temporary name in its own shard folder, then renamed: a reader sees
 *   the old file, the new one or none, never half of one; two writers of one hash write the same bytes;
 * - every read checks the bytes against the hash, so a torn, truncated or foreign file reads as missing
 *   and is never shown as another image (no fsync needed for that either);
 * - "last used" is the file's own mtime: nothing to keep in step between processes;
 * - eviction renames a file aside before deleting it and puts it back if it was used in between; a put
 *   that finds its file gone writes it anew (it has the bytes);
 * - pins and references live in one small file per owner, each written by its owner only, atomically;
 * - one grace rule for every delete that is not the cap's: a snapshot nobody references, and anything a
 *   crashed writer left (temporary PNGs and refs files, copies taken aside), goes only once it has not been
 *   touched for GRACE_MS. A window that has just kept a PNG (or an identical one: blank frames, unchanged
 *   scenes) records its reference well within that time, so no Clear History of another entry, in this
 *   window or another, removes a file between its keep and its record;
 * - an owner that has not written its refs file for OWNER_EXPIRY_MS (its workspace is gone) is forgotten:
 *   its file is dropped, and its snapshots are left to the cap and the grace rule.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, type Stats } from 'node:fs';
import { mkdir, open, readFile, readdir, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SceneSnapError } from '../api/errors';
import { readPngSize } from '../api/png';

export interface StoredSnapshot {
  /** SHA-256 of the PNG, 64 lower-case hex digits. */
  hash: string;
  /** From the PNG's header: the real size of the picture, whatever size was asked for. */
  width: number;
  height: number;
  bytes: number;
}

export interface StoreUsage {
  count: number;
  bytes: number;
}

export interface EvictOptions {
  /** The cap in bytes; 0 keeps none (but the pinned). */
  maxBytes: number;
  /** Pinned by the caller, on top of what every owner's refs file pins. */
  pinned?: Iterable<string>;
  /** Told each snapshot this call removed (the caller remembers why it went). */
  onRemoved?: (hash: string) => void;
}

export interface RemovalReport extends StoreUsage {
  /** How many snapshots this call removed, and their bytes. */
  removed: number;
  freedBytes: number;
}

export interface RemoveUnreferencedOptions {
  /** Kept whatever the refs files say (e.g. what the caller still shows). */
  keep?: Iterable<string>;
  /** Told each snapshot this call removed. */
  onRemoved?: (hash: string) => void;
}

export interface OwnerReferences {
  /** Snapshots this owner's history shows. */
  referenced: Iterable<string>;
  /** Snapshots of its pinned entries: never evicted. */
  pinned: Iterable<string>;
}

const HASH = /^[0-9a-f]{64}$/;
const SNAPSHOT_FILE = /^([0-9a-f]{64})\.png$/;
const SHARD = /^[0-9a-f]{2}$/;
/** Left by a process that died mid-write or mid-evict: `.<hash>.<random>.tmp` / `.evict`. */
const LEFTOVER = /^\.[0-9a-f]{64}\.[0-9a-f]+\.(tmp|evict)$/;
const REFS_DIR = 'refs';
const INCOMING_DIR = 'incoming';
const REFS_FILE = /^[0-9a-f]{32}\.json$/;
/** Left by a process that died mid-write or mid-expiry of a refs file: `<digest>.json.<random>.tmp` / `.expired`. */
const REFS_LEFTOVER = /^[0-9a-f]{32}\.json\.[0-9a-f]+\.(tmp|expired)$/;
/**
 * The one grace period of every delete but the cap's (see the top of this file): far longer than a keep
 * takes to record what it kept (it records as it goes, src/extension/snapshots/snapshotService.ts) or a crashed
 * writer's file stays in use.
 */
export const GRACE_MS = 10 * 60 * 1000;
/** An owner (workspace) whose refs file was not written for this long is gone. Its owner rewrites it daily. */
export const OWNER_EXPIRY_MS = 30 * 24 * 3600 * 1000;

export function isSnapshotHash(value: unknown): value is string {
  return typeof value === 'string' && HASH.test(value);
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const isMissing = (err: unknown): boolean => errorCode(err) === 'ENOENT' || errorCode(err) === 'ENOTDIR';

function toSet(values: Iterable<string> | undefined): Set<string> {
  return new Set(values ?? []);
}

type Found = { state: 'intact'; data: Uint8Array } | { state: 'missing' } | { state: 'corrupt' };

interface Listed {
  hash: string;
  file: string;
  size: number;
  mtimeMs: number;
}

export class SnapshotStore {
  readonly folder: string;
  private readonly now: () => number;
  private readonly afterList: (() => Promise<void>) | undefined;
  /** Per owner, so that two quick setReferences calls of one window land in order. */
  private readonly refWrites = new Map<string, Promise<void>>();

  /**
   * `folder` is created on the first write. For tests: `now` (mtimes are set from it), and `afterList`,
   * run by evict() and removeUnreferenced() between listing the files and removing them.
   */
  constructor(folder: string, options: { now?: () => number; afterList?: () => Promise<void> } = {}) {
    if (typeof folder !== 'string' || !path.isAbsolute(folder)) {
      throw new SceneSnapError('invalidInput', `The snapshot folder must be an absolute path, not ${JSON.stringify(folder)}.`);
    }
    this.folder = folder;
    this.now = options.now ?? Date.now;
    this.afterList = options.afterList;
  }

  /** Where a snapshot's file is (whether or not it exists). Throws for anything that is not a hash. */
  pathOf(hash: string): string {
    if (!isSnapshotHash(hash)) throw new SceneSnapError('invalidInput', `${JSON.stringify(String(hash).slice(0, 80))} is not a snapshot hash (64 hex digits).`);
    return path.join(this.folder, hash.slice(0, 2), `${hash}.png`);
  }

  /**
   * Keeps a PNG; identical bytes are stored once (a second put only marks it used). Throws invalidInput
   * for bytes that are not a PNG, and the file system's error if it cannot be written.
   */
  async put(bytes: Uint8Array): Promise<StoredSnapshot> {
    if (!(bytes instanceof Uint8Array)) throw new SceneSnapError('invalidInput', 'A snapshot must be the bytes of a PNG (a Uint8Array).');
    const size = readPngSize(bytes);
    if (!size) throw new SceneSnapError('invalidInput', `These ${bytes.length} bytes are not a PNG image (no PNG signature and IHDR header).`);
    const hash = sha256Hex(bytes);
    const snapshot: StoredSnapshot = { hash, ...size, bytes: bytes.length };
    // Touch first: an evictor that renamed the file aside before this sees the touch and puts it back;
    // one that renamed it after makes the read below miss, and the file is written again.
    if (await this.touch(hash)) {
      const found = await this.read(hash);
      if (found.state === 'intact') return snapshot;
      if (found.state === 'corrupt') await this.discardIfCorrupt(hash);
    }
    await this.write(hash, bytes);
    return snapshot;
  }

  /**
   * A new file name in the store's own folder (same disk: putFile() renames it in) for a download to
   * stream to. Its folder is made; what is left there is swept once past the grace.
   */
  async incomingFile(): Promise<string> {
    const dir = path.join(this.folder, INCOMING_DIR);
    await mkdir(dir, { recursive: true });
    return path.join(dir, `${randomBytes(12).toString('hex')}.png`);
  }

  /**
   * Keeps the PNG in `file` (written by the caller, best in incomingFile()) as put() does, reading it in
   * small chunks: moved in when new, removed when the store has it already. Throws invalidInput for a file
   * that is not a PNG (and removes it).
   */
  async putFile(file: string): Promise<StoredSnapshot> {
    let scanned: { hash: string; head: Buffer; bytes: number };
    try {
      scanned = await this.scan(file);
      const size = readPngSize(scanned.head);
      if (!size) throw new SceneSnapError('invalidInput', `These ${scanned.bytes} bytes are not a PNG image (no PNG signature and IHDR header).`);
      const snapshot: StoredSnapshot = { hash: scanned.hash, ...size, bytes: scanned.bytes };
      // As put(): touched first, so that an evictor taking it aside now puts it back.
      if ((await this.touch(scanned.hash)) && (await this.scan(this.pathOf(scanned.hash)).catch(() => undefined))?.hash === scanned.hash) return snapshot;
      const target = this.pathOf(scanned.hash);
      await mkdir(path.dirname(target), { recursive: true });
      const when = new Date(this.now());
      await utimes(file, when, when);
      await this.renameInto(file, target, scanned.hash);
      return snapshot;
    } finally {
      await rm(file, { force: true });
    }
  }

  /** The SHA-256, the first bytes and the length of a file, read in chunks. */
  private async scan(file: string): Promise<{ hash: string; head: Buffer; bytes: number }> {
    const digest = createHash('sha256');
    let head = Buffer.alloc(0);
    let bytes = 0;
    for await (const chunk of createReadStream(file)) {
      const b = chunk as Buffer;
      digest.update(b);
      if (head.length < 64) head = Buffer.concat([head, b.subarray(0, 64 - head.length)]);
      bytes += b.length;
    }
    return { hash: digest.digest('hex'), head, bytes };
  }

  /** The PNG's bytes, checked against the hash; undefined when missing, truncated or not what was kept. */
  async get(hash: string): Promise<Uint8Array | undefined> {
    // Marked used before the read, so an eviction running now keeps it (see evictOne). That eviction
    // may have the file aside for a moment, hence the retries when the touch found it but the read not.
    for (let attempt = 0; attempt < 3; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      if (!(await this.touch(hash))) return undefined;
      const found = await this.read(hash);
      if (found.state === 'intact') return found.data;
      if (found.state === 'corrupt') {
        await this.discardIfCorrupt(hash);
        return undefined;
      }
    }
    return undefined;
  }

  /** Marks a snapshot as just used (LRU); false when it is not there. */
  async touch(hash: string): Promise<boolean> {
    const file = this.pathOf(hash);
    const when = new Date(this.now());
    try {
      await utimes(file, when, when);
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  /** How many snapshots are kept and their bytes on disk (pinned included). */
  async usage(): Promise<StoreUsage> {
    const listed = await this.list();
    return { count: listed.length, bytes: listed.reduce((sum, e) => sum + e.size, 0) };
  }

  /** The hash of every snapshot kept now (for history()'s `kept`: an entry's copy may have been evicted since). */
  async hashes(): Promise<string[]> {
    return (await this.list()).map((e) => e.hash);
  }

  /**
   * Removes the least recently used snapshots that no one pins until the store is within `maxBytes`.
   * Pinned snapshots count towards the size but stay, even past the cap.
   */
  async evict(options: EvictOptions): Promise<RemovalReport> {
    const maxBytes = options.maxBytes;
    if (typeof maxBytes !== 'number' || !(maxBytes >= 0)) {
      throw new SceneSnapError('invalidInput', `The snapshot cap must be a number of bytes, 0 or more, not ${String(maxBytes)}.`);
    }
    const listed = await this.list();
    let total = listed.reduce((sum, e) => sum + e.size, 0);
    const pinned = toSet(options.pinned);
    for (const refs of await this.readAllRefs()) for (const h of refs.pinned) pinned.add(h);
    const candidates = listed.filter((e) => !pinned.has(e.hash)).sort((a, b) => a.mtimeMs - b.mtimeMs || (a.hash < b.hash ? -1 : 1));
    await this.afterList?.();
    let removed = 0;
    let freedBytes = 0;
    for (const entry of candidates) {
      if (total <= maxBytes) break;
      const outcome = await this.evictOne(entry);
      if (outcome === 'kept') continue;
      total -= entry.size;
      if (outcome === 'removed') {
        removed++;
        freedBytes += entry.size;
        options.onRemoved?.(entry.hash);
      }
    }
    const left = listed.length - removed;
    return { removed, freedBytes, count: left, bytes: total };
  }

  /**
   * Clear History: removes the snapshots that no owner's refs file references (write the caller's own
   * references first), except `keep`, once unused for GRACE_MS: a younger one may be another window's
   * keep not yet recorded, and goes on a later call.
   */
  async removeUnreferenced(options: RemoveUnreferencedOptions = {}): Promise<RemovalReport> {
    const keep = toSet(options.keep);
    for (const refs of await this.readAllRefs()) {
      for (const h of refs.referenced) keep.add(h);
      for (const h of refs.pinned) keep.add(h);
    }
    const settled = this.now() - GRACE_MS;
    const listed = await this.list();
    let removed = 0;
    let freedBytes = 0;
    let total = listed.reduce((sum, e) => sum + e.size, 0);
    await this.afterList?.();
    for (const entry of listed) {
      if (keep.has(entry.hash) || entry.mtimeMs > settled) continue;
      const outcome = await this.evictOne(entry);
      if (outcome === 'kept') continue;
      total -= entry.size;
      if (outcome === 'removed') {
        removed++;
        freedBytes += entry.size;
        options.onRemoved?.(entry.hash);
      }
    }
    return { removed, freedBytes, count: listed.length - removed, bytes: total };
  }

  /** Records what one owner (a workspace's history) references and pins; replaces its earlier record. */
  async setReferences(owner: string, refs: OwnerReferences): Promise<void> {
    const file = this.refsFile(owner);
    const body = JSON.stringify({
      owner,
      referenced: [...new Set(refs.referenced)].filter(isSnapshotHash),
      pinned: [...new Set(refs.pinned)].filter(isSnapshotHash),
    });
    const previous = this.refWrites.get(owner) ?? Promise.resolve();
    const next = previous.catch(() => {}).then(() => this.writeAtomically(file, body));
    this.refWrites.set(owner, next);
    try {
      await next;
    } finally {
      if (this.refWrites.get(owner) === next) this.refWrites.delete(owner);
    }
  }

  // ---------------------------------------------------------------------------------------------------

  private refsFile(owner: string): string {
    if (typeof owner !== 'string' || owner.length === 0) throw new SceneSnapError('invalidInput', 'A snapshot owner must be a non-empty string.');
    // Any string may name an owner (a workspace URI): the file name is its digest.
    return path.join(this.folder, REFS_DIR, `${sha256Hex(Buffer.from(owner, 'utf8')).slice(0, 32)}.json`);
  }

  /**
   * What every owner references and pins. On the way: drops the refs files of owners gone for
   * OWNER_EXPIRY_MS, and sweeps temporary refs files a crash left, once past the grace.
   */
  private async readAllRefs(): Promise<{ referenced: string[]; pinned: string[] }[]> {
    const dir = path.join(this.folder, REFS_DIR);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const settled = this.now() - GRACE_MS;
    await Promise.all(names.filter((n) => REFS_LEFTOVER.test(n)).map((n) => this.removeIfOlder(path.join(dir, n), settled)));
    const expired = this.now() - OWNER_EXPIRY_MS;
    const all = await Promise.all(
      names
        .filter((n) => REFS_FILE.test(n))
        .map(async (n) => {
          const file = path.join(dir, n);
          try {
            if (await this.expireOwner(file, expired)) return { referenced: [], pinned: [] };
            const value = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
            const hashes = (v: unknown): string[] => (Array.isArray(v) ? v.filter(isSnapshotHash) : []);
            return { referenced: hashes(value.referenced), pinned: hashes(value.pinned) };
          } catch {
            // Unreadable (written by something else): it protects nothing rather than stopping eviction.
            return { referenced: [], pinned: [] };
          }
        }),
    );
    return all;
  }

  /**
   * Drops a refs file not written since `expired`. Taken aside first (atomic) and judged there: should its
   * owner have written it again in between, the fresh file is what was taken, and it goes back.
   */
  private async expireOwner(file: string, expired: number): Promise<boolean> {
    const before = await stat(file).catch(() => undefined);
    if (!before || before.mtimeMs >= expired) return false;
    const aside = `${file}.${randomBytes(6).toString('hex')}.expired`;
    try {
      await rename(file, aside);
    } catch (err) {
      if (isMissing(err)) return true;
      throw err;
    }
    const after = await stat(aside).catch(() => undefined);
    if (after && after.mtimeMs >= expired) {
      await rename(aside, file).catch(() => {});
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  /** Downloads a crash (or a kill) left in incoming/, once past the grace. */
  private async sweepIncoming(): Promise<void> {
    const dir = path.join(this.folder, INCOMING_DIR);
    const names = await readdir(dir).catch((err: unknown) => {
      if (isMissing(err)) return [] as string[];
      throw err;
    });
    const settled = this.now() - GRACE_MS;
    await Promise.all(names.map((n) => this.removeIfOlder(path.join(dir, n), settled)));
  }

  /** Removes a leftover of a crash unless it was written since `settled` (it may be in use). */
  private async removeIfOlder(file: string, settled: number): Promise<void> {
    try {
      const s = await stat(file);
      if (s.isFile() && s.mtimeMs < settled) await rm(file, { force: true });
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }

  /** The bytes at `file`, and whether they are the snapshot `hash` names. */
  private async read(hash: string, file = this.pathOf(hash)): Promise<Found> {
    let data: Buffer;
    try {
      data = await readFile(file);
    } catch (err) {
      if (isMissing(err) || errorCode(err) === 'EISDIR') return { state: 'missing' };
      throw err;
    }
    return sha256Hex(data) === hash ? { state: 'intact', data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) } : { state: 'corrupt' };
  }

  /**
   * Deletes a file whose bytes do not match its name. A writer may be renaming the right file in at this
   * moment, so the file is first taken aside (atomic) and checked again there: what was taken is what is
   * judged, and a right one goes back.
   */
  private async discardIfCorrupt(hash: string): Promise<void> {
    const file = this.pathOf(hash);
    const aside = this.asideName(hash, 'evict');
    try {
      await rename(file, aside);
    } catch (err) {
      if (isMissing(err)) return;
      throw err;
    }
    if ((await this.read(hash, aside)).state === 'intact') await rename(aside, file).catch(() => {});
    await rm(aside, { force: true });
  }

  private asideName(hash: string, kind: 'tmp' | 'evict'): string {
    return path.join(this.folder, hash.slice(0, 2), `.${hash}.${randomBytes(6).toString('hex')}.${kind}`);
  }

  private async write(hash: string, bytes: Uint8Array): Promise<void> {
    const file = this.pathOf(hash);
    await mkdir(path.dirname(file), { recursive: true });
    const temp = this.asideName(hash, 'tmp');
    try {
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(bytes);
      } finally {
        await handle.close();
      }
      const when = new Date(this.now());
      await utimes(temp, when, when);
      await this.renameInto(temp, file, hash);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /** rename(); on Windows a target held open by a reader can refuse, but then it already has our bytes. */
  private async renameInto(temp: string, file: string, hash: string): Promise<void> {
    try {
      await rename(temp, file);
    } catch (err) {
      const code = errorCode(err);
      if ((code === 'EPERM' || code === 'EACCES' || code === 'EBUSY') && (await this.read(hash, file)).state === 'intact') return;
      throw err;
    }
  }

  private async writeAtomically(file: string, body: string): Promise<void> {
    await mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temp, body, { flag: 'wx' });
      // On the store's clock, which the 30-day expiry of owners reads.
      const when = new Date(this.now());
      await utimes(temp, when, when);
      await rename(temp, file);
    } finally {
      await rm(temp, { force: true });
    }
  }

  /**
   * Removes one snapshot unless it was used after it was listed: renamed aside first (atomic), then its
   * mtime is read again; a touch that happened before the rename shows there, and the file goes back. A
   * touch after the rename fails, and its put() writes the file again (a get() reads it as missing).
   */
  private async evictOne(entry: Listed): Promise<'removed' | 'gone' | 'kept'> {
    const aside = this.asideName(entry.hash, 'evict');
    try {
      await rename(entry.file, aside);
    } catch (err) {
      if (isMissing(err)) return 'gone';
      throw err;
    }
    let after: Stats | undefined;
    try {
      after = await stat(aside);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    if (after && after.mtimeMs > entry.mtimeMs) {
      // Same hash, same bytes: clobbering a copy written meanwhile is harmless.
      await rename(aside, entry.file).catch(async () => unlink(aside).catch(() => {}));
      return 'kept';
    }
    await unlink(aside).catch((err: unknown) => {
      if (!isMissing(err)) throw err;
    });
    return 'removed';
  }

  /** Every snapshot file with its size and last use; sweeps old leftovers of crashed writers on the way. */
  private async list(): Promise<Listed[]> {
    await this.sweepIncoming();
    let shards: string[];
    try {
      shards = (await readdir(this.folder)).filter((n) => SHARD.test(n));
    } catch (err) {
      if (isMissing(err)) return [];
      throw err;
    }
    const listed: Listed[] = [];
    const settled = this.now() - GRACE_MS;
    for (const shard of shards) {
      let names: string[];
      try {
        names = await readdir(path.join(this.folder, shard));
      } catch (err) {
        if (isMissing(err)) continue;
        throw err;
      }
      const stats = await Promise.all(
        names.map(async (name) => {
          const file = path.join(this.folder, shard, name);
          const match = SNAPSHOT_FILE.exec(name);
          if (!match) {
            if (LEFTOVER.test(name)) await this.removeIfOlder(file, settled);
            return undefined;
          }
          try {
            const s = await stat(file);
            if (!s.isFile()) return undefined;
            return { hash: match[1]!, file, size: s.size, mtimeMs: s.mtimeMs };
          } catch (err) {
            if (isMissing(err)) return undefined;
            throw err;
          }
        }),
      );
      for (const s of stats) if (s && s.hash.startsWith(shard)) listed.push(s);
    }
    return listed;
  }
}
