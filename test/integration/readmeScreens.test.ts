import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { runnerBridgeAvailable, typeKeys, workbenchScreenshot } from '../support/runnerBridge';
import { configure, eventually, type FakeNetless, internals, sceneSnap, startFake } from './support';
import { ROOMS } from '../support/rooms';
import { previewManager } from './previewSupport';
import type { ComparePanel } from '../../src/extension/compareView/comparePanel';
import { SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { edited, encode, whiteboard } from '../support/pngs';

// The README's pictures, taken from the running extension against the fake service: the Rooms tree, a
// single preview, a gallery, and the same in a dark theme. `npm run docs:screenshots` copies them from
// .test-artifacts/ to docs/images/.

const UNICODE = ROOMS.unicode; // sg; Latin names only here: no CJK font in the test browser
const DECK = ROOMS.deck; // eu; /deck holds 1,000 scenes
const COURSE = ROOMS.course; // in-mum
const REF = ROOMS.reference; // us-sv

function assertPng(file: string): void {
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.equal(png.readUInt32BE(16), 1400, 'the workbench is 1400 px wide');
}

if (runnerBridgeAvailable) describe('README screenshots', function () {
  this.timeout(60_000);
  let fake: FakeNetless;
  let restore: () => Promise<void>;
  let restoreTheme: () => Promise<void>;

  before(async () => {
    await sceneSnap();
    fake = await startFake();
    restoreTheme = await configure({ 'workbench.colorTheme': 'Default Light Modern' }, 'user');
    restore = await configure({
      'sceneSnap.apiBaseUrl': fake.url,
      'sceneSnap.openPreview': true,
      'sceneSnap.rooms': [
        { uuid: COURSE, name: 'Course: week by week', region: 'in-mum', path: '/course/week1/intro' },
        { uuid: DECK, name: 'All-hands deck', region: 'eu' },
        { uuid: UNICODE, name: 'Präsentation (Unicode)', region: 'sg' },
        { uuid: REF, name: 'Reference example', region: 'us-sv' },
      ],
    });
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
    await vscode.commands.executeCommand('sceneSnap.setToken', { room: REF, token: fake.roomToken(REF, 'reader') });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await vscode.commands.executeCommand('sceneSnap.clearToken', { room: REF });
    await restore();
    await restoreTheme();
    await fake.close();
  });

  it('the Rooms tree, with scenes listed and token states', async () => {
    await vscode.commands.executeCommand('sceneSnap.rooms.focus');
    // Walk the extension's own tree down to a scene and reveal it: every level is listed on the way.
    const { roomsView, roomsTree } = await internals();
    let node = (await roomsTree.getChildren())![0]!;
    for (const name of ['course', 'week1', 'intro']) {
      const children = (await roomsTree.getChildren(node)) ?? [];
      const next = children.find((c) => (c as { path?: string }).path?.endsWith(`/${name}`));
      assert.ok(next, `${name} is listed`);
      node = next;
    }
    await roomsView.reveal(node, { select: true, focus: true, expand: true });
    await typeKeys('.monaco-list-row.selected:has-text("intro")', undefined);
    await vscode.commands.executeCommand('notifications.clearAll');
    assertPng(await workbenchScreenshot('docs-rooms'));
  });

  it('a single preview', async () => {
    await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: UNICODE, path: '/Präsentation/Übersicht', width: 1280, height: 720 });
    await eventually(async () => (await internals()).history.latest()?.path === '/Präsentation/Übersicht' || undefined, 'the screenshot');
    await typeKeys(undefined, undefined);
    await new Promise((r) => setTimeout(r, 1500)); // the page decodes and fits the image
    await vscode.commands.executeCommand('notifications.clearAll');
    assertPng(await workbenchScreenshot('docs-preview'));
  });

  it('a gallery, light and dark', async () => {
    await vscode.commands.executeCommand('sceneSnap.screenshotSceneDirectory', { room: COURSE, path: '/course/week1', width: 640, height: 360 });
    // One panel loading at a time: a webview created while another still loads behind it may never start
    // in the web workbench (the gallery pictures came out blank).
    await (await previewManager()).active()?.whenRendered();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.screenshotSceneDirectory', { room: DECK, path: '/deck', width: 640, height: 360 });
    const gallery = await eventually(() => (previewManager().then((m) => m.active()?.entry.path === '/deck' ? m.active() : undefined)), 'the gallery preview');
    await gallery.whenRendered();
    await new Promise((r) => setTimeout(r, 1500)); // the visible thumbnails load
    await vscode.commands.executeCommand('notifications.clearAll');
    assertPng(await workbenchScreenshot('docs-gallery'));
    await configure({ 'workbench.colorTheme': 'Default Dark Modern' }, 'user');
    await new Promise((r) => setTimeout(r, 1000));
    assertPng(await workbenchScreenshot('docs-dark'));
  });

  it('the compare panel in each mode', async () => {
    await configure({ 'workbench.colorTheme': 'Default Light Modern' }, 'user');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const { history, snapshotFolder } = await internals();
    const store = new SnapshotStore(snapshotFolder);
    const board = whiteboard(1280, 720, 7);
    const entries = [];
    for (const [i, image] of [board, edited(board, 3)].entries()) {
      const s = await store.put(encode(image));
      const time = Date.now() - (2 - i) * 3_600_000;
      const entry = {
        id: `docs-compare-${i}`, kind: 'scene' as const, room: REF, roomName: 'Reference example', path: '/test/cover', width: 1280, height: 720,
        region: 'us-sv', time, durationMs: 800, results: [{ url: `https://bucket.example/${REF}/test/cover.png`, key: `room_cover/${REF}/test/cover.png`, bucket: 'b', region: 'us-sv' }],
        snapshots: [{ kind: 'kept' as const, hash: s.hash, width: s.width, height: s.height, bytes: s.bytes, at: time }],
      };
      await history.add(entry);
      entries.push(entry);
    }
    const panel = await vscode.commands.executeCommand<ComparePanel>('sceneSnap.compare', { a: entries[0]!.id, b: entries[1]!.id });
    assert.ok(panel, 'the compare panel opened');
    await panel.whenRendered();
    await new Promise((r) => setTimeout(r, 1000));
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const [key, mode] of [['1', 'side'], ['2', 'swipe'], ['3', 'onion'], ['4', 'diff']] as const) {
      await panel.request('press', { key });
      if (mode === 'swipe') await panel.request('dragDivider', { percent: 45 });
      await new Promise((r) => setTimeout(r, 700));
      assertPng(await workbenchScreenshot(`docs-compare-${mode}`));
    }
  });
});
