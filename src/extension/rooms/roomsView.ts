import * as vscode from 'vscode';
import { describeToken, summarizeToken, tokenWarnings } from '../../core/api/token';
import { Disposable } from '../disposable';
import type { TokenStore } from '../secrets/tokenStore';
import { affectsSceneSnap, readSettings } from '../settings';
import { roomLabel, type Room } from '../../core/rooms/roomSettings';
import type { SceneCatalog } from './sceneCatalog';
import { baseName, listDirectory } from './sceneTree';
import { lastShotOf, lastShotsSignature, type SceneShot } from './lastShot';

/** What the Rooms view reads of the history: a scene's click opens its newest screenshot. */
export interface SceneHistory {
  list(): readonly SceneShot[];
  readonly onDidChange: vscode.Event<unknown>;
}

// The Rooms view: rooms from settings → scene directories → scenes, listed lazily on expand. The nodes are
// plain data (the view's model); the provider turns them into TreeItems. Commands receive the nodes.

export class RoomNode {
  readonly kind = 'room';
  constructor(readonly room: Room) {}
}

export class DirectoryNode {
  readonly kind = 'directory';
  constructor(readonly room: Room, readonly path: string) {}
}

export class SceneNode {
  readonly kind = 'scene';
  constructor(readonly room: Room, readonly path: string) {}
}

/**
 * Listing failed: one node that says why and offers what helps: Set Token for a token problem, Find Region
 * for a 404 (a room answers only in its own region), else Retry. Its contextValue is `problem.<action>`.
 */
export class ProblemNode {
  readonly kind = 'problem';
  constructor(readonly room: Room, readonly message: string, readonly action: 'setToken' | 'findRegion' | 'retry') {}
}

export type RoomsTreeNode = RoomNode | DirectoryNode | SceneNode | ProblemNode;

function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | undefined)?.code;
}

