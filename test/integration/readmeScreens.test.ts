import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { click, quickPickRow, runnerBridgeAvailable, toast, typeKeys, workbenchScreenshot } from '../support/runnerBridge';
import { configure, eventually, type FakeNetless, internals, sceneSnap, startFake } from './support';
import { ROOMS } from '../support/rooms';
import { previewManager } from './previewSupport';
import type { ComparePanel } from '../../src/extension/compareView/comparePanel';
import { SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { edited, encode, whiteboard } from '../support/pngs';

// The README's pictures, taken from the running extension against the fake service, in the demo's setup:
// the Rooms tree, a single preview, a gallery (light and dark), the compare panel in each mode, the whole
// room's gallery, the region finder's offer, the project's rooms, and the editor hovers of a room uuid and
// of a token. `npm run docs:screenshots` copies them from .test-artifacts/ to docs/images/ (as palette
// PNGs, test/host/docsImages.mjs). Each picture shows only the part of the workbench it is about, and is
// taken once what it shows has drawn (a webview's render, a hover's thumbnail, a quick pick's rows).

const UNICODE = ROOMS.unicode; // sg; Latin names only here: no CJK font in the test browser
const DECK = ROOMS.deck; // eu; /deck holds 1,000 scenes
const COURSE = ROOMS.course; // in-mum; nested directories under /course
const REF = ROOMS.reference; // us-sv

const DEMO_ROOMS = [
  { uuid: COURSE, name: 'Course: week by week', region: 'in-mum', path: '/course/week1/intro' },
  { uuid: DECK, name: 'All-hands deck', region: 'eu' },
  { uuid: UNICODE, name: 'Präsentation (Unicode)', region: 'sg' },
  { uuid: REF, name: 'Reference example', region: 'us-sv' },
];

/** The workbench's parts, for cropping (VS Code's own class names). */
const PART = {
  activityBar: '.part.activitybar',
  sideBar: '.part.sidebar',
  editor: '.part.editor',
  titleBar: '.part.titlebar',
  /** The visible hover widget of an editor. */
  hover: '.monaco-editor .monaco-hover:visible',
  quickInput: '.quick-input-widget',
  /** The editor's tab and first line number: a hover's picture starts with the file's name and first line. */
  activeTab: '.part.editor .tabs-container .tab.active',
  firstLineNumber: '.monaco-editor .margin-view-overlays .line-numbers:text-is("1")',
};

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PNG from the runner, as wide as the whole workbench (1,400 px) or, cropped, within the range given. */
function assertPng(file: string, width: number | { min: number; max: number } = 1400): void {
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const actual = png.readUInt32BE(16);
  if (typeof width === 'number') assert.equal(actual, width, `${path.basename(file)} is ${width} px wide`);
  else assert.ok(actual >= width.min && actual <= width.max, `${path.basename(file)} is ${actual} px wide, not ${width.min}-${width.max}`);
}

/** The gallery preview of the newest history entry, once its page shows `text`. */
async function galleryShowing(entryId: string, text: RegExp, ms = 30_000) {
  const manager = await previewManager();
  const preview = await eventually(() => manager.previews().find((p) => p.entry.id === entryId), 'the gallery preview', ms);
  await eventually(() => preview.snapshot().then((p) => (text.test(p.text) ? p : undefined), () => undefined), `${text} in the gallery`, ms);
  return preview;
}

if (runnerBridgeAvailable) describe('README screenshots', function () {
  this.timeout(90_000);
  let fake: FakeNetless;
  let restore: () => Promise<void>;
  let restoreTheme: () => Promise<void>;
  const files: string[] = [];

  before(async () => {
    await sceneSnap();
    fake = await startFake();
    restoreTheme = await configure({ 'workbench.colorTheme': 'Default Light Modern', 'workbench.localHistory.enabled': false }, 'user');
    restore = await configure({
      'sceneSnap.apiBaseUrl': fake.url,
      'sceneSnap.openPreview': true,
      'sceneSnap.defaultRegion': 'us-sv',
      'sceneSnap.rooms': DEMO_ROOMS,
    });
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
    await vscode.commands.executeCommand('sceneSnap.setToken', { room: REF, token: fake.roomToken(REF, 'reader') });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of files) await rm(f, { force: true });
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await vscode.commands.executeCommand('sceneSnap.clearToken', { room: REF });
    await restore();
    await restoreTheme();
    await fake.close();
  });

  it('a single preview', async () => {
    await vscode.commands.executeCommand('sceneSnap.rooms.focus');
    // A scene whose path the fake's pixel font can draw (it has no umlauts: they came out as blocks).
    await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: COURSE, path: '/course/week1/intro', width: 1280, height: 720 });
    await eventually(async () => (await internals()).history.latest()?.path === '/course/week1/intro' || undefined, 'the screenshot');
    await (await previewManager()).active()?.whenRendered();
    await settle(1500); // the page decodes and fits the image
    await vscode.commands.executeCommand('notifications.clearAll');
    assertPng(await workbenchScreenshot('docs-preview'));
  });

  it('every scene of a room: one gallery grouped by directory, shot again with its change badged', async () => {
    const i = await internals();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.screenshotRoom', { room: COURSE, width: 640, height: 360 });
    const first = i.history.latest()!;
    assert.equal(first.kind, 'room');
    await galleryShowing(first.id, /\/course\/week1/);
    await i.snapshots.idle();
    fake.changeScene(COURSE, '/course/week1/intro');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.screenshotRoom', { room: COURSE, width: 640, height: 360 });
    const second = i.history.latest()!;
    assert.notEqual(second.id, first.id);
    const gallery = await galleryShowing(second.id, /Since .*: 1 changed/);
    // Kept first: keeping the snapshots rebuilds the page, which would open the header again.
    await i.snapshots.idle();
    await settle(1000);
    // The first two directories (/ and /course, a scene each) folded: the headers fold, and the changed
    // scene (in /course/week1) is in the picture.
    for (const directory of ['/', '/course']) assert.ok(await gallery.request('click', { selector: '.group-toggle[aria-expanded="true"]' }), `${directory} has a toggle`);
    await settle(1500); // the thumbnails and badges draw
    await vscode.commands.executeCommand('notifications.clearAll');
    assertPng(await workbenchScreenshot('docs-whole-room', { around: [PART.editor] }), { min: 900, max: 1400 });
  });

  it('the compare panel in each mode', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // The panel's title and its four modes need the width: the side bar is closed for these pictures.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const { history, snapshotFolder } = await internals();
    const store = new SnapshotStore(snapshotFolder);
    const board = whiteboard(1280, 720, 7);
    const entries = [];
    for (const [n, image] of [board, edited(board, 3)].entries()) {
      const s = await store.put(encode(image));
      const time = Date.now() - (2 - n) * 3_600_000;
      const entry = {
        id: `docs-compare-${n}`, kind: 'scene' as const, room: REF, roomName: 'Reference example', path: '/test/cover', width: 1280, height: 720,
        region: 'us-sv', time, durationMs: 800, results: [{ url: `https://bucket.example/${REF}/test/cover.png`, key: `room_cover/${REF}/test/cover.png`, bucket: 'b', region: 'us-sv' }],
        snapshots: [{ kind: 'kept' as const, hash: s.hash, width: s.width, height: s.height, bytes: s.bytes, at: time }],
      };
      await history.add(entry);
      entries.push(entry);
    }
    const panel = await vscode.commands.executeCommand<ComparePanel>('sceneSnap.compare', { a: entries[0]!.id, b: entries[1]!.id });
    assert.ok(panel, 'the compare panel opened');
    await panel.whenRendered();
    await settle(1000);
    await vscode.commands.executeCommand('notifications.clearAll');
    for (const [key, mode] of [['1', 'side'], ['2', 'swipe'], ['3', 'onion'], ['4', 'diff']] as const) {
      await panel.request('press', { key });
      if (mode === 'swipe') await panel.request('dragDivider', { percent: 45 });
      await settle(700);
      assertPng(await workbenchScreenshot(`docs-compare-${mode}`, { around: [PART.editor] }), { min: 1300, max: 1400 });
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.rooms.focus');
  });

  it('the hover of a known room uuid in a .ts file: its last kept screenshot and the command links', async () => {
    const t = await internals();
    await eventually(() => t.editor(), 'the editor feature', 15_000);
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, 'rooms.ts');
    files.push(file);
    await writeFile(file, [
      '// The rooms our end-to-end tests draw on',
      'export const rooms = {',
      `  reference: '${REF}',`,
      `  deck: '${DECK}',`,
      '};',
      '',
    ].join('\n'));
    const doc = await vscode.workspace.openTextDocument(file);
    const at = doc.positionAt(doc.getText().indexOf(REF) + 8);
    // The thumbnail is made in a worker on the first hover; ask until it is there, so the picture has it.
    await eventually(async () => {
      const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at)) ?? [];
      return hovers.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('data:image/png'))) || undefined;
    }, 'the hover with its thumbnail', 20_000);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('editor.action.showHover');
    await typeKeys(`${PART.hover} img[src^="data:image/png"]`, undefined);
    await settle(500);
    assertPng(await workbenchScreenshot('docs-hover-room', { around: [PART.activeTab, PART.hover, PART.firstLineNumber], pad: 6 }), { min: 200, max: 1100 });
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
  });

  it('the hover of a token in a workspace file: what it is, and the warning', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const file = path.join(folder, 'whiteboard.config.ts');
    files.push(file);
    const token = fake.roomToken(COURSE, 'writer', 3 * 86_400_000);
    await writeFile(file, ['export const whiteboard = {', `  room: '${COURSE}',`, `  roomToken: '${token}',`, '};', ''].join('\n'));
    const doc = await vscode.workspace.openTextDocument(file);
    const at = doc.positionAt(doc.getText().indexOf(token) + 6);
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('editor.action.showHover');
    await typeKeys(`${PART.hover}:has-text("can be committed")`, undefined);
    await settle(500);
    assertPng(await workbenchScreenshot('docs-hover-token', { around: [PART.activeTab, PART.hover, PART.firstLineNumber], pad: 6 }), { min: 200, max: 1400 });
    await vscode.commands.executeCommand('editor.action.hideHover').then(undefined, () => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the region finder: a room without a region of its own, shot, and where it really is', async () => {
    // As in the demo: a room configured without its region; the default (us-sv) is a wrong guess.
    const back = await configure({ 'sceneSnap.rooms': DEMO_ROOMS.map((r) => (r.uuid === UNICODE ? { uuid: r.uuid, name: r.name } : r)) });
    try {
      await vscode.commands.executeCommand('notifications.clearAll');
      const shot = Promise.resolve(vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: UNICODE, path: '/init' }));
      const offer = toast('This room is in Singapore (sg): use sg for it?');
      await typeKeys(`${offer}:has-text("Use It")`, undefined);
      await settle(800); // the toast slides in
      assertPng(await workbenchScreenshot('docs-find-region', { around: [offer], pad: 8 }), { min: 300, max: 700 });
      await vscode.commands.executeCommand('notifications.clearAll');
      await shot;
    } finally {
      await back();
    }
  });

  it("the project's rooms: Add Rooms from the Project's multi-select list", async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    // By its command id: its title is being renamed (Import → Add Rooms from the Project…).
    const picked = Promise.resolve(vscode.commands.executeCommand('sceneSnap.addRoomsFromProject'));
    await typeKeys(quickPickRow('Team stand-up'), undefined);
    await typeKeys(`${quickPickRow('Unicode scenes')}[aria-label*="configured"]`, undefined);
    await click(quickPickRow('Team stand-up'));
    await settle(500);
    assertPng(await workbenchScreenshot('docs-add-rooms', { around: [PART.quickInput], pad: 1 }), { min: 500, max: 900 });
    await typeKeys(undefined, undefined, 'Escape');
    assert.equal(await picked, undefined, 'nothing added');
  });

  it('a gallery, light and dark', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('sceneSnap.screenshotSceneDirectory', { room: DECK, path: '/deck', width: 640, height: 360 });
    const gallery = await eventually(() => (previewManager().then((m) => m.active()?.entry.path === '/deck' ? m.active() : undefined)), 'the gallery preview');
    await gallery.whenRendered();
    await settle(1500); // the visible thumbnails load
    await vscode.commands.executeCommand('notifications.clearAll');
    // Without the status bar: it counts the 1,000 snapshots being kept.
    const workbench = [PART.titleBar, PART.activityBar, PART.sideBar, PART.editor];
    assertPng(await workbenchScreenshot('docs-gallery', { around: workbench }));
    await configure({ 'workbench.colorTheme': 'Default Dark Modern' }, 'user');
    await settle(1000);
    assertPng(await workbenchScreenshot('docs-dark', { around: workbench }));
    await configure({ 'workbench.colorTheme': 'Default Light Modern' }, 'user');
  });

  it('the Rooms tree, with scenes listed and token states, and the History below', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
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
    // Wide enough for each room's region and token state. The command resizes the editor part here, the
    // tree's focus notwithstanding (increasing made the side bar narrower): narrowing it widens the side bar.
    for (let n = 0; n < 3; n++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
    await vscode.commands.executeCommand('notifications.clearAll');
    await settle(500);
    assertPng(await workbenchScreenshot('docs-rooms', { around: [PART.activityBar, PART.sideBar] }), { min: 300, max: 700 });
  });
});
