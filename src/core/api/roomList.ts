/**
 * The rooms an SDK token can see: `GET /v5/rooms?beginUUID=&limit=` answers one region's rooms a page at a
 * time (notes/netless-api.md), so every region is asked, each paged by the last uuid seen. Pure: the page
 * call is given, so the pager's rules are tested alone.
 */
import * as l10n from '@vscode/l10n';
import { SceneSnapError, isSceneSnapError } from './errors';
import type { Region } from './regions';
import { ShapeError, parseRoomInfo } from './responses';
import type { RoomInfo } from './types';
import { invalid, regionProblem, tokenProblem } from './validate';
import { problemText } from './problems';

/** A room as the list gives it, with its name when the service has one. */
export interface ListedRoomInfo extends RoomInfo {
  name?: string;
}

/** One room of the project, with the region that listed it (the region its calls need). */
export interface ProjectRoom extends ListedRoomInfo {
  region: Region;
}

export interface ProjectRooms {
  rooms: ProjectRoom[];
  /** Regions whose list failed while others answered. */
  failures: Array<{ region: Region; code: string; message: string }>;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;
/** A service that never gives a short page still ends: 1,000 pages of 1,000 rooms. */
const MAX_PAGES = 1000;

/** The token and region of a list call, checked before anything is sent (no room: the list is the project's). */
export function listAccess(access: { token?: unknown; region?: unknown } | undefined, page: { beginUUID?: unknown; limit?: unknown }): { token: string; region: Region } {
  const regionFound = regionProblem(access?.region);
  if (regionFound) throw invalid(regionFound);
  const tokenFound = tokenProblem(access?.token);
  if (tokenFound) throw new SceneSnapError(tokenFound.id === 'tokenMissing' ? 'noToken' : 'invalidInput', problemText(tokenFound), { problem: tokenFound });
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid(l10n.t('Rooms per page must be a whole number from 1 to {0} (got {1}).', MAX_PAGE_SIZE, String(limit)));
  }
  if (page.beginUUID !== undefined && typeof page.beginUUID !== 'string') throw invalid(l10n.t('beginUUID must be a room uuid.'));
  return { token: (access!.token as string).trim(), region: access!.region as Region };
}

/** The body of one page: an array of room objects (their name kept when it is a string). */
export function parseRoomPage(value: unknown): ListedRoomInfo[] {
  if (!Array.isArray(value)) throw new ShapeError(l10n.t('the body is not an array of rooms'));
  return value.map((item) => {
    const room: ListedRoomInfo = parseRoomInfo(item);
    const name = (item as { name?: unknown }).name;
    if (typeof name === 'string') room.name = name;
    return room;
  });
}

export interface PageOptions {
  /** Rooms per page, 1 to 1000 (default 100). */
  limit?: number;
  signal?: AbortSignal;
  /** After each page: the rooms so far. */
  onPage?(count: number): void;
}

/** Every room of one region: pages after the last uuid seen, until a short page or one with nothing new. */
export async function pageRooms(fetchPage: (beginUUID: string | undefined, limit: number) => Promise<ListedRoomInfo[]>, options: PageOptions = {}): Promise<ListedRoomInfo[]> {
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw invalid(l10n.t('Rooms per page must be a whole number from 1 to {0} (got {1}).', MAX_PAGE_SIZE, String(limit)));
  }
  const seen = new Map<string, ListedRoomInfo>();
  let begin: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    if (options.signal?.aborted) throw new SceneSnapError('cancelled', l10n.t('Listing the rooms was cancelled.'));
    const rooms = await fetchPage(begin, limit);
    let added = 0;
    for (const room of rooms) {
      if (seen.has(room.uuid)) continue;
      seen.set(room.uuid, room);
      added++;
    }
    options.onPage?.(seen.size);
    // A short page is the last; so is one that brought nothing new (a service that ignores beginUUID).
    if (rooms.length < limit || added === 0) break;
    begin = rooms[rooms.length - 1]!.uuid;
    if (options.signal?.aborted) throw new SceneSnapError('cancelled', l10n.t('Listing the rooms was cancelled.'));
  }
  return [...seen.values()];
}

/**
 * Every region at once (a room lives in one), each paged; rooms in the order of `regions`. Rejects with the
 * first region's error when every region failed (a bad token fails them all, and is said once).
 */
export async function listProjectRooms(regions: readonly Region[], fetchPage: (region: Region, beginUUID: string | undefined, limit: number) => Promise<ListedRoomInfo[]>, options: PageOptions = {}): Promise<ProjectRooms> {
  const counts = new Map<Region, number>();
  const settled = await Promise.allSettled(
    regions.map((region) =>
      pageRooms((begin, limit) => fetchPage(region, begin, limit), {
        ...options,
        onPage: (count) => {
          counts.set(region, count);
          options.onPage?.([...counts.values()].reduce((a, b) => a + b, 0));
        },
      }),
    ),
  );
  if (options.signal?.aborted) throw new SceneSnapError('cancelled', l10n.t('Listing the rooms was cancelled.'));
  const result: ProjectRooms = { rooms: [], failures: [] };
  settled.forEach((outcome, i) => {
    const region = regions[i]!;
    if (outcome.status === 'fulfilled') result.rooms.push(...outcome.value.map((room) => ({ ...room, region })));
    else {
      const err = outcome.reason as unknown;
      result.failures.push({ region, code: isSceneSnapError(err) ? err.code : 'serverError', message: err instanceof Error ? err.message : String(err) });
    }
  });
  if (regions.length > 0 && result.failures.length === regions.length) {
    const first = settled[0] as PromiseRejectedResult;
    throw first.reason;
  }
  return result;
}
