import * as assert from 'node:assert/strict';
import type { PageSnapshot } from '../../src/extension/preview/protocol';
import type { Preview } from '../../src/extension/preview/previewManager';
import { closeAllEditors, previewManager } from './previewSupport';
import { eventually, sceneSnap, useSandbox } from './support';

// Issue 22, item 3, at scale: a whole room of 1,000 scenes in 50 directories. The gallery stays virtual with
// rows of two heights (a directory header's row as tall as the header), the keys cross the directories,
// and no header has a tile-high gap above it wherever the gallery is scrolled to.

describe('a whole room of 50 directories: headers as tall as themselves, the gallery still virtual', function () {
  this.timeout(180_000);
  const ROOM = 'a2a2a2a2727911ebaea37759ee91947c';
  const DIRECTORIES = 50;
  const PER_DIRECTORY = 20;
  const directory = (d: number) => `/d${String(d).padStart(2, '0')}`;
  const scenes = Array.from({ length: DIRECTORIES * PER_DIRECTORY }, (_, i) => `${directory(Math.floor(i / PER_DIRECTORY))}/s${String(i).padStart(4, '0')}`);
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: ROOM, name: 'Many directories', region: 'us-sv' }], 'sceneSnap.openPreview': true, 'sceneSnap.snapshots.maxMegabytes': 500 });

  after(closeAllEditors);

  /** The grid's row gap (10 px) around each header in the DOM, nothing more. */
  function assertSnug(s: PageSnapshot, where: string) {
    const spacing = s.headerSpacing ?? [];
    assert.ok(spacing.length > 0, `${where}: headers in the DOM`);
    for (const h of spacing) {
      assert.ok(h.above <= 12, `${where}: ${h.directory} has ${h.above} px of empty space above it: ${JSON.stringify(spacing)}`);
      assert.ok(h.below === undefined || h.below <= 12, `${where}: ${h.directory} has ${h.below} px below it: ${JSON.stringify(spacing)}`);
    }
  }

  async function press(preview: Preview, key: string, want: number) {
    await preview.request('press', { key });
    return eventually(async () => {
      const s = await preview.snapshot();
      return s.focusedTile === want && s.focusedTileInView ? s : undefined;
    }, `scene ${want} focused and in view after ${key}`);
  }

  it('renders a screenful, scrolls to the last directory, keeps the headers snug, and the keys cross directories', async () => {
    sandbox.fake.rooms.push({ uuid: ROOM, region: 'us-sv', name: 'Many directories', scenes });
    const items = await (await sceneSnap()).screenshotRoom({ room: ROOM, width: 32, height: 18 });
    assert.equal(items.length, DIRECTORIES);
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.room === ROOM && p.entry.kind === 'room'), 'the room gallery');
    const top = await eventually(() => preview.snapshot().then((s) => (s.text.includes('/d00') && s.tileElements > 0 ? s : undefined), () => undefined), 'the gallery drawn', 30_000);
    assert.equal(top.visibleTiles, DIRECTORIES * PER_DIRECTORY);
    assert.ok(top.tileElements < 200, `a screenful of tiles, not ${top.tileElements}`);
    assertSnug(top, 'at the top');
    assert.equal(top.headerSpacing![0]!.above, 0, 'the first header at the top');

    // In the middle and at the end: what the window rendered sits where the rows' heights say.
    const middle = await eventually(async () => {
      await preview.request('scrollGallery', { top: 20_000 });
      const s = await preview.snapshot();
      return s.tilesOnScreen.length > 0 && (s.headerSpacing?.length ?? 0) > 0 ? s : undefined;
    }, 'the middle drawn');
    assert.ok(middle.tileElements < 200 && !middle.text.includes('/d00'), `${middle.tileElements} tiles in the middle`);
    assertSnug(middle, 'in the middle');
    // Tab reaches the grid where the user is looking: the first scene's tile is gone, so the tab order holds
    // a tile on screen (it held one a quarter further down, or the first rendered above the screen, when a
    // grid position counting the headers was read as a scene's).
    assert.notEqual(middle.tabStopTile, undefined, 'a tile in the tab order');
    assert.ok(middle.tilesOnScreen.includes(scenes[middle.tabStopTile!]!.split('/').at(-1)!), `the tab stop (${scenes[middle.tabStopTile!]}) is on screen: ${middle.tilesOnScreen.join(' ')}`);
    const last = scenes.at(-1)!.split('/').at(-1)!;
    const end = await eventually(async () => {
      await preview.request('scrollGallery', { top: 1e9 });
      const s = await preview.snapshot();
      return s.tilesOnScreen.includes(last) ? s : undefined;
    }, 'the last scene on screen');
    // The last directory's header is drawn whenever its first row is (in VS Code 1.139's narrower editor its
    // 20 scenes take more rows than a screen, so at the very end its header may be scrolled away: seen in CI).
    const lastFirst = scenes[(DIRECTORIES - 1) * PER_DIRECTORY]!.split('/').at(-1)!;
    assert.ok(end.text.includes(directory(DIRECTORIES - 1)) || !end.text.includes(lastFirst), 'the last header, drawn with its first row');
    // Snug wherever a header is drawn at the end (none may be, in 1.139: every header was snug in the middle).
    if (end.text.includes(lastFirst)) assertSnug(end, 'at the end');

    // The keys: End to the last scene, Home back to the first, the header of the first directory shown with it.
    assert.equal(await preview.request('focusTile', { index: 0 }), true);
    await press(preview, 'End', scenes.length - 1);
    const home = await press(preview, 'Home', 0);
    assert.ok(home.galleryScroll <= 10, `Home scrolled to the first header (the scroller's padding at most), not to ${home.galleryScroll}`);
    // PageDown: a screen of tile rows further (the header rows on screen make that a little more than what was shown), PageUp back.
    await preview.request('press', { key: 'PageDown' });
    const down = await eventually(async () => {
      const s = await preview.snapshot();
      return (s.focusedTile ?? 0) > 0 && s.focusedTileInView ? s : undefined;
    }, 'a tile further down focused and in view after PageDown');
    assert.equal(down.focusedTile! % down.galleryColumns, 0, 'the same column');
    assert.ok(!home.tilesWhollyOnScreen.includes(scenes[down.focusedTile!]!.split('/').at(-1)!), 'a tile that was not wholly on screen');
    assertSnug(down, 'after PageDown');
    await press(preview, 'PageUp', 0);

    // The first directory collapsed: its tiles go, the next header comes up under it.
    const before = (await preview.snapshot()).tilesOnScreen.length;
    await preview.request('scrollGallery', { top: 0 });
    assert.ok(await preview.request('click', { selector: '.group-toggle' }));
    const collapsed = await eventually(async () => {
      const s = await preview.snapshot();
      return !s.tilesOnScreen.includes('s0000') && s.tilesOnScreen.includes('s0020') ? s : undefined;
    }, '/d00 collapsed');
    assert.ok(before > 0);
    assertSnug(collapsed, 'collapsed');
    assert.equal(collapsed.headerSpacing![1]!.directory, '/d01');
    assert.ok(collapsed.headerSpacing![0]!.below! <= 12);
  });
});
