/**
 * Validation of what the page posts. The page shows data from the network, so the host trusts nothing it
 * sends: a message must have a known type and shape, and a URL must be one of this panel's results.
 * Pure: no `vscode`.
 */
import { boundedEntry, readEntries, type HistoryEntry } from '../history/historyEntries';
import { BACKGROUNDS, HOST_METHODS, type HostMethods, type PageToHost, type RequestMessage, type ViewState } from './protocol';

export type Validated = { ok: true; message: PageToHost } | { ok: false; reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A ViewState, or undefined when any field is off: state can come back from an older page or a tampered file. */
export function readViewState(v: unknown, sceneCount?: number): ViewState | undefined {
  if (!isRecord(v)) return undefined;
  const { view, index, zoom, background, filter, galleryScroll, changedOnly } = v;
  if (view !== 'gallery' && view !== 'single') return undefined;
  if (!Number.isSafeInteger(index) || (index as number) < -1) return undefined;
  if (sceneCount !== undefined && (index as number) >= sceneCount) return undefined;
  if (zoom !== 'fit' && !(isFiniteNumber(zoom) && zoom >= 0.1 && zoom <= 20)) return undefined;
  if (!(BACKGROUNDS as readonly unknown[]).includes(background)) return undefined;
  if (typeof filter !== 'string' || filter.length > 500) return undefined;
  if (!isFiniteNumber(galleryScroll) || galleryScroll < 0) return undefined;
  if (changedOnly !== undefined && changedOnly !== true) return undefined;
  return { view, index: index as number, zoom: zoom as ViewState['zoom'], background: background as ViewState['background'], filter, galleryScroll, ...(changedOnly ? { changedOnly } : {}) };
}

/**
 * The screenshot a restored panel's saved state names (the page wrote that state: #21), or undefined when
 * it names none in a shape the preview can show. Its snapshot refs are dropped: a kept hash names a file of
 * the store, shared by every window, and the page does not get to say which of them it may read (the
 * history's own copy of the entry, when it has one, brings them back). Bounded like a history entry.
 */
export function savedEntry(state: unknown): HistoryEntry | undefined {
  if (!isRecord(state)) return undefined;
  const entry = readEntries([state.entry])[0];
  if (!entry || (entry.roomName !== undefined && typeof entry.roomName !== 'string')) return undefined;
  if (![entry.width, entry.height, entry.time, entry.durationMs].every(isFiniteNumber)) return undefined;
  const { snapshots: _refs, ...shown } = entry;
  return boundedEntry(shown);
}

function checkParams(method: keyof HostMethods, params: unknown, urls: ReadonlySet<string>): string | undefined {
  if (!isRecord(params)) return 'params must be an object';
  const keys = Object.keys(params);
  const url = params.url;
  const urlOk = (): string | undefined => (typeof url === 'string' && urls.has(url) ? undefined : 'the URL is not one of this preview\'s results');
  switch (method) {
    case 'copyAllUrls':
    case 'shootRoom':
    case 'acceptAllChanged':
      return keys.length === 0 ? undefined : `${method} takes no params`;
    case 'copyMarkdown':
    case 'insertMarkdown':
      if (keys.some((k) => k !== 'url')) return `${method} takes only url`;
      return url === undefined ? undefined : urlOk();
    case 'keptImage':
      if (keys.some((k) => k !== 'url' && k !== 'hash')) return 'keptImage takes only url and hash';
      if (typeof params.hash !== 'string' || !/^[0-9a-f]{64}$/.test(params.hash)) return 'keptImage.hash must be a SHA-256 in hex';
      return urlOk();
    case 'compare':
      if (keys.some((k) => k !== 'url' && k !== 'with')) return 'compare takes only url and with';
      if (params.with !== 'previous' && params.with !== 'pick' && params.with !== 'baseline') return 'compare.with must be previous, pick or baseline';
      return urlOk();
    default:
      if (keys.some((k) => k !== 'url')) return `${method} takes only url`;
      return urlOk();
  }
}

export function validatePageMessage(raw: unknown, urls: ReadonlySet<string>, sceneCount: number): Validated {
  if (!isRecord(raw) || typeof raw.type !== 'string') return { ok: false, reason: 'not a message' };
  switch (raw.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'state': {
      const state = readViewState(raw.state, sceneCount);
      if (!state) return { ok: false, reason: 'bad view state' };
      const current = raw.current;
      if (current !== null && !(typeof current === 'string' && urls.has(current))) return { ok: false, reason: 'the current URL is not one of this preview\'s results' };
      return { ok: true, message: { type: 'state', state, current } };
    }
    case 'rendered': {
      const { firstPaintMs, renderMs, imagesRequested, tiles } = raw;
      if (!isFiniteNumber(firstPaintMs) || !isFiniteNumber(renderMs) || !Number.isSafeInteger(imagesRequested) || !Number.isSafeInteger(tiles)) return { ok: false, reason: 'bad rendered report' };
      return { ok: true, message: { type: 'rendered', firstPaintMs, renderMs, imagesRequested: imagesRequested as number, tiles: tiles as number } };
    }
    case 'imageDecoded': {
      if (!(typeof raw.url === 'string' && urls.has(raw.url))) return { ok: false, reason: 'the decoded image is not one of this preview\'s results' };
      return { ok: true, message: { type: 'imageDecoded', url: raw.url } };
    }
    case 'request': {
      if (!isId(raw.id)) return { ok: false, reason: 'bad request id' };
      const method = raw.method;
      if (typeof method !== 'string' || !(HOST_METHODS as readonly string[]).includes(method)) return { ok: false, reason: `unknown method ${String(method).slice(0, 40)}` };
      const problem = checkParams(method as keyof HostMethods, raw.params, urls);
      if (problem) return { ok: false, reason: problem };
      return { ok: true, message: { type: 'request', id: raw.id, method, params: raw.params } as unknown as RequestMessage<HostMethods> };
    }
    case 'response': {
      if (!isId(raw.id) || typeof raw.ok !== 'boolean') return { ok: false, reason: 'bad response' };
      if (raw.ok) return { ok: true, message: { type: 'response', id: raw.id, ok: true, result: raw.result } };
      return { ok: true, message: { type: 'response', id: raw.id, ok: false, error: typeof raw.error === 'string' ? raw.error.slice(0, 500) : 'unknown error' } };
    }
    default:
      return { ok: false, reason: `unknown message type ${raw.type.slice(0, 40)}` };
  }
}
