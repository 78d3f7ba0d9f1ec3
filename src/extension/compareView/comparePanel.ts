import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { WebviewWatch } from '../webviewWatch';
import { newNonce } from '../preview/page';
import { roomLabel, sceneNameOf } from '../preview/model';
import { Rpc } from '../preview/rpc';
import { renderComparePage } from './page';
import type { KeptScene } from './pairs';
import { COMPARE_VIEW_TYPE, readReadyPage, readThresholdMessage, type CompareModel, type ComparePageMethods, type ComparePageSnapshot, type CompareSide, type HostToCompare } from './protocol';
import type { DiffResult } from '../../core/images/types';

/** Compares the pair's two PNGs at `threshold` in the worker (the host's CompareClient); rejects when aborted. */
export type RunCompare = (threshold: number, signal: AbortSignal) => Promise<DiffResult>;

export interface ComparePanelEnv {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  testMode: boolean;
  /** Tests only: sees what the page is given (the secrets audit). */
  webviews?: WebviewWatch;
}

/** The two kept scenes and their PNGs' bytes, checked against their hashes (SnapshotStore.get). */
export interface ComparePair {
  a: KeptScene;
  b: KeptScene;
  aPng: Uint8Array;
  bPng: Uint8Array;
  pair: CompareModel['pair'];
}

function assets(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'webview');
}

export function compareTitle(pair: Pick<ComparePair, 'a' | 'b'>): string {
  const a = sceneNameOf(pair.a.scenePath);
  const b = sceneNameOf(pair.b.scenePath);
  return a === b ? vscode.l10n.t('Compare {0}', a) : vscode.l10n.t('Compare {0} ↔ {1}', a, b);
}

/**
 * One compare panel: two kept snapshots, the comparison (numbers, boxes and the mask from the worker) and
 * the page that shows them. The page gets file resources of the snapshot store and numbers; no token.
 */
export class ComparePanel extends Disposable {
  private readonly rpc: Rpc<ComparePageMethods, Record<string, never>>;
  private readonly disposed = this.register(new vscode.EventEmitter<void>());
  readonly onDidDispose = this.disposed.event;
  private model: CompareModel | undefined;
  private mask: Uint8Array | undefined;
  /** The page that said `ready` last, and the page that got `init`: each page gets the PNGs once. */
  private readyPage: string | undefined;
  private initialisedPage: string | undefined;
  /**
   * Why the comparison could not be made, while there is no result: said again to a page made anew (the
   * panel hidden and shown), which would otherwise wait for a result that will not come.
   */
  private failure: string | undefined;
  private running: AbortController | undefined;
  /** The threshold last asked for (the result shown may still be of the one before). */
  threshold: number;
  /** How many `init` messages were posted (tests: one per page). */
  initsPosted = 0;
  /** How many threshold messages of the page were refused as invalid (tests). */
  thresholdRefused = 0;
  private settleRendered!: (ms: { firstPaintMs: number; renderMs: number }) => void;
  private rendered = new Promise<{ firstPaintMs: number; renderMs: number }>((resolve) => (this.settleRendered = resolve));

