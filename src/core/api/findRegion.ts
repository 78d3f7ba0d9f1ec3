import * as l10n from '@vscode/l10n';
import { SceneSnapError, isSceneSnapError } from './errors';
import { REGIONS, type Region } from './regions';
import type { CallOptions, RoomAccess, RoomInfo } from './types';

/** What a probe needs of a client: the room-info call, with its transport, token checks, retries and budget. */
export interface RoomInfoCaller {
  getRoom(access: RoomAccess, options?: CallOptions): Promise<RoomInfo>;
}

export interface RegionSearch {
  room: string;
  /** The token the room's calls would use; it goes only where the client sends every call. */
  token: string;
  signal?: AbortSignal;
  /** The whole search's budget (each probe also has the client's own); none by default. */
  timeoutMs?: number;
  /** The data centres asked, in this order; all of them by default. */
  regions?: readonly Region[];
}

/**
 * Failures that say nothing about where the room is: a token the service refuses (401/403), a request
 * the client refused to send. The search stops at the first one and rejects with it: a token problem is
 * not a region problem, and asking four more data centres would only repeat it.
 */
const STOPS_THE_SEARCH = new Set<string>(['unauthorized', 'forbidden', 'invalidInput', 'noToken', 'badRequest']);

/**
 * Asks every data centre at once whether it holds the room (`GET /v5/rooms/{uuid}`, one call each, retried
 * only as the client retries any call) and resolves to the first that answers 200; the other probes are
 * aborted then. Rejects with `notFound` when every data centre answered 404, with the refusal itself on a
 * 401/403, `cancelled` when `signal` aborts, `timeout` when `timeoutMs` runs out, and otherwise (some data
 * centres unreachable, none with the room) with the first of those failures, its message naming them.
 */
export function findRegion(client: RoomInfoCaller, search: RegionSearch): Promise<Region> {
  const regions = search.regions ?? REGIONS;
  if (search.signal?.aborted) return Promise.reject(new SceneSnapError('cancelled', l10n.t('The search for the region of room {0} was cancelled.', search.room)));
  return new Promise<Region>((resolve, reject) => {
    const stop = new AbortController();
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      search.signal?.removeEventListener('abort', onCancel);
      stop.abort();
      outcome();
    };
    const onCancel = (): void => finish(() => reject(new SceneSnapError('cancelled', l10n.t('The search for the region of room {0} was cancelled.', search.room))));
    search.signal?.addEventListener('abort', onCancel, { once: true });
    const timer =
      search.timeoutMs === undefined
        ? undefined
        : setTimeout(
            () => finish(() => reject(new SceneSnapError('timeout', l10n.t('No data centre said where room {0} is within {1} ms.', search.room, search.timeoutMs!)))),
            search.timeoutMs,
          );
    const failures: { region: Region; error: unknown }[] = [];
    const failed = (region: Region, error: unknown): void => {
      if (settled) return;
      if (isSceneSnapError(error) && STOPS_THE_SEARCH.has(error.code)) return finish(() => reject(error));
      failures.push({ region, error });
      // Named in the order asked, whatever order they answered in.
      if (failures.length === regions.length) finish(() => reject(nowhere(search.room, regions.map((r) => failures.find((f) => f.region === r)!))));
    };
    if (regions.length === 0) return finish(() => reject(nowhere(search.room, failures)));
    for (const region of regions) {
      let call: Promise<RoomInfo>;
      try {
        call = client.getRoom({ room: search.room, token: search.token, region }, { signal: stop.signal });
      } catch (err) {
        failed(region, err);
        continue;
      }
      call.then(
        () => finish(() => resolve(region)),
        (err: unknown) => failed(region, err),
      );
    }
  });
}

/** Every data centre failed: `notFound` when all said 404, else the first other failure, with what was seen. */
function nowhere(room: string, failures: { region: Region; error: unknown }[]): SceneSnapError {
  const checked = failures.map((f) => f.region).join(', ');
  const other = failures.find((f) => !(isSceneSnapError(f.error) && f.error.code === 'notFound'));
  if (!other) return new SceneSnapError('notFound', l10n.t('No room with the uuid {0} in any data centre (checked {1}).', room, checked));
  const missing = failures.filter((f) => f !== other && isSceneSnapError(f.error) && f.error.code === 'notFound').map((f) => f.region);
  const why = other.error instanceof Error ? other.error.message : String(other.error);
  const message = missing.length
    ? l10n.t('The region of room {0} is not known: it is not in {1}, and {2} could not be asked: {3}', room, missing.join(', '), other.region, why)
    : l10n.t('The region of room {0} is not known: {1} could not be asked: {2}', room, other.region, why);
  const code = isSceneSnapError(other.error) ? other.error.code : 'network';
  return new SceneSnapError(code, message, { cause: other.error });
}
