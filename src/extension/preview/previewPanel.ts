import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { WebviewWatch } from '../webviewWatch';
import { boundedEntry, type HistoryEntry } from '../history/historyEntries';
import { validatePageMessage } from './messages';
import { toModel, panelTitle } from './model';
import { newNonce, renderPage } from './page';
import type { ChecksBar, HostMethods, HostToPage, PageMethods, PageSnapshot, PreviewModel, RenderedInfo, SceneBadge, SceneView, ViewState } from './protocol';
import { Rpc, type Handlers } from './rpc';

export interface PanelEnv {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** Read when the page is built: loopback http images are allowed only for a loopback sandbox. */
  allowLoopbackHttp(): boolean;
  /** What the page may ask of the host, bound to one preview. */
  handlers(preview: Preview): Handlers<HostMethods>;
  /** VS Code runs the extension for tests: only then does the page answer `snapshot`. */
  testMode: boolean;
  /** Tests only: sees what the page is given (the secrets audit). */
  webviews?: WebviewWatch;
}

/** What the preview needs of the snapshot store (src/extension/snapshots/snapshotService.ts). */
export interface PreviewSnapshots {
  /** Per result, whether its kept file is there (checked); where not, the URL is shown. */
  keptThere(entry: HistoryEntry): Promise<boolean[]>;
  /** A kept PNG's bytes (checked against its hash): the page's kept images, Copy Image and Save PNG. */
  bytes(hash: string): Promise<Uint8Array | undefined>;
}

/**
 * A Run Checks result shown in a preview panel as a gallery (src/extension/checks/checksGallery.ts): its
 * pictures are the run's, in memory, not files of the snapshot store; its tiles' buttons act on the run.
 */
export interface ChecksView {
  /** The tile names, same index as the entry's results (a target's name, or `<name>/<scene path>`). */
  names: readonly string[];
  /** The PNG a tile shows (the actual picture, or the baseline of a missing target). */
  bytes(url: string): Uint8Array | undefined;
  compare(url: string): Promise<void>;
  accept(url: string): Promise<boolean>;
  acceptAllChanged(): Promise<boolean>;
}

/** Built webview assets: the only folder the page may load from (dist/webview: script and style). */
export function assetsRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

/** The page loads its own assets only (its script and style). */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  // Its own script and style only: kept snapshots come as bytes (HostMethods.keptImage), not as files.
  return { enableScripts: true, localResourceRoots: [assetsRoot(extensionUri)] };
}

/**
 * One preview panel: its page, the messages both ways, and what it currently shows. Holds no token and
 * sends none: the page gets the model (URLs and names) only.
 */
/** What the page words itself with (see `init` in protocol.ts). */
function pageWords(): { locale: string; bundle?: Record<string, string> } {
  const bundle = vscode.l10n.bundle;
  return { locale: vscode.env.language, ...(bundle ? { bundle } : {}) };
}

/** How long a new page may take to say `ready` before it is loaded again. */
const READY_WAIT_MS = 4000;
/** A new panel gets its tab icon this long after it was made (see the constructor). */
const ICON_AFTER_MS = 100;

