import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/extension/history/historyEntries';
import { PREVIEW_COMMANDS } from '../../src/extension/preview/commandIds';
import type { Preview } from '../../src/extension/preview/previewManager';
import { SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { SceneSnapError } from '../../src/core/api/errors';
import { closeAllEditors, entry, openPreview, previewManager, startPngServer, type PngServer } from './previewSupport';
import { configure, interceptMessages, internals } from './support';

// Issue #21: what the page sends the host, and what a restored panel's saved state says, is checked by the
// host; a path is compared after its links are resolved. Each test drives the host's own route (the page's
// request as the page posts it, the command as the context menu runs it, the serializer's restore).

function workspaceDir(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test host opens a workspace folder');
  return folder.uri.fsPath;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A small PNG of one colour: each colour has its own bytes, hence its own hash. */
function solidPng(r: number, g: number, b: number): Buffer {
  const png = new PNG({ width: 4, height: 3 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([r, g, b, 255], i);
  return PNG.sync.write(png);
}

type Answer = { type: 'response'; id: number; ok: boolean; result?: unknown; error?: string } | { ignored: true };
let requestId = 900_000;

/**
 * Posts a request to the host as the page does (through the panel's message route, validation included),
 * and resolves with the host's answer; `ignored` when the host answered nothing within 3 s.
 */
function askAsPage(preview: Preview, method: string, params: unknown): Promise<Answer> {
  const id = ++requestId;
  const webview = preview.panel.webview as unknown as { postMessage(m: unknown): Thenable<boolean> };
  return new Promise((resolve) => {
    const timer = setTimeout(() => finish({ ignored: true }), 3000);
    webview.postMessage = (m: unknown) => {
      const r = m as { type?: string; id?: number };
      if (r.type === 'response' && r.id === id) finish(m as Answer);
      return Promise.resolve(true);
    };
    function finish(answer: Answer) {
      clearTimeout(timer);
      delete (webview as { postMessage?: unknown }).postMessage;
      resolve(answer);
    }
    (preview as unknown as { receive(raw: unknown): void }).receive({ type: 'request', id, method, params });
  });
}

/** Replaces the extension's showQuickPick: records each question and answers with the item `choose` names. */
function interceptQuickPicks(choose: (labels: string[]) => string | undefined) {
  const w = vscode.window as unknown as Record<string, unknown>;
  const original = w.showQuickPick;
  const asked: Array<{ title: string; placeHolder: string; labels: string[] }> = [];
  w.showQuickPick = async (items: vscode.QuickPickItem[], options?: vscode.QuickPickOptions) => {
    const list = await items;
    const labels = list.map((i) => i.label);
    asked.push({ title: options?.title ?? '', placeHolder: options?.placeHolder ?? '', labels });
    const label = choose(labels);
    return list.find((i) => i.label === label);
  };
  return { asked, restore: () => (w.showQuickPick = original) };
}

describe('preview: what the page and a saved state say is checked by the host', function () {
  this.timeout(30_000);
  let server: PngServer;
  let restoreSettings: () => Promise<void>;
  let store: SnapshotStore;
  const red = solidPng(200, 0, 0);
  const blue = solidPng(0, 0, 200);

  before(async () => {
    server = await startPngServer();
    restoreSettings = await configure({ 'sceneSnap.apiBaseUrl': server.base, 'sceneSnap.preview.reuse': true });
    store = new SnapshotStore((await internals()).snapshotFolder);
  });

  after(async () => {
    await closeAllEditors();
    await restoreSettings();
    await server.close();
  });

  afterEach(closeAllEditors);

  /** An entry whose one scene has `png` kept in the store. */
  async function keptEntry(png: Buffer): Promise<HistoryEntry> {
    const kept = await store.put(png);
    return entry('scene', [{ path: '/deck/kept', url: server.url('/deck/kept', 4, 3) }], {
      snapshots: [{ kind: 'kept', hash: kept.hash, width: kept.width, height: kept.height, bytes: kept.bytes, at: Date.now() }],
    });
  }

  describe('keptImage: the host serves only the scene\'s own kept bytes, checked against its hash', () => {
    it('serves the scene\'s kept copy, and refuses another hash of the store the page names', async () => {
      const other = await store.put(blue);
      const e = await keptEntry(red);
      const preview = await openPreview(e);
      const url = e.results[0]!.url;
      const own = await askAsPage(preview, 'keptImage', { url, hash: sha256(red) });
      assert.ok('ok' in own && own.ok, JSON.stringify(own));
      assert.equal(sha256(own.result as Uint8Array), sha256(red), 'the scene\'s own bytes');
      const asked = await askAsPage(preview, 'keptImage', { url, hash: other.hash });
      assert.ok('ok' in asked, 'answered');
      assert.equal(asked.ok, false, 'a kept file of the store that is not this scene\'s is refused');
      assert.equal(asked.result, undefined);
    });

    it('refuses bytes whose hash is not the one asked for (the kept file replaced)', async () => {
      const e = await keptEntry(red);
      const preview = await openPreview(e);
      const file = store.pathOf(sha256(red));
      try {
        writeFileSync(file, blue);
        const answer = await askAsPage(preview, 'keptImage', { url: e.results[0]!.url, hash: sha256(red) });
        assert.ok('ok' in answer, 'answered');
        assert.equal(answer.ok, false, 'bytes that are not the asked hash\'s are not served');
      } finally {
        writeFileSync(file, red);
      }
    });
  });

  describe('restore: a saved state is the page\'s word', () => {
    async function restored(state: unknown) {
      const manager = await previewManager();
      const panel = vscode.window.createWebviewPanel('sceneSnap.preview', 'restoring', vscode.ViewColumn.Active, { enableScripts: true });
      const preview = await manager.restore(panel, state);
      return { manager, panel, preview };
    }

    it('a malformed saved state never throws: the panel is dropped, nothing is left half-open', async () => {
      const good = entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 8, 8) }]);
      const states: unknown[] = [
        null,
        'entry',
        { entry: 'x' },
        { entry: { ...good, roomName: 5 } },
        { entry: { ...good, results: [{ url: 5 }] } },
        { entry: { ...good, width: 'wide' } },
        { entry: { ...good, kind: 'movie' } },
        { entry: { ...good, path: { toString: 1 } } },
        { entry: { ...good, results: 'all' } },
      ];
      for (const state of states) {
        const { manager, panel, preview } = await restored(state);
        assert.equal(preview, undefined, `${JSON.stringify(state)} is not restored`);
        assert.equal(manager.previews().some((p) => p.panel === panel), false);
      }
    });

    it('a saved entry the history does not know shows its URLs: its kept hashes name store files it may not read', async () => {
      const secret = await store.put(solidPng(0, 120, 0));
      const e = entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 8, 8) }], {
        snapshots: [{ kind: 'kept', hash: secret.hash, width: 4, height: 3, bytes: secret.bytes, at: Date.now() }],
      });
      const { preview } = await restored({ entry: e, view: 'single', index: 0, zoom: 'fit', background: 'checkerboard', filter: '', galleryScroll: 0 });
      assert.ok(preview, 'restored');
      assert.equal(preview.model.scenes[0]!.kept, undefined, 'not shown as kept');
      assert.equal(preview.model.scenes[0]!.url, e.results[0]!.url);
      const answer = await askAsPage(preview, 'keptImage', { url: e.results[0]!.url, hash: secret.hash });
      assert.ok('ok' in answer && answer.ok === false, `the store file is not served: ${JSON.stringify(answer).slice(0, 200)}`);
    });
  });

  describe('Save PNG from the context menu: a target outside the save folder asks first', () => {
    const outside = () => mkdtempSync(path.join(os.tmpdir(), 'scenesnap-outside-'));
    /** The context menu's argument: the tile's data-vscode-context, written by the page. */
    const menuArgs = (preview: Preview, target: string) => ({ webview: 'sceneSnap.preview', webviewSection: 'scene', sceneUrl: preview.model.scenes[0]!.url, target });

    it('asks before saving outside it; Cancel writes nothing, Save There writes', async () => {
      const preview = await openPreview(entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 20, 10) }]));
      const dir = outside();
      const target = path.join(dir, 'bashrc');
      let answer: string | undefined = 'Cancel';
      const picks = interceptQuickPicks((labels) => labels.find((l) => l === answer));
      try {
        assert.equal(await vscode.commands.executeCommand(PREVIEW_COMMANDS.savePng, menuArgs(preview, target)), undefined);
        assert.equal(picks.asked.length, 1, 'asked');
        assert.match(picks.asked[0]!.placeHolder, new RegExp(target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'saying where');
        assert.equal(existsSync(target), false, 'cancelled: nothing written');
        answer = 'Save There';
        const saved = await vscode.commands.executeCommand<vscode.Uri>(PREVIEW_COMMANDS.savePng, menuArgs(preview, target));
        assert.equal(saved?.fsPath, target);
        assert.equal(picks.asked.length, 2);
        assert.equal(readFileSync(target).readUInt32BE(0), 0x89504e47, 'a PNG written where the user said yes');
      } finally {
        picks.restore();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('saves into the save folder without asking, but asks when a link in it leads outside', async () => {
      const preview = await openPreview(entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 20, 10) }]));
      const folder = path.join(workspaceDir(), 'screenshots');
      mkdirSync(folder, { recursive: true });
      const dir = outside();
      const link = path.join(folder, 'trust-link');
      symlinkSync(dir, link);
      const picks = interceptQuickPicks(() => undefined);
      try {
        const inside = path.join(folder, 'trust-inside.png');
        rmSync(inside, { force: true });
        assert.equal((await vscode.commands.executeCommand<vscode.Uri>(PREVIEW_COMMANDS.savePng, menuArgs(preview, inside)))?.fsPath, inside);
        assert.equal(picks.asked.length, 0, 'not asked inside the save folder');
        assert.ok(existsSync(inside));
        rmSync(inside, { force: true });
        // In the save folder by its path, outside by its real path.
        assert.equal(await vscode.commands.executeCommand(PREVIEW_COMMANDS.savePng, menuArgs(preview, path.join(link, 'x.png'))), undefined);
        assert.equal(picks.asked.length, 1, 'asked: the link leads outside');
        assert.equal(existsSync(path.join(dir, 'x.png')), false);
      } finally {
        picks.restore();
        unlinkSync(link);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('Save PNG on a full disk', () => {
    it('says the disk is full, not that the input was invalid', async () => {
      const manager = await previewManager();
      const preview = await openPreview(entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 20, 10) }]));
      // The download as it fails when the disk fills (src/core/api/download.ts wraps the write error).
      const actions = manager.actions as unknown as { clients: { downloads(): unknown } };
      const clients = actions.clients;
      const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const failing = new SceneSnapError('invalidInput', 'Could not write the file: ENOSPC: no space left on device, write', { cause: full });
      actions.clients = { downloads: () => ({ downloadPng: async () => Promise.reject(failing), fetchPng: async () => Promise.reject(failing) }) };
      const messages = interceptMessages();
      const target = path.join(workspaceDir(), 'screenshots', 'full-disk.png');
      try {
        assert.equal(await vscode.commands.executeCommand(PREVIEW_COMMANDS.savePng, { target, sceneUrl: preview.model.scenes[0]!.url }), undefined);
        const said = messages.shown.map((m) => m.text);
        assert.ok(said.some((t) => /disk has no space left for .*full-disk\.png/.test(t)), JSON.stringify(said));
        assert.equal(existsSync(target), false);
      } finally {
        messages.restore();
        actions.clients = clients;
      }
    });
  });

  describe('Insert Markdown: the save folder compared after its links are resolved', () => {
    it('a `screenshots` link committed in the workspace cannot steer the PNGs outside it', async () => {
      const ws = workspaceDir();
      const folder = path.join(ws, 'screenshots');
      const aside = `${folder}-aside-${Date.now()}`;
      const hadFolder = existsSync(folder);
      const dir = mkdtempSync(path.join(os.tmpdir(), 'scenesnap-steered-'));
      const messages = interceptMessages();
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '# Notes\n' });
      try {
        if (hadFolder) renameSync(folder, aside);
        symlinkSync(dir, folder);
        const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
        editor.selection = new vscode.Selection(1, 0, 1, 0);
        await openPreview(entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 20, 10) }]));
        assert.equal(await vscode.commands.executeCommand(PREVIEW_COMMANDS.insertMarkdown, { mode: 'file' }), undefined, 'refused');
        assert.deepEqual(readdirSync(dir), [], 'nothing written where the link leads');
        assert.equal(doc.getText(), '# Notes\n', 'nothing inserted');
        assert.ok(messages.shown.some((m) => /outside the workspace/.test(m.text)), JSON.stringify(messages.shown));
      } finally {
        messages.restore();
        unlinkSync(folder);
        if (hadFolder) renameSync(aside, folder);
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
