import type { Box } from './types';

/**
 * How changed pixels (MaskValue.changed, the compared overlap) group into boxes:
 * - Two changed pixels belong to the same region when a chain of changed pixels joins them in which each
 *   step is at most GAP + 1 pixels in x and in y (Chebyshev distance ≤ 3: up to two unchanged pixels in
 *   between). GAP 0 would be plain 8-connectivity; 2 keeps an anti-aliased or dashed stroke, whose edge
 *   pixels pixelmatch does not count, in one box instead of dozens.
 * - When that gives more than `maxBoxes` regions, the mask is pooled into 2 × 2 cells (a cell is changed
 *   when any of its pixels is) and the cells are grouped by the same rule, then 4 × 4, 8 × 8, … until at
 *   most `maxBoxes` remain: nearby regions merge first, and a noisy picture ends as a few large boxes
 *   rather than thousands of specks.
 * - Each box is the exact bounding box of the changed pixels of its region, whatever the cell size.
 * - Boxes that then overlap or come within GAP + 1 pixels of each other merge into their joint bounding
 *   box (repeatedly), so that no box lies inside or across another.
 * - Boxes are sorted top to bottom, then left to right.
 */
export const GAP = 2;
export const MAX_BOXES = 100;

export function findBoxes(mask: Uint8Array, width: number, height: number, maxBoxes = MAX_BOXES): Box[] {
  if (maxBoxes < 1) throw new RangeError('maxBoxes must be at least 1');
  // The mask itself is the first grid: 1 is changed there, as in the pooled grids of 0 and 1.
  let grid = mask;
  let gw = width;
  let gh = height;
  let shift = 0; // cells of 2^shift × 2^shift pixels
  for (;;) {
    const spans = label(grid, gw, gh);
    if (spans.count <= maxBoxes) {
      const boxes = shift === 0 ? spanBoxes(spans) : exactBoxes(mask, width, height, cellRegions(spans, grid, gw, gh), gw, shift, spans.count);
      return mergeNear(boxes).sort((a, b) => a.y - b.y || a.x - b.x);
    }
    const pooled = pool(grid, gw, gh);
    grid = pooled.grid;
    gw = pooled.width;
    gh = pooled.height;
    shift++;
  }
}

/** Row spans of set cells and the region each belongs to. */
interface Spans {
  count: number;
  /** Spans of row y: rowStart[y] … rowStart[y + 1] - 1. */
  rowStart: Int32Array;
  x0: Int32Array;
  x1: Int32Array;
  region: Int32Array;
}

/** A half-size grid: each cell is the OR of a 2 × 2 block of the one before. */
function pool(grid: Uint8Array, gw: number, gh: number): { grid: Uint8Array; width: number; height: number } {
  const width = Math.ceil(gw / 2);
  const height = Math.ceil(gh / 2);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < gh; y++) {
    const row = y * gw;
    const outRow = (y >> 1) * width;
    for (let x = 0; x < gw; x++) if (grid[row + x] === 1) out[outRow + (x >> 1)] = 1;
  }
  return { grid: out, width, height };
}

/**
 * Groups the set cells of a grid by the GAP rule. Works on row spans: runs of set cells, where runs of a
 * row at most GAP apart are one span, and a span joins those of the GAP + 1 rows above it whose ranges,
 * widened by GAP + 1, overlap it (union-find over spans).
 */
function label(grid: Uint8Array, gw: number, gh: number): Spans {
  let x0 = new Int32Array(1024);
  let x1 = new Int32Array(1024);
  let n = 0;
  const rowStart = new Int32Array(gh + 1);
  const push = (a: number, b: number): void => {
    if (n === x0.length) {
      const grow = (arr: Int32Array) => {
        const bigger = new Int32Array(arr.length * 2);
        bigger.set(arr);
        return bigger;
      };
      x0 = grow(x0);
      x1 = grow(x1);
    }
    x0[n] = a;
    x1[n] = b;
    n++;
  };
  for (let y = 0; y < gh; y++) {
    rowStart[y] = n;
    const row = y * gw;
    // Most rows of a whiteboard's difference are empty: a native scan finds that, and bounds the loop.
    const cells = grid.subarray(row, row + gw);
    const first = cells.indexOf(1);
    if (first < 0) continue;
    const end = cells.lastIndexOf(1) + 1;
    let start = -1;
    let last = -1;
    for (let x = first; x < end; x++) {
      if (grid[row + x] !== 1) continue;
      if (start >= 0 && x - last - 1 <= GAP) {
        last = x;
      } else {
        if (start >= 0) push(start, last);
        start = last = x;
      }
    }
    if (start >= 0) push(start, last);
  }
  rowStart[gh] = n;

  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const reach = GAP + 1;
  for (let y = 1; y < gh; y++) {
    const sEnd = rowStart[y + 1]!;
    if (rowStart[y] === sEnd) continue;
    for (let up = y - 1; up >= 0 && up >= y - reach; up--) {
      const tEnd = rowStart[up + 1]!;
      let j = rowStart[up]!;
      for (let s = rowStart[y]!; s < sEnd && j < tEnd; s++) {
        // Spans of a row are sorted and disjoint: skip those that end before this one can reach.
        while (j < tEnd && x1[j]! + reach < x0[s]!) j++;
        for (let k = j; k < tEnd && x0[k]! <= x1[s]! + reach; k++) {
          const a = find(s);
          const b = find(k);
          if (a !== b) parent[a < b ? b : a] = a < b ? a : b;
        }
      }
    }
  }

  // Regions numbered in the order their first span appears.
  const ids = new Int32Array(n).fill(-1);
  const region = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const root = find(i);
    if (ids[root] === -1) ids[root] = count++;
    region[i] = ids[root]!;
  }
  return { count, rowStart, x0: x0.subarray(0, n), x1: x1.subarray(0, n), region };
}

