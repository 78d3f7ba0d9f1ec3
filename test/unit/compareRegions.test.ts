import * as assert from 'node:assert/strict';
import { findBoxes, GAP, MAX_BOXES } from '../../src/core/images/regions';
import type { Box } from '../../src/core/images/types';

/** A mask from rows of text: '#' changed, '.' unchanged. */
function mask(rows: string[]): { mask: Uint8Array; width: number; height: number } {
  const width = rows[0]!.length;
  const m = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (m[y * width + x] = c === '#' ? 1 : 0)));
  return { mask: m, width, height: rows.length };
}

function boxes(rows: string[], max?: number): Box[] {
  const { mask: m, width, height } = mask(rows);
  return findBoxes(m, width, height, max);
}

describe('findBoxes (changed pixels → region boxes)', () => {
  it('joins diagonal neighbours (8-connectivity)', () => {
    assert.deepEqual(boxes(['#...', '.#..', '..#.']), [{ x: 0, y: 0, width: 3, height: 3 }]);
  });

  it(`joins pixels up to ${GAP} unchanged pixels apart, in x, in y and diagonally, and no further`, () => {
    assert.equal(GAP, 2);
    assert.deepEqual(boxes(['#..#']), [{ x: 0, y: 0, width: 4, height: 1 }]);
    assert.deepEqual(boxes(['#...#']), [
      { x: 0, y: 0, width: 1, height: 1 },
      { x: 4, y: 0, width: 1, height: 1 },
    ]);
    assert.deepEqual(boxes(['#', '.', '.', '#']), [{ x: 0, y: 0, width: 1, height: 4 }]);
    assert.equal(boxes(['#', '.', '.', '.', '#']).length, 2);
    assert.deepEqual(boxes(['#....', '.....', '.....', '...#.']), [{ x: 0, y: 0, width: 4, height: 4 }]);
    assert.equal(boxes(['#.....', '......', '......', '......', '....#.']).length, 2);
  });

  it('follows a dashed line into one box, and keeps a far one apart', () => {
    const dashed = '##..##..##..##..##....................##';
    assert.deepEqual(boxes([dashed]), [
      { x: 0, y: 0, width: 18, height: 1 },
      { x: 38, y: 0, width: 2, height: 1 },
    ]);
  });

  it('sorts boxes top to bottom, then left to right', () => {
    const b = boxes(['.......#', '........', '........', '........', '#......#']);
    assert.deepEqual(b.map((x) => [x.x, x.y]), [[7, 0], [0, 4], [7, 4]]);
  });

  it('merges boxes that overlap even when their pixels are apart (no box inside another)', () => {
    // A ring and a dot inside it, more than GAP from the ring.
    const ring = ['##########', '#........#', '#........#', '#...#....#', '#........#', '#........#', '##########'];
    assert.deepEqual(boxes(ring), [{ x: 0, y: 0, width: 10, height: 7 }]);
  });

  /** Whether every changed pixel lies in a box and every edge of every box touches a changed pixel. */
  function assertCoveredAndTight(m: Uint8Array, width: number, b: Box[]): void {
    const has = (px: number, py: number) => m[py * width + px] === 1;
    m.forEach((v, i) => {
      const [x, y] = [i % width, Math.floor(i / width)];
      if (v === 1) assert.ok(b.some((r) => x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height), `(${x}, ${y}) in no box`);
    });
    const along = (n: number, f: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).some(f);
    for (const r of b) {
      assert.ok(along(r.width, (i) => has(r.x + i, r.y)) && along(r.width, (i) => has(r.x + i, r.y + r.height - 1)), JSON.stringify(r));
      assert.ok(along(r.height, (i) => has(r.x, r.y + i)) && along(r.height, (i) => has(r.x + r.width - 1, r.y + i)), JSON.stringify(r));
    }
  }

  it(`caps the boxes at ${MAX_BOXES}: nearby specks merge first, into tight boxes`, () => {
    // 25 clusters of 25 specks: specks 6 px apart (too far at pixel level), clusters 80 px apart.
    const width = 400;
    const height = 400;
    const m = new Uint8Array(width * height);
    const clusters: Box[] = [];
    for (let cy = 0; cy < 5; cy++) {
      for (let cx = 0; cx < 5; cx++) {
        const [x0, y0] = [10 + cx * 80, 10 + cy * 80];
        for (let j = 0; j < 5; j++) for (let i = 0; i < 5; i++) m[(y0 + j * 6) * width + x0 + i * 6] = 1;
        clusters.push({ x: x0, y: y0, width: 25, height: 25 });
      }
    }
    assert.equal(findBoxes(m, width, height, 1000).length, 625);
    const b = findBoxes(m, width, height);
    assert.deepEqual(b, clusters);
    assertCoveredAndTight(m, width, b);
  });

  it('even a uniform field of specks ends in at most the cap, every changed pixel in a box', () => {
    const width = 400;
    const height = 400;
    const m = new Uint8Array(width * height);
    for (let y = 2; y < height; y += 10) for (let x = 3; x < width; x += 10) m[y * width + x] = 1;
    for (const max of [MAX_BOXES, 10, 1]) {
      const b = findBoxes(m, width, height, max);
      assert.ok(b.length >= 1 && b.length <= max, `${b.length} boxes`);
      assertCoveredAndTight(m, width, b);
    }
    assert.deepEqual(findBoxes(m, width, height, 1), [{ x: 3, y: 2, width: 391, height: 391 }]);
  });

  it('is quick on a full-HD mask of noise', () => {
    const width = 1920;
    const height = 1080;
    const m = new Uint8Array(width * height);
    let seed = 1;
    for (let i = 0; i < m.length; i++) if (((seed = (seed * 1664525 + 1013904223) >>> 0) >>> 24) < 8) m[i] = 1;
    const b = findBoxes(m, width, height);
    assert.ok(b.length >= 1 && b.length <= MAX_BOXES);
  });
});
