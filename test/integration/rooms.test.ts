import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ClientProvider } from '../../src/extension/clientProvider';
import { DirectoryNode, ProblemNode, RoomNode, RoomsTreeProvider, SceneNode, type RoomsTreeNode } from '../../src/extension/rooms/roomsView';
import { SceneCatalog } from '../../src/extension/rooms/sceneCatalog';
import { TokenStore } from '../../src/extension/secrets/tokenStore';
import { apiBaseUrl } from '../../src/extension/settings';
import { configure, type FakeNetless, MemorySecrets, sceneSnap, startFake } from './support';
import { ROOMS } from '../support/rooms';

// The Rooms tree's model over the real settings of this VS Code (user + workspace) and the fake service.
// The provider is built here, beside the one the extension registered, over an in-memory secret store so
// that each test sets exactly the tokens it needs.

const REF = ROOMS.reference; // us-sv
const UNICODE = ROOMS.unicode; // sg
const COURSE = ROOMS.course; // in-mum

async function items(provider: RoomsTreeProvider, node?: RoomsTreeNode): Promise<Array<{ node: RoomsTreeNode; item: vscode.TreeItem }>> {
  const children = await provider.getChildren(node);
  return Promise.all(children.map(async (child) => ({ node: child, item: await provider.getTreeItem(child) })));
}

const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : (item.label?.label ?? ''));
const icon = (item: vscode.TreeItem) => (item.iconPath as vscode.ThemeIcon | undefined)?.id;
/** The tooltip as a person reads it (MarkdownString.appendText escapes spaces and punctuation). */
const tooltipText = (item: vscode.TreeItem) => (item.tooltip as vscode.MarkdownString).value.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');

