import * as assert from 'node:assert/strict';
import { ENTRY_MAX_BYTES } from '../../src/extension/history/historyEntries';
import { MAX_TILES } from '../../src/extension/preview/galleryWindow';
import { eventually, internals, sceneSnap, useSandbox } from './support';
import { closeAllEditors, previewManager, sleep } from './previewSupport';

// Issue 21, item 4: a huge directory stays bounded end to end. A 50,000-scene answer from the fake service:
// the preview gets what the history keeps of it, the gallery has a screenful of tiles in its DOM, and
// scrolling to the end shows the last scene.

describe('a 50,000-scene gallery stays bounded', function () {
  this.timeout(90_000);
  const HUGE = 'f1f1f1f1727911ebaea37759ee91947c';
  const COUNT = 50_000;
  const scenes = Array.from({ length: COUNT }, (_, i) => `/big/s${String(i).padStart(5, '0')}`);
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: HUGE, region: 'us-sv' }], 'sceneSnap.openPreview': true, 'sceneSnap.preview.reuse': true });

  after(closeAllEditors);

  it('the page gets what history keeps, renders a bounded number of tiles, and scrolls to the last scene', async () => {
    sandbox.fake.rooms.push({ uuid: HUGE, region: 'us-sv', name: 'Big', scenes });
    const all = await (await sceneSnap()).screenshotSceneDirectory({ room: HUGE, path: '/big', width: 64, height: 36 });
    assert.equal(all.length, COUNT, 'the caller gets every result');
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.room === HUGE), 'the gallery');
    await preview.whenRendered();

    // The preview holds what the history keeps, no more, and knows how many were left out.
    const kept = (await internals()).history.latest()!;
    assert.equal(kept.room, HUGE);
    assert.equal(preview.model.scenes.length, kept.results.length, 'the scenes the history keeps');
    assert.ok(preview.model.scenes.length < COUNT);
    assert.equal(preview.model.omitted, COUNT - kept.results.length);
    assert.ok(JSON.stringify(preview.entry).length <= ENTRY_MAX_BYTES, 'the panel holds a bounded entry');

    const first = await preview.snapshot();
    assert.equal(first.visibleTiles, kept.results.length, 'every kept scene is in the gallery (the filter shows all)');
    assert.ok(first.tileElements > 0 && first.tileElements <= MAX_TILES, `${first.tileElements} tiles in the DOM`);
    assert.ok(first.tileElements < 200, `a screenful of tiles, not ${first.tileElements}`);
    assert.match(first.text, /s00000/, 'the first scene is shown');
    assert.match(first.text, /50,000/, 'the count says how many scenes the directory has');

    // Scrolled to the end: the last kept scene is there, the DOM still bounded.
    const last = preview.model.scenes.at(-1)!;
    const top = await preview.request('scrollGallery', { top: 1e9 });
    assert.ok(top > 0, 'the grid scrolled');
    const end = await eventually(async () => {
      const s = await preview.snapshot();
      return s.text.includes(last.name) ? s : undefined;
    }, `the last scene ${last.name}`);
    assert.ok(end.tileElements > 0 && end.tileElements < 200, `${end.tileElements} tiles in the DOM at the end`);
    assert.ok(!end.text.includes('s00000'), 'the first scene left the DOM');
    // Only what came on screen was asked for, not every thumbnail scrolled past.
    await sleep(300);
    assert.ok((await preview.snapshot()).imagesRequested < 200);
  });
});
