import * as path from 'node:path';
import * as vscode from 'vscode';
import { useWords } from '../core/api/words';
import { ClientProvider } from './clientProvider';
import { HistoryStore } from './history/historyStore';
import { historyForApi } from './history/historyApi';
import { registerHistory } from './history/historyView';
import type { HistoryItem } from './history/publicHistory';
import type { CompareApi, CompareOptions, CompareResult } from '../core/images/index';
import { loadCompare } from './lazyCompare';
import { LazyChecks } from './checks/lazyChecks';
import type { PreviewDeps } from './preview/previewManager';
import type { ChecksHost } from './checks/checksHost';
import { LazyCompareView } from './compareView/lazyCompareView';
import type { CompareViewHost } from './compareView/host';
import { Onboarding } from './onboarding/onboarding';
import { registerLogAndSettingsCommands } from './logAndSettingsCommands';
import { LazyPreview } from './preview/lazyPreview';
import { registerRoomCommands } from './rooms/roomCommands';
import { RegionFinder, registerFindRegion } from './rooms/regionFinder';
import { RegionMemory } from './rooms/regionMemory';
import { askScreenshotArgs, pickRoom } from './screenshots/ask';
import { RoomNode, registerRoomsView, type RoomsTreeNode } from './rooms/roomsView';
import { LazyEditor } from './editor/lazyEditor';
import type { EditorFeature } from './editor/editorFeature';
import { SceneCatalog } from './rooms/sceneCatalog';
import { ChoiceMemory } from './screenshots/choiceMemory';
import { LastRequestMemory, registerScreenshotCommands } from './screenshots/screenshotCommands';
import { ScreenshotService, type TakeOptions } from './screenshots/screenshotService';
import { registerTokenCommands } from './secrets/tokenCommands';
import { FaultySecrets } from './secrets/faultySecrets';
import { TokenStore } from './secrets/tokenStore';
import { registerIgnoredSettingsNotice } from './ignoredSettings';
import { SnapshotService } from './snapshots/snapshotService';
import { registerSnapshotCommands } from './snapshots/snapshotCommands';
import { registerCloseAllPreviews } from './closeAllPreviews';
import { affectsSceneSnap, apiBaseUrl, readSettings, watchSettings } from './settings';
import { RoomShooter, type RoomItem } from './screenshots/roomShot';
import { registerWholeRoomCommand } from './screenshots/wholeRoomCommands';
import { registerProjectRooms } from './rooms/projectRooms';
import { WebviewWatch } from './webviewWatch';

/** One screenshot as the service stored it (DESIGN.md). */
export interface ScreenshotResult {
  url: string;
  key: string;
  bucket: string;
  region: string;
}

/** What `activate()` returns: the exported API of DESIGN.md. */
export interface SceneSnapApi {
  screenshotScene(req: unknown, options?: TakeOptions): Promise<ScreenshotResult>;
  screenshotSceneDirectory(req: unknown, options?: TakeOptions): Promise<ScreenshotResult[]>;
  /** Every scene of a room: one item per directory that holds scenes, in directory path order (DESIGN.md). */
  screenshotRoom(req: unknown, options?: TakeOptions): Promise<RoomItem[]>;
  /** Compares two PNGs (bytes) in a worker thread; bytes that are not a PNG reject with invalidInput. */
  compareImages(a: Uint8Array, b: Uint8Array, options?: CompareOptions): Promise<CompareResult>;
  /** This workspace's screenshot history, newest first; ids for sceneSnap.openHistoryEntry and sceneSnap.compare. */
  history(): Promise<HistoryItem[]>;
  /**
   * The region where the room answers (the five data centres asked at once; a region already found for the
   * room at this API origin answers without a probe). Rejects with notFound when no data centre knows the
   * room, with unauthorized/forbidden when the token is refused.
   */
  findRegion(room: string, options?: { cancellation?: vscode.CancellationToken }): Promise<string>;
}

export type { Box, CompareOptions, CompareResult } from '../core/images/index';
/** The `code` of every error the API and the commands reject with (DESIGN.md), `compareFailed` included. */
export type { ErrorCode } from '../core/api/errors';
export type { HistoryItem, HistoryResult } from './history/publicHistory';

/**
 * The parts the integration tests look into. Present only when VS Code runs the extension for tests
 * (ExtensionMode.Test), as a non-enumerable `__test` property of the API.
 */
