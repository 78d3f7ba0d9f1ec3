import * as vscode from 'vscode';
import { ClientProvider } from './clientProvider';
import type { CompareApi, CompareOptions, CompareResult } from './compare/index';
import { registerGeneralCommands } from './generalCommands';
import { HistoryStore } from './history/historyStore';
import { registerHistory } from './history/historyView';
import { loadCompare } from './lazyCompare';
import { Onboarding } from './onboarding/onboarding';
import { registerPreview } from './preview/index';
import { registerRoomCommands } from './rooms/roomCommands';
import { registerRoomsView, type RoomsTreeNode } from './rooms/roomsView';
import { SceneCatalog } from './rooms/sceneCatalog';
import { ChoiceMemory } from './screenshots/choiceMemory';
import { registerScreenshotCommands } from './screenshots/screenshotCommands';
import { ScreenshotService, type PreviewOpener, type TakeOptions } from './screenshots/screenshotService';
import { registerTokenCommands } from './secrets/tokenCommands';
import { TokenStore } from './secrets/tokenStore';
import { affectsSceneSnap, readSettings } from './settings';

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
}

export type { Box, CompareOptions, CompareResult } from './compare/index';

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
  /** Where VS Code keeps this extension's files: the secrets audit searches below them. */
  storage: { logUri: vscode.Uri; globalStorageUri: vscode.Uri; storageUri: vscode.Uri | undefined };
  /** The compare client once compareImages has been called (it is loaded then, not at activation). */
  compare(): CompareApi['client'] | undefined;
}

/**
 * Builds the parts and registers them. Nothing here touches the network, reads a secret or loads the API
 * client (dist/api.js, with undici): that happens when the user first asks for something.
 */
export function activate(context: vscode.ExtensionContext): SceneSnapApi {
  const log = vscode.window.createOutputChannel('Scene Snap', { log: true });
  context.subscriptions.push(log);
  try {
    const tokens = new TokenStore(context.secrets);
    const clients = new ClientProvider();
    const history = new HistoryStore(context.workspaceState);
    const catalog = new SceneCatalog(tokens, clients);
    // The preview panel registers itself here (src/preview); until it is open nothing webview-related loads.
    let preview: PreviewOpener | undefined;
    const service = new ScreenshotService({ log, tokens, clients, history, preview: () => preview });
    const rooms = registerRoomsView(tokens, catalog);
    const onboarding = new Onboarding(tokens, history, context.globalState);
    context.subscriptions.push(
      tokens,
      clients,
      history,
      catalog,
      rooms.disposable,
      onboarding,
      registerGeneralCommands(log),
      registerTokenCommands(tokens, log),
      registerRoomCommands(catalog, tokens, log),
      registerScreenshotCommands({ service, catalog, memory: new ChoiceMemory(context.workspaceState), state: context.workspaceState, log }),
      registerHistory(history, () => preview, log),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affectsSceneSnap(e)) for (const problem of readSettings().roomProblems) log.warn(`sceneSnap.rooms: ${problem}`);
      }),
    );
    const previews = registerPreview(context, { log, history });
    preview = previews;
    context.subscriptions.push(previews.actions.onDidUseResult(() => void onboarding.resultUsed()));
    // Loaded, with its worker thread, on the first compare.
    let compare: CompareApi | undefined;
    context.subscriptions.push({ dispose: () => compare?.dispose() });
    const api: SceneSnapApi = {
      screenshotScene: async (req, options) => ({ ...(await service.take('scene', req, options)).results[0]! }),
      screenshotSceneDirectory: async (req, options) => (await service.take('directory', req, options)).results.map((r) => ({ ...r })),
      compareImages: async (a, b, options) => (compare ??= loadCompare().createCompareApi()).compareImages(a, b, options),
    };
    if (context.extensionMode === vscode.ExtensionMode.Test) {
      const internals: SceneSnapTestInternals = {
        history,
        catalog,
        roomsView: rooms.view,
        roomsTree: rooms.provider,
        workspaceState: context.workspaceState,
        onboarding,
        storage: { logUri: context.logUri, globalStorageUri: context.globalStorageUri, storageUri: context.storageUri },
        compare: () => compare?.client,
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
