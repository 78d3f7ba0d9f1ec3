import * as assert from 'node:assert/strict';
import { diffImages } from '../../src/core/images/diffImages';
import { MaskValue, type DecodedImage } from '../../src/core/images/types';
import { copy, paint, solid, whiteboard } from '../support/pngs';

const WHITE: [number, number, number, number] = [255, 255, 255, 255];
const RED: [number, number, number, number] = [220, 30, 30, 255];

function changedAt(mask: Uint8Array, width: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  mask.forEach((v, i) => {
    if (v & 1) out.push([i % width, Math.floor(i / width)]);
  });
  return out;
}

function invalidInput(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: Error & { code?: string }) => err.name === 'SceneSnapError' && err.code === 'invalidInput' && message.test(err.message));
}

describe('diffImages (pixelmatch on decoded images)', () => {
  const base = (): DecodedImage => solid(200, 150, WHITE);

  it('a 10×10 block changed: 100 pixels and exactly that box', () => {
    const a = base();
    const b = paint(base(), 40, 30, 10, 10, RED);
    const r = diffImages(a, b);
    assert.equal(r.changedPixels, 100);
    assert.equal(r.changedRatio, 100 / (200 * 150));
    assert.deepEqual(r.boxes, [{ x: 40, y: 30, width: 10, height: 10 }]);
    assert.equal(r.sizeChanged, false);
    assert.equal(r.width, 200);
    assert.equal(r.height, 150);
    const changed = changedAt(r.mask, 200);
    assert.equal(changed.length, 100);
    assert.ok(changed.every(([x, y]) => x >= 40 && x < 50 && y >= 30 && y < 40));
  });

  it('two separate blocks: two boxes, top to bottom', () => {
    const b = paint(paint(base(), 120, 100, 20, 5, RED), 10, 10, 10, 10, [0, 0, 200, 255]);
    const r = diffImages(base(), b);
    assert.equal(r.changedPixels, 100 + 100);
    assert.deepEqual(r.boxes, [
      { x: 10, y: 10, width: 10, height: 10 },
      { x: 120, y: 100, width: 20, height: 5 },
    ]);
  });

  it('identical images: 0 changed pixels, no boxes, an all-unchanged mask', () => {
    const a = whiteboard(300, 200, 11);
    const r = diffImages(a, copy(a));
    assert.equal(r.changedPixels, 0);
    assert.equal(r.changedRatio, 0);
    assert.deepEqual(r.boxes, []);
    assert.equal(r.sizeChanged, false);
    assert.ok(r.mask.every((v) => v === MaskValue.same));
  });

  it('b wider: the extra columns count as changed and form their own box', () => {
    const a = solid(100, 80, WHITE);
    const b = solid(120, 80, WHITE);
    const r = diffImages(a, b);
    assert.equal(r.sizeChanged, true);
    assert.equal([r.width, r.height].join('×'), '120×80');
    assert.equal(r.changedPixels, 20 * 80);
    assert.equal(r.changedRatio, (20 * 80) / (120 * 80));
    assert.deepEqual(r.boxes, [{ x: 100, y: 0, width: 20, height: 80 }]);
    assert.equal(r.mask[0 * 120 + 100], MaskValue.inOne);
    assert.equal(r.mask[79 * 120 + 99], MaskValue.same);
  });

  it('a wider, b taller: union size; pixels inside one image count, the corner inside neither does not', () => {
    const a = paint(solid(120, 80, WHITE), 5, 5, 10, 10, RED); // a change inside the overlap too
    const b = solid(100, 90, WHITE);
    const r = diffImages(a, b);
    assert.equal(r.sizeChanged, true);
    assert.equal([r.width, r.height].join('×'), '120×90');
    const onlyOne = 120 * 80 + 100 * 90 - 2 * (100 * 80); // wa·ha + wb·hb − 2·overlap
    assert.equal(onlyOne, 2600);
    assert.equal(r.changedPixels, 100 + onlyOne);
    assert.equal(r.changedRatio, (100 + onlyOne) / (120 * 90));
    assert.equal(r.mask[85 * 120 + 110], MaskValue.inNeither);
    assert.equal(r.mask[10 * 120 + 110], MaskValue.inOne); // a's right strip
    assert.equal(r.mask[85 * 120 + 50], MaskValue.inOne); // b's bottom strip
    assert.equal(r.mask[10 * 120 + 10], MaskValue.changed);
    // The extra area as two boxes of its own (right of the overlap, below it), the block as its box.
    assert.deepEqual(r.boxes, [
      { x: 100, y: 0, width: 20, height: 80 },
      { x: 5, y: 5, width: 10, height: 10 },
      { x: 0, y: 80, width: 100, height: 10 },
    ]);
  });

  it('a bigger in both directions: the extra area is an L of two boxes that do not overlap', () => {
    const r = diffImages(solid(130, 90, WHITE), solid(100, 80, WHITE));
    assert.equal(r.changedPixels, 130 * 90 - 100 * 80);
    assert.deepEqual(r.boxes, [
      { x: 100, y: 0, width: 30, height: 80 },
      { x: 0, y: 80, width: 130, height: 10 },
    ]);
    assert.ok(r.mask.every((v) => v !== MaskValue.inNeither));
  });

  it('the same content in a smaller picture: only the missing rows change', () => {
    const big = whiteboard(160, 120, 4);
    const small: DecodedImage = { width: 160, height: 100, data: big.data.slice(0, 160 * 100 * 4) };
    const r = diffImages(big, small);
    assert.equal(r.changedPixels, 160 * 20);
    assert.deepEqual(r.boxes, [{ x: 0, y: 100, width: 160, height: 20 }]);
  });

  it('respects the threshold: a slight colour change counts at 0, not at 0.5; default 0.1', () => {
    const a = base();
    const b = paint(base(), 50, 50, 10, 10, [248, 250, 255, 255]);
    assert.equal(diffImages(a, b, { threshold: 0 }).changedPixels, 100);
    assert.equal(diffImages(a, b, { threshold: 0.5 }).changedPixels, 0);
    assert.equal(diffImages(a, b).changedPixels, diffImages(a, b, { threshold: 0.1 }).changedPixels);
    const strong = paint(base(), 50, 50, 10, 10, [0, 0, 0, 255]);
    assert.equal(diffImages(a, strong, { threshold: 0.5 }).changedPixels, 100);
  });

  it('rejects a threshold outside 0..1 with invalidInput', () => {
    for (const threshold of [-0.01, 1.01, Number.NaN, Infinity, '0.5' as unknown as number]) {
      invalidInput(() => diffImages(base(), base(), { threshold }), /threshold must be a number from 0 to 1/);
    }
  });

  it('keeps an anti-aliased stroke in one box', () => {
    const a = solid(300, 200, WHITE);
    const b = copy(a);
    // A diagonal pen stroke with soft edges, as a whiteboard draws it.
    for (let t = 0; t < 200; t++) {
      const cx = 40 + t;
      const cy = 30 + t * 0.6;
      for (let dy = -4; dy <= 4; dy++) {
        for (let dx = -4; dx <= 4; dx++) {
          const x = Math.floor(cx) + dx;
          const y = Math.floor(cy) + dy;
          const coverage = Math.min(1, Math.max(0, 2.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
          if (coverage <= 0) continue;
          const p = (y * 300 + x) * 4;
          for (let k = 0; k < 3; k++) b.data[p + k] = Math.min(b.data[p + k]!, Math.round(255 - coverage * 200));
        }
      }
    }
    const r = diffImages(a, b);
    assert.ok(r.changedPixels > 500, `${r.changedPixels} changed`);
    assert.equal(r.boxes.length, 1, JSON.stringify(r.boxes));
  });
});
