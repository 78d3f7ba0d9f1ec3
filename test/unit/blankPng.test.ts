import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MAX_PIXELS } from '../../src/core/images/pngHeader';
import { blankCandidateMaxBytes, checkBlankPng, isBlankPng, mayBeBlank } from '../../src/core/images/blankPng';
import { deflatedZeros, emptyPng, emptyScenePng, peakGrowth, pngWith, rawBytes, withText } from '../support/bigPngs';
import { encode, paint, solid, whiteboard } from '../support/pngs';

const MB = 1024 * 1024;

describe('blank check of a kept PNG (size first, decode only the nearly empty)', () => {
  it('calls a one-colour 1280×720 PNG blank, RGB or RGBA', async () => {
    for (const type of [2, 6] as const) {
      const png = encode(solid(1280, 720, [240, 240, 240, 255]), type);
      assert.ok(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), `${png.length} bytes is a candidate`);
      assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), true);
    }
  });

  it('one differing pixel is not blank: the first, the last, one in the middle, or in alpha only', async () => {
    for (const [x, y, colour] of [[0, 0, [0, 0, 0, 255]], [319, 179, [0, 0, 0, 255]], [160, 90, [255, 255, 254, 255]], [5, 100, [255, 255, 255, 254]]] as const) {
      const png = encode(paint(solid(320, 180), x, y, 1, 1, [...colour]));
      assert.equal(await isBlankPng(png, { width: 320, height: 180 }), false, `${x},${y}`);
    }
  });

  it('agrees with a full decode on every filter type (pngjs picks them per row)', async () => {
    // A gradient makes the encoder use Sub, Up, Average and Paeth; blank versions of it must still be blank.
    const board = solid(97, 61, [12, 34, 56, 255]);
    assert.equal(await isBlankPng(encode(board, 6), { width: 97, height: 61 }), true);
    const striped = paint(solid(97, 61, [12, 34, 56, 255]), 0, 30, 97, 1, [12, 34, 57, 255]);
    assert.equal(await isBlankPng(encode(striped, 2), { width: 97, height: 61 }), false);
  });

  it('a blank 1280×720 check is quick (no full decode to RGBA)', async () => {
    const png = encode(solid(1280, 720, [240, 240, 240, 255]), 2);
    await isBlankPng(png, { width: 1280, height: 720 });
    const started = performance.now();
    assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), true);
    assert.ok(performance.now() - started < 200, `${Math.round(performance.now() - started)} ms`);
  });

  it('a whiteboard with content is judged by its size alone (not decoded), and is not blank', async () => {
    const png = encode(whiteboard(1280, 720, 7));
    assert.ok(png.length > blankCandidateMaxBytes(1280, 720), `a board with strokes is ${png.length} bytes`);
    assert.equal(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), false);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), false);
    assert.ok(performance.now() - started < 50, 'a thousand content PNGs cost nothing');
  });

  it('bytes that are not a decodable PNG are not called blank', async () => {
    const png = encode(solid(64, 64));
    const broken = png.slice(0, png.length - 20);
    assert.equal(await isBlankPng(broken, { width: 64, height: 64 }), false);
    assert.equal(await isBlankPng(new Uint8Array([1, 2, 3]), { width: 64, height: 64 }), false);
  });

  it("the fake service's blank board is blank, its drawn scene is not (RGB, Sub filter, as pngjs writes them)", async () => {
    const { renderScenePng } = await import('../fake-netless/png.mjs');
    assert.equal(await isBlankPng(renderScenePng({ room: 'r', scene: '/init', width: 320, height: 180, blank: true }), { width: 320, height: 180 }), true);
    assert.equal(await isBlankPng(renderScenePng({ room: 'r', scene: '/init', width: 320, height: 180 }), { width: 320, height: 180 }), false);
  });
});

