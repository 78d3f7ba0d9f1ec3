import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SceneSnapApi, SceneSnapTestInternals } from '../../src/extension/extension';
import { ENTRY_MAX_BYTES, type HistoryEntry, type SnapshotRef } from '../../src/extension/history/historyEntries';
import { HistoryProvider } from '../../src/extension/history/historyView';
import { PREVIEW_COMMANDS } from '../../src/extension/preview/commandIds';
import type { Preview } from '../../src/extension/preview/previewManager';
import { ROOMS } from '../support/rooms';
import { closeAllEditors, openPreview, pngSize, previewManager, sleep } from './previewSupport';
import { ageSnapshots, captureMessages, configure, eventually, internals, keptHashes, sceneSnap, useSandbox, writeWorkspaceSettings } from './support';
import { quickPickRow, typeKeys } from '../support/runnerBridge';

// Issue #12 in the real VS Code: each screenshot's PNG is kept in the snapshot store after the screenshot
// resolved, and history and previews show what was seen then, against the fake service, whose bucket
// overwrites a scene's object at the same key (as the real service does).

const REF = ROOMS.reference;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function keptRef(entry: HistoryEntry | undefined, index = 0): Extract<SnapshotRef, { kind: 'kept' }> {
  const ref = entry?.snapshots?.[index];
  assert.ok(ref, `the entry records its snapshot: ${JSON.stringify(entry?.snapshots)}`);
  assert.equal(ref.kind, 'kept', JSON.stringify(ref));
  return ref as Extract<SnapshotRef, { kind: 'kept' }>;
}

async function pageShows(preview: Preview, what: (snap: Awaited<ReturnType<Preview['snapshot']>>) => boolean, label: string) {
  return eventually(async () => {
    const snap = await preview.snapshot();
    return what(snap) ? snap : undefined;
  }, label, 10_000);
}

