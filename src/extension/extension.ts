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
import { LazyCompareView } from './compareView/lazyCompareView';
import type { CompareViewHost } from './compareView/host';
import { Onboarding } from './onboarding/onboarding';
import { registerLogAndSettingsCommands } from './logAndSettingsCommands';
import { LazyPreview } from './preview/lazyPreview';
import { registerRoomCommands } from './rooms/roomCommands';
import { registerRoomsView, type RoomsTreeNode } from './rooms/roomsView';
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
  /** Compares two PNGs (bytes) in a worker thread; bytes that are not a PNG reject with invalidInput. */
  compareImages(a: Uint8Array, b: Uint8Array, options?: CompareOptions): Promise<CompareResult>;
  /** This workspace's screenshot history, newest first; ids for sceneSnap.openHistoryEntry and sceneSnap.compare. */
  history(): Promise<HistoryItem[]>;
}

export type { Box, CompareOptions, CompareResult } from '../core/images/index';
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
    const preview = new LazyPreview(context.extensionUri, { log, history, clients, testMode, snapshots, settings: readSettings });
    const service = new ScreenshotService({ log, tokens, clients, history, preview, snapshots });
    const historyView = registerHistory(history, preview, log, snapshots);
    const rooms = registerRoomsView(tokens, catalog);
    const onboarding = new Onboarding(tokens, history, context.globalState, log);
    const lastRequest = new LastRequestMemory(context.workspaceState, log);
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
      registerRoomCommands(catalog, tokens, log),
      registerScreenshotCommands({ service, catalog, memory: new ChoiceMemory(context.workspaceState), last: lastRequest, log }),
      lastRequest,
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
      goneReason: (hash) => snapshots.goneReason(hash),
      notify: (entryId, url, text) => {
        for (const p of preview.manager().previews()) p.showChange(entryId, url, text);
      },
      notifyBadges: (entryId, badges, gone, since) => {
        for (const p of preview.manager().previews()) p.showBadges(entryId, badges, gone, since);
      },
    }, history.onDidChange);
    context.subscriptions.push(compareView);
    const api: SceneSnapApi = {
      screenshotScene: async (req, options) => ({ ...(await service.take('scene', req, options)).results[0]! }),
      screenshotSceneDirectory: async (req, options) => (await service.take('directory', req, options)).results.map((r) => ({ ...r })),
      compareImages: async (a, b, options) => (compare ??= loadCompare().createCompareApi(undefined, vscode.l10n.bundle)).compareImages(a, b, options),
      history: () => historyForApi(history, snapshots, log),
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
