import * as assert from 'node:assert/strict';
import { MAX_TILES, OVERSCAN_ROWS, columnsOf, rowsAbove, scrollToShow, tileWindow, uniformRows, variableRows } from '../../src/extension/preview/galleryWindow';

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

  describe('rows of their own heights (a whole room: a directory header row as tall as the header)', () => {
    // Row gap 10: header rows 30 px, tile rows 100 px. H T T H T H H T ...
    const heights = [30, 100, 100, 30, 100, 30, 30, 100];
    const rows = variableRows(heights, 10);

    it('each row starts after the ones above and their gaps; the row at a height is found by its top', () => {
      assert.deepEqual([0, 1, 2, 3, 4, 8].map((i) => rows.top(i)), [0, 40, 150, 260, 300, 600]);
      assert.equal(rows.count, 8);
      assert.deepEqual([0, 39, 40, 149, 150, 299, 300, 595, 1e9, -5].map((y) => rows.at(y)), [0, 0, 1, 1, 2, 3, 4, 7, 7, 0]);
      assert.deepEqual([0, 1, 40, 41].map((y) => rowsAbove(rows, y)), [0, 1, 1, 2], 'rows whose top is above y');
    });

    it('the window pads with the real heights of the rows left out, so the grid keeps its height', () => {
      const many = variableRows(Array.from({ length: 1000 }, (_, i) => (i % 5 === 0 ? 30 : 100)), 10);
      const w = tileWindow({ count: 4000, columns: 4, rowPitch: 110, rows: many, scrollTop: 50_000, viewportHeight: 450 });
      const startRow = w.start / 4;
      const endRow = Math.ceil(w.end / 4);
      assert.equal(w.start % 4, 0);
      assert.equal(w.padTop, many.top(startRow));
      assert.equal(w.padBottom, many.top(1000) - many.top(endRow));
      // The visible rows are those from 50,000 to 50,450, plus the overscan.
      assert.equal(startRow, many.at(50_000) - OVERSCAN_ROWS);
      assert.equal(endRow, rowsAbove(many, 50_450) + OVERSCAN_ROWS);
      // Uniform rows give what the pitch alone gives.
      assert.deepEqual(tileWindow({ ...base, rows: uniformRows(12_500, 100), scrollTop: 250_050 }), tileWindow({ ...base, scrollTop: 250_050 }));
    });

    it('with short header rows more rows fill the view than with tile-high ones', () => {
      const headersOnly = variableRows(Array(100).fill(30), 10);
      const w = tileWindow({ count: 400, columns: 4, rowPitch: 110, rows: headersOnly, scrollTop: 0, viewportHeight: 450 });
      assert.equal(w.end / 4, Math.ceil(450 / 40) + OVERSCAN_ROWS);
      assert.equal(w.padBottom, headersOnly.top(100) - headersOnly.top(w.end / 4));
    });

    it('scrolls a tile row into view by its own top, below the shorter header rows', () => {
      const v = { columns: 2, rowPitch: 110, rowHeight: 100, viewportHeight: 200, rows };
      // Index 8 is in row 4 (top 300, bottom 400).
      assert.equal(scrollToShow({ ...v, index: 8, scrollTop: 0 }), 400 - 200);
      assert.equal(scrollToShow({ ...v, index: 2, scrollTop: 100 }), 40, 'row 1 (top 40) scrolled down to');
      assert.equal(scrollToShow({ ...v, index: 8, scrollTop: 250 }), 250, 'wholly visible: no scroll');
    });
  });

  it('reads the column count from the computed grid-template-columns', () => {
    assert.equal(columnsOf('190px 190px 190px'), 3);
    assert.equal(columnsOf('190.5px'), 1);
    assert.equal(columnsOf('none'), 1);
    assert.equal(columnsOf(''), 1);
  });
});
