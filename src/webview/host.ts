/** The page's side of the channel to the extension host. */
import * as l10n from '@vscode/l10n';
import type { HostMethods, HostToPage, PageMethods, PageToHost, SavedState } from '../extension/preview/protocol';
import { Rpc, type Handlers } from '../extension/preview/rpc';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly rpc: Rpc<HostMethods, PageMethods>;
  /** What changed since each scene's previous shot, by URL (the host sends it after `init`). */
  onChanges: ((notes: Record<string, string>) => void) | undefined;
  /** A scene directory against its last shot (the host sends it after `init`). */
  onBadges: ((message: Extract<HostToPage, { type: 'badges' }>) => void) | undefined;
  /** The scenes that match a checks target (the host sends it after `init`). */
  onBaselines: ((urls: string[]) => void) | undefined;

  constructor(
    handlers: Handlers<PageMethods>,
    private readonly onInit: (message: Extract<HostToPage, { type: 'init' }>) => void,
    private readonly onUpdate?: (message: Extract<HostToPage, { type: 'update' }>) => void,
  ) {
    this.rpc = new Rpc<HostMethods, PageMethods>((m) => this.api.postMessage(m), handlers, {
      noAnswer: (method, seconds) => l10n.t('no answer to {0} within {1} s', method, seconds),
      closed: () => l10n.t('the preview was closed'),
    });
    window.addEventListener('message', (event: MessageEvent<HostToPage>) => this.receive(event.data));
  }

  private receive(message: HostToPage): void {
    // Only the extension host posts into this frame; still, act only on shapes we know.
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'init') {
      // The extension's translation, so the page words itself from the same bundle as the host.
      if (message.bundle) l10n.config({ contents: message.bundle });
      this.onInit(message);
    } else if (message.type === 'changes') this.onChanges?.(message.notes);
    else if (message.type === 'badges') this.onBadges?.(message);
    else if (message.type === 'baselines') this.onBaselines?.(message.urls);
    else if (message.type === 'update') this.onUpdate?.(message);
    else if (message.type === 'request') void this.rpc.handleRequest(message);
    else if (message.type === 'response') this.rpc.handleResponse(message);
  }

  ready(): void {
    this.api.postMessage({ type: 'ready' });
  }

  post(message: PageToHost): void {
    this.api.postMessage(message);
  }

  request<K extends keyof HostMethods & string>(method: K, params: HostMethods[K]['params']): Promise<HostMethods[K]['result']> {
    return this.rpc.request(method, params);
  }

  getState(): SavedState | undefined {
    return this.api.getState();
  }

  setState(state: SavedState): void {
    this.api.setState(state);
  }
}
