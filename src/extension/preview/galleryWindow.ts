/**
 * Which tiles of the gallery are in the DOM (src/webview/gallery.ts): the rows around the viewport, the
 * others stand in as padding of the grid. So a directory of 50,000 scenes has as many tile elements as a
 * screenful, and scrolling, filtering and layout cost the same whatever the count. Pure: no DOM.
 *
 * Positions here are into the list of scenes the filter shows, in rows of `columns` tiles; `rowPitch` is a
 * row's height plus the grid's row gap, every row being as tall as the others, unless `rows` gives each
 * row its own height (a whole room's gallery: a directory header's row is only as tall as the header).
 */

/** Rows rendered above and below the visible ones, so a scroll of a few rows shows tiles already laid out. */
export const OVERSCAN_ROWS = 3;
/** Never more tiles than this in the DOM, whatever the panel's size (a hard bound beside the viewport's). */
export const MAX_TILES = 600;
/** Rows rendered before the grid has been laid out (the pitch not measured yet). */
const UNMEASURED_ROWS = 6;

/** The grid's rows by where each starts: all one pitch, or each its own height. */
export interface Rows {
  count: number;
  /** The top of row `i` from the grid's top, for 0 <= i <= count (top(count): the grid's height and one gap). */
  top(i: number): number;
  /** The row at height `y`: the last one whose top is at or above it, clamped to the rows there are. */
  at(y: number): number;
}

export function uniformRows(count: number, pitch: number): Rows {
  return {
    count,
    top: (i) => i * pitch,
    at: (y) => Math.max(0, Math.min(count - 1, Math.floor(y / pitch))),
  };
}

/** Rows of the given heights, `gap` apart. Their tops are summed once, then found by bisection (a scroll costs log(rows)). */
export function variableRows(heights: readonly number[], gap: number): Rows {
  const tops = new Float64Array(heights.length + 1);
  heights.forEach((height, i) => (tops[i + 1] = tops[i]! + height + gap));
  return {
    count: heights.length,
    top: (i) => tops[i]!,
    at: (y) => {
      let low = 0;
      let high = heights.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (tops[mid]! <= y) low = mid;
        else high = mid - 1;
      }
      return Math.max(0, low);
    },
  };
}

/** How many rows start above height `y` (the first row starting at or below it). */
export function rowsAbove(rows: Rows, y: number): number {
  if (rows.count === 0) return 0;
  const row = rows.at(y);
  return rows.top(row) < y ? row + 1 : row;
}

export interface WindowInput {
  /** Tiles the filter shows. */
  count: number;
  columns: number;
  rowPitch: number;
  /** From the grid's top (not the scroller's). */
  scrollTop: number;
  viewportHeight: number;
  /** Each row's own top, when the rows are not all `rowPitch` apart; only once they are measured. */
  rows?: Rows;
}

export interface TileWindow {
  /** First position rendered; always the first of a row. */
  start: number;
  /** Position after the last one rendered. */
  end: number;
  /** Height standing in for the rows above and below the rendered ones. */
  padTop: number;
  padBottom: number;
  totalRows: number;
}

export function tileWindow(input: WindowInput): TileWindow {
  const count = Math.max(0, Math.floor(input.count));
  const columns = Math.max(1, Math.floor(input.columns));
  const totalRows = Math.ceil(count / columns);
  if (totalRows === 0) return { start: 0, end: 0, padTop: 0, padBottom: 0, totalRows: 0 };
  const maxRows = Math.max(1, Math.floor(MAX_TILES / columns));
  const rows = input.rows ?? (input.rowPitch > 0 ? uniformRows(totalRows, input.rowPitch) : undefined);
  if (!rows) {
    const unmeasured = Math.min(totalRows, UNMEASURED_ROWS, maxRows);
    return { start: 0, end: Math.min(count, unmeasured * columns), padTop: 0, padBottom: 0, totalRows };
  }
  const height = rows.top(totalRows);
  const viewport = Math.max(0, input.viewportHeight);
  // As the browser does: no scrolling past the end.
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, height - viewport));
  const firstVisible = Math.min(totalRows - 1, rows.at(scrollTop));
  const endVisible = Math.min(totalRows, Math.max(firstVisible + 1, rowsAbove(rows, scrollTop + viewport)));
  let startRow = Math.max(0, firstVisible - OVERSCAN_ROWS);
  let endRow = Math.min(totalRows, endVisible + OVERSCAN_ROWS);
  if (endRow - startRow > maxRows) {
    // Too many for the bound: the visible rows first, the overscan only as far as the bound allows.
    startRow = Math.max(0, Math.min(firstVisible, endVisible - maxRows));
    endRow = Math.min(totalRows, startRow + maxRows);
  }
  return { start: startRow * columns, end: Math.min(count, endRow * columns), padTop: rows.top(startRow), padBottom: height - rows.top(endRow), totalRows };
}

/** The scrollTop (from the grid's top) at which the tile at `index` is wholly visible, moving as little as possible. */
export function scrollToShow(o: { index: number; columns: number; rowPitch: number; rowHeight: number; scrollTop: number; viewportHeight: number; rows?: Rows }): number {
  const row = Math.floor(o.index / Math.max(1, o.columns));
  const top = o.rows ? o.rows.top(row) : row * o.rowPitch;
  const bottom = top + o.rowHeight;
  if (top < o.scrollTop) return top;
  if (bottom > o.scrollTop + o.viewportHeight) return Math.max(0, bottom - o.viewportHeight);
  return o.scrollTop;
}

/** The number of columns of a grid, from its computed `grid-template-columns` ("190px 190px 190px"). */
export function columnsOf(template: string): number {
  return Math.max(1, template.split(/\s+/).filter((track) => /px$/.test(track)).length);
}
