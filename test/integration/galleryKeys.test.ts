import * as assert from 'node:assert/strict';
import type { SceneSnapTestInternals } from '../../src/extension/extension';
import type { Preview } from '../../src/extension/preview/previewManager';
import { ROOMS } from '../support/rooms';
import { closeAllEditors, previewManager } from './previewSupport';
import { eventually, internals, sceneSnap, useSandbox } from './support';

// Issue #25 in the real VS Code, on the fake's 1,000-scene deck: the gallery's keys move one tile or row
// (PageUp/PageDown one screen, Home/End the ends) and keep the focused tile in view; badges arriving
// never move what the user looks at.

const DECK = ROOMS.deck;
const DECK_SIZE = { width: 32, height: 18, region: 'eu' };

describe('the gallery of the 1,000-scene deck: keys and a steady view (#25)', function () {
  this.timeout(180_000);
  const sandbox = useSandbox({ 'sceneSnap.openPreview': true, 'sceneSnap.preview.reuse': false, 'sceneSnap.snapshots.maxMegabytes': 500 });
  let t: SceneSnapTestInternals;

  before(async () => {
    t = await internals();
  });

  afterEach(async () => {
    await t.snapshots.idle();
    await closeAllEditors();
  });

  async function shootDeck(): Promise<Preview> {
    const before = t.history.latest()?.id;
    await (await sceneSnap()).screenshotSceneDirectory({ room: DECK, path: '/deck', ...DECK_SIZE });
    const id = t.history.latest()!.id;
    assert.notEqual(id, before);
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.id === id), 'the deck gallery');
    await preview.whenRendered();
    return preview;
  }

  /** Presses a key and waits until a tile has the focus (the page renders the row, then focuses it: in VS Code 1.139 a moment later). */
  async function press(preview: Preview, key: string) {
    await preview.request('press', { key });
    return eventually(async () => {
      const s = await preview.snapshot();
      return s.focusedTile !== undefined ? s : undefined;
    }, `a tile focused after ${key}`);
  }

  it('arrows move one tile or row, PageUp/PageDown one screen, Home/End the ends; the focused tile stays in view', async () => {
    const preview = await shootDeck();
    assert.equal(await preview.request('focusTile', { index: 0 }), true, 'the first tile took the focus');
    const first = await preview.snapshot();
    const columns = first.galleryColumns;
    assert.ok(columns >= 2, `${columns} columns`);
    assert.equal(first.focusedTile, 0);

    let s = await press(preview, 'ArrowDown');
    assert.equal(s.focusedTile, columns, '↓ goes one row down, not to the last scene');
    assert.ok(s.focusedTileInView);
    s = await press(preview, 'ArrowRight');
    assert.equal(s.focusedTile, columns + 1, '→ goes one tile right');
    s = await press(preview, 'ArrowLeft');
    assert.equal(s.focusedTile, columns);
    s = await press(preview, 'ArrowUp');
    assert.equal(s.focusedTile, 0, '↑ goes one row up');

    // One screen: PageDown moves as many rows as are wholly on screen, to a tile that was not, in the same column.
    const wholeRows = s.tilesWhollyOnScreen.length / columns;
    assert.ok(wholeRows >= 2 && Number.isInteger(wholeRows), `${s.tilesWhollyOnScreen.length} tiles wholly on screen`);
    const onScreen = s.tilesWhollyOnScreen;
    s = await press(preview, 'PageDown');
    const paged = s.focusedTile!;
    assert.equal(paged % columns, 0, 'the same column');
    assert.equal(paged / columns, wholeRows, `PageDown moved ${paged / columns} rows, the screen shows ${wholeRows}`);
    assert.ok(!onScreen.includes(preview.model.scenes[paged]!.name));
    assert.ok(s.focusedTileInView, 'the tile PageDown focused is in view');
    s = await press(preview, 'PageUp');
    assert.equal(s.focusedTile, 0, 'PageUp comes back one screen');

    s = await press(preview, 'End');
    assert.equal(s.focusedTile, 999, 'End: the last scene');
    assert.ok(s.focusedTileInView, 'the last tile is in view');
    s = await press(preview, 'ArrowUp');
    assert.equal(s.focusedTile, 999 - columns);
    assert.ok(s.focusedTileInView);
    s = await press(preview, 'Home');
    assert.equal(s.focusedTile, 0, 'Home: the first scene');
    assert.ok(s.focusedTileInView);
  });

  it('scrolled to the bottom when the comparison finishes: the badges arrive and the same tiles stay on screen', async () => {
    await (await sceneSnap()).screenshotSceneDirectory({ room: DECK, path: '/deck', ...DECK_SIZE }, { preview: false });
    await t.snapshots.idle();
    // A few of the last scenes change: their tiles get a badge and a Compare button.
    for (const n of [985, 990, 995, 998]) sandbox.fake.changeScene(DECK, `/deck/slide-${String(n).padStart(4, '0')}`);
    const preview = await shootDeck();
    await preview.request('scrollGallery', { top: 1e9 });
    const before = await preview.snapshot();
    assert.ok(!/Since \d/.test(before.text), 'the badges came before the test looked: it proves nothing');
    assert.ok(before.tilesOnScreen.includes('slide-1000'), before.tilesOnScreen.join(' '));
    const after = await eventually(async () => {
      const s = await preview.snapshot();
      return /Since .*: 4 changed/.test(s.text) ? s : undefined;
    }, 'the badges', 90_000);
    assert.deepEqual(after.tilesOnScreen, before.tilesOnScreen, 'the tiles on screen moved when the badges arrived');
  });

  it('a thumbnail that is still loading says so, distinct from Blank and from "could not load"', async () => {
    const remove = sandbox.fake.setFault({ endpoint: 'bucket', latencyMs: 4000 });
    try {
      const preview = await shootDeck();
      const loading = await eventually(async () => {
        const s = await preview.snapshot();
        return s.thumbStates.loading > 0 ? s : undefined;
      }, 'thumbnails marked as loading', 10_000);
      assert.match(loading.text, /Loading/, 'the tile says it is loading');
      assert.doesNotMatch(loading.text, /Could not load|Blank/);
      const done = await eventually(async () => {
        const s = await preview.snapshot();
        return s.thumbStates.loaded > 0 && s.thumbStates.loading === 0 ? s : undefined;
      }, 'the thumbnails loaded', 60_000);
      assert.doesNotMatch(done.text, /Loading/);
    } finally {
      remove();
    }
  });

  it('"Changed only" with nothing changed says so, and the count says how many it shows', async () => {
    await (await sceneSnap()).screenshotSceneDirectory({ room: DECK, path: '/deck', ...DECK_SIZE }, { preview: false });
    await t.snapshots.idle();
    const preview = await shootDeck();
    await eventually(async () => /Since .*: 0 changed/.test((await preview.snapshot()).text) || undefined, 'the badges: nothing changed', 90_000);
    assert.equal(await preview.request('click', { selector: '#changed-only' }), true);
    // The box filters as it is clicked. Waited for up to 30 s before, it still timed out now and then: the
    // shot's snapshots, kept after its compare had badged the tiles, rebuilt the page without the filter
    // (the next test shows that deterministically).
    const after = await preview.snapshot();
    assert.equal(after.visibleTiles, 0, 'the filter applied');
    const text = after.text;
    assert.match(text, /No scene changed since the last shot/);
    assert.doesNotMatch(text, /No scene matches/);
    assert.match(text, /0 of 1,000 scenes/);
  });

  it('"Changed only" stays on when the shot\'s snapshots are kept after the user ticked it', async () => {
    await (await sceneSnap()).screenshotSceneDirectory({ room: DECK, path: '/deck', ...DECK_SIZE }, { preview: false });
    await t.snapshots.idle();
    const preview = await shootDeck();
    await t.snapshots.idle();
    await eventually(async () => /Since .*: 0 changed/.test((await preview.snapshot()).text) || undefined, 'the badges: nothing changed', 90_000);
    assert.equal(await preview.request('click', { selector: '#changed-only' }), true);
    assert.equal((await preview.snapshot()).visibleTiles, 0, 'the filter applied');
    // What the host does once a shot's snapshots are kept (snapshotService.onDidKeep → the previews
    // refresh, in the view the page has): its compare can badge the tiles first, so the user may have
    // ticked the box by then. Done here after the tick, on purpose; the full runs did it by chance.
    await (await previewManager()).refresh(t.history.get(preview.entry.id)!);
    await preview.whenRendered();
    const after = await eventually(async () => {
      const s = await preview.snapshot();
      return /Since .*: 0 changed/.test(s.text) ? s : undefined;
    }, 'the badges again', 30_000);
    assert.equal(after.visibleTiles, 0, 'the "Changed only" filter the user set was undone by the refresh');
    assert.match(after.text, /No scene changed since the last shot/);
    assert.match(after.text, /0 of 1,000 scenes/);
    assert.equal(after.state.changedOnly, true, 'the view state says so (kept over a reload)');
  });

  it('the History view\'s "N kept · X MB" moves while a deck\'s snapshots are being kept', async () => {
    await t.snapshots.usage();
    const remove = sandbox.fake.setFault({ endpoint: 'bucket', latencyMs: 40 });
    const seen: string[] = [];
    const watch = setInterval(() => {
      const now = t.historyView.description ?? '';
      if (seen.at(-1) !== now) seen.push(now);
    }, 50);
    try {
      await (await sceneSnap()).screenshotSceneDirectory({ room: DECK, path: '/deck', width: 34, height: 18, region: 'eu' }, { preview: false });
      await t.snapshots.idle();
    } finally {
      clearInterval(watch);
      remove();
    }
    assert.ok(seen.length >= 3, `the figure before, while and after keeping: ${seen.join(' | ')}`);
  });
});