describe('snapshots: every screenshot kept, so history stays true', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    'sceneSnap.requestTimeoutSeconds': 5,
    'sceneSnap.snapshots.maxMegabytes': 500,
    'sceneSnap.preview.reuse': false,
  });
  let api: SceneSnapApi;
  let t: SceneSnapTestInternals;

  before(async () => {
    api = await sceneSnap();
    t = await internals();
  });

  afterEach(async () => {
    sandbox.fake.clearFaults();
    await t.snapshots.idle();
    await closeAllEditors();
  });

  async function shoot(req: Record<string, unknown>): Promise<HistoryEntry> {
    await api.screenshotScene({ room: REF, ...req }, { preview: false });
    await t.snapshots.idle();
    return t.history.latest()!;
  }

  it('two shots of one scene, other content and size, same URL: the first entry reopened shows the first image', async () => {
    const first = await shoot({ path: '/test/cover', width: 320, height: 200 });
    const firstRef = keptRef(first);
    assert.deepEqual([firstRef.width, firstRef.height], [320, 200]);
    const firstBytes = Buffer.from(await (await fetch(first.results[0]!.url)).arrayBuffer());
    assert.equal(sha256(firstBytes), firstRef.hash, 'the kept hash is that of what the bucket served then');

    sandbox.fake.changeScene(REF, '/test/cover');
    const second = await shoot({ path: '/test/cover', width: 640, height: 480 });
    assert.equal(second.results[0]!.url, first.results[0]!.url, 'the service overwrote the same object');
    const secondRef = keptRef(second);
    assert.notEqual(secondRef.hash, firstRef.hash);
    const now = Buffer.from(await (await fetch(first.results[0]!.url)).arrayBuffer());
    assert.deepEqual(pngSize(now), { width: 640, height: 480 }, 'the URL now shows the second picture');

    // Reopened from the History view's command: the page shows the kept file, at its size then.
    await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', first.id);
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.id === first.id), 'the preview of the first entry');
    await preview.whenRendered();
    const store = t.snapshots.store();
    const snap = await pageShows(preview, (s) => s.sizeText !== '', 'the image loaded');
    assert.equal(snap.images[0]!.kept, firstRef.hash, 'the page shows the kept copy, not the URL');
    assert.match(snap.images[0]!.src, /^blob:/, 'its bytes, from the host (no webview resource)');
    assert.equal(snap.sizeText, '320 × 200 px', 'the image the page decoded is the first one');
    assert.match(snap.text, /The copy kept when it was taken/);
    // The bytes the page is given are those the first screenshot was.
    assert.equal(sha256(await manager.actions.keptImage(preview.model.scenes[0]!)), firstRef.hash);
    assert.equal(sha256(await readFile(store.pathOf(firstRef.hash))), firstRef.hash);

    // Save PNG writes the kept bytes: no second download.
    const bucketBefore = sandbox.fake.requests.filter((r) => r.endpoint === 'bucket').length;
    const file = path.join(os.tmpdir(), `scenesnap-kept-${Date.now()}.png`);
    await vscode.commands.executeCommand(PREVIEW_COMMANDS.savePng, { target: vscode.Uri.file(file), sceneUrl: first.results[0]!.url });
    assert.equal(sha256(await readFile(file)), firstRef.hash, 'Save PNG saved the first picture');
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'bucket').length, bucketBefore, 'nothing downloaded again');
    // Copy Image's bytes (what the page puts on the clipboard) are the kept ones too.
    const bytes = await manager.actions.imageBytes(preview.model.scenes[0]!);
    assert.equal(sha256(bytes), firstRef.hash);
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'bucket').length, bucketBefore);
  });

  it('a private bucket (403): the screenshot succeeds, the entry says why, the preview falls back to the URL', async () => {
    const undo = sandbox.fake.makePrivate({ room: REF, scene: '/test/page1' });
    let entry: HistoryEntry;
    try {
      const result = await api.screenshotScene({ room: REF, path: '/test/page1', width: 300, height: 200 }, { preview: false });
      assert.match(result.url, /page1\.png$/);
      await t.snapshots.idle();
      entry = t.history.latest()!;
    } finally {
      undo();
    }
    const ref = entry.snapshots?.[0];
    assert.equal(ref?.kind, 'failed');
    assert.equal((ref as { code: string }).code, 'forbidden');
    assert.equal((ref as { reason: string }).reason, 'The bucket answered 403: is it public-read?');
    const tree = new HistoryProvider(t.history);
    const row = tree.getTreeItem(entry);
    tree.dispose();
    assert.match(String(row.tooltip), /Not kept: The bucket answered 403: is it public-read\? The preview shows the URL\./);
    assert.match(String(row.description), /not kept/);

    const preview = await openPreview(entry);
    assert.equal(preview.model.scenes[0]!.urlReason, 'failed');
    const snap = await pageShows(preview, (s) => s.images[0]?.src === entry.results[0]!.url, 'the URL shown');
    assert.match(snap.text, /The bucket URL: no copy was kept\. The bucket answered 403: is it public-read\?/);
  });

  it('a reload restores the preview from the store (the serializer path)', async () => {
    const entry = await shoot({ path: '/test/cover', width: 256, height: 144 });
    const ref = keptRef(entry);
    sandbox.fake.changeScene(REF, '/test/cover');
    await shoot({ path: '/test/cover', width: 400, height: 300 });
    const manager = await previewManager();
    // As VS Code hands a panel over after a reload: the options it was saved with (assets only).
    const roots = [vscode.Uri.joinPath(vscode.extensions.getExtension('scenesnap.scene-snap')!.extensionUri, 'dist', 'webview')];
    const panel = vscode.window.createWebviewPanel('sceneSnap.preview', 'restoring', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: roots });
    const preview = await manager.restore(panel, { entry, view: 'single', index: 0, zoom: 'fit', background: 'checkerboard', filter: '', galleryScroll: 0 });
    assert.ok(preview);
    await Promise.race([preview.whenRendered(), sleep(15_000).then(() => Promise.reject(new Error('the restored page never painted')))]);
    const snap = await pageShows(preview, (s) => s.sizeText !== '', 'the restored image loaded');
    assert.equal(snap.images[0]!.kept, ref.hash);
    assert.match(snap.images[0]!.src, /^blob:/);
    assert.equal(snap.sizeText, '256 × 144 px');
  });

  it('a blank (one-colour) screenshot is marked Blank in history and preview, with the reasons', async () => {
    sandbox.fake.changeScene(REF, '/init', { blank: true });
    const entry = await shoot({ path: '/init', width: 320, height: 180 });
    assert.equal(keptRef(entry).blank, true);
    const tree = new HistoryProvider(t.history);
    const row = tree.getTreeItem(entry);
    tree.dispose();
    assert.match(String(row.description), /Blank/);
    assert.match(String(row.tooltip), /appliance plugin/);
    const preview = await openPreview(entry);
    const snap = await pageShows(preview, (s) => /Blank: every pixel has the same colour/.test(s.text), 'the blank note');
    assert.match(snap.text, /appliance plugin/);
    // A picture with content is not called blank.
    sandbox.fake.changeScene(REF, '/init');
    const drawn = await shoot({ path: '/init', width: 320, height: 180 });
    assert.equal(keptRef(drawn).blank, undefined);
  });

  it('the screenshot resolves before its download finishes; the status bar shows the progress', async () => {
    const remove = sandbox.fake.setFault({ endpoint: 'bucket', latencyMs: 1500 });
    try {
      const started = Date.now();
      await api.screenshotScene({ room: REF, path: '/test/page1', width: 200, height: 100 }, { preview: false });
      assert.ok(Date.now() - started < 1200, `resolved in ${Date.now() - started} ms, before the 1.5 s download`);
      const entry = t.history.latest()!;
      assert.equal(entry.snapshots, undefined, 'not kept yet');
      await eventually(() => t.snapshots.progressText()?.includes('Keeping snapshots 0/1'), 'the status bar progress');
      await t.snapshots.idle();
      keptRef(t.history.get(entry.id));
      assert.equal(t.snapshots.progressText(), undefined, 'the progress is gone when done');
    } finally {
      remove();
    }
  });

  it('a preview closed while its kept images load does not hold up the next one (as the compare panel did, 31 s)', async () => {
    await api.screenshotSceneDirectory({ room: ROOMS.hangzhou, path: '/test', width: 1920, height: 1080, region: 'cn-hz' }, { preview: false });
    await t.snapshots.idle();
    const gallery = t.history.latest()!;
    keptRef(gallery, 2);
    const scene = await shoot({ path: '/init', width: 1920, height: 1080 });
    const open = async (entry: HistoryEntry) => {
      const t0 = Date.now();
      await (await openPreview(entry)).whenRendered();
      return Date.now() - t0;
    };
    await closeAllEditors();
    const first = await open(gallery);
    // Closed at its first paint: its three 1920×1080 thumbnails are still being loaded from the store.
    await closeAllEditors();
    const next = await open(scene);
    assert.ok(next < first + 3000, `the next preview painted after ${next} ms (the gallery after ${first} ms)`);
  });

  it('a kept copy damaged after the gallery opened: its tile shows the bucket URL, not an empty or stale picture', async () => {
    // Over 16 scenes, the gallery checks kept files by their presence only: the page's keptImage finds the damage.
    await api.screenshotSceneDirectory({ room: ROOMS.deck, path: '/deck', width: 32, height: 18, region: 'eu' }, { preview: false });
    await t.snapshots.idle();
    const deck = t.history.latest()!;
    const ref = keptRef(deck, 0);
    const file = t.snapshots.store().pathOf(ref.hash);
    const good = await readFile(file);
    await writeFile(file, good.subarray(0, good.length - 20));
    try {
      const preview = await openPreview(deck);
      assert.ok(preview.model.scenes[0]!.kept, 'the model says kept: the file was there');
      const snap = await pageShows(preview, (s) => s.images.some((i) => i.src === deck.results[0]!.url), 'the first tile on its bucket URL');
      assert.equal(snap.images.find((i) => i.src === deck.results[0]!.url)?.kept, undefined);
      assert.ok(snap.images.some((i) => i.kept !== undefined && i.src.startsWith('blob:')), 'the undamaged tiles show their kept copies');
    } finally {
      await writeFile(file, good).catch(() => undefined);
    }
  });

  it('a quick keep shows no status bar progress (no flicker); a slow one shows it', async () => {
    const shownBefore = t.snapshots.progressShownCount;
    await api.screenshotScene({ room: REF, path: '/test/page1', width: 190, height: 100 }, { preview: false });
    await t.snapshots.idle();
    keptRef(t.history.latest());
    assert.equal(t.snapshots.progressShownCount, shownBefore, 'shown for a download of a few ms');
    const remove = sandbox.fake.setFault({ endpoint: 'bucket', latencyMs: 1200 });
    try {
      await api.screenshotScene({ room: REF, path: '/test/page1', width: 191, height: 100 }, { preview: false });
      await t.snapshots.idle();
      assert.equal(t.snapshots.progressShownCount, shownBefore + 1, 'shown once for a download of over a second');
    } finally {
      remove();
    }
  });

  it('cancelling from the status bar marks what is left cancelled; the screenshot stands', async () => {
    const remove = sandbox.fake.setFault({ endpoint: 'bucket', latencyMs: 3000 });
    try {
      await api.screenshotScene({ room: REF, path: '/test/page1', width: 210, height: 100 }, { preview: false });
      await eventually(() => t.snapshots.progressText(), 'keeping');
      assert.equal(await vscode.commands.executeCommand('sceneSnap.cancelKeepingSnapshots'), 1);
      await t.snapshots.idle();
      const ref = t.history.latest()!.snapshots?.[0];
      assert.equal((ref as { code?: string }).code, 'cancelled');
    } finally {
      remove();
    }
  });

  it('the History view shows how much is kept; pinned entries survive the cap; Clear History frees the store', async () => {
    await shoot({ path: '/test/cover', width: 330, height: 200 });
    const pinned = await shoot({ path: '/test/page1', width: 331, height: 200 });
    await eventually(() => /^\d+ kept · [\d.,]+ MB of 500 MB$/.test(t.historyView.description ?? '') || undefined, `the figure in the view (${t.historyView.description})`);
    const usage = await t.snapshots.store().usage();
    assert.ok(usage.count >= 2 && usage.bytes > 0);
    assert.match(t.historyView.description!, new RegExp(`^${usage.count} kept`));

    assert.equal(await vscode.commands.executeCommand('sceneSnap.pinHistoryEntry', pinned.id), true);
    assert.equal(t.history.get(pinned.id)!.pinned, true);
    const pinnedHash = keptRef(t.history.get(pinned.id)).hash;
    // A cap below what is kept: everything but the pinned entry's snapshot goes.
    const restore = await configure({ 'sceneSnap.snapshots.maxMegabytes': 0.000001 });
    try {
      await eventually(async () => ((await t.snapshots.store().usage()).count === 1 ? true : undefined), 'eviction down to the pinned snapshot');
      assert.deepEqual(await keptHashes(t.snapshotFolder), [pinnedHash]);
    } finally {
      await restore();
    }
    await vscode.commands.executeCommand('sceneSnap.unpinHistoryEntry', pinned.id);
    assert.equal(t.history.get(pinned.id)!.pinned, undefined);

    // Kept a while ago: used within the store's grace, another window may be keeping the same PNG.
    await ageSnapshots(t.snapshotFolder);
    const cleared = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(quickPickRow('Cancel'), undefined, 'Enter');
    await cleared;
    assert.deepEqual(t.history.list(), []);
    assert.equal((await t.snapshots.store().usage()).count, 0, 'the cleared snapshots are gone');
    assert.match(t.historyView.description ?? '', /^0 kept/);
  });

  it('an entry at its size bound keeps all its results when its snapshots come; the PNGs it cannot record are not left behind past the grace', async () => {
    // An entry of an older version, bounded with no room for its snapshots: shot with nothing kept, then
    // written back filling ENTRY_MAX_BYTES but for one snapshot ref.
    const restore = await configure({ 'sceneSnap.snapshots.maxMegabytes': 0 });
    let shot: HistoryEntry;
    try {
      await api.screenshotSceneDirectory({ room: ROOMS.course, region: 'in-mum', path: '/course/week1', width: 333, height: 200 }, { preview: false });
      shot = t.history.latest()!;
    } finally {
      await restore();
    }
    // The trims of both cap changes are done: the last must not run with the cap of 0 after the keep below.
    await t.snapshots.idle();
    assert.ok(shot.results.length >= 2, `${shot.results.length} scenes`);
    const bare = JSON.stringify({ ...shot, roomName: '' }).length;
    const old: HistoryEntry = { ...shot, roomName: 'r'.repeat(ENTRY_MAX_BYTES - bare - 200) };
    // Once the shot's own write is done (the history writes a moment after a change).
    await eventually(() => t.workspaceState.get<HistoryEntry[]>('sceneSnap.history')?.[0]?.id === shot.id || undefined, 'the shot written');
    await t.workspaceState.update('sceneSnap.history', [old, ...t.history.list().slice(1)]);
    assert.equal(t.history.latest()!.results.length, shot.results.length);

    await t.snapshots.keep(old);
    await t.snapshots.idle();
    const stored = t.history.get(old.id)!;
    assert.deepEqual(stored.results, shot.results, 'no result was pushed out by its snapshots');
    const recorded = stored.snapshots ?? [];
    assert.ok(recorded.length >= 1 && recorded.length < shot.results.length, `${recorded.length} of ${shot.results.length} snapshots recorded`);
    assert.ok(JSON.stringify(stored).length <= ENTRY_MAX_BYTES);
    const unrecorded = await Promise.all(shot.results.slice(recorded.length).map(async (r) => sha256(Buffer.from(await (await fetch(r.url)).arrayBuffer()))));
    // Not at once: within the store's grace another window may be keeping the same PNG.
    const justKept = new Set(await keptHashes(t.snapshotFolder));
    for (const hash of unrecorded) assert.ok(justKept.has(hash), 'an unrecorded PNG was removed within the grace');
    // Past it, the next trim takes what no entry records, and only that.
    await ageSnapshots(t.snapshotFolder);
    await t.snapshots.evict('the test');
    const kept = new Set(await keptHashes(t.snapshotFolder));
    for (const ref of recorded) assert.ok(ref.kind === 'kept' && kept.has(ref.hash), 'a recorded snapshot is in the store');
    for (const [i, hash] of unrecorded.entries()) assert.ok(!kept.has(hash), `the PNG of ${shot.results[recorded.length + i]!.key}, recorded nowhere, was removed from the store`);
    // The preview shows the URL for the scenes without a ref, as for an entry of an older version.
    const preview = await openPreview(stored);
    assert.equal(preview.model.scenes[recorded.length]!.urlReason, 'notKept');
    assert.equal(preview.model.scenes[0]!.kept?.hash, (recorded[0] as Extract<SnapshotRef, { kind: 'kept' }>).hash);
  });

  it('a workspace maxMegabytes is ignored (the store is shared by every window) and said once', async () => {
    // A cloned repository's .vscode/settings.json must not trim every project's kept snapshots (nor grow
    // the store without bound): the cap is the user's alone, like apiBaseUrl.
    await shoot({ path: '/test/cover', width: 341, height: 200 });
    await shoot({ path: '/test/page1', width: 342, height: 200 });
    const keptBefore = (await t.snapshots.store().usage()).count;
    assert.ok(keptBefore >= 2, `${keptBefore} kept`);
    const notifiedBefore = t.workspaceState.get('sceneSnap.ignoredWorkspaceSettings');
    await t.workspaceState.update('sceneSnap.ignoredWorkspaceSettings', undefined);
    const messages = captureMessages();
    let undo: (() => Promise<void>) | undefined;
    try {
      undo = await writeWorkspaceSettings({ 'sceneSnap.snapshots.maxMegabytes': 0.000001 });
      const entry = await shoot({ path: '/test/cover', width: 343, height: 200 });
      assert.equal(keptRef(entry).width, 343, 'the new shot is kept');
      await t.snapshots.evict('the test');
      assert.equal((await t.snapshots.store().usage()).count, keptBefore + 1, 'nothing was trimmed');
      assert.match(t.snapshots.usageText() ?? '', / of 500 MB$/, 'the cap shown is the user\'s');
      await eventually(() => messages.shown.some((m) => m.includes('sceneSnap.snapshots.maxMegabytes')), 'the notice about the ignored value');
      assert.equal(messages.shown.filter((m) => m.includes('sceneSnap.snapshots.maxMegabytes')).length, 1, 'said once');
    } finally {
      await undo?.();
      messages.restore();
      await t.workspaceState.update('sceneSnap.ignoredWorkspaceSettings', notifiedBefore);
    }
  });

  it('maxMegabytes 0 keeps none', async () => {
    const restore = await configure({ 'sceneSnap.snapshots.maxMegabytes': 0 });
    try {
      const before = sandbox.fake.requests.filter((r) => r.endpoint === 'bucket').length;
      const entry = await shoot({ path: '/test/cover', width: 322, height: 200 });
      assert.equal(entry.snapshots, undefined);
      assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'bucket').length, before, 'nothing downloaded');
      const preview = await openPreview(entry);
      const snap = await pageShows(preview, (s) => s.images[0]?.src === entry.results[0]!.url, 'the URL shown');
      assert.match(snap.text, /no copy kept yet/);
    } finally {
      await restore();
    }
  });
});
