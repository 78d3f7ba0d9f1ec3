import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PREVIEW_COMMANDS } from '../../src/extension/preview/commands';
import { closeAllEditors, entry, openPreview, previewManager, startPngServer, type PngServer } from './previewSupport';
import { eventually } from './support';
import { configure } from './support';

// Issue #25, item 8: the bucket URL is not a stable link (the next screenshot of the scene overwrites the
// picture behind it), so Insert Markdown offers saving into the workspace first, and says why.

describe('Insert Markdown: which link comes first (#25)', function () {
  this.timeout(60_000);
  let server: PngServer;
  let restore: () => Promise<void>;

  before(async () => {
    server = await startPngServer();
    restore = await configure({ 'sceneSnap.apiBaseUrl': server.base, 'sceneSnap.preview.reuse': false });
  });

  after(async () => {
    await closeAllEditors();
    await restore();
    await server.close();
  });

  it('offers "save into the workspace and link it" first, and says the URL shows whatever the scene\'s next screenshot draws', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: '' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await openPreview(entry('scene', [{ path: '/deck/cover', url: server.url('/deck/cover', 64, 36) }]));
    const w = vscode.window as { showQuickPick: unknown };
    const original = w.showQuickPick;
    const offered: vscode.QuickPickItem[] = [];
    w.showQuickPick = (items: vscode.QuickPickItem[]) => {
      offered.push(...items);
      return Promise.resolve(undefined);
    };
    try {
      await vscode.commands.executeCommand(PREVIEW_COMMANDS.insertMarkdown);
    } finally {
      w.showQuickPick = original;
    }
    assert.equal(offered.length, 2, JSON.stringify(offered));
    assert.match(offered[0]!.label, /Save the PNG into the workspace/);
    assert.match(offered[1]!.label, /Link to the image URL/);
    assert.match(`${offered[1]!.description ?? ''} ${offered[1]!.detail ?? ''}`, /next screenshot/, 'the URL item says why it is not stable');
  });

  it('Close All Previews closes every Scene Snap tab and leaves the text editors (#25)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: 'keep me' });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
    await openPreview(entry('scene', [{ path: '/deck/a', url: server.url('/deck/a', 64, 36) }]));
    await openPreview(entry('scene', [{ path: '/deck/b', url: server.url('/deck/b', 64, 36) }]));
    const manager = await previewManager();
    assert.ok(manager.previews().length >= 2, `${manager.previews().length} previews`);
    const closed = await vscode.commands.executeCommand<number>('sceneSnap.closeAllPreviews');
    assert.ok(closed >= 2, `closed ${closed}`);
    await eventually(() => manager.previews().length === 0 || undefined, 'every preview closed');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputText || t.label.includes('Untitled')), 'the text editor stays');
  });
});
