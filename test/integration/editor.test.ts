import * as assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SceneSnapApi, SceneSnapTestInternals } from '../../src/extension/extension';
import type { RoomNode } from '../../src/extension/rooms/roomsView';
import { ROOMS } from '../support/rooms';
import { scanForSecrets } from '../support/secretScan';
import { closeAllEditors, previewManager } from './previewSupport';
import { configure, eventually, interceptMessages, internals, sceneSnap, useSandbox } from './support';

// Issue #23 in the real VS Code: hovers and document links for known room uuids and for tokens, in any
// text document, through VS Code's own provider commands (what the editor itself asks).

const REF = ROOMS.reference;
/** Configured, never shot in this suite: its hover has no picture, its link takes a screenshot. */
const FRESH = ROOMS.course;
const OTHER = '0123456789abcdef0123456789abcdef';

/** The Scene Snap hover at a position, or undefined (other extensions may hover there too). */
async function sceneSnapHover(uri: vscode.Uri, position: vscode.Position): Promise<string | undefined> {
  const hovers = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position)) ?? [];
  const values = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)));
  // As shown: Markdown's backslash escapes (of text from settings) taken out.
  return values.find((v) => v.startsWith('Scene Snap'))?.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

/** The command links of a hover: [command, argument]. */
function commandLinks(markdown: string): Array<[string, Record<string, unknown>]> {
  return [...markdown.matchAll(/\]\(command:([A-Za-z.]+)\?([^)]*)\)/g)].map((m) => [m[1]!, JSON.parse(decodeURIComponent(m[2]!))[0]]);
}

