import * as assert from 'node:assert/strict';
import { ENTRY_MAX_BYTES, boundedEntry, type HistoryEntry } from '../../src/extension/history/historyEntries';
import { isLoopbackUrl } from '../../src/core/api/loopback';
import { entryOf, isLoadable, matchesFilter, panelKey, panelTitle, scenePathOf, toModel } from '../../src/extension/preview/model';
import { canZoomIn, canZoomOut, fitScale, isPixelated, wheelZoom, zoomIn, zoomOut, MAX_SCALE, MIN_SCALE } from '../../src/extension/preview/zoom';

const room = 'a7e1c0ffee42';
function dirEntry(keys: string[]): HistoryEntry {
  return {
    id: 'e1', kind: 'directory', room, roomName: 'Design review', path: '/test', width: 1280, height: 720, region: 'us-sv', time: 1, durationMs: 900,
    results: keys.map((key) => ({ url: `https://docs.oss.example/${key}`, key, bucket: 'docs', region: 'oss-cn-hangzhou' })),
  };
}

describe('preview model', () => {
  it('reads the scene path from a key of the form …/<room uuid><scene path>.png', () => {
    const entry = dirEntry([`room_cover/2811/${room}/test/cover.png`, `room_cover/2811/${room}/test/page1.png`]);
    assert.deepEqual(toModel(entry, false).scenes.map((s) => [s.name, s.scenePath]), [['cover', '/test/cover'], ['page1', '/test/page1']]);
  });

  it('falls back to the file name below the requested directory for other keys', () => {
    assert.equal(scenePathOf({ kind: 'directory', room, path: '/test/' }, { key: 'elsewhere/p2.png', url: '' }), '/test/p2');
    assert.equal(scenePathOf({ kind: 'directory', room, path: '/d' }, { key: '', url: 'https://x.example/a/b/last.png?sig=1' }), '/d/last');
    assert.equal(scenePathOf({ kind: 'scene', room, path: '/init' }, { key: 'anything', url: '' }), '/init');
  });

  it('titles a panel `<room> · <path>` with the room name when there is one', () => {
    assert.equal(panelTitle({ room, roomName: 'Design review', path: '/test' }), 'Design review · /test');
    assert.equal(panelTitle({ room, path: '/init' }), `${room} · /init`);
    assert.notEqual(panelKey({ kind: 'scene', room, path: '/a' }), panelKey({ kind: 'directory', room, path: '/a' }));
  });

  it('loads https images always, http only from loopback and only when allowed, nothing else', () => {
    assert.equal(isLoadable('https://b.example/x.png', false), true);
    assert.equal(isLoadable('http://127.0.0.1:9000/x.png', false), false);
    assert.equal(isLoadable('http://127.0.0.1:9000/x.png', true), true);
    assert.equal(isLoadable('http://localhost/x.png', true), true);
    // Chromium's CSP has no source expression for IPv6 hosts, so the page could not load these.
    assert.equal(isLoadable('http://[::1]:80/x.png', true), false);
    assert.equal(isLoadable('http://127.0.0.2/x.png', true), false);
    assert.equal(isLoadable('http://evil.example/x.png', true), false);
    assert.equal(isLoadable('javascript:alert(1)', true), false);
    assert.equal(isLoadable('data:image/png;base64,AAAA', true), false);
    assert.equal(isLoadable('not a url', true), false);
    assert.equal(isLoopbackUrl('http://127.0.0.1:4010'), true);
    assert.equal(isLoopbackUrl('https://api.netless.link'), false);
  });

  it('marks a javascript: URL neither openable nor loadable', () => {
    const entry = dirEntry(['x.png']);
    entry.results[0]!.url = 'javascript:alert(document.domain)';
    const [scene] = toModel(entry, true).scenes;
    assert.equal(scene!.openable, false);
    assert.equal(scene!.loadable, false);
  });

  it('gives back the entry it was made from (the page saves it for the serializer)', () => {
    const entry = dirEntry([`k/${room}/test/a.png`]);
    assert.deepEqual(entryOf(toModel(entry, false)), entry);
    const { roomName: _drop, ...unnamed } = entry;
    assert.deepEqual(entryOf(toModel(unnamed, false)), unnamed);
  });

  it('filters by every word, in the name or the path, ignoring case', () => {
    const scene = { name: 'Cover', scenePath: '/Deck/Cover' };
    assert.equal(matchesFilter(scene, ''), true);
    assert.equal(matchesFilter(scene, 'cov deck'), true);
    assert.equal(matchesFilter(scene, 'cov page'), false);
  });
});

