/** From a history entry to what the page shows. Pure: no `vscode`. */
import { boundedEntry, type HistoryEntry, type ShotResult } from '../history/historyEntries';
import { isLoopbackHost } from '../../core/api/loopback';
import type { PreviewModel, SceneView } from './protocol';

function parseUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function isHttpUrl(value: string): boolean {
  const url = parseUrl(value);
  return url !== undefined && (url.protocol === 'https:' || url.protocol === 'http:');
}


/**
 * Whether the page's CSP (page.ts buildCsp) lets it load `value` as an image: http only from this machine,
 * and only while `sceneSnap.apiBaseUrl` points at a local sandbox.
 */
export function isLoadable(value: string, allowLoopbackHttp: boolean): boolean {
  const url = parseUrl(value);
  if (!url) return false;
  if (url.protocol === 'https:') return true;
  return allowLoopbackHttp && url.protocol === 'http:' && isLoopbackHost(url.hostname);
}

/**
 * The scene path of one result. Keys are `…/<room uuid><scene path>.png` (notes/netless-api.md); when a
 * key does not look like that, the file name below the requested directory is the next best guess.
 */
export function scenePathOf(entry: Pick<HistoryEntry, 'kind' | 'room' | 'path'>, result: Pick<ShotResult, 'key' | 'url'>): string {
  if (entry.kind === 'scene') return entry.path;
  const at = entry.room ? result.key.indexOf(entry.room) : -1;
  if (at >= 0) {
    const rest = result.key.slice(at + entry.room.length).replace(/\.png$/i, '');
    if (rest.startsWith('/') && rest.length > 1) return rest;
  }
  const file = (result.key || parseUrl(result.url)?.pathname || '').split('/').filter(Boolean).pop() ?? '';
  const name = file.replace(/\.png$/i, '') || 'scene';
  return `${entry.path.replace(/\/+$/, '')}/${name}`;
}

export function sceneNameOf(scenePath: string): string {
  return scenePath.split('/').filter(Boolean).pop() ?? scenePath;
}

export function roomLabel(entry: Pick<HistoryEntry, 'room' | 'roomName'>): string {
  return entry.roomName?.trim() || entry.room;
}

/** `<room> · <path>` */
export function panelTitle(entry: Pick<HistoryEntry, 'room' | 'roomName' | 'path'>): string {
  return `${roomLabel(entry)} · ${entry.path}`;
}

/** Screenshots of the same room and path share a panel when sceneSnap.preview.reuse is on. */
export function panelKey(entry: Pick<HistoryEntry, 'kind' | 'room' | 'path'>): string {
  return `${entry.kind}\u0000${entry.room}\u0000${entry.path}`;
}

/** What a scene shows: its kept copy when its file is there, else the URL and why. */
function imageOf(entry: HistoryEntry, index: number, there: boolean): Pick<SceneView, 'kept' | 'urlReason' | 'failure' | 'blank'> {
  const ref = entry.snapshots?.[index];
  if (!ref) return { urlReason: 'notKept' };
  if (ref.kind === 'failed') return { urlReason: 'failed', failure: ref.reason };
  const blank = ref.blank ? { blank: true } : {};
  if (!there) return { urlReason: 'removed', ...blank };
  return { kept: { hash: ref.hash, width: ref.width, height: ref.height, at: ref.at }, ...blank };
}

/**
 * `isKept(i)`: result i's kept file is there (previewPanel.ts). The page gets at most what the history keeps
 * of the entry (boundedEntry: about 1,200 scenes of a huge directory) and the count left out: so the page,
 * its DOM and each state it saves stay bounded whatever the answer's size, and a reload (which restores
 * from the history) shows the same scenes as before it.
 */
export function toModel(whole: HistoryEntry, allowLoopbackHttp: boolean, isKept: (index: number) => boolean = () => false): PreviewModel {
  const entry = boundedEntry(whole);
  const scenes: SceneView[] = entry.results.map((r, index) => {
    const scenePath = scenePathOf(entry, r);
    return {
      name: sceneNameOf(scenePath),
      scenePath,
      url: r.url,
      key: r.key,
      bucket: r.bucket,
      region: r.region,
      openable: isHttpUrl(r.url),
      loadable: isLoadable(r.url, allowLoopbackHttp),
      ...imageOf(entry, index, isKept(index)),
    };
  });
  return {
    entryId: entry.id,
    kind: entry.kind,
    room: entry.room,
    roomLabel: roomLabel(entry),
    path: entry.path,
    width: entry.width,
    height: entry.height,
    region: entry.region,
    time: entry.time,
    durationMs: entry.durationMs,
    ...(entry.snapshots ? { snapshots: entry.snapshots } : {}),
    ...(entry.pinned ? { pinned: true } : {}),
    ...(entry.omitted ? { omitted: entry.omitted } : {}),
    ...(entry.groups ? { groups: entry.groups } : {}),
    ...(entry.subScenes ? { subScenes: entry.subScenes } : {}),
    scenes,
  };
}

/** The gallery's filter: every word must appear in the scene's name or path, case-insensitively. */
export function matchesFilter(scene: Pick<SceneView, 'name' | 'scenePath'>, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = `${scene.name}\n${scene.scenePath}`.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * The history entry a model came from, bounded like one (boundedEntry): the page saves it with its state,
 * for the serializer. The model is bounded already (toModel), so this serializes at most ENTRY_MAX_BYTES.
 */
export function entryOf(model: PreviewModel): HistoryEntry {
  return boundedEntry({
    id: model.entryId,
    kind: model.kind,
    room: model.room,
    ...(model.roomLabel !== model.room ? { roomName: model.roomLabel } : {}),
    path: model.path,
    width: model.width,
    height: model.height,
    region: model.region,
    time: model.time,
    durationMs: model.durationMs,
    results: model.scenes.map((s) => ({ url: s.url, key: s.key, bucket: s.bucket, region: s.region })),
    ...(model.snapshots ? { snapshots: model.snapshots } : {}),
    ...(model.pinned ? { pinned: true } : {}),
    ...(model.omitted ? { omitted: model.omitted } : {}),
    ...(model.groups ? { groups: model.groups } : {}),
    ...(model.subScenes ? { subScenes: model.subScenes } : {}),
  });
}
