import * as vscode from 'vscode';
import { Disposable } from '../disposable';

/** Where a token came from: the room's own token, or the project-wide SDK token. */
export type TokenSource = 'room' | 'sdk';

export interface ResolvedToken {
  token: string;
  source: TokenSource;
}

const SDK_KEY = 'sceneSnap.token.sdk';
const roomKey = (room: string) => `sceneSnap.token.room.${room}`;

/**
 * Tokens live in VS Code's SecretStorage and nowhere else. Values are trimmed on the way in and out, and an
 * empty value counts as no token.
 */
export class TokenStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when any Scene Snap token changes, here or in another window. */
  readonly onDidChange = this.changed.event;
  /**
   * Reads, kept in this process's memory only: in a remote or web window every SecretStorage read is a
   * round trip to the client, which a screenshot would pay twice (room token, then SDK token).
   * SecretStorage tells of every change, here or in another window, and that drops the entry.
   */
  private readonly reads = new Map<string, Promise<string | undefined>>();

  constructor(private readonly secrets: vscode.SecretStorage) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (!e.key.startsWith('sceneSnap.token.')) return;
        this.reads.delete(e.key);
        this.changed.fire();
      }),
    );
  }

  private read(key: string): Promise<string | undefined> {
    let value = this.reads.get(key);
    if (!value) {
      value = Promise.resolve(this.secrets.get(key)).then((v) => v?.trim() || undefined);
      // A failed read is not remembered: the next one asks again.
      value.catch(() => this.reads.delete(key));
      this.reads.set(key, value);
    }
    return value;
  }

  /** The room's own token (`room` given) or the SDK token. */
  get(room?: string): Promise<string | undefined> {
    return this.read(room ? roomKey(room) : SDK_KEY);
  }

  async set(room: string | undefined, token: string): Promise<void> {
    const key = room ? roomKey(room) : SDK_KEY;
    this.reads.delete(key);
    await this.secrets.store(key, token.trim());
    this.reads.delete(key);
  }

  async clear(room?: string): Promise<void> {
    const key = room ? roomKey(room) : SDK_KEY;
    this.reads.delete(key);
    await this.secrets.delete(key);
    this.reads.delete(key);
  }

  /** DESIGN.md: the room's token, then the project-wide SDK token. */
  async resolve(room: string): Promise<ResolvedToken | undefined> {
    const own = await this.get(room);
    if (own) return { token: own, source: 'room' };
    const sdk = await this.get();
    return sdk ? { token: sdk, source: 'sdk' } : undefined;
  }
}