describe('blank check budget (a kept PNG may claim any size: a bucket object is not trusted)', () => {
  it('a tiny PNG claiming 60000×60000 is too large to check, before anything is inflated', async () => {
    // Its IDAT is a real bomb (60 MB of zeros in ~60 KB), so inflating it at all would show in memory.
    const png = pngWith({ width: 60000, height: 60000, colourType: 2 }, await deflatedZeros(60 * MB));
    assert.ok(png.length < 200 * 1024, `${png.length} bytes`);
    const { result, external } = await peakGrowth(() => checkBlankPng(png, { width: 60000, height: 60000 }));
    assert.equal(result, 'tooLarge');
    assert.ok(external < 8 * MB, `external memory grew ${Math.round(external / MB)} MB`);
    assert.equal(await isBlankPng(png, { width: 60000, height: 60000 }), false, 'not called blank');
  });

  it('a PNG over the pixel limit is no blank candidate, whatever its size: the keep never reads its bytes back', () => {
    // mayBeBlank() decides whether snapshotService reads a kept file back into memory to check it. A bucket
    // object claiming 60000×60000 would be a candidate up to 144 MB by the size rule alone (a 64 MiB
    // download, four at once), all read for a check that then refuses it.
    assert.equal(mayBeBlank({ width: 60_000, height: 60_000, bytes: 64 * MB }), false);
    assert.equal(mayBeBlank({ width: MAX_PIXELS / 10_000 + 1, height: 10_000, bytes: 1000 }), false);
    assert.equal(mayBeBlank({ width: 10_000, height: MAX_PIXELS / 10_000, bytes: 1000 }), true, 'at the limit, still a candidate');
  });

  it('the limit is the compare path\'s: one pixel over it is too large, at it is checked', async () => {
    const over = pngWith({ width: MAX_PIXELS / 10_000 + 1, height: 10_000 }, await deflatedZeros(1000));
    assert.equal(await checkBlankPng(over, { width: MAX_PIXELS / 10_000 + 1, height: 10_000 }), 'tooLarge');
    const at = pngWith({ width: 10_000, height: MAX_PIXELS / 10_000 }, await deflatedZeros(1000));
    assert.equal(await checkBlankPng(at, { width: 10_000, height: MAX_PIXELS / 10_000 }), 'notBlank', 'checked: its data ends early');
  });

  it('an honest empty 10000×10000 shot is blank, and checking it does not hold its 400 MB of pixels', async function () {
    this.timeout(60_000);
    const png = await emptyPng(10_000, 10_000);
    const raw = rawBytes(10_000, 10_000);
    const { result, external, rss } = await peakGrowth(() => checkBlankPng(png, { width: 10_000, height: 10_000 }));
    assert.equal(result, 'blank');
    // Streamed a few rows at a time, so what grows is inflated chunks not yet collected (V8 collects after
    // ~64 MB of them, whatever the image), not the image: on main this grew by 641 MB.
    assert.ok(external < raw / 4, `external memory grew ${Math.round(external / MB)} MB for a ${Math.round(raw / MB)} MB image`);
    assert.ok(rss < raw / 2, `RSS grew ${Math.round(rss / MB)} MB for a ${Math.round(raw / MB)} MB image`);
  });

  it('a PNG whose IDAT inflates to more than its header allows is rejected (not blank), without inflating the excess', async function () {
    this.timeout(60_000);
    // 2000×2000 RGBA claims 16 MB of scanlines; its IDAT holds 150 MB of zeros in ~150 KB: a blank candidate by size.
    const claimed = rawBytes(2000, 2000);
    const png = pngWith({ width: 2000, height: 2000 }, await deflatedZeros(150 * MB));
    assert.ok(mayBeBlank({ width: 2000, height: 2000, bytes: png.length }), `${png.length} bytes is a candidate`);
    const { result, external } = await peakGrowth(() => checkBlankPng(png, { width: 2000, height: 2000 }));
    assert.equal(result, 'notBlank');
    // Inflating all of it would pass through 150 MB; stopping at the header's 16 MB leaves at most that as garbage.
    assert.ok(external < 2 * claimed, `external memory grew ${Math.round(external / MB)} MB; the header allows ${Math.round(claimed / MB)} MB`);
  });

  it('an empty scene as the bench keeps it (Sub then Up rows, a tEXt chunk) is blank; one inked row is not', async () => {
    const png = withText(await emptyScenePng(400, 300, [250, 250, 250]), 'Scene', '17');
    assert.equal(await checkBlankPng(png, { width: 400, height: 300 }), 'blank');
    const inked = encode(paint(solid(400, 300, [250, 250, 250, 255]), 0, 299, 400, 1, [0, 0, 0, 255]), 2);
    assert.equal(await checkBlankPng(inked, { width: 400, height: 300 }), 'notBlank');
  });

  it('a PNG whose IDAT ends before its last row is not blank', async () => {
    const png = pngWith({ width: 300, height: 200 }, await deflatedZeros(rawBytes(300, 200) - 1));
    assert.equal(await checkBlankPng(png, { width: 300, height: 200 }), 'notBlank');
    assert.equal(await checkBlankPng(await emptyPng(300, 200), { width: 300, height: 200 }), 'blank');
  });
});
