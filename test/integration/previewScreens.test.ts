import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Preview } from '../../src/extension/preview/previewManager';
import { runnerBridgeAvailable, workbenchScreenshot } from '../support/runnerBridge';
import { closeAllEditors, entry, pngSize, openPreview, previewManager, sleep, startPngServer, type PngServer } from './previewSupport';
import { configure, eventually } from './support';

/** Waits until every thumbnail the page asked for (or the single image) has loaded or failed. */
async function settled(preview: Preview, server: PngServer, prefix: string): Promise<void> {
  await eventually(async () => {
    const snap = await preview.snapshot();
    const asked = server.requests.filter((r) => r.startsWith(`/${prefix}/`)).length;
    return asked >= snap.imagesRequested && (snap.view === 'gallery' || snap.sizeText !== '') ? true : undefined;
  }, 'the images to load', 10_000);
  await sleep(300); // decoding and the last paint
}

function gallery(server: PngServer, count: number, prefix: string, width = 640, height = 360) {
  const names = ['cover', 'agenda', 'architecture', 'timeline', 'risks', 'demo', 'questions', 'appendix'];
  return entry(
    'directory',
    Array.from({ length: count }, (_, i) => {
      const scenePath = `/deck/${names[i % names.length]}-${String(i + 1).padStart(3, '0')}`;
      return { path: scenePath, url: server.url(scenePath, width, height, prefix) };
    }),
    { width, height },
  );
}

// Only the code-server runner has a browser to photograph.
// Photographed by the code-server runner; these tests exist only there.
if (runnerBridgeAvailable) describe('preview panel as a person sees it (screenshots in .test-artifacts/)', function () {
  this.timeout(60_000);
  let server: PngServer;
  let restore: () => Promise<void>;

  before(async () => {
    server = await startPngServer();
    restore = await configure({ 'sceneSnap.apiBaseUrl': server.base, 'workbench.colorTheme': 'Default Dark Modern' });
    await previewManager();
  });

  after(async () => {
    await closeAllEditors();
    await restore();
    await server.close();
  });

  afterEach(closeAllEditors);

  for (const [theme, suffix] of [['Default Dark Modern', 'dark'], ['Default Light Modern', 'light'], ['Default High Contrast', 'hc']] as const) {

    it(`single scene, ${suffix}`, async () => {
      await vscode.workspace.getConfiguration().update('workbench.colorTheme', theme, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      const e = entry('scene', [{ path: '/deck/architecture', url: server.url('/deck/architecture', 1280, 720, `single${suffix}`) }]);
      const preview = await openPreview(e);
      await settled(preview, server, `single${suffix}`);
      const snap = await preview.snapshot();
      assert.equal(snap.sizeText, '1280 × 720 px');
      const file = await workbenchScreenshot(`preview-single-${suffix}`);
      assert.deepEqual(pngSize(readFileSync(file)), { width: 1400, height: 900 });
    });

    it(`200-scene gallery, ${suffix}`, async () => {
      await vscode.workspace.getConfiguration().update('workbench.colorTheme', theme, vscode.ConfigurationTarget.Workspace);
      const preview = await openPreview(gallery(server, 200, `gallery${suffix}`));
      await settled(preview, server, `gallery${suffix}`);
      const snap = await preview.snapshot();
      assert.equal(snap.visibleTiles, 200);
      assert.ok(snap.imagesRequested > 0 && snap.imagesRequested < 60, `requested ${snap.imagesRequested} thumbnails for one screen`);
      await workbenchScreenshot(`preview-gallery-${suffix}`);
    });
  }

  it('a 1,000-scene gallery paints fast and requests only the visible images (numbers in .test-artifacts/preview-perf.json)', async () => {
    const e = gallery(server, 1000, 'perf', 320, 180);
    const manager = await previewManager();
    // The same measure for one scene: what VS Code's webview start-up costs whatever the content.
    const baselineStart = Date.now();
    await (await manager.openPreview(entry('scene', [{ path: '/deck/one', url: server.url('/deck/one', 320, 180, 'base') }]))).whenRendered();
    const oneSceneMs = Date.now() - baselineStart;
    await closeAllEditors();
    const started = Date.now();
    const preview = await manager.openPreview(e);
    const rendered = await preview.whenRendered();
    const paintedAfterMs = Date.now() - started;
    const atPaint = server.requests.filter((r) => r.startsWith('/perf/')).length;
    await sleep(1500);
    const snap = await preview.snapshot();
    const later = server.requests.filter((r) => r.startsWith('/perf/')).length;
    const report = {
      scenes: 1000,
      hostToFirstPaintMs: paintedAfterMs,
      oneSceneHostToFirstPaintMs: oneSceneMs,
      pageNavigationToFirstPaintMs: Math.round(rendered.firstPaintMs),
      pageInitToFirstPaintMs: Math.round(rendered.renderMs),
      imagesRequestedByPageAtFirstPaint: rendered.imagesRequested,
      imagesReceivedByServerAtFirstPaint: atPaint,
      imagesRequestedAfter1500ms: snap.imagesRequested,
      imagesReceivedByServerAfter1500ms: later,
      visibleTiles: snap.visibleTiles,
    };
    console.log(`preview perf: ${JSON.stringify(report)}`);
    const dir = process.env.SCENE_SNAP_TEST_ARTIFACTS!;
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'preview-perf.json'), `${JSON.stringify(report, null, 2)}\n`);
    assert.equal(snap.visibleTiles, 1000);
    assert.ok(later < 60, `only the visible thumbnails are requested, not ${later}`);
    assert.equal(later, snap.imagesRequested, 'every image the page asked for reached the server, and nothing else');
    assert.ok(paintedAfterMs < 5000, `first paint after ${paintedAfterMs} ms`);
    await workbenchScreenshot('preview-gallery-1000');
  });
});