export interface SceneSnapTestInternals {
  history: HistoryStore;
  catalog: SceneCatalog;
  roomsView: vscode.TreeView<RoomsTreeNode>;
  roomsTree: vscode.TreeDataProvider<RoomsTreeNode>;
  workspaceState: vscode.Memento;
  onboarding: Onboarding;
  /** The SecretStorage under the token store; a test can make it reject. */
  secrets: FaultySecrets;
  /** Where VS Code keeps this extension's files: the secrets audit searches below them. */
  storage: { logUri: vscode.Uri; globalStorageUri: vscode.Uri; storageUri: vscode.Uri | undefined };
  /** The compare client once compareImages has been called (it is loaded then, not at activation). */
  compare(): CompareApi['client'] | undefined;
  /** The snapshot store's glue: its store, its background work (idle()), its status bar text. */
  snapshots: SnapshotService;
  historyView: vscode.TreeView<import('./history/historyEntries').HistoryEntry>;
  /** The compare panel's host once a compare command ran (loaded then, not at activation). */
  compareView(): CompareViewHost | undefined;
  /** The snapshot store's folder (tests put PNGs there with a SnapshotStore of their own). */
  snapshotFolder: string;
  /** The editor hovers and links once loaded (the first text document opened), else undefined. */
  editor(): EditorFeature | undefined;
  /** The checks' host once a checks command ran (loaded then, not at activation). */
  checks(): ChecksHost | undefined;
  /** Stands in for Restricted Mode in the checks (a test host cannot enter it); undefined: VS Code's. */
  checksTrust: { trusted: boolean | undefined };
  /** What the panels hand their webviews: the secrets audit watches it. */
  webviews: WebviewWatch;
}

/**
 * Builds the parts and registers them. Nothing here touches the network, reads a secret or loads the API
 * client (dist/api.js, with undici): that happens when the user first asks for something.
 */
