import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { decodePng } from '../../src/core/images/decodePng';
import { makeThumbnail, thumbnailSize } from '../../src/core/images/thumbnail';
import { ThumbnailClient } from '../../src/core/images/thumbnailClient';
import { encode, paint, solid, whiteboard } from '../support/pngs';

describe('hover thumbnails', () => {
  it('fit the box keeping the aspect ratio, never larger than the image', () => {
    assert.deepEqual(thumbnailSize(1280, 720, 240, 180), { width: 240, height: 135 });
    assert.deepEqual(thumbnailSize(720, 1280, 240, 180), { width: 101, height: 180 });
    assert.deepEqual(thumbnailSize(100, 50, 240, 180), { width: 100, height: 50 });
  });

  it('shrinks a screenshot to a small PNG whose pixels average the ones they cover', () => {
    // Left half red, right half blue: the thumbnail keeps the halves.
    const image = paint(solid(1280, 720, [0, 0, 255, 255]), 0, 0, 640, 720, [255, 0, 0, 255]);
    const t = makeThumbnail(encode(image), 240, 180);
    assert.deepEqual([t.width, t.height], [240, 135]);
    const back = decodePng(t.png);
    assert.deepEqual([...back.data.slice(0, 4)], [255, 0, 0, 255]);
    assert.deepEqual([...back.data.slice((240 * 135 - 1) * 4)], [0, 0, 255, 255]);
    assert.ok(t.png.length < 36_000, `${t.png.length} bytes`);
  });

  it('a whiteboard screenshot makes a thumbnail whose data: URI stays far under the hover bound', () => {
    const t = makeThumbnail(encode(whiteboard(1920, 1080, 7)), 240, 180);
    assert.ok(Buffer.from(t.png).toString('base64').length < 48_000);
  });

  it('are made in a worker thread (the client), and damaged bytes reject', async () => {
    const client = new ThumbnailClient(path.join(__dirname, '../../src/core/images/thumbnailWorker.js'), 50);
    try {
      const t = await client.make(encode(solid(640, 360, [10, 20, 30, 255])), 64, 64);
      assert.deepEqual([t.width, t.height], [64, 36]);
      assert.equal(client.starts, 1);
      await assert.rejects(client.make(new Uint8Array([1, 2, 3]), 64, 64));
    } finally {
      client.dispose();
    }
  });
});