describe('preview zoom', () => {
  it('steps through the zoom levels and stops at the ends', () => {
    assert.equal(zoomIn(1), 1.5);
    assert.equal(zoomIn(1.2), 1.5);
    assert.equal(zoomOut(1), 0.9);
    assert.equal(zoomOut(MIN_SCALE), MIN_SCALE);
    assert.equal(zoomIn(MAX_SCALE), MAX_SCALE);
  });

  it('from a fit that reads as a level ("Fit (80 %)" at 0.7996), + and − go to a level that reads otherwise (#25)', () => {
    assert.equal(zoomIn(0.7996), 0.9);
    assert.equal(zoomIn(0.8004), 0.9);
    assert.equal(zoomOut(0.8004), 0.7);
    assert.equal(zoomOut(0.7996), 0.7);
    assert.equal(zoomIn(0.75), 0.8, 'from 75 %, 80 % is a change the user sees');
  });

  it('says when + or − would no longer change the scale (the buttons are disabled then)', () => {
    assert.deepEqual([canZoomIn(MAX_SCALE), canZoomOut(MAX_SCALE)], [false, true]);
    assert.deepEqual([canZoomIn(MIN_SCALE), canZoomOut(MIN_SCALE)], [true, false]);
    assert.deepEqual([canZoomIn(1), canZoomOut(1)], [true, true]);
  });

  it('zooms smoothly with the wheel (in for a negative delta) within the limits', () => {
    assert.ok(wheelZoom(1, -100) > 1);
    assert.ok(wheelZoom(1, 100) < 1);
    assert.equal(wheelZoom(MAX_SCALE, -100), MAX_SCALE);
  });

  it('fits into the panel without enlarging beyond 1:1', () => {
    assert.equal(fitScale({ width: 2000, height: 1000 }, { width: 1000, height: 1000 }), 0.5);
    assert.equal(fitScale({ width: 100, height: 100 }, { width: 1000, height: 1000 }), 1);
    assert.equal(fitScale({ width: 100, height: 100 }, { width: 0, height: 0 }), 1);
  });

  it('renders pixelated from 3× up', () => {
    assert.equal(isPixelated(2), false);
    assert.equal(isPixelated(3), true);
    assert.equal(isPixelated(20), true);
  });
});

describe('preview model: kept snapshots', () => {
  const hash = 'a'.repeat(64);
  const base = dirEntry([`room_cover/2811/${room}/test/cover.png`, `room_cover/2811/${room}/test/page1.png`, `room_cover/2811/${room}/test/page2.png`]);
  const entry: HistoryEntry = {
    ...base,
    pinned: true,
    snapshots: [
      { kind: 'kept', hash, width: 320, height: 200, bytes: 1000, at: 5, blank: true },
      { kind: 'failed', code: 'forbidden', reason: 'The bucket answered 403: is it public-read?', status: 403 },
      { kind: 'kept', hash: 'b'.repeat(64), width: 10, height: 10, bytes: 100, at: 6 },
    ],
  };

  it('shows the kept copy where its file is there, else says why the URL is shown', () => {
    const model = toModel(entry, false, (i) => i === 0);
    assert.deepEqual(model.scenes[0]!.kept, { hash, width: 320, height: 200, at: 5 });
    assert.equal(model.scenes[0]!.blank, true);
    assert.equal(model.scenes[0]!.urlReason, undefined);
    assert.deepEqual([model.scenes[1]!.urlReason, model.scenes[1]!.failure], ['failed', 'The bucket answered 403: is it public-read?']);
    assert.equal(model.scenes[2]!.urlReason, 'removed', 'kept once, its file gone');
    assert.equal(toModel(base, false).scenes[0]!.urlReason, 'notKept');
  });

  it('the page saves the snapshots and the pin with its state (the serializer restores them)', () => {
    assert.deepEqual(entryOf(toModel(entry, false)), entry);
  });
});

describe('preview model: a huge directory stays bounded', () => {
  /** A 50,000-scene answer with realistic bucket URLs and keys. */
  const huge = dirEntry(Array.from({ length: 50_000 }, (_, i) => `room_cover/2811/${room}/deck/page${i}.png`));

  it('the preview gets at most what the history keeps, and says how many were left out', () => {
    const kept = boundedEntry(huge);
    const model = toModel(huge, false);
    assert.equal(model.scenes.length, kept.results.length, 'the scenes the history keeps, no more');
    assert.ok(model.scenes.length > 1000 && model.scenes.length < 50_000, `${model.scenes.length} scenes`);
    assert.equal(model.omitted, 50_000 - model.scenes.length);
    assert.deepEqual(model.scenes.slice(0, 2).map((s) => s.url), huge.results.slice(0, 2).map((r) => r.url), 'the first scenes, in order');
  });

  it('the state the page saves serializes no more than ENTRY_MAX_BYTES, and restores the same scenes', () => {
    const model = toModel(huge, false);
    // Every JSON.stringify made while the page builds its saved entry (boundedEntry measures with it).
    const original = JSON.stringify;
    let serialized = 0;
    JSON.stringify = ((...args: Parameters<typeof JSON.stringify>) => {
      const text = original(...args);
      serialized += text?.length ?? 0;
      return text;
    }) as typeof JSON.stringify;
    let saved: HistoryEntry;
    try {
      saved = entryOf(model);
    } finally {
      JSON.stringify = original;
    }
    assert.ok(serialized <= ENTRY_MAX_BYTES, `${serialized} characters serialized for one save`);
    assert.ok(JSON.stringify(saved).length <= ENTRY_MAX_BYTES);
    assert.equal(saved.results.length, model.scenes.length, 'a reload shows what the page showed');
    assert.equal(saved.omitted, model.omitted);
  });
});
