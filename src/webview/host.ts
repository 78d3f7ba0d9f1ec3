/** The page's side of the channel to the extension host. */
import { format } from '../preview/format';
import type { HostMethods, HostToPage, PageMethods, PageStrings, PageToHost, SavedState } from '../preview/protocol';
import { Rpc, type Handlers } from '../preview/rpc';

interface VsCodeApi {
  postMessage(message: PageToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export class Host {
  private readonly api: VsCodeApi = acquireVsCodeApi();
  private readonly rpc: Rpc<HostMethods, PageMethods>;
  /** The texts of the last `init`; the page asks nothing of the host before it has them. */
  private strings: PageStrings | undefined;

  constructor(handlers: Handlers<PageMethods>, private readonly onInit: (message: Extract<HostToPage, { type: 'init' }>) => void) {
    this.rpc = new Rpc<HostMethods, PageMethods>((m) => this.api.postMessage(m), handlers, {
      noAnswer: (method, seconds) => (this.strings ? format(this.strings.noAnswer, method, seconds) : `${method} (${seconds} s)`),
      closed: () => this.strings?.closed ?? '',
    });
    window.addEventListener('message', (event: MessageEvent<HostToPage>) => this.receive(event.data));
  }

  private receive(message: HostToPage): void {
    // Only the extension host posts into this frame; still, act only on shapes we know.
    if (typeof message !== 'object' || message === null) return;
    if (message.type === 'init') {
      this.strings = message.strings;
      this.onInit(message);
    }
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