/** At pixel level a span's ends are changed pixels, so the spans give the boxes directly. */
function spanBoxes(spans: Spans): Box[] {
  const { count, rowStart, x0, x1, region } = spans;
  const boxes: Box[] = Array.from({ length: count }, () => ({ x: Infinity, y: Infinity, width: 0, height: 0 }));
  const right = new Int32Array(count).fill(-1);
  const bottom = new Int32Array(count).fill(-1);
  for (let y = 0; y + 1 < rowStart.length; y++) {
    for (let s = rowStart[y]!; s < rowStart[y + 1]!; s++) {
      const id = region[s]!;
      const box = boxes[id]!;
      if (x0[s]! < box.x) box.x = x0[s]!;
      if (y < box.y) box.y = y;
      if (x1[s]! > right[id]!) right[id] = x1[s]!;
      bottom[id] = y;
    }
  }
  boxes.forEach((box, id) => {
    box.width = right[id]! - box.x + 1;
    box.height = bottom[id]! - box.y + 1;
  });
  return boxes;
}

/** Per cell of a pooled grid: its region, or -1 when it is not changed. */
function cellRegions(spans: Spans, grid: Uint8Array, gw: number, gh: number): Int32Array {
  const cell = new Int32Array(gw * gh).fill(-1);
  for (let y = 0; y < gh; y++) {
    const row = y * gw;
    for (let s = spans.rowStart[y]!; s < spans.rowStart[y + 1]!; s++) {
      for (let x = spans.x0[s]!; x <= spans.x1[s]!; x++) if (grid[row + x] === 1) cell[row + x] = spans.region[s]!;
    }
  }
  return cell;
}

/** The bounding box, in pixels, of the changed pixels of each region of a grid of 2^shift-pixel cells. */
function exactBoxes(mask: Uint8Array, width: number, height: number, cell: Int32Array, gw: number, shift: number, count: number): Box[] {
  const minX = new Int32Array(count).fill(width);
  const minY = new Int32Array(count).fill(height);
  const maxX = new Int32Array(count).fill(-1);
  const maxY = new Int32Array(count).fill(-1);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const cellRow = (y >> shift) * gw;
    for (let x = 0; x < width; x++) {
      if (mask[row + x] !== 1) continue;
      const id = cell[cellRow + (x >> shift)]!;
      if (x < minX[id]!) minX[id] = x;
      if (x > maxX[id]!) maxX[id] = x;
      if (y < minY[id]!) minY[id] = y;
      if (y > maxY[id]!) maxY[id] = y;
    }
  }
  return Array.from({ length: count }, (_, id) => ({ x: minX[id]!, y: minY[id]!, width: maxX[id]! - minX[id]! + 1, height: maxY[id]! - minY[id]! + 1 }));
}

/** Unchanged pixels between two boxes along the axis where they are furthest apart (negative: overlap). */
function gapBetween(a: Box, b: Box): number {
  return Math.max(b.x - (a.x + a.width), a.x - (b.x + b.width), b.y - (a.y + a.height), a.y - (b.y + b.height));
}

/** Merges boxes that overlap or lie within GAP of each other until none do (at most MAX_BOXES of them). */
function mergeNear(boxes: Box[]): Box[] {
  const out = boxes.map((b) => ({ ...b }));
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < out.length && !merged; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (gapBetween(a, b) > GAP) continue;
        const x = Math.min(a.x, b.x);
        const y = Math.min(a.y, b.y);
        out[i] = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
        out.splice(j, 1);
        merged = true;
        break;
      }
    }
  }
  return out;
}