/** `failure`: the error code of the room's last listing, when it failed (a 404 adds Find Region inline). */
async function roomItem(node: RoomNode, tokens: TokenStore, defaultRegion: string, failure: string | undefined): Promise<vscode.TreeItem> {
  const { room } = node;
  const item = new vscode.TreeItem(roomLabel(room), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `room:${room.uuid}`;
  const region = room.region ?? defaultRegion;
  let own: string | undefined;
  let token: string | undefined;
  let unreadable: string | undefined;
  try {
    own = await tokens.get(room.uuid);
    token = own ?? (await tokens.get());
  } catch (err) {
    // SecretStorage refused: the room still paints, and says why it shows no token.
    unreadable = err instanceof Error ? err.message : String(err);
  }
  const now = Date.now();
  const info = token ? describeToken(token) : undefined;
  const summary = info ? summarizeToken(info, now) : undefined;
  const warnings = info ? tokenWarnings(info, room.uuid, now) : [unreadable ?? vscode.l10n.t('No token: set a room token or the SDK token.')];
  item.description = [region, summary ?? (unreadable ? vscode.l10n.t('token unreadable') : vscode.l10n.t('no token')), room.source === 'workspace' ? vscode.l10n.t('workspace') : undefined].filter(Boolean).join(' · ');
  const tooltip = new vscode.MarkdownString(undefined, true);
  tooltip.appendMarkdown(`**${roomLabel(room)}**\n\n`);
  const lines = [
    vscode.l10n.t('uuid: {0}', room.uuid),
    room.region ? vscode.l10n.t('region: {0}', region) : vscode.l10n.t('region: {0} (default)', region),
    // The summary names the token's kind already ("SDK token · admin · …"): said once, plus whose it is.
    summary === undefined ? vscode.l10n.t('token: none') : own ? vscode.l10n.t("token: {0}, this room's own", summary) : vscode.l10n.t('token: {0}, the project-wide fallback', summary),
    room.source === 'workspace' ? vscode.l10n.t('from: workspace settings') : vscode.l10n.t('from: user settings'),
  ];
  tooltip.appendText(lines.join('\n'));
  for (const w of warnings) tooltip.appendMarkdown(`\n\n$(warning) `).appendText(w);
  item.tooltip = tooltip;
  item.iconPath = warnings.length > 0 ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('device-camera');
  item.contextValue = `room${room.source === 'workspace' ? '.workspace' : ''}${failure === 'notFound' ? '.notFound' : ''}`;
  return item;
}

/** A scene's click (and Enter): its newest screenshot opens, or, when it has none, one is taken. */
function sceneAction(node: SceneNode, history: SceneHistory | undefined): { command: vscode.Command; tooltip: string } {
  const last = history ? lastShotOf(history.list(), node.room.uuid, node.path) : undefined;
  if (last) {
    const when = new Date(last.time).toLocaleString(vscode.env.language);
    return {
      command: { command: 'sceneSnap.openHistoryEntry', title: vscode.l10n.t('Open Last Screenshot'), arguments: [last.id] },
      tooltip: vscode.l10n.t('Click or Enter: open its last screenshot ({0})', when),
    };
  }
  return {
    command: { command: 'sceneSnap.screenshotScene', title: vscode.l10n.t('Screenshot Scene'), arguments: [{ room: node.room.uuid, path: node.path }] },
    tooltip: vscode.l10n.t('Click or Enter: take a screenshot (none taken yet)'),
  };
}

function pathItem(node: DirectoryNode | SceneNode, history: SceneHistory | undefined): vscode.TreeItem {
  const directory = node instanceof DirectoryNode;
  const item = new vscode.TreeItem(baseName(node.path), directory ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = `${node.kind}:${node.room.uuid}:${node.path}`;
  item.tooltip = node.path;
  item.iconPath = new vscode.ThemeIcon(directory ? 'folder' : 'file-media');
  item.contextValue = node.kind;
  item.accessibilityInformation = { label: directory ? vscode.l10n.t('Scene directory {0}', node.path) : vscode.l10n.t('Scene {0}', node.path) };
  if (node instanceof SceneNode) {
    const action = sceneAction(node, history);
    item.command = action.command;
    item.tooltip = `${node.path}\n\n${action.tooltip}`;
  }
  return item;
}

function problemItem(node: ProblemNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
  item.id = `problem:${node.room.uuid}`;
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'));
  item.contextValue = `problem.${node.action}`;
  switch (node.action) {
    case 'setToken':
      item.tooltip = `${node.message}\n\n${vscode.l10n.t('Click to set a token.')}`;
      item.command = { command: 'sceneSnap.setToken', title: vscode.l10n.t('Set Token'), arguments: [{ room: node.room.uuid }] };
      break;
    case 'findRegion':
      item.tooltip = `${node.message}\n\n${vscode.l10n.t('Click to find the data centre that has this room.')}`;
      item.command = { command: 'sceneSnap.findRegion', title: vscode.l10n.t('Find Region'), arguments: [node] };
      break;
    case 'retry':
      item.tooltip = `${node.message}\n\n${vscode.l10n.t('Click to retry.')}`;
      item.command = { command: 'sceneSnap.retryRoom', title: vscode.l10n.t('Retry'), arguments: [node] };
      break;
  }
  return item;
}

export class RoomsTreeProvider extends Disposable implements vscode.TreeDataProvider<RoomsTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RoomsTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly tokens: TokenStore,
    private readonly catalog: SceneCatalog,
    private readonly history?: SceneHistory,
  ) {
    super();
    if (history) {
      // A scene's click and tooltip follow its newest screenshot: repaint when that changes, not on every write.
      let shots = lastShotsSignature(history.list());
      this.register(
        history.onDidChange(() => {
          const now = lastShotsSignature(history.list());
          if (now === shots) return;
          shots = now;
          this.changed.fire(undefined);
        }),
      );
    }
    // Any change can alter every room's description or listing: repaint from the top.
    this.register(catalog.onDidInvalidate(() => this.changed.fire(undefined)));
    // A room whose listing failed is repainted with what helps (Find Region inline after a 404).
    this.register(catalog.onDidFail(() => this.changed.fire(undefined)));
    this.register(tokens.onDidChange(() => catalog.invalidate()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsSceneSnap(e) && catalog.invalidate()));
  }

  getTreeItem(node: RoomsTreeNode): Thenable<vscode.TreeItem> | vscode.TreeItem {
    if (node instanceof RoomNode) return roomItem(node, this.tokens, readSettings().defaultRegion, this.catalog.failure(node.room.uuid, node.room.region));
    if (node instanceof ProblemNode) return problemItem(node);
    return pathItem(node, this.history);
  }

  async getChildren(node?: RoomsTreeNode): Promise<RoomsTreeNode[]> {
    if (!node) return readSettings().rooms.map((r) => new RoomNode(r));
    if (!(node instanceof RoomNode || node instanceof DirectoryNode)) return [];
    let scenes: string[];
    try {
      scenes = await this.catalog.scenes(node.room);
    } catch (err) {
      const code = errorCode(err);
      const action = code === 'noToken' || code === 'unauthorized' || code === 'forbidden' ? 'setToken' : code === 'notFound' ? 'findRegion' : 'retry';
      return [new ProblemNode(node.room, vscode.l10n.t('Could not list scenes: {0}', err instanceof Error ? err.message : String(err)), action)];
    }
    const dir = node instanceof RoomNode ? '/' : node.path;
    const listing = listDirectory(scenes, dir);
    if (node instanceof RoomNode && listing.directories.length === 0 && listing.scenes.length === 0) {
      return [new ProblemNode(node.room, vscode.l10n.t('This room has no scenes in its listing.'), 'retry')];
    }
    return [...listing.directories.map((d) => new DirectoryNode(node.room, d)), ...listing.scenes.map((s) => new SceneNode(node.room, s))];
  }

  getParent(node: RoomsTreeNode): RoomsTreeNode | undefined {
    if (node instanceof RoomNode) return undefined;
    if (node instanceof ProblemNode) return new RoomNode(node.room);
    const cut = node.path.lastIndexOf('/');
    return cut <= 0 ? new RoomNode(node.room) : new DirectoryNode(node.room, node.path.slice(0, cut));
  }
}

export function registerRoomsView(tokens: TokenStore, catalog: SceneCatalog, history?: SceneHistory): { view: vscode.TreeView<RoomsTreeNode>; provider: RoomsTreeProvider; disposable: vscode.Disposable } {
  const provider = new RoomsTreeProvider(tokens, catalog, history);
  const view = vscode.window.createTreeView('sceneSnap.rooms', { treeDataProvider: provider, showCollapseAll: true });
  const retry = vscode.commands.registerCommand('sceneSnap.retryRoom', (node?: { room?: { uuid?: string } }) => catalog.invalidate(node?.room?.uuid));
  return { view, provider, disposable: vscode.Disposable.from(view, provider, retry) };
}
