import { requireBundle } from '../lazyBundle';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../history/historyEntries';
import type { PendingPreview, PreviewTarget } from '../screenshots/screenshotService';
import { Disposable } from '../disposable';
import { MANAGER_COMMAND, PREVIEW_COMMANDS, UNLOAD_PREVIEW_HOST } from './commandIds';
import { VIEW_TYPE } from './protocol';
import type { PreviewDeps, PreviewHost, PreviewManager } from './previewManager';

type HostModule = typeof import('./previewManager');

/**
 * The preview as activation sees it: its serializer and commands are registered at once, but the host side
 * (panels, page protocol, actions, downloads) is a bundle of its own, dist/previewHost.js, required when
 * a preview is first shown, restored or acted on, as the API client is.
 */
export class LazyPreview extends Disposable {
  private host: PreviewHost | undefined;
  /** The loaded host's parts and subscriptions, disposed with this or when a test unloads the host. */
  private hostParts: vscode.Disposable | undefined;
  private readonly used = this.register(new vscode.EventEmitter<void>());
  /** Fires after a screenshot was copied, saved or inserted (the walkthrough's last step). */
  readonly onDidUseResult = this.used.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly deps: PreviewDeps) {
    super();
    this.register(
      vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => {
          await this.manager().restore(panel, state);
        },
      }),
    );
    for (const id of Object.values(PREVIEW_COMMANDS)) {
      this.register(vscode.commands.registerCommand(id, (raw?: unknown) => this.load().commands[id]!(raw)));
    }
    // A test hook: registered only when VS Code runs the extension for tests, or in `npm run bench`'s hosts,
    // which install the production VSIX (not test mode) and read when the page decoded its image through it.
    if (deps.testMode || process.env.SCENE_SNAP_BENCH_OUT) this.register(vscode.commands.registerCommand(MANAGER_COMMAND, () => this.manager()));
    if (deps.testMode) this.register(vscode.commands.registerCommand(UNLOAD_PREVIEW_HOST, () => this.unload()));
    this.register({ dispose: () => this.hostParts?.dispose() });
  }

  /** Opens a preview of `entry`, or shows it in the panel of the same room and path. */
  show(entry: HistoryEntry): Promise<vscode.WebviewPanel> {
    return this.manager().show(entry);
  }

  /** A history entry got its kept snapshots: the previews showing it show them (if any is open). */
  refresh(entry: HistoryEntry): void {
    if (this.host) void this.host.manager.refresh(entry);
  }

  /** The panel of a screenshot still in flight (#15): the host loads and the page starts meanwhile. */
  prepare(target: PreviewTarget): PendingPreview {
    return this.manager().prepare(target);
  }

  manager(): PreviewManager {
    return this.load().manager;
  }

  private load(): PreviewHost {
    if (!this.host) {
      const module = requireBundle<HostModule>(__dirname, 'previewHost.js', 'previewManager.js');
      const host = module.createPreviewHost(this.extensionUri, this.deps);
      this.hostParts = vscode.Disposable.from(host.manager.actions.onDidUseResult(() => this.used.fire()), host.disposable);
      this.host = host;
    }
    return this.host;
  }

  /** The test hook: the host and its panels gone, its bundle to be evaluated again on the next load. */
  private unload(): void {
    this.hostParts?.dispose();
    this.hostParts = undefined;
    this.host = undefined;
    for (const id of Object.keys(require.cache)) if (/[\\/]previewHost\.js$/.test(id)) delete require.cache[id];
  }
}
