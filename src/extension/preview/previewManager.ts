import * as vscode from 'vscode';
import type { WebviewWatch } from '../webviewWatch';
import type { ClientProvider } from '../clientProvider';
import { hasKeptSnapshot, type HistoryEntry } from '../history/historyEntries';
import { ActionError, PreviewActions } from './actions';
import { notThisPreview, previewCommands, type CommandHandlers } from './commands';
import { EditorTracker } from './editorTracker';
import { readViewState, savedEntry } from './messages';
import { isLoopbackUrl } from '../../core/api/loopback';
import { panelKey, panelTitle } from './model';
import { CHECKS_ENTRY_PREFIX, VIEW_TYPE, type HostMethods } from './protocol';
import { Preview, webviewOptions, type ChecksView, type PanelEnv, type PreviewSnapshots } from './previewPanel';
import type { Handlers } from './rpc';
import { PanelTabWatch } from './panelTab';
import type { PendingPreview, PreviewTarget } from '../screenshots/screenshotService';
import type { SceneSnapSettings } from '../settings';

export type { ChecksView, Preview } from './previewPanel';

export interface PreviewDeps {
  log: vscode.LogOutputChannel;
  history: { get(id: string): HistoryEntry | undefined };
  /** The API client in effect is also the downloads' network path (clients.downloads()): same proxy and pool. */
  clients: ClientProvider;
  /** VS Code runs the extension for tests: only then do the test hooks exist. */
  testMode: boolean;
  /** Tests only: sees what the pages are given (the secrets audit). */
  webviews?: WebviewWatch;
  /** The kept PNGs (src/extension/snapshots/snapshotService.ts): shown instead of the URL when there. */
  snapshots?: PreviewSnapshots;
  /**
   * The settings in effect, from the extension's bundle: they are kept there until they change
   * (src/extension/settings.ts), whereas a copy of that module in this bundle would read them afresh on each call.
   */
  settings: () => Readonly<SceneSnapSettings>;
  /** The workspace's checks (src/extension/checks/), for Accept as Baseline on a preview whose scene matches a target. */
  checks?: PreviewChecks;
}

/** What a preview asks of the checks: which of its scenes match a target, and accepting one of them. */
export interface PreviewChecks {
  /** The scene paths of `entry` that match a target of the workspace's checks file (room, scene and size). */
  matching(entry: Pick<HistoryEntry, 'room' | 'width' | 'height'>, scenes: string[]): Promise<string[]>;
  /** Writes `png` over the baseline of the target that scene matches; resolves to the file, or undefined after saying why not. */
  accept(shot: { room: string; scene: string; width: number; height: number; png: Uint8Array }): Promise<string | undefined>;
}

/**
 * How long an abandoned early panel's tab is waited for, to appear and then to go (panelTab.ts); the first
 * webview after VS Code starts takes about 300 ms.
 */
const TAB_WAIT_MS = 3000;

/** Opens, reuses, tracks and restores the preview panels. */
export class PreviewManager implements vscode.Disposable {
  private readonly open = new Set<Preview>();
  /** openPreview() calls so far, and the latest one for each panel key. */
  private asked = 0;
  private readonly lastAsked = new Map<string, number>();
  private lastActive: Preview | undefined;
  private readonly env: PanelEnv;

  constructor(extensionUri: vscode.Uri, private readonly deps: PreviewDeps, readonly actions: PreviewActions) {
    this.env = {
      extensionUri,
      log: deps.log,
      allowLoopbackHttp: () => isLoopbackUrl(deps.settings().apiBaseUrl),
      handlers: (p) => this.pageHandlers(p),
      testMode: deps.testMode,
      ...(deps.webviews ? { webviews: deps.webviews } : {}),
    };
  }

  /** Opens a preview of `entry`, or shows it in the panel of the same room and path (sceneSnap.preview.reuse). */
  async show(entry: HistoryEntry): Promise<vscode.WebviewPanel> {
    return (await this.openPreview(entry)).panel;
  }