  static create(env: ComparePanelEnv, pair: ComparePair, compare: RunCompare, threshold: number): ComparePanel {
    const panel = vscode.window.createWebviewPanel(COMPARE_VIEW_TYPE, compareTitle(pair), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      // Its own script and style only: the images come as bytes in the init message.
      localResourceRoots: [assets(env.extensionUri)],
    });
    return new ComparePanel(panel, env, pair, compare, threshold);
  }

  /** A panel VS Code restored after a reload (the serializer): given its options and page again. */
  static adopt(env: ComparePanelEnv, panel: vscode.WebviewPanel, pair: ComparePair, compare: RunCompare, threshold: number): ComparePanel {
    panel.webview.options = { enableScripts: true, localResourceRoots: [assets(env.extensionUri)] };
    panel.title = compareTitle(pair);
    return new ComparePanel(panel, env, pair, compare, threshold);
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly env: ComparePanelEnv, readonly pair: ComparePair, private readonly compare: RunCompare, threshold: number) {
    super();
    this.threshold = threshold;
    this.rpc = new Rpc<ComparePageMethods, Record<string, never>>((m) => void this.post(m), {}, {
      noAnswer: (method, seconds) => vscode.l10n.t('no answer to {0} within {1} s', method, seconds),
      closed: () => vscode.l10n.t('the compare panel was closed'),
    });
    panel.iconPath = vscode.Uri.joinPath(env.extensionUri, 'media', 'scene-snap.svg');
    const webview = panel.webview;
    const html = renderComparePage({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      title: compareTitle(pair),
      lang: vscode.env.language,
      loading: vscode.l10n.t('Comparing…'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(assets(env.extensionUri), 'compare.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(assets(env.extensionUri), 'compare.css')).toString(),
    });
    this.env.webviews?.handed('page', html);
    webview.html = html;
    this.register(webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)));
    this.register(panel.onDidDispose(() => this.dispose()));
  }

  /**
   * Compares the pair at `threshold` in the worker (a comparison still running for another threshold is
   * stopped) and shows the result; a failure is said in the page and in a notification.
   */
  async compareAt(threshold: number): Promise<void> {
    this.running?.abort();
    const abort = new AbortController();
    this.running = abort;
    this.threshold = threshold;
    try {
      const result = await this.compare(threshold, abort.signal);
      if (!abort.signal.aborted && !this.isDisposed) this.show(result, threshold);
    } catch (err) {
      if (abort.signal.aborted || this.isDisposed) return;
      const message = vscode.l10n.t('Could not compare the two images: {0}', err instanceof Error ? err.message : String(err));
      this.env.log.error(`compare: ${message}`);
      this.fail(message);
      void vscode.window.showErrorMessage(message);
    } finally {
      if (this.running === abort) this.running = undefined;
    }
  }

  /**
   * A comparison arrived from the worker: a page not yet initialised gets it with the PNGs (init), an
   * initialised one only the new numbers, boxes and mask (result).
   */
  private show(result: DiffResult, threshold: number): void {
    const side = (s: KeptScene, png: Uint8Array): CompareSide => ({
      entryId: s.entry.id,
      roomLabel: roomLabel(s.entry),
      scenePath: s.scenePath,
      time: s.entry.time,
      width: s.snapshot.width,
      height: s.snapshot.height,
      png,
    });
    const { mask, ...numbers } = result;
    this.model = { a: side(this.pair.a, this.pair.aPng), b: side(this.pair.b, this.pair.bPng), pair: this.pair.pair, result: numbers, threshold };
    this.mask = mask;
    if (this.readyPage === undefined) return;
    if (this.initialisedPage === this.readyPage) void this.post({ type: 'result', result: numbers, mask, threshold });
    else this.sendInit();
  }

  /** The comparison failed: said in the page (and by the caller in a notification). */
  fail(message: string): void {
    if (!this.model) this.failure = message;
    void this.post({ type: 'failed', message });
  }

  whenRendered(): Promise<{ firstPaintMs: number; renderMs: number }> {
    return this.rendered;
  }

  request<K extends keyof ComparePageMethods & string>(method: K, params: ComparePageMethods[K]['params']): Promise<ComparePageMethods[K]['result']> {
    return this.rpc.request(method, params);
  }

  snapshot(): Promise<ComparePageSnapshot> {
    return this.rpc.request('snapshot', {});
  }

  /** The model the page was given (tests check it holds no token). */
  pageModel(): CompareModel | undefined {
    return this.model;
  }

  private sendInit(): void {
    if (!this.model || !this.mask || this.readyPage === undefined) return;
    this.initialisedPage = this.readyPage;
    this.initsPosted++;
    const bundle = vscode.l10n.bundle;
    void this.post({
      type: 'init',
      model: this.model,
      mask: this.mask,
      locale: vscode.env.language,
      ...(bundle ? { bundle } : {}),
      ...(this.env.testMode ? { testHooks: true as const } : {}),
    });
  }

  private async post(message: HostToCompare): Promise<void> {
    if (this.isDisposed) return;
    try {
      this.env.webviews?.handed('message', message);
      await this.panel.webview.postMessage(message);
    } catch (err) {
      this.env.log.warn(`compare: could not post ${message.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private receive(raw: unknown): void {
    if (typeof raw !== 'object' || raw === null) return;
    const m = raw as Record<string, unknown>;
    switch (m.type) {
      case 'ready': {
        const page = readReadyPage(m);
        if (page === undefined) {
          this.env.log.warn('compare: ignored a ready message without a valid page id');
          break;
        }
        // A page that was given the PNGs already keeps them; a new page (the panel was hidden and shown
        // again, and its page started over) gets them once.
        this.readyPage = page;
        if (this.initialisedPage !== page) {
          if (this.model) this.sendInit();
          else if (this.failure !== undefined) void this.post({ type: 'failed', message: this.failure });
        }
        break;
      }
      case 'threshold': {
        const value = readThresholdMessage(m);
        if (value === undefined) {
          this.thresholdRefused++;
          this.env.log.warn('compare: ignored a threshold message that is not a number from 0 to 1');
          break;
        }
        if (value !== this.threshold) void this.compareAt(value);
        break;
      }
      case 'rendered':
        if (typeof m.firstPaintMs === 'number' && typeof m.renderMs === 'number') this.settleRendered({ firstPaintMs: m.firstPaintMs, renderMs: m.renderMs });
        break;
      case 'response':
        if (typeof m.id === 'number') this.rpc.handleResponse(m as Parameters<typeof this.rpc.handleResponse>[0]);
        break;
      default:
        // Anything else is ignored, and never echoed.
        this.env.log.warn('compare: ignored a message from the page');
    }
  }

  override dispose(): void {
    if (this.isDisposed) return;
    this.running?.abort();
    this.rpc.dispose();
    this.disposed.fire();
    super.dispose();
    this.panel.dispose();
  }
}