export class Preview extends Disposable {
  private readonly rpc: Rpc<PageMethods, HostMethods>;
  private readonly disposed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private ready = false;
  /** The current page has had its `init` (words, test hooks): a new result can go as `update`. */
  private initialised = false;
  private builtForLoopback = false;
  private currentUrl: string | null = null;
  private viewState: ViewState | undefined;
  private rendered!: Promise<RenderedInfo>;
  private settleRendered!: (info: RenderedInfo) => void;
  private decoded!: Promise<string>;
  private settleDecoded!: (url: string) => void;
  model: PreviewModel;
  urls: ReadonlySet<string>;
  private readyWatch: ReturnType<typeof setTimeout> | undefined;
  /** Change notes by entry id, then URL (src/extension/compareView/changeNotes.ts): sent after each `init`. */
  private readonly notes = new Map<string, Record<string, string>>();
  /** Directory badges by entry id (src/extension/compareView/host.ts): sent after each `init`. */
  private readonly badges = new Map<string, Extract<HostToPage, { type: 'badges' }>>();
  private readyRetries = 0;
  /** Set when this panel shows a Run Checks result (PreviewManager.openChecks). */
  checks: ChecksView | undefined;
  private iconTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public entry: HistoryEntry,
    private readonly env: PanelEnv,
    /** From the serializer: the view the page had before a reload. */
    private restoredState?: ViewState,
    /** Whether each result's kept file is there (snapshotService.keptThere): shown instead of its URL. */
    private kept: boolean[] = [],
    /** #15: opened while its request is in flight; the page gets `init` only once update() brings the result. */
    public pending = false,
  ) {
    super();
    // What the history keeps of it (toModel): the panel holds no more than its page shows.
    this.entry = entry = boundedEntry(entry);
    this.model = this.modelOf(entry);
    this.urls = new Set(this.model.scenes.map((s) => s.url));
    this.resetRendered();
    this.rpc = new Rpc<PageMethods, HostMethods>((m) => void this.post(m), env.handlers(this), {
      noAnswer: (method, seconds) => vscode.l10n.t('no answer to {0} within {1} s', method, seconds),
      closed: () => vscode.l10n.t('the preview was closed'),
    });
    const webview = panel.webview;
    // A restored panel comes back with the options it had; setting them again would reload its frame while
    // its page starts (which then sometimes never paints). Roots it has beyond the assets (the snapshot
    // store's folder, before kept copies came as bytes) are left: the page loads nothing from them.
    const assets = assetsRoot(env.extensionUri).toString();
    const hasAssets = (webview.options.localResourceRoots ?? []).some((u) => u.toString() === assets);
    if (!webview.options.enableScripts || !hasAssets) webview.options = webviewOptions(env.extensionUri);
    // #15: a panel just created has its title; setting it again is one more message to the window.
    if (panel.title !== panelTitle(entry)) panel.title = panelTitle(entry);
    // #15: a moment after the panel is made, not with it: the window restyles its tabs for an icon, and done
    // while it opens the panel that put the tab 8 ms later (command → tab 1.15 → 0.99 of the yardstick).
    this.iconTimer = setTimeout(() => {
      if (!this.isDisposed) panel.iconPath = vscode.Uri.joinPath(env.extensionUri, 'media', 'scene-snap.svg');
    }, ICON_AFTER_MS);
    this.render();
    this.register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /** The page's model: a scene whose kept file is there shows it (its bytes asked for by the page). */
  private modelOf(entry: HistoryEntry): PreviewModel {
    const model = toModel(entry, this.env.allowLoopbackHttp(), (i) => this.kept[i] === true);
    const names = this.checks?.names;
    if (names) model.scenes.forEach((scene, i) => (scene.name = scene.scenePath = names[i] ?? scene.name));
    return model;
  }

  /** Makes this panel the gallery of a Run Checks result; `update` then shows the run's entry. */
  useChecks(view: ChecksView): void {
    this.checks = view;
    this.model = this.modelOf(this.entry);
    this.urls = new Set(this.model.scenes.map((s) => s.url));
  }

  /**
   * Shows another screenshot of the same room and path in this panel (sceneSnap.preview.reuse), or, with
   * `keepView`, the same one with its snapshots kept since (the page keeps its zoom, filter and scroll).
   */
  update(entry: HistoryEntry, kept: boolean[] = [], keepView = false): void {
    this.pending = false;
    entry = boundedEntry(entry);
    const view = keepView && entry.id === this.entry.id ? this.viewState : undefined;
    this.entry = entry;
    this.kept = kept;
    this.model = this.modelOf(entry);
    this.urls = new Set(this.model.scenes.map((s) => s.url));
    if (!view) this.currentUrl = null;
    this.restoredState = view;
    // #15: the same room and path keep their title; setting it again is one more message to the window.
    if (this.panel.title !== panelTitle(entry)) this.panel.title = panelTitle(entry);
    this.resetRendered();
    // The CSP is fixed when the page is built: if sceneSnap.apiBaseUrl moved to or from a loopback
    // sandbox since, build a new page (it asks for `init` again when ready).
    if (this.builtForLoopback !== this.env.allowLoopbackHttp()) this.render();
    // #15: a page that already has its words gets the small `update` (it swaps the image in place); a page
    // still starting gets `init` with this model when it says `ready`. The same screenshot with its snapshots
    // kept since (`keepView`) is rebuilt in the view the page has.
    else if (this.ready && this.initialised && !view) {
      void this.post({ type: 'update', model: this.model });
      this.postNotes();
    } else if (this.ready) this.postInit();
  }

  /** The model with the page's words, then the change notes; after it the page takes `update`s. */
  private postInit(): void {
    this.initialised = true;
    void this.post({ type: 'init', model: this.model, ...(this.restoredState ? { state: this.restoredState } : {}), ...pageWords(), ...this.testHooks() });
    this.postNotes();
  }

  /** Says what changed since the scene's previous shot, for a result of `entryId` (shown while it is this panel's). */
  showChange(entryId: string, url: string, text: string): void {
    this.notes.set(entryId, { ...this.notes.get(entryId), [url]: text });
    if (!this.ready || entryId !== this.entry.id || this.notesQueued) return;
    // A directory's compare says each scene's change in one go: one message with all of them, not one each.
    this.notesQueued = true;
    queueMicrotask(() => {
      this.notesQueued = false;
      if (this.ready && !this.isDisposed) this.postNotes();
    });
  }

  /** Badges each scene of a directory shot changed, new or unchanged since the directory's last shot. */
  showBadges(entryId: string, badges: Record<string, SceneBadge>, gone: number, since: number, checks?: ChecksBar): void {
    this.badges.set(entryId, { type: 'badges', badges, gone, since, ...(checks ? { checks } : {}) });
    if (this.ready && entryId === this.entry.id) this.postNotes();
  }

  private notesQueued = false;
  /** Scenes (URLs) of an entry that match a checks target, by entry id: they offer Accept as Baseline. */
  private readonly baselines = new Map<string, string[]>();

  /** Says which scenes of `entryId` match a checks target (their single view offers Accept as Baseline). */
  showBaselines(entryId: string, urls: string[]): void {
    this.baselines.set(entryId, urls);
    if (this.ready && entryId === this.entry.id) this.postNotes();
  }

  private postNotes(): void {
    const notes = this.notes.get(this.entry.id);
    if (notes) void this.post({ type: 'changes', notes });
    const badges = this.badges.get(this.entry.id);
    if (badges) void this.post(badges);
    const baselines = this.baselines.get(this.entry.id);
    if (baselines) void this.post({ type: 'baselines', urls: baselines });
  }

  /**
   * Only when VS Code runs the extension for tests does the page answer `snapshot`; and in the bench's runs
   * (the production VSIX), which read the page's DOM and heap with it, as they reach the manager
   * (lazyPreview.ts).
   */
  private testHooks(): { testHooks?: true } {
    return this.env.testMode || process.env.SCENE_SNAP_BENCH_OUT ? { testHooks: true } : {};
  }

  /** A new page, with a fresh nonce: the model follows the `ready` handshake. */
  private render(): void {
    const webview = this.panel.webview;
    this.ready = false;
    this.initialised = false;
    this.builtForLoopback = this.env.allowLoopbackHttp();
    const html = renderPage({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      allowLoopbackHttp: this.builtForLoopback,
      title: panelTitle(this.entry),
      lang: vscode.env.language,
      loading: vscode.l10n.t('Loading preview…'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assetsRoot(this.env.extensionUri), 'preview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assetsRoot(this.env.extensionUri), 'preview.css')).toString(),
    });
    this.env.webviews?.handed('page', html);
    webview.html = html;
    this.watchReady();
  }

  /**
   * A webview sometimes never starts its page when several are created at once (seen in the web
   * workbench): if the page has not said `ready` in a few seconds, give it its HTML again, twice at most.
   */
  private watchReady(): void {
    clearTimeout(this.readyWatch);
    if (this.readyRetries >= 2) return;
    this.readyWatch = setTimeout(() => {
      if (this.ready || this.isDisposed) return;
      this.readyRetries++;
      this.env.log.warn(`preview: the page of ${this.panel.title} did not start; loading it again (${this.readyRetries})`);
      this.render();
    }, READY_WAIT_MS);
  }

  /** The scene the single view shows; undefined in the gallery. */
  current(): SceneView | undefined {
    return this.currentUrl === null ? undefined : this.scene(this.currentUrl);
  }

  /** The view the page last reported. */
  state(): ViewState | undefined {
    return this.viewState;
  }

  scene(url: string): SceneView | undefined {
    return this.model.scenes.find((s) => s.url === url);
  }

  /** Resolves once the page has painted the current model for the first time. */
  whenRendered(): Promise<RenderedInfo> {
    return this.rendered;
  }

  snapshot(): Promise<PageSnapshot> {
    return this.rpc.request('snapshot', {});
  }

  request<K extends keyof PageMethods & string>(method: K, params: PageMethods[K]['params']): Promise<PageMethods[K]['result']> {
    if (this.isDisposed) return Promise.reject(new Error(vscode.l10n.t('the preview was closed')));
    return this.rpc.request(method, params);
  }

  private resetRendered(): void {
    const earlier = { rendered: this.settleRendered, decoded: this.settleDecoded };
    this.rendered = new Promise((resolve) => (this.settleRendered = resolve));
    this.decoded = new Promise((resolve) => (this.settleDecoded = resolve));
    // Who waits on the render an update replaced before it was reported gets this one (else it waits forever).
    if (earlier.rendered) void this.rendered.then(earlier.rendered);
    if (earlier.decoded) void this.decoded.then(earlier.decoded);
  }

  /** Resolves with the URL once the page reports the single view's image decoded. */
  whenImageDecoded(): Promise<string> {
    return this.decoded;
  }

  private async post(message: HostToPage): Promise<void> {
    if (this.isDisposed) return;
    try {
      this.env.webviews?.handed('message', message);
      await this.panel.webview.postMessage(message);
    } catch (err) {
      this.env.log.warn(`preview: could not post ${message.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private receive(raw: unknown): void {
    const checked = validatePageMessage(raw, this.urls, this.model.scenes.length);
    if (!checked.ok) {
      // Never echo the message itself: it may carry anything.
      this.env.log.warn(`preview: ignored a message from the page: ${checked.reason}`);
      return;
    }
    const message = checked.message;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        // An early panel's page waits, showing its shell, until the result arrives (update() posts then).
        if (this.pending) break;
        this.postInit();
        break;
      case 'state':
        this.viewState = message.state;
        this.currentUrl = message.current;
        break;
      case 'imageDecoded':
        this.settleDecoded(message.url);
        break;
      case 'rendered':
        this.settleRendered({ firstPaintMs: message.firstPaintMs, renderMs: message.renderMs, imagesRequested: message.imagesRequested, tiles: message.tiles });
        break;
      case 'request':
        void this.rpc.handleRequest(message);
        break;
      case 'response':
        this.rpc.handleResponse(message);
        break;
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    clearTimeout(this.readyWatch);
    clearTimeout(this.iconTimer);
    this.rpc.dispose();
    this.disposed.fire();
    super.dispose();
    this.panel.dispose();
  }
}