export function activate(context: vscode.ExtensionContext): SceneSnapApi {
  // First: its listener must forget the settings before any other listener of a change reads them.
  context.subscriptions.push(watchSettings());
  const log = vscode.window.createOutputChannel('Scene Snap', { log: true });
  context.subscriptions.push(log);
  try {
    useWords(vscode.l10n.bundle);
    const testMode = context.extensionMode === vscode.ExtensionMode.Test;
    const secrets = testMode ? new FaultySecrets(context.secrets) : context.secrets;
    const webviews = testMode ? new WebviewWatch() : undefined;
    const originChanged = new vscode.EventEmitter<void>();
    const tokens = new TokenStore(secrets, apiBaseUrl, originChanged.event);
    const clients = new ClientProvider(vscode.l10n.bundle);
    const history = new HistoryStore(context.workspaceState);
    const catalog = new SceneCatalog(tokens, clients);
    // No I/O here: the store's folder is made on the first snapshot kept.
    const snapshots = new SnapshotService({
      folder: path.join(context.globalStorageUri.fsPath, 'snapshots'),
      storageUri: context.storageUri?.toString(),
      workspaceState: context.workspaceState,
      history,
      clients,
      log,
      words: vscode.l10n.bundle,
    });
    // Registers the serializer and the commands; the preview host loads when a preview is first needed.
    // The checks (created below) tell a preview which of its scenes match a target, for Accept as Baseline.
    const previewChecks: NonNullable<PreviewDeps['checks']> = {
      matching: (shot, scenes) => checks.forPreview.matching(shot, scenes),
      accept: (shot) => checks.forPreview.accept(shot),
    };
    const preview = new LazyPreview(context.extensionUri, { log, history, clients, testMode, ...(webviews ? { webviews } : {}), snapshots, settings: readSettings, checks: previewChecks });
    const finder = new RegionFinder(tokens, clients, new RegionMemory(context.globalState), log, (room) => catalog.invalidate(room));
    const service = new ScreenshotService({ log, tokens, clients, history, preview, snapshots, regions: finder, knownScenes: (room, region) => catalog.known(room, region) });
    const roomShooter = new RoomShooter(service, { log, tokens, clients, history, preview, snapshots });
    const historyView = registerHistory(history, preview, log, snapshots);
    const rooms = registerRoomsView(tokens, catalog, history);
    const onboarding = new Onboarding(tokens, history, context.globalState, log);
    const lastRequest = new LastRequestMemory(context.workspaceState, log);
    const choices = new ChoiceMemory(context.workspaceState);
    // Hovers and links in text documents: dist/editor.js, loaded once a text document is open.
    const editor = new LazyEditor({
      log,
      history,
      tokens,
      snapshots,
      settings: readSettings,
      showInRooms: async (uuid) => {
        const room = readSettings().rooms.find((r) => r.uuid === uuid);
        if (!room) return;
        await vscode.commands.executeCommand('sceneSnap.rooms.focus');
        await rooms.view.reveal(new RoomNode(room), { select: true, focus: true });
      },
      screenshotDirectory: async (uuid) => {
        const args = await askScreenshotArgs('directory', catalog, choices, { room: uuid }, finder);
        if (args) await vscode.commands.executeCommand('sceneSnap.screenshotSceneDirectory', args);
      },
    });
    context.subscriptions.push(
      originChanged,
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sceneSnap.apiBaseUrl') && originChanged.fire()),
      registerIgnoredSettingsNotice(log, context.workspaceState),
      tokens,
      clients,
      history,
      catalog,
      rooms.disposable,
      onboarding,
      registerLogAndSettingsCommands(log),
      registerTokenCommands(tokens, log),
      registerRoomCommands(catalog, tokens, log, finder),
      registerFindRegion(finder, pickRoom),
      registerScreenshotCommands({ service, catalog, memory: choices, last: lastRequest, log, finder }),
      editor,
      lastRequest,
      registerWholeRoomCommand(roomShooter, log, finder),
      registerProjectRooms(tokens, clients, log),
      historyView.disposable,
      preview,
      snapshots,
      registerSnapshotCommands(snapshots, history, log),
      registerCloseAllPreviews(),
      snapshots.onDidKeep((entry) => preview.refresh(entry)),
      preview.onDidUseResult(() => void onboarding.resultUsed()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSceneSnap(e)) for (const problem of readSettings().roomProblems) log.warn(`sceneSnap.rooms: ${problem}`);
      }),
    );
    // Loaded, with its worker thread, on the first compare.
    let compare: CompareApi | undefined;
    context.subscriptions.push({ dispose: () => compare?.dispose() });
    const snapshotFolder = path.join(context.globalStorageUri.fsPath, 'snapshots');
    const compareView = new LazyCompareView({
      extensionUri: context.extensionUri,
      log,
      history,
      storeFolder: snapshotFolder,
      client: () => (compare ??= loadCompare().createCompareApi(undefined, vscode.l10n.bundle)).client,
      testMode,
      ...(webviews ? { webviews } : {}),
      goneReason: (hash) => snapshots.goneReason(hash),
      notify: (entryId, url, text) => {
        for (const p of preview.manager().previews()) p.showChange(entryId, url, text);
      },
      notifyBadges: (entryId, badges, gone, since) => {
        for (const p of preview.manager().previews()) p.showBadges(entryId, badges, gone, since);
      },
    }, history.onDidChange);
    context.subscriptions.push(compareView);
    const checksTrust: { trusted: boolean | undefined } = { trusted: undefined };
    const checks = new LazyChecks({
      log,
      // The extension's own tokens (SecretStorage), never environment variables: those are the command line's.
      tokenFor: async (room) => (await tokens.resolve(room))?.token,
      rooms: () => readSettings().rooms,
      client: () => clients.get(readSettings()),
      compare: () => (compare ??= loadCompare().createCompareApi(undefined, vscode.l10n.bundle)).client,
      compareView: () => compareView.load(),
      preview: () => preview.manager(),
      trusted: () => (testMode && checksTrust.trusted !== undefined ? checksTrust.trusted : vscode.workspace.isTrusted),
    });
    context.subscriptions.push(checks);
    const api: SceneSnapApi = {
      screenshotScene: async (req, options) => ({ ...(await service.take('scene', req, options)).results[0]! }),
      screenshotSceneDirectory: async (req, options) => (await service.take('directory', req, options)).results.map((r) => ({ ...r })),
      screenshotRoom: async (req, options) => (await roomShooter.take(req, options)).items,
      compareImages: async (a, b, options) => (compare ??= loadCompare().createCompareApi(undefined, vscode.l10n.bundle)).compareImages(a, b, options),
      history: () => historyForApi(history, snapshots, log),
      findRegion: (room, options) => finder.find(room, options),
    };
    if (testMode) {
      const internals: SceneSnapTestInternals = {
        secrets: secrets as FaultySecrets,
        history,
        catalog,
        roomsView: rooms.view,
        roomsTree: rooms.provider,
        workspaceState: context.workspaceState,
        onboarding,
        storage: { logUri: context.logUri, globalStorageUri: context.globalStorageUri, storageUri: context.storageUri },
        compare: () => compare?.client,
        snapshots,
        historyView: historyView.view,
        compareView: () => compareView.loaded(),
        snapshotFolder,
        editor: () => editor.loaded(),
        checks: () => checks.loaded(),
        checksTrust,
        webviews: webviews!,
      };
      Object.defineProperty(api, '__test', { value: internals });
    }
    return api;
  } catch (err) {
    // VS Code records a failed activate() only in its own log; tell the user where it went wrong.
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window.showErrorMessage(vscode.l10n.t('Scene Snap could not start: {0}', message), showLog).then((choice) => {
      if (choice) log.show();
    });
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
