import * as assert from 'node:assert/strict';
import { MAX_TILES, OVERSCAN_ROWS, columnsOf, scrollToShow, tileWindow } from '../../src/extension/preview/galleryWindow';

// The gallery renders only the tiles around the viewport (src/webview/gallery.ts): which ones is decided here.

describe('gallery window: which tiles to render', () => {
  const base = { count: 50_000, columns: 4, rowPitch: 100, viewportHeight: 450 };

  it('at the top: the visible rows and the overscan below, padding for the rest', () => {
    const w = tileWindow({ ...base, scrollTop: 0 });
    // Rows 0..4 are on screen (450 px of 100 px rows), then OVERSCAN_ROWS more.
    assert.equal(w.start, 0);
    assert.equal(w.end, (5 + OVERSCAN_ROWS) * 4);
    assert.equal(w.padTop, 0);
    assert.equal(w.totalRows, 12_500);
    assert.equal(w.padBottom, (12_500 - 5 - OVERSCAN_ROWS) * 100);
  });

  it('in the middle: starts OVERSCAN_ROWS rows above the first visible row, on a row boundary', () => {
    const w = tileWindow({ ...base, scrollTop: 250_050 });
    const firstVisibleRow = 2500;
    assert.equal(w.start, (firstVisibleRow - OVERSCAN_ROWS) * 4);
    assert.equal(w.start % 4, 0);
    assert.equal(w.padTop, (firstVisibleRow - OVERSCAN_ROWS) * 100);
    // Rows 2500..2505 are (partly) on screen: 250,050 to 250,500.
    assert.equal(w.end, (2505 + OVERSCAN_ROWS) * 4);
    assert.equal(w.padTop + ((w.end - w.start) / 4) * 100 + w.padBottom, w.totalRows * 100, 'the grid keeps its full height');
  });

  it('at the end: the last tile is rendered, the last row may be short', () => {
    const w = tileWindow({ ...base, count: 50_001, scrollTop: 1e9 });
    assert.equal(w.end, 50_001);
    assert.equal(w.totalRows, 12_501);
    assert.equal(w.padBottom, 0);
    assert.ok(w.start > 50_001 - MAX_TILES && w.start < 50_001);
  });

  it('keeps the DOM bounded whatever the count, and never more than MAX_TILES', () => {
    for (const count of [1_000, 50_000, 5_000_000]) {
      const w = tileWindow({ ...base, count, scrollTop: 12_345 });
      assert.ok(w.end - w.start <= (Math.ceil(450 / 100) + 1 + 2 * OVERSCAN_ROWS) * 4, `${w.end - w.start} tiles for ${count}`);
    }
    // A huge panel of tiny rows still renders at most MAX_TILES.
    const w = tileWindow({ count: 50_000, columns: 40, rowPitch: 10, viewportHeight: 5000, scrollTop: 0 });
    assert.ok(w.end - w.start <= MAX_TILES, `${w.end - w.start}`);
    assert.equal(w.start % 40, 0);
    assert.equal((w.end - w.start) % 40, 0, 'whole rows');
  });

  it('an empty or filtered-out list renders nothing; a zero pitch (not laid out yet) renders the first rows', () => {
    assert.deepEqual(tileWindow({ ...base, count: 0, scrollTop: 0 }), { start: 0, end: 0, padTop: 0, padBottom: 0, totalRows: 0 });
    const w = tileWindow({ ...base, rowPitch: 0, scrollTop: 500 });
    assert.equal(w.start, 0);
    assert.ok(w.end > 0 && w.end <= MAX_TILES);
  });

  it('scrolls a tile into view only when it is not fully visible', () => {
    const v = { columns: 4, rowPitch: 100, rowHeight: 90, viewportHeight: 450 };
    assert.equal(scrollToShow({ ...v, index: 5, scrollTop: 0 }), 0, 'row 1 is visible');
    assert.equal(scrollToShow({ ...v, index: 40, scrollTop: 0 }), 1000 + 90 - 450, 'row 10: its bottom at the viewport bottom');
    assert.equal(scrollToShow({ ...v, index: 0, scrollTop: 800 }), 0, 'row 0: its top at the viewport top');
  });

  it('reads the column count from the computed grid-template-columns', () => {
    assert.equal(columnsOf('190px 190px 190px'), 3);
    assert.equal(columnsOf('190.5px'), 1);
    assert.equal(columnsOf('none'), 1);
    assert.equal(columnsOf(''), 1);
  });
});
