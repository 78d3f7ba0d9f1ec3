import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { downloadPng, fetchPng, readPngSize } from '../../src/core/api/download';

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return PNG.sync.write(image);
}

describe('PNG download (src/core/api/download)', () => {
  let server: Server;
  let base: string;
  let dir: string;
  const image = png(33, 17);

  before(async () => {
    server = createServer((req, res) => {
      switch (req.url) {
        case '/ok.png':
          res.writeHead(200, { 'content-type': 'image/png' });
          // In pieces, so the signature check sees a split header.
          res.write(image.subarray(0, 5));
          setTimeout(() => res.end(image.subarray(5)), 5);
          return;
        case '/moved':
          res.writeHead(302, { location: '/ok.png' }).end();
          return;
        case '/missing.png':
          res.writeHead(404).end('no such key');
          return;
        case '/html.png':
          res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>"><img src=x onerror=alert(1)></body></html>');
          return;
        case '/short.png':
          res.writeHead(200).end(image.subarray(0, 10));
          return;
        case '/slow.png':
          res.writeHead(200);
          res.write(image.subarray(0, 30)); // then nothing: a stalled transfer
          return;
        default:
          res.writeHead(500).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(path.join(tmpdir(), 'scene-snap-dl-'));
  });

  after(() => {
    server.closeAllConnections();
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const leftovers = () => readdirSync(dir).filter((f) => f.endsWith('.part'));

  it('streams a PNG to a file and reports its size', async () => {
    const file = path.join(dir, 'ok.png');
    const info = await downloadPng(`${base}/ok.png`, file);
    assert.deepEqual(info, { width: 33, height: 17, bytes: image.length });
    assert.deepEqual(readFileSync(file), image);
    assert.deepEqual(readPngSize(readFileSync(file)), { width: 33, height: 17 });
  });

  it('follows a redirect', async () => {
    const got = await fetchPng(`${base}/moved`);
    assert.deepEqual(got.data, image);
  });

  it('says clearly when the object is missing, and leaves no file behind', async () => {
    const file = path.join(dir, 'missing.png');
    await assert.rejects(downloadPng(`${base}/missing.png`, file), (e: any) => e.code === 'notFound' && e.status === 404 && /answered 404/.test(e.message));
    assert.equal(existsSync(file), false);
    assert.deepEqual(leftovers(), []);
  });

  it('refuses what is not a PNG without overwriting an existing file', async () => {
    const file = path.join(dir, 'keep.png');
    writeFileSync(file, 'previous');
    await assert.rejects(downloadPng(`${base}/html.png`, file), (e: any) => e.code === 'invalidResponse' && /not a PNG/.test(e.message));
    await assert.rejects(fetchPng(`${base}/short.png`), (e: any) => e.code === 'invalidResponse');
    assert.equal(readFileSync(file, 'utf8'), 'previous');
    assert.deepEqual(leftovers(), []);
  });

  it('enforces the size limit', async () => {
    await assert.rejects(fetchPng(`${base}/ok.png`, { maxBytes: 20 }), (e: any) => e.code === 'invalidResponse' && /larger than/.test(e.message));
  });

  it('times out a stalled transfer and honours cancellation', async () => {
    const file = path.join(dir, 'slow.png');
    await assert.rejects(downloadPng(`${base}/slow.png`, file, { timeoutMs: 150 }), (e: any) => e.code === 'timeout');
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 50);
    await assert.rejects(downloadPng(`${base}/slow.png`, file, { signal: abort.signal, timeoutMs: 10_000 }), (e: any) => e.code === 'cancelled');
    assert.equal(existsSync(file), false);
    assert.deepEqual(leftovers(), []);
  });

  it('downloads only http(s) URLs', async () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:image/png;base64,iVBORw0KGgo=', 'nonsense']) {
      await assert.rejects(fetchPng(url), (e: any) => e.code === 'invalidInput', url);
    }
  });

  it('fails before any request when the folder cannot be written', async () => {
    await assert.rejects(downloadPng(`${base}/ok.png`, path.join(dir, 'no', 'such', 'dir', 'x.png')), (e: any) => e.code === 'invalidInput' && /Could not write/.test(e.message));
  });

  it('reports a refused connection as a network error', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    await assert.rejects(fetchPng(`http://127.0.0.1:${port}/x.png`), (e: any) => e.code === 'network' && /Could not download/.test(e.message));
  });
});
