import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/extension/history/historyEntries';
import type { Preview, PreviewManager } from '../../src/extension/preview/previewManager';
import { sceneSnap } from './support';

/** Helpers of the preview suites (not a test file: index.ts loads only *.test.js). */

type PngModule = typeof import('../fake-netless/png.mjs', { with: { 'resolution-mode': 'import' } });

export interface PngServer {
  base: string;
  /** Every path requested so far, in order. */
  requests: string[];
  /** A scene picture of the given size (the fake service's renderer: each scene in its own colours). */
  url(scene: string, width: number, height: number, prefix?: string): string;
  close(): Promise<void>;
}

/** Pixel art for the pixelated-rendering check: a 16×12 checkerboard of 4-pixel squares. */
function pixelArt(width: number, height: number): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const on = ((x >> 2) + (y >> 2)) % 2 === 0;
      png.data[i] = on ? 230 : 30;
      png.data[i + 1] = on ? 80 : 30;
      png.data[i + 2] = on ? 40 : 160;
      png.data[i + 3] = 255;
    }
  return PNG.sync.write(png);
}

/** A local "bucket" on 127.0.0.1 serving real PNGs: /<prefix>/<w>x<h>/<scene path>.png, /pixel/<w>x<h>.png. */
export async function startPngServer(): Promise<PngServer> {
  const { renderScenePng }: PngModule = await import('../fake-netless/png.mjs');
  const cache = new Map<string, Buffer>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const pixel = /^\/pixel\/(\d+)x(\d+)\.png$/.exec(path);
    const scene = /^\/\w+\/(\d+)x(\d+)(\/.*)\.png$/.exec(path);
    let body = cache.get(path);
    if (!body && pixel) body = pixelArt(Number(pixel[1]), Number(pixel[2]));
    if (!body && scene) body = renderScenePng({ room: 'preview', scene: scene[3]!, width: Number(scene[1]), height: Number(scene[2]) });
    if (!body) {
      res.writeHead(404).end('no such key');
      return;
    }
    cache.set(path, body);
    res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    requests,
    url: (scene, width, height, prefix = 'img') => `${base}/${prefix}/${width}x${height}${scene.split('/').map(encodeURIComponent).join('/')}.png`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

let counter = 0;

/** A history entry as the screenshot service records it; keys follow the real service's shape. */
export function entry(kind: 'scene' | 'directory', scenes: Array<{ path: string; url: string }>, over: Partial<HistoryEntry> = {}): HistoryEntry {
  const room = over.room ?? 'c0ffee00preview';
  return {
    id: `preview-test-${++counter}-${Date.now()}`,
    kind,
    room,
    roomName: 'Design review',
    path: kind === 'scene' ? (scenes[0]?.path ?? '/init') : '/deck',
    width: 1280,
    height: 720,
    region: 'us-sv',
    time: Date.UTC(2025, 0, 2, 3, 4, 5),
    durationMs: 1234,
    results: scenes.map((s) => ({ url: s.url, key: `room_cover/2811/${room}${s.path}.png`, bucket: 'scenesnap-fake-us', region: 'us-west-1' })),
    ...over,
  };
}

export async function previewManager(): Promise<PreviewManager> {
  await sceneSnap();
  const manager = await vscode.commands.executeCommand<PreviewManager>('sceneSnap.preview.manager');
  if (!manager) throw new Error('sceneSnap.preview.manager returned nothing');
  return manager;
}

/** Opens a preview and waits for its first paint. */
export async function openPreview(e: HistoryEntry): Promise<Preview> {
  const preview = await (await previewManager()).openPreview(e);
  // A page that never starts should fail the test with a reason, not hang it.
  await Promise.race([preview.whenRendered(), sleep(15_000).then(() => Promise.reject(new Error(`the preview of ${e.path} never painted`)))]);
  return preview;
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Width and height from a PNG's header. Not src/core/api/download's: that module loads undici, and the
 * activation suite checks that nothing of ours has loaded it.
 */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || bytes.readUInt32BE(0) !== 0x89504e47 || bytes.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