describe('the Rooms tree', () => {
  let fake: FakeNetless;
  let tokens: TokenStore;
  let clients: ClientProvider;
  let catalog: SceneCatalog;
  let provider: RoomsTreeProvider;
  const restores: Array<() => Promise<void>> = [];

  before(async () => {
    await sceneSnap();
    fake = await startFake();
    restores.push(
      await configure({ 'sceneSnap.rooms': [{ uuid: REF, name: 'Mine' }, { uuid: COURSE, name: 'Course', region: 'in-mum' }] }, 'user'),
      await configure({
        'sceneSnap.apiBaseUrl': fake.url,
        'sceneSnap.defaultRegion': 'us-sv',
        'sceneSnap.rooms': [{ uuid: REF, name: 'Team reference' }, { uuid: UNICODE, name: 'Unicode', region: 'sg' }],
      }),
    );
  });

  beforeEach(() => {
    tokens = new TokenStore(new MemorySecrets(), apiBaseUrl, vscode.workspace.onDidChangeConfiguration);
    clients = new ClientProvider();
    catalog = new SceneCatalog(tokens, clients);
    provider = new RoomsTreeProvider(tokens, catalog);
    fake.clearFaults();
    fake.clearRequests();
  });

  afterEach(() => {
    provider.dispose();
    catalog.dispose();
    clients.dispose();
    tokens.dispose();
  });

  after(async () => {
    for (const restore of restores.reverse()) await restore();
    await fake.close();
  });

  it('merges user and workspace rooms: the workspace entry wins, and workspace rooms are marked', async () => {
    const rooms = await items(provider);
    assert.deepEqual(rooms.map((r) => label(r.item)), ['Team reference', 'Course', 'Unicode']);
    assert.match(String(rooms[0]!.item.description), /workspace/);
    assert.doesNotMatch(String(rooms[1]!.item.description), /workspace/);
    assert.equal(rooms[0]!.item.contextValue, 'room.workspace');
    assert.equal(rooms[1]!.item.contextValue, 'room');
  });

  it('shows region and token state, with a warning icon when there is no token', async () => {
    const [ref, course] = await items(provider);
    assert.match(String(ref!.item.description), /^us-sv · no token/);
    assert.match(String(course!.item.description), /^in-mum · no token/);
    assert.equal(icon(ref!.item), 'warning');
  });

  it('reads role and expiry from the token, and warns for an expired, a reader or another room’s token', async () => {
    await tokens.set(REF, fake.roomToken(REF, 'writer', 23 * 3600_000 + 60_000));
    await tokens.set(COURSE, fake.roomToken(COURSE, 'reader'));
    await tokens.set(UNICODE, fake.roomToken(REF, 'admin'));
    await tokens.set(undefined, fake.sdkToken('writer', 1));
    await new Promise((r) => setTimeout(r, 5));
    const [ref, course, unicode] = await items(provider);
    assert.match(String(ref!.item.description), /Room token · writer · expires in 23 h/);
    assert.equal(icon(ref!.item), 'device-camera');
    assert.match(String(course!.item.description), /reader/);
    assert.equal(icon(course!.item), 'warning');
    assert.match(tooltipText(course!.item), /This token has the reader role: screenshots need the writer or admin role/);
    assert.equal(icon(unicode!.item), 'warning');
    assert.match(tooltipText(unicode!.item), new RegExp(`This room token is for room ${REF}, not ${UNICODE}`));
    await tokens.clear(REF);
    const [refWithExpiredSdk] = await items(provider);
    assert.match(String(refWithExpiredSdk!.item.description), /SDK token/);
    assert.match(String(refWithExpiredSdk!.item.description), /expired/i);
    assert.equal(icon(refWithExpiredSdk!.item), 'warning');
  });

  it('puts the region first in the description, and names the token once in the tooltip', async () => {
    await tokens.set(undefined, fake.sdkToken('admin'));
    await tokens.set(COURSE, fake.roomToken(COURSE, 'writer'));
    const [ref, course] = await items(provider);
    assert.match(String(ref!.item.description), /^us-sv · SDK token · admin/);
    assert.match(String(course!.item.description), /^in-mum · Room token · writer/);
    const refTip = tooltipText(ref!.item);
    assert.match(refTip, /token: SDK token · admin · never expires, the project-wide fallback/);
    assert.equal(refTip.match(/SDK token/g)?.length, 1, refTip);
    const courseTip = tooltipText(course!.item);
    assert.match(courseTip, /token: Room token · writer · [^\n]*, this room's own/);
    assert.equal(courseTip.match(/room token/gi)?.length, 1, courseTip);
  });

  it('lists scenes lazily, grouped into directories, with Unicode names', async () => {
    await tokens.set(undefined, fake.sdkToken('writer'));
    const rooms = await items(provider);
    assert.equal(fake.requests.length, 0, 'nothing is listed before a room is expanded');
    const unicode = rooms.find((r) => label(r.item) === 'Unicode')!;
    const top = await items(provider, unicode.node);
    assert.deepEqual(top.map((t) => [t.node.kind, label(t.item)]), [
      ['directory', '课程'],
      ['directory', 'Präsentation'],
      ['directory', '日本語'],
      ['directory', 'emoji'],
      ['scene', 'init'],
    ]);
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0]!.headers.region, 'sg');
    assert.equal(fake.requests[0]!.query.sceneDir, '/');
    const course = await items(provider, top[0]!.node);
    assert.deepEqual(course.map((c) => [c.node.kind, (c.node as SceneNode).path]), [
      ['scene', '/课程/第一页'],
      ['scene', '/课程/第二页'],
    ]);
    assert.equal(course[0]!.item.contextValue, 'scene');
    assert.equal(fake.requests.length, 1, 'the listing is cached');
  });

  it('answers getParent for every node, so reveal() works', async () => {
    const room = (await provider.getChildren())[2] as RoomNode;
    const nested = new SceneNode(room.room, '/课程/第一页');
    const parent = provider.getParent(nested) as DirectoryNode;
    assert.ok(parent instanceof DirectoryNode);
    assert.equal(parent.path, '/课程');
    assert.ok(provider.getParent(parent) instanceof RoomNode);
  });

  it('shows one problem node with Set Token when there is no token, and never throws', async () => {
    const [ref] = await provider.getChildren();
    const children = await items(provider, ref);
    assert.equal(children.length, 1);
    assert.ok(children[0]!.node instanceof ProblemNode);
    assert.match(label(children[0]!.item), /Could not list scenes: No token/);
    assert.equal(children[0]!.item.command?.command, 'sceneSnap.setToken');
    assert.deepEqual(children[0]!.item.command?.arguments, [{ room: REF }]);
    assert.equal(fake.requests.length, 0);
  });

  it('shows Retry for a server error, and Retry lists again', async () => {
    await tokens.set(undefined, fake.sdkToken('writer'));
    fake.setFault({ room: REF, endpoint: 'scenes', status: 500, body: { message: 'database unavailable' }, times: 3 });
    const [ref] = await provider.getChildren();
    const children = await items(provider, ref);
    assert.match(label(children[0]!.item), /database unavailable/);
    assert.equal(children[0]!.item.contextValue, 'problem.retry');
    assert.equal(children[0]!.item.command?.command, 'sceneSnap.retryRoom');
    fake.clearFaults();
    await vscode.commands.executeCommand('sceneSnap.retryRoom', children[0]!.node);
    // The command acts on the extension's own catalog; this provider's catalog is retried the same way.
    catalog.invalidate(REF);
    const again = await items(provider, ref);
    assert.deepEqual(again.map((c) => label(c.item)), ['test', 'init']);
  });

  it('shows Set Token for a 403 (reader token)', async () => {
    await tokens.set(REF, fake.roomToken(REF, 'reader'));
    const [ref] = await provider.getChildren();
    const [problem] = await items(provider, ref);
    assert.match(label(problem!.item), /token access role reader forbidden/);
    assert.equal(problem!.item.contextValue, 'problem.setToken');
  });

  it('repaints when a token changes, and lists again after a refresh', async () => {
    await tokens.set(undefined, fake.sdkToken('writer'));
    const [ref] = await provider.getChildren();
    await provider.getChildren(ref);
    let repaints = 0;
    const sub = provider.onDidChangeTreeData(() => repaints++);
    await tokens.set(REF, fake.roomToken(REF, 'writer'));
    await new Promise((r) => setTimeout(r, 20));
    assert.ok(repaints >= 1, 'a token change repaints the tree');
    await provider.getChildren(ref);
    assert.equal(fake.requests.length, 2, 'a token change drops the cached listing');
    sub.dispose();
  });
});
