/**
 * Requests with ids and their answers over a one-way `post` channel, used by both ends of the preview
 * (the host and the page). Pure: no `vscode`, no DOM.
 */
import type { MethodMap, RequestMessage, ResponseMessage } from './protocol';

/** The words of the two failures the channel makes itself, in the user's language (the caller translates). */
export interface RpcTexts {
  /** A request that had no answer in time. */
  noAnswer(method: string, seconds: number): string;
  /** Requests still waiting when the other side went away. */
  closed(): string;
}

export type Handlers<M extends MethodMap> = { [K in keyof M]: (params: M[K]['params']) => Promise<M[K]['result']> | M[K]['result'] };

export class Rpc<Remote extends MethodMap, Local extends MethodMap> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly post: (message: RequestMessage<Remote> | ResponseMessage) => void,
    private readonly handlers: Handlers<Local>,
    private readonly texts: RpcTexts,
    private readonly timeoutMs = 60_000,
  ) {}

  request<K extends keyof Remote & string>(method: K, params: Remote[K]['params']): Promise<Remote[K]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      // A page that was closed or reloaded never answers; do not leave the caller waiting forever.
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(this.texts.noAnswer(method, this.timeoutMs / 1000)));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.post({ type: 'request', id, method, params } as RequestMessage<Remote>);
    });
  }

  /** Answers a request of the other side (already validated by the caller). */
  async handleRequest(message: RequestMessage<Local>): Promise<void> {
    // The union of handlers is not callable with the union of params; validation has paired them already.
    const handler = this.handlers[message.method as keyof Local] as (params: unknown) => unknown;
    try {
      const result = await handler(message.params);
      this.post({ type: 'response', id: message.id, ok: true, result });
    } catch (err) {
      this.post({ type: 'response', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** Settles the request a response belongs to; answers to unknown ids (late, or forged) are ignored. */
  handleResponse(message: ResponseMessage): void {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    clearTimeout(waiting.timer);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(new Error(message.error));
  }

  /** Rejects everything still waiting: the other side is gone. */
  dispose(reason = this.texts.closed()): void {
    for (const [id, waiting] of this.pending) {
      clearTimeout(waiting.timer);
      waiting.reject(new Error(reason));
      this.pending.delete(id);
    }
  }
}
