import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { RoomsTreeNode } from '../../src/extension/rooms/roomsView';
import { quickInput, quickPickRow, runnerBridgeAvailable, typeKeys, visibleCount } from '../support/runnerBridge';
import { eventually, internals, useSandbox } from './support';
import { ROOMS } from '../support/rooms';

// What the Rooms view's own nodes do (issue 25): a scene's click, and a room's "Screenshot Every Scene of a
// Directory…", through the extension's registered tree (its nodes are the ones its commands recognise).

const REF = ROOMS.reference; // us-sv; /init, /test/cover, /test/page1

async function childrenOf(node?: RoomsTreeNode): Promise<RoomsTreeNode[]> {
  return ((await (await internals()).roomsTree.getChildren(node)) ?? []) as RoomsTreeNode[];
}

async function roomNode(): Promise<RoomsTreeNode> {
  return (await childrenOf()).find((n) => n.kind === 'room' && n.room.uuid === REF)!;
}

async function sceneNode(path: string): Promise<RoomsTreeNode> {
  const dir = (await childrenOf(await roomNode())).find((n) => n.kind === 'directory' && n.path === '/test')!;
  return (await childrenOf(dir)).find((n) => n.kind === 'scene' && n.path === path)!;
}

async function treeItem(node: RoomsTreeNode): Promise<vscode.TreeItem> {
  return (await internals()).roomsTree.getTreeItem(node);
}

const previewTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('sceneSnap.preview')).length;

describe('the Rooms view acts on its nodes', () => {
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    // The room's own scene is in /test: a directory shot of the room offers /test first.
    'sceneSnap.rooms': [{ uuid: REF, name: 'Reference', path: '/test/page1' }],
    'sceneSnap.openPreview': false,
  });

  beforeEach(() => sandbox.fake.clearRequests());
  afterEach(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it("a scene's click takes a screenshot when it has none, then opens its last screenshot", async () => {
    const history = (await internals()).history;
    // Earlier suites may have shot these scenes: start from an empty history (pins too), as a new user would.
    await history.clear({ keepPinned: false });
    assert.equal(history.list().some((e) => e.room === REF && e.path === '/test/cover'), false, 'no screenshot of /test/cover yet');
    const before = await treeItem(await sceneNode('/test/cover'));
    assert.equal(before.command?.command, 'sceneSnap.screenshotScene');
    assert.match(String(before.tooltip), /take a screenshot \(none taken yet\)/);

    const result = await vscode.commands.executeCommand<{ url: string }>(before.command!.command, ...(before.command!.arguments ?? []));
    assert.match(result.url, /cover\.png$/);
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots').length, 1);
    const entry = history.list().find((e) => e.kind === 'scene' && e.room === REF && e.path === '/test/cover')!;
    assert.ok(entry, 'the click recorded a screenshot of that scene');

    // Once written, the tree repaints the scene: its click now opens that entry, and says so.
    const after = await eventually(async () => {
      const item = await treeItem(await sceneNode('/test/cover'));
      return item.command?.command === 'sceneSnap.openHistoryEntry' ? item : undefined;
    }, 'the scene to open its last screenshot');
    assert.deepEqual(after.command!.arguments, [entry.id]);
    assert.match(String(after.tooltip), /open its last screenshot/);
    // Another scene of the room still takes one.
    assert.equal((await treeItem(await sceneNode('/test/page1'))).command?.command, 'sceneSnap.screenshotScene');

    sandbox.fake.clearRequests();
    assert.equal(previewTabs(), 0);
    await vscode.commands.executeCommand(after.command!.command, ...(after.command!.arguments ?? []));
    await eventually(() => previewTabs() === 1 || undefined, 'the preview of the last screenshot to open');
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots').length, 0, 'opening it takes no new screenshot');
  });

  it('a scene directory node shoots that directory without asking', async () => {
    const dir = (await childrenOf(await roomNode())).find((n) => n.kind === 'directory' && n.path === '/test')!;
    const results = await vscode.commands.executeCommand<Array<{ url: string }>>('sceneSnap.screenshotSceneDirectory', dir);
    assert.equal(results.length, 2);
  });

  if (runnerBridgeAvailable) {
    it("a room's Screenshot Every Scene of a Directory… asks, with scene counts, the room's own directory first", async () => {
      // The user last shot / of this room: it comes second, after the room's own directory (issue 25).
      const state = (await internals()).workspaceState;
      const remembered = state.get('sceneSnap.lastChoices');
      await state.update('sceneSnap.lastChoices', { [REF]: { directory: '/' } });
      try {
        const done = Promise.resolve(vscode.commands.executeCommand<Array<{ url: string }>>('sceneSnap.screenshotSceneDirectory', await roomNode()));
        // The focused (first) row is /test, the directory of the room's /test/page1, with its count.
        const focusedTest = `.quick-input-widget .monaco-list-row.focused[aria-label*=${JSON.stringify('2 scenes')}][aria-label*="/test"]`;
        const row = (index: number, text: string) => `.quick-input-widget .monaco-list-row[data-index="${index}"][aria-label*=${JSON.stringify(text)}]`;
        await typeKeys(quickInput('Pick a scene directory'), undefined);
        // The listing has arrived once the rows carry their counts.
        await typeKeys(quickPickRow('/test, 2 scenes'), undefined);
        assert.equal(await visibleCount(row(0, "/test, 2 scenes · the room's own directory")), 1, "the room's own directory is the first row");
        assert.equal(await visibleCount(row(1, '/, 1 scene · last used')), 1, 'the last used directory is the second row, with its one scene');
        assert.equal(await visibleCount(focusedTest), 1, 'the first row is the focused one');
        assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshot-list').length, 0, 'nothing is shot before the answer');
        await typeKeys(focusedTest, undefined, 'Enter');
        const results = await done;
        assert.deepEqual(results.map((r) => /([^/]+)\.png$/.exec(r.url)?.[1]), ['cover', 'page1']);
        // The directory picked here is the last used one next time, as one picked in the palette is.
        await eventually(() => ((state.get<Record<string, { directory?: string }>>('sceneSnap.lastChoices') ?? {})[REF]?.directory === '/test' ? true : undefined), 'the picked directory remembered');
      } finally {
        await state.update('sceneSnap.lastChoices', remembered);
      }
    });
  }
});