async function links(uri: vscode.Uri): Promise<vscode.DocumentLink[]> {
  return (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', uri, 100)) ?? [];
}

/** The rooms the Scene Snap links of a document open, by line. */
async function roomLinks(uri: vscode.Uri): Promise<Array<[number, string]>> {
  return (await links(uri))
    .filter((l) => l.target?.scheme === 'command' && l.target.path === 'sceneSnap.editor.openRoom')
    .map((l) => [l.range.start.line, (JSON.parse(decodeURIComponent(l.target!.query))[0] as { room: string }).room]);
}

/** Where `needle` is in the document (line and a character inside it). */
function positionOf(doc: vscode.TextDocument, needle: string): vscode.Position {
  const at = doc.getText().indexOf(needle);
  assert.ok(at >= 0, `${needle.slice(0, 12)}… is in the document`);
  return doc.positionAt(at + 5);
}

describe('rooms and tokens in editors (#23)', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({
    'sceneSnap.snapshots.maxMegabytes': 500,
    'sceneSnap.openPreview': false,
    'sceneSnap.rooms': [
      { uuid: REF, name: 'Reference board', region: 'us-sv', path: '/test/cover' },
      { uuid: FRESH, name: 'Course', region: 'in-mum' },
    ],
  });
  let api: SceneSnapApi;
  let t: SceneSnapTestInternals;
  let folder: string;
  const files: string[] = [];
  /** The tokens this suite put in files: none may reach a log, settings, state or storage. */
  const fileTokens: string[] = [];

  async function fileDoc(name: string, text: string): Promise<vscode.TextDocument> {
    const file = path.join(folder, name);
    await writeFile(file, text);
    files.push(file);
    return vscode.workspace.openTextDocument(file);
  }

  before(async () => {
    api = await sceneSnap();
    t = await internals();
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await t.history.clear();
    // VS Code's local history copies a file on each save, token and all: not what this suite checks.
    restoreLocalHistory = await configure({ 'workbench.localHistory.enabled': false }, 'user');
    await vscode.workspace.openTextDocument({ content: 'opens the editor feature' });
    await eventually(() => t.editor(), 'the editor feature to load once a text document is open');
  });
  let restoreLocalHistory: (() => Promise<void>) | undefined;

  after(async () => {
    await closeAllEditors();
    for (const f of files) await rm(f, { force: true });
    await restoreLocalHistory?.();
  });

  it('a known room without a screenshot: its hover in a .ts file names it, with no picture, and links to Screenshot, Directory and Rooms View', async () => {
    const doc = await fileDoc('rooms.ts', `// fixtures\nexport const room = '${FRESH}';\nexport const md5 = '${OTHER}';\n`);
    const hover = await sceneSnapHover(doc.uri, positionOf(doc, FRESH));
    assert.ok(hover, 'a Scene Snap hover');
    assert.match(hover, /^Scene Snap · /);
    assert.match(hover, /Course/);
    assert.match(hover, /region: in-mum/);
    assert.match(hover, /token: SDK token/);
    assert.ok(!hover.includes('!['), 'no picture without a kept screenshot');
    assert.deepEqual(commandLinks(hover).map(([c, a]) => [c, a.room]), [
      ['sceneSnap.screenshotScene', FRESH],
      ['sceneSnap.editor.screenshotDirectory', FRESH],
      ['sceneSnap.editor.showInRooms', FRESH],
    ]);
    // An MD5-shaped string is left alone (sceneSnap.editor.unknownUuids is off by default).
    assert.equal(await sceneSnapHover(doc.uri, positionOf(doc, OTHER)), undefined);
    assert.deepEqual(await roomLinks(doc.uri), [[1, FRESH]]);
  });

  it('a room with kept screenshots: the hover in a .log file shows the thumbnail, Open Last Screenshot and Compare with Previous, and they run', async () => {
    await api.screenshotScene({ room: REF, path: '/test/cover', width: 320, height: 200 }, { preview: false });
    sandbox.fake.changeScene(REF, '/test/cover');
    await api.screenshotScene({ room: REF, path: '/test/cover', width: 320, height: 200 }, { preview: false });
    await t.snapshots.idle();
    const newest = t.history.latest()!;
    assert.equal(newest.snapshots?.[0]?.kind, 'kept');
    const log = ['2026-01-01 INFO start', ...Array.from({ length: 200 }, (_, i) => `2026-01-01 DEBUG tick ${i}`), `2026-01-01 INFO joined room=${REF} user=7`].join('\n');
    const doc = await fileDoc('server.log', log);
    // The first hover waits a while for the thumbnail (made in a worker); on a loaded machine it may come
    // without it, and a later one has it.
    const picture = /!\[[^\]]*\]\(data:image\/png;base64,[A-Za-z0-9+/=]+\|width=\d+,height=\d+\)/;
    const hover = await eventually(async () => {
      const h = await sceneSnapHover(doc.uri, positionOf(doc, REF));
      return h && picture.test(h) ? h : undefined;
    }, 'the hover with its thumbnail', 15_000);
    assert.match(hover, /Reference board/);
    assert.ok(hover.length < 100_000);
    const byCommand = new Map(commandLinks(hover));
    assert.deepEqual(byCommand.get('sceneSnap.openHistoryEntry'), { id: newest.id });
    assert.deepEqual(byCommand.get('sceneSnap.compareWithPrevious'), { entry: newest.id });
    assert.deepEqual(byCommand.get('sceneSnap.screenshotScene'), { room: REF, path: '/test/cover' });
    // Cached by hash: a second hover makes no new thumbnail (earlier suites may have made others: count from here).
    const made = t.editor()!.thumbnails.made;
    assert.ok(made >= 1);
    assert.ok(await sceneSnapHover(doc.uri, positionOf(doc, REF)));
    assert.equal(t.editor()!.thumbnails.made, made);

    // Open Last Screenshot opens a preview of that entry.
    const manager = await previewManager();
    await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', byCommand.get('sceneSnap.openHistoryEntry'));
    await eventually(() => manager.previews().some((p) => p.entry.id === newest.id), 'a preview of the newest screenshot');
    // Compare with Previous opens the compare panel on this entry.
    await vscode.commands.executeCommand('sceneSnap.compareWithPrevious', byCommand.get('sceneSnap.compareWithPrevious'));
    await eventually(() => t.compareView(), 'the compare panel host');
    // Screenshot takes the room's path, in that room.
    const before = t.history.list().length;
    await vscode.commands.executeCommand('sceneSnap.screenshotScene', byCommand.get('sceneSnap.screenshotScene'));
    assert.equal(t.history.list().length, before + 1);
    assert.deepEqual([t.history.latest()!.room, t.history.latest()!.path], [REF, '/test/cover']);
    // Show in Rooms View selects the room.
    await vscode.commands.executeCommand('sceneSnap.editor.showInRooms', byCommand.get('sceneSnap.editor.showInRooms'));
    await eventually(() => (t.roomsView.selection[0] as RoomNode | undefined)?.room?.uuid === REF, 'the room selected in the Rooms view');
    // Screenshot Every Scene of a Directory… asks for a directory of that room: its own (/test, from its path) first.
    const w = vscode.window as { createQuickPick: typeof vscode.window.createQuickPick };
    const createQuickPick = w.createQuickPick;
    const pickers: vscode.QuickPick<vscode.QuickPickItem>[] = [];
    w.createQuickPick = <T extends vscode.QuickPickItem>() => {
      const picker = createQuickPick.call(vscode.window) as vscode.QuickPick<vscode.QuickPickItem>;
      pickers.push(picker);
      return picker as unknown as vscode.QuickPick<T>;
    };
    try {
      const flow = vscode.commands.executeCommand('sceneSnap.editor.screenshotDirectory', byCommand.get('sceneSnap.editor.screenshotDirectory'));
      const picker = await eventually(() => pickers[0], 'the directory picker');
      assert.equal(picker.title, 'Screenshot Every Scene of a Directory');
      assert.deepEqual([picker.items[0]?.label, picker.items[0]?.description], ['/test', "the room's own directory"]);
      picker.hide();
      await flow;
    } finally {
      w.createQuickPick = createQuickPick;
    }
    await t.snapshots.idle();
  });

  it('document links in an untitled JSON document open the last screenshot, or take one when there is none', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify({ rooms: [REF, OTHER, FRESH] }, null, 2) });
    assert.deepEqual(await roomLinks(doc.uri), [
      [2, REF],
      [4, FRESH],
    ]);
    assert.match((await sceneSnapHover(doc.uri, positionOf(doc, REF)))!, /Reference board/);
    const manager = await previewManager();
    await closeAllEditors();
    const newest = t.history.list().find((e) => e.room === REF)!;
    await vscode.commands.executeCommand('sceneSnap.editor.openRoom', { room: REF });
    await eventually(() => manager.previews().some((p) => p.entry.id === newest.id), 'the last screenshot opened');
    assert.equal(t.history.list().filter((e) => e.room === FRESH).length, 0);
    await vscode.commands.executeCommand('sceneSnap.editor.openRoom', { room: FRESH });
    assert.deepEqual([t.history.latest()!.room, t.history.latest()!.path], [FRESH, '/init']);
    await t.snapshots.idle();
  });

  it('links scan only the lines the editors show and a margin; scrolling past them has VS Code ask again', async () => {
    const lines = Array.from({ length: 5_000 }, (_, i) => `2026-01-01 DEBUG tick ${i}`);
    lines[10] = `2026-01-01 INFO joined room=${REF}`;
    lines[4_000] = `2026-01-01 INFO joined room=${FRESH}`;
    const doc = await fileDoc('long.log', lines.join('\n'));
    const editor = await vscode.window.showTextDocument(doc);
    editor.revealRange(new vscode.Range(4_000, 0, 4_000, 0), vscode.TextEditorRevealType.InCenter);
    await eventually(() => editor.visibleRanges.some((r) => r.contains(new vscode.Position(4_000, 0))), 'line 4,000 shown');
    // Only the room on the lines shown: line 10 is far above, never scanned.
    // (Eventually: the scroll registers the provider anew, and a call racing that finds the old one gone.)
    const only = JSON.stringify([[4_000, FRESH]]);
    await eventually(async () => JSON.stringify(await roomLinks(doc.uri)) === only, 'only the link of line 4,000');
    const scan = t.editor()!.lastLinkScan!;
    assert.ok(scan.lines <= 1_000, `${scan.lines} lines scanned`);
    assert.ok(!scan.windows.some((w) => w.start <= 10 && 10 < w.end), 'line 10 not scanned');
    // Scrolled a few pages, as the user does, with no edit: the provider is registered anew once the lines
    // shown leave those scanned, so the editor asks for the links by itself.
    const calls = { ...t.editor()!.linkCalls };
    for (let i = 0; i < 30; i++) {
      await vscode.commands.executeCommand('editorScroll', { to: 'down', by: 'page', value: 1 });
      await new Promise((r) => setTimeout(r, 100));
    }
    await eventually(() => t.editor()!.linkCalls.reregistered > calls.reregistered && t.editor()!.linkCalls.asked > calls.asked, 'a re-registration, and VS Code asking');
    // Back to the top: the provider is registered anew, so the editor asks for the links by itself.
    const asked = t.editor()!.linkCalls.asked;
    editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
    await eventually(
      () => t.editor()!.linkCalls.asked > asked && t.editor()!.lastLinkScan!.windows.some((w) => w.start <= 10 && 10 < w.end),
      'the editor asked for the links of the lines now shown',
    );
    const top = JSON.stringify([[10, REF]]);
    await eventually(async () => JSON.stringify(await roomLinks(doc.uri)) === top, 'only the link of line 10');
    await closeAllEditors();
  });

  it('a token in a workspace file: the hover names kind and role, warns it can be committed, and Store as Token moves it to secret storage and out of the file', async () => {
    const token = sandbox.fake.roomToken(FRESH, 'writer', 3 * 86_400_000);
    fileTokens.push(token);
    const doc = await fileDoc('config.ts', `export const config = {\n  token: '${token}',\n};\n`);
    await vscode.window.showTextDocument(doc);
    const hover = await sceneSnapHover(doc.uri, positionOf(doc, token));
    assert.ok(hover);
    assert.match(hover, /^Scene Snap · room token · writer/);
    assert.match(hover, /Course/);
    assert.match(hover, /can be committed/);
    assert.ok(!hover.includes(token.slice(12)), 'the hover never repeats the token');
    const [[command, where]] = commandLinks(hover) as [[string, Record<string, unknown>]];
    assert.equal(command, 'sceneSnap.editor.storeToken');
    assert.ok(!JSON.stringify(where).includes(token.slice(12, 40)), 'the link names where the token is, not the token');

    const messages = interceptMessages();
    try {
      messages.reply(/Remove it from this file/, 'Remove from File');
      await vscode.commands.executeCommand(command, where);
    } finally {
      messages.restore();
    }
    assert.ok(!doc.getText().includes(token), 'gone from the document');
    assert.equal(doc.isDirty, false, 'and saved');
    assert.ok(!(await readFile(path.join(folder, 'config.ts'), 'utf8')).includes(token), 'gone from the disk');
    // In secret storage now: the room's hover says it has a room token of its own.
    const rooms = await fileDoc('room.ts', `'${FRESH}'`);
    assert.match((await sceneSnapHover(rooms.uri, positionOf(rooms, FRESH)))!, /token: Room token · writer.*this room's own/);
    await vscode.commands.executeCommand('sceneSnap.clearToken', { room: FRESH });
  });

  it('an SDK token outside the workspace has no warning; expired says so', async () => {
    const token = sandbox.fake.sdkToken('admin', 1);
    fileTokens.push(token);
    await new Promise((r) => setTimeout(r, 20));
    // A saved file outside the workspace (an untitled one would be backed up, token and all, by hot exit).
    const file = path.join(os.tmpdir(), `scene-snap-editor-${process.pid}.env`);
    await writeFile(file, `SCENE_SNAP_SDK_TOKEN=${token}\n`);
    files.push(file);
    const doc = await vscode.workspace.openTextDocument(file);
    const hover = await sceneSnapHover(doc.uri, positionOf(doc, token));
    assert.match(hover!, /^Scene Snap · SDK token · admin/);
    assert.match(hover!, /expired/);
    assert.ok(!/committed/.test(hover!));
  });

  it('the settings switch each part off and on again without a reload; unknownUuids marks other 32-hex strings', async () => {
    const doc = await fileDoc('switches.ts', `const a = '${REF}';\nconst b = '${OTHER}';\n`);
    const at = positionOf(doc, REF);
    const restore = await configure({ 'sceneSnap.editor.hover': false });
    try {
      await eventually(async () => (await sceneSnapHover(doc.uri, at)) === undefined, 'no hover with sceneSnap.editor.hover off');
      assert.deepEqual(await roomLinks(doc.uri), [[0, REF]], 'links stay');
      await configure({ 'sceneSnap.editor.hover': true, 'sceneSnap.editor.links': false });
      await eventually(async () => (await roomLinks(doc.uri)).length === 0, 'no links with sceneSnap.editor.links off');
      assert.ok(await sceneSnapHover(doc.uri, at), 'the hover is back');
      await configure({ 'sceneSnap.editor.links': true, 'sceneSnap.editor.enabled': false });
      await eventually(async () => (await sceneSnapHover(doc.uri, at)) === undefined && (await roomLinks(doc.uri)).length === 0, 'nothing with sceneSnap.editor.enabled off');
      assert.equal(t.editor(), undefined, 'unloaded');
      await configure({ 'sceneSnap.editor.enabled': true, 'sceneSnap.editor.unknownUuids': true });
      await eventually(() => t.editor(), 'loaded again');
      const other = await eventually(() => sceneSnapHover(doc.uri, positionOf(doc, OTHER)), 'a hover on an unknown uuid');
      assert.match(other, /not a known room/);
      assert.deepEqual(commandLinks(other).map(([c]) => c), ['sceneSnap.addRoom', 'sceneSnap.screenshotScene']);
      assert.deepEqual(await roomLinks(doc.uri), [[0, REF]], 'links only for known rooms');
    } finally {
      await restore();
      await configure({ 'sceneSnap.editor.unknownUuids': undefined, 'sceneSnap.editor.enabled': undefined, 'sceneSnap.editor.links': undefined, 'sceneSnap.editor.hover': undefined });
    }
  });

  it('a room first seen in the history (a screenshot of it) gets its links in an open document without an edit', async () => {
    const doc = await fileDoc('later.ts', `const later = '${ROOMS.hangzhou}';\n`);
    assert.deepEqual(await roomLinks(doc.uri), []);
    await api.screenshotScene({ room: ROOMS.hangzhou, path: '/init', region: 'cn-hz', width: 320, height: 200 }, { preview: false });
    await eventually(async () => JSON.stringify(await roomLinks(doc.uri)) === JSON.stringify([[0, ROOMS.hangzhou]]), 'the link of the room now in the history');
    await t.snapshots.idle();
  });

  it('terminal links: a known room takes its screenshot, then opens it; a token says what it is, and Store as Room Token stores it', async () => {
    // No VS Code command reaches a terminal link provider: the test calls the registered one through the
    // test hook, with a real terminal, as the terminal does when the pointer is over a line.
    const provider = t.editor()!.terminalLinks;
    const writes = new vscode.EventEmitter<string>();
    const terminal = vscode.window.createTerminal({ name: 'Scene Snap test', pty: { onDidWrite: writes.event, open: () => undefined, close: () => undefined } });
    const token = sandbox.fake.roomToken(FRESH, 'reader', 86_400_000);
    fileTokens.push(token);
    const cancel = new vscode.CancellationTokenSource().token;
    try {
      const line = `$ curl /v5/rooms/${REF} (md5 ${OTHER}) -H token:${token}`;
      const found = (await provider.provideTerminalLinks({ line, terminal }, cancel)) ?? [];
      assert.deepEqual(
        found.map((l) => line.slice(l.startIndex, l.startIndex + l.length)),
        [REF, token],
        'the known room and the token; an unknown 32-hex string is no link',
      );
      const [room, tokenLink] = found as [vscode.TerminalLink, vscode.TerminalLink];
      assert.match(room.tooltip ?? '', /open the last screenshot/);
      assert.ok(!(tokenLink.tooltip ?? '').includes(token.slice(12)), 'the tooltip never repeats the token');

      // A room with no screenshot in this workspace: following its link takes one, of the room's path.
      await t.history.clear();
      await provider.handleTerminalLink(room);
      assert.deepEqual(t.history.list().map((e) => [e.room, e.path]), [[REF, '/test/cover']]);
      // Now it has one: the link opens it.
      const manager = await previewManager();
      await closeAllEditors();
      await provider.handleTerminalLink(room);
      await eventually(() => manager.previews().some((p) => p.entry.id === t.history.latest()!.id), 'the last screenshot opened');
      assert.equal(t.history.list().length, 1, 'no second screenshot');

      // A token: a message says what it is (never the token); Store as Room Token puts it in secret storage for its room.
      const messages = interceptMessages();
      try {
        messages.reply(/room token/i, 'Store as Room Token');
        await provider.handleTerminalLink(tokenLink);
      } finally {
        messages.restore();
      }
      const said = messages.shown.find((m) => m.items.includes('Store as Room Token'));
      assert.ok(said, `a message offering Store as Room Token: ${JSON.stringify(messages.shown.map((m) => m.text))}`);
      assert.match(said.text, /^Scene Snap: Room token · reader/);
      assert.ok(!messages.shown.some((m) => m.text.includes(token.slice(12))), 'no message repeats the token');
      const rooms = await fileDoc('terminal-room.ts', `'${FRESH}'`);
      assert.match((await sceneSnapHover(rooms.uri, positionOf(rooms, FRESH)))!, /token: Room token · reader.*this room's own/);
    } finally {
      await vscode.commands.executeCommand('sceneSnap.clearToken', { room: FRESH });
      terminal.dispose();
      await t.snapshots.idle();
    }
  });

  it('secrets audit: the token that was in a file reached no log, settings, state or storage, and left the workspace', async () => {
    assert.equal(fileTokens.length, 3, 'the token tests ran');
    const userData = t.storage.globalStorageUri.fsPath.split(`${path.sep}User${path.sep}`)[0]!;
    const logs = t.storage.logUri.fsPath.split(`${path.sep}logs${path.sep}`)[0]!;
    const hits = scanForSecrets([path.join(userData, 'User'), path.join(logs, 'logs'), folder], fileTokens);
    assert.deepEqual(hits.map((h) => `${h.file} (${h.encoding})`), []);
  });
});
