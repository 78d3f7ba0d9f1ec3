/**
 * Which tiles of the gallery are in the DOM (src/webview/gallery.ts): the rows around the viewport, the
 * others stand in as padding of the grid. So a directory of 50,000 scenes has as many tile elements as a
 * screenful, and scrolling, filtering and layout cost the same whatever the count. Pure: no DOM.
 *
 * Positions here are into the list of scenes the filter shows, in rows of `columns` tiles; `rowPitch` is a
 * row's height plus the grid's row gap, every row being as tall as the others.
 */

/** Rows rendered above and below the visible ones, so a scroll of a few rows shows tiles already laid out. */
export const OVERSCAN_ROWS = 3;
/** Never more tiles than this in the DOM, whatever the panel's size (a hard bound beside the viewport's). */
export const MAX_TILES = 600;
/** Rows rendered before the grid has been laid out (the pitch not measured yet). */
const UNMEASURED_ROWS = 6;

export interface WindowInput {
  /** Tiles the filter shows. */
  count: number;
  columns: number;
  rowPitch: number;
  /** From the grid's top (not the scroller's). */
  scrollTop: number;
  viewportHeight: number;
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
  const pitch = input.rowPitch;
  if (!(pitch > 0)) {
    const rows = Math.min(totalRows, UNMEASURED_ROWS, maxRows);
    return { start: 0, end: Math.min(count, rows * columns), padTop: 0, padBottom: 0, totalRows };
  }
  const viewport = Math.max(0, input.viewportHeight);
  // As the browser does: no scrolling past the end.
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, totalRows * pitch - viewport));
  const firstVisible = Math.min(totalRows - 1, Math.floor(scrollTop / pitch));
  const endVisible = Math.min(totalRows, Math.max(firstVisible + 1, Math.ceil((scrollTop + viewport) / pitch)));
  let startRow = Math.max(0, firstVisible - OVERSCAN_ROWS);
  let endRow = Math.min(totalRows, endVisible + OVERSCAN_ROWS);
  if (endRow - startRow > maxRows) {
    // Too many for the bound: the visible rows first, the overscan only as far as the bound allows.
    startRow = Math.max(0, Math.min(firstVisible, endVisible - maxRows));
    endRow = Math.min(totalRows, startRow + maxRows);
  }
  return { start: startRow * columns, end: Math.min(count, endRow * columns), padTop: startRow * pitch, padBottom: (totalRows - endRow) * pitch, totalRows };
}

/** The scrollTop (from the grid's top) at which the tile at `index` is wholly visible, moving as little as possible. */
export function scrollToShow(o: { index: number; columns: number; rowPitch: number; rowHeight: number; scrollTop: number; viewportHeight: number }): number {
  const row = Math.floor(o.index / Math.max(1, o.columns));
  const top = row * o.rowPitch;
  const bottom = top + o.rowHeight;
  if (top < o.scrollTop) return top;
  if (bottom > o.scrollTop + o.viewportHeight) return Math.max(0, bottom - o.viewportHeight);
  return o.scrollTop;
}

/** The number of columns of a grid, from its computed `grid-template-columns` ("190px 190px 190px"). */
export function columnsOf(template: string): number {
  return Math.max(1, template.split(/\s+/).filter((track) => /px$/.test(track)).length);
}