  async openPreview(entry: HistoryEntry): Promise<Preview> {
    // The history's copy when it has one: its snapshots may have been kept since `entry` was made.
    entry = this.latest(entry);
    const key = panelKey(entry);
    const asked = this.ask(key);
    // A fresh screenshot has nothing kept yet: its page is posted in this turn, before the history write.
    const kept = hasKeptSnapshot(entry) ? await this.keptThere(entry) : [];
    let preview: Preview | undefined;
    if (this.deps.settings().previewReuse) {
      preview = [...this.open].find((p) => panelKey(p.entry) === key);
      // Asked again for this panel while the kept files were looked up (a history entry reopened, then a
      // new screenshot of the scene): the later request is what the panel shows.
      if (preview && this.lastAsked.get(key) !== asked) return preview;
      if (preview) {
        preview.update(entry, kept);
        // The active editor already: revealing it again is one more message to the window (#15). Focus stays
        // where it is (the Rooms view, say), as the user left it.
        if (!preview.panel.active) preview.panel.reveal(undefined, false);
      }
    }
    if (!preview) {
      // Beside the editor the user works in, so "Insert Markdown" has its target in view.
      const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
      const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(entry), { viewColumn: column, preserveFocus: false }, webviewOptions(this.env.extensionUri));
      preview = this.adopt(panel, entry, undefined, kept);
    }
    // Kept while the files were looked up: show them now.
    const latest = this.latest(entry);
    if (latest.snapshots !== entry.snapshots) void this.refresh(latest);
    void this.offerBaselines(preview);
    return preview;
  }

  /** Tells the page which of its scenes match a checks target: they offer Accept as Baseline. */
  private async offerBaselines(preview: Preview): Promise<void> {
    const checks = this.deps.checks;
    if (!checks || preview.checks || preview.entry.id === '') return;
    const entry = preview.entry;
    try {
      const scenes = await checks.matching(entry, preview.model.scenes.map((s) => s.scenePath));
      if (scenes.length === 0 || preview.isDisposed || preview.entry.id !== entry.id) return;
      preview.showBaselines(entry.id, preview.model.scenes.filter((s) => scenes.includes(s.scenePath)).map((s) => s.url));
    } catch (err) {
      this.deps.log.warn(`preview: the checks file could not be read: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * Shows a Run Checks result as a gallery (src/extension/checks/checksGallery.ts), in the checks' panel
   * when one is open. `kept[i]`: scene i has a picture (its bytes from `view`).
   */
  openChecks(entry: HistoryEntry, view: ChecksView, kept: boolean[]): Preview {
    let preview = [...this.open].find((p) => p.checks !== undefined && !p.isDisposed);
    if (preview) {
      preview.checks = view;
      preview.update(entry, kept);
      if (!preview.panel.active) preview.panel.reveal(undefined, false);
      return preview;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(entry), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, webviewOptions(this.env.extensionUri));
    preview = this.adopt(panel, entry, undefined, kept);
    preview.useChecks(view);
    return preview;
  }

  /** Notes a request for the panel of `key`; its number. */
  private ask(key: string): number {
    this.lastAsked.set(key, ++this.asked);
    return this.asked;
  }

  /**
   * The history's copy of `entry` when it holds the same results (a huge directory's entry is bounded in
   * the history: its preview keeps every result, and the URLs).
   */
  private latest(entry: HistoryEntry): HistoryEntry {
    const stored = this.deps.history.get(entry.id);
    return stored && stored.results.length === entry.results.length ? stored : entry;
  }

  /** Whether each result's kept file is there (where not, the URL is shown). */
  private async keptThere(entry: HistoryEntry): Promise<boolean[]> {
    try {
      return (await this.deps.snapshots?.keptThere(entry)) ?? [];
    } catch (err) {
      this.deps.log.warn(`preview: the kept snapshots could not be read: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  /** An entry got its snapshots: the previews showing it show the kept images, in the view they have. */
  async refresh(entry: HistoryEntry): Promise<void> {
    const showing = [...this.open].filter((p) => p.entry.id === entry.id && p.entry.results.length === entry.results.length);
    if (showing.length === 0) return;
    const kept = await this.keptThere(entry);
    for (const p of showing) if (!p.isDisposed && p.entry.id === entry.id) p.update(entry, kept, true);
  }

  /**
   * #15: the panel of a screenshot whose request is in flight. A reusable panel of the same room and path
   * is kept as it is until the answer; otherwise a new one opens now and its page starts (the shell says
   * "Loading preview…") while the API answers. Failure or cancellation closes a panel opened here.
   */
  prepare(target: PreviewTarget): PendingPreview {
    const provisional: HistoryEntry = { ...target, id: '', time: Date.now(), durationMs: 0, results: [] };
    // A request for this panel from now on, so that an earlier one still looking up its kept files yields.
    this.ask(panelKey(provisional));
    if (this.deps.settings().previewReuse && [...this.open].some((p) => panelKey(p.entry) === panelKey(provisional))) {
      return { fill: (entry) => this.openPreview(entry), abandon: async () => undefined };
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const tab = new PanelTabWatch(VIEW_TYPE, panelTitle(provisional));
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, panelTitle(provisional), { viewColumn: column, preserveFocus: false }, webviewOptions(this.env.extensionUri));
    const preview = this.adopt(panel, provisional, undefined, [], true);
    return {
      // Closed by the user meanwhile: the result opens as it would have without the early panel.
      fill: async (entry) => {
        if (preview.isDisposed) return this.openPreview(entry);
        entry = this.latest(entry);
        preview.update(entry, hasKeptSnapshot(entry) ? await this.keptThere(entry) : []);
        void this.offerBaselines(preview);
        return preview;
      },
      // #21: a failed call leaves no panel by the time it rejects, and none opens after: disposed before the
      // window has opened it, its tab would still show up then (panelTab.ts).
      abandon: async () => {
        // Closed by the user meanwhile: its tab is gone for good, and waiting for it would only delay the failure.
        if (!preview.pending || preview.isDisposed) return;
        await tab.shown(TAB_WAIT_MS);
        preview.dispose();
        await tab.gone(TAB_WAIT_MS);
      },
    };
  }

  /** The preview the user is in; the palette commands act on it. */
  active(): Preview | undefined {
    return [...this.open].find((p) => p.panel.active) ?? (this.lastActive && !this.lastActive.isDisposed ? this.lastActive : undefined);
  }

  previews(): readonly Preview[] {
    return [...this.open];
  }

  /**
   * The serializer's work after a reload: the entry from the history (the source of truth), else the
   * copy the page saved with its state; the view (zoom, background, filter, scroll) from that state.
   */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<Preview | undefined> {
    try {
      // The page wrote that state (#21): its entry is checked, and shown without the kept files it names.
      const stored = savedEntry(state);
      const entry = (stored && this.deps.history.get(stored.id)) ?? stored;
      // A checks' gallery shows a run's pictures, held in memory only: Run Checks shows it again.
      if (entry?.id.startsWith(CHECKS_ENTRY_PREFIX)) {
        panel.dispose();
        return undefined;
      }
      if (!entry) {
        this.deps.log.warn('preview: a panel could not be restored (no screenshot in its saved state)');
        panel.dispose();
        return undefined;
      }
      return this.adopt(panel, entry, readViewState(state, entry.results.length), await this.keptThere(entry));
    } catch (err) {
      // Never thrown at the serializer: the panel goes, the window stays usable.
      this.deps.log.error(`preview: a panel could not be restored: ${err instanceof Error ? err.message : String(err)}`);
      panel.dispose();
      return undefined;
    }
  }

  private adopt(panel: vscode.WebviewPanel, entry: HistoryEntry, state?: ReturnType<typeof readViewState>, kept: boolean[] = [], pending = false): Preview {
    const preview = new Preview(panel, entry, this.env, state, kept, pending);
    this.open.add(preview);
    // A new panel is revealed with focus; its view-state event may come after a command already asks.
    this.lastActive = preview;
    panel.onDidChangeViewState((e) => {
      if (e.webviewPanel.active) this.lastActive = preview;
    });
    preview.onDidDispose(() => {
      this.open.delete(preview);
      if (this.lastActive === preview) this.lastActive = undefined;
    });
    return preview;
  }

  /** What the page's buttons ask for; a failure is shown here too, not only in the page's status line. */
  private pageHandlers(preview: Preview): Handlers<HostMethods> {
    const scene = (url: string) => {
      const found = preview.scene(url);
      if (!found) throw new ActionError(notThisPreview());
      return found;
    };
    const scenes = (url?: string) => (url === undefined ? [...preview.model.scenes] : [scene(url)]);
    const reported = <P, R>(name: string, run: (params: P) => Promise<R>) => async (params: P): Promise<R> => {
      try {
        return await run(params);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        this.deps.log.error(`preview ${name}: ${message}`);
        void vscode.window.showErrorMessage(message);
        throw err;
      }
    };
    const a = this.actions;
    // A checks' gallery's pictures are the run's, in memory (ChecksView).
    // A copy, as for kept snapshots: a small Buffer is a view into Node's shared pool, which must not travel to the page.
    const checkBytes = (url: string): Uint8Array | undefined => (preview.checks ? new Uint8Array(preview.checks.bytes(url) ?? fail()) : undefined);
    const fail = (): never => {
      throw new ActionError(notThisPreview());
    };
    return {
      copyUrl: reported('copyUrl', ({ url }) => a.copyUrl(scene(url))),
      copyAllUrls: reported('copyAllUrls', () => a.copyAllUrls(preview.model)),
      copyMarkdown: reported('copyMarkdown', ({ url }) => a.copyMarkdown(scenes(url))),
      imageBytes: reported('imageBytes', async ({ url }) => checkBytes(url) ?? a.imageBytes(scene(url))),
      // Not reported: a thumbnail that cannot be shown says so in the page, not in a notification each.
      keptImage: async ({ url, hash }) => {
        const shown = scene(url);
        // That scene's kept copy now: a reused panel may have moved on to a newer shot of the same URL.
        if (shown.kept?.hash !== hash) throw new ActionError(notThisPreview());
        return checkBytes(url) ?? a.keptImage(shown);
      },
      openInBrowser: reported('openInBrowser', ({ url }) => a.openInBrowser(scene(url))),
      savePng: reported('savePng', async ({ url }) => {
        const target = await a.savePng(preview.model, scene(url));
        return target ? (target.scheme === 'file' ? target.fsPath : target.toString()) : undefined;
      }),
      insertMarkdown: reported('insertMarkdown', ({ url }) => a.insertMarkdown(preview.model, scenes(url))),
      // The compare panel is its own lazily loaded part (src/extension/compareView/): reached through its commands.
      compare: reported('compare', async ({ url, with: other }) => {
        const found = scene(url);
        if (other === 'baseline' || preview.checks) {
          if (!preview.checks || other !== 'baseline') throw new ActionError(notThisPreview());
          return preview.checks.compare(url);
        }
        await vscode.commands.executeCommand(other === 'previous' ? 'sceneSnap.compareWithPrevious' : 'sceneSnap.compareWith', { entry: preview.entry.id, scene: found.scenePath });
      }),
      // #22: the room this directory belongs to, whole, at the same size and region.
      acceptBaseline: reported('acceptBaseline', async ({ url }) => {
        const found = scene(url);
        if (preview.checks) return preview.checks.accept(url);
        // A screenshot whose room, scene and size match a checks target: the picture it shows.
        const checks = this.deps.checks ?? fail();
        const { room, width, height } = preview.entry;
        return (await checks.accept({ room, scene: found.scenePath, width, height, png: await a.imageBytes(found) })) !== undefined;
      }),
      acceptAllChanged: reported('acceptAllChanged', async () => (preview.checks ? preview.checks.acceptAllChanged() : fail())),
      shootRoom: reported('shootRoom', async () => {
        const { room, width, height, region } = preview.entry;
        await vscode.commands.executeCommand('sceneSnap.screenshotRoom', { room, width, height, region });
      }),
    };
  }

  dispose(): void {
    for (const p of [...this.open]) p.dispose();
  }
}

/** What dist/previewHost.js gives src/extension/preview/lazyPreview.ts, which loads it when a preview is first needed. */
export interface PreviewHost {
  manager: PreviewManager;
  commands: CommandHandlers;
  disposable: vscode.Disposable;
}

export function createPreviewHost(extensionUri: vscode.Uri, deps: PreviewDeps): PreviewHost {
  const editors = new EditorTracker();
  const actions = new PreviewActions(deps.log, editors, deps.clients, deps.settings, deps.snapshots);
  const manager = new PreviewManager(extensionUri, deps, actions);
  const commands = previewCommands({ log: deps.log, actions, active: () => manager.active() });
  return { manager, commands, disposable: vscode.Disposable.from(manager, actions, editors) };
}
