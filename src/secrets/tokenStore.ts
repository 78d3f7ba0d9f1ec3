import * as vscode from 'vscode';

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
export class TokenStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when any Scene Snap token changes, here or in another window. */
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key.startsWith('sceneSnap.token.')) this.changed.fire();
    });
  }

  private async read(key: string): Promise<string | undefined> {
    const value = (await this.secrets.get(key))?.trim();
    return value ? value : undefined;
  }

  /** The room's own token (`room` given) or the SDK token. */
  get(room?: string): Promise<string | undefined> {
    return this.read(room ? roomKey(room) : SDK_KEY);
  }

  async set(room: string | undefined, token: string): Promise<void> {
    await this.secrets.store(room ? roomKey(room) : SDK_KEY, token.trim());
  }

  async clear(room?: string): Promise<void> {
    await this.secrets.delete(room ? roomKey(room) : SDK_KEY);
  }

  /** DESIGN.md: the room's token, then the project-wide SDK token. */
  async resolve(room: string): Promise<ResolvedToken | undefined> {
    const own = await this.get(room);
    if (own) return { token: own, source: 'room' };
    const sdk = await this.get();
    return sdk ? { token: sdk, source: 'sdk' } : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
