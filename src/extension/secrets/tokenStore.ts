import * as vscode from 'vscode';
import { Disposable } from '../disposable';

/** Where a token came from: the room's own token, or the project-wide SDK token. */
export type TokenSource = 'room' | 'sdk';

export interface ResolvedToken {
  token: string;
  source: TokenSource;
}

const PREFIX = 'sceneSnap.token.';
const nameOf = (room: string | undefined) => (room ? `room.${room}` : 'sdk');
/** Before tokens were bound to an API origin; moved to the origin in effect at their first use. */
const legacyKey = (room: string | undefined) => `${PREFIX}${nameOf(room)}`;
const boundKey = (room: string | undefined, origin: string) => `${PREFIX}${nameOf(room)}@${origin}`;

/** The origin of an API base URL (the key a token is bound to); a URL that does not parse is its own key. */
export function apiOrigin(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).origin;
  } catch {
    return baseUrl.trim();
  }
}

/** SecretStorage refused (Linux without a keyring, a locked keychain): said once, in words that help. */
function storageError(action: 'read' | 'store' | 'delete', err: unknown): Error & { code: 'noToken' } {
  const detail = err instanceof Error ? err.message : String(err);
  const sentence =
    action === 'read'
      ? vscode.l10n.t("Could not read the token from VS Code's secret storage ({0}).", detail)
      : action === 'store'
        ? vscode.l10n.t("Could not store the token in VS Code's secret storage ({0}); nothing was changed.", detail)
        : vscode.l10n.t("Could not delete the token from VS Code's secret storage ({0}).", detail);
  const advice = vscode.l10n.t('On Linux, a keyring (GNOME Keyring or KWallet) must be installed and unlocked.');
  // A plain Error with the contract's code: SceneSnapError would pull the API bundle into activation.
  return Object.assign(new Error(`${sentence} ${advice}`, { cause: err }), { code: 'noToken' as const });
}

/**
 * Tokens live in VS Code's SecretStorage and nowhere else. Values are trimmed on the way in and out, and an
 * empty value counts as no token.
 *
 * Each token is bound to the API origin it was stored for, as git's credential helpers bind a password to a
 * host: were the API base URL ever taken from somewhere it should not be, no stored token would go there.
 * A SecretStorage failure rejects with a noToken error whose message says what failed and what helps.
 */
export class TokenStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  /** Fires when any Scene Snap token changes (here or in another window), or the API origin does. */
  readonly onDidChange = this.changed.event;
  /**
   * Reads, kept in this process's memory only: in a remote or web window every SecretStorage read is a
   * round trip to the client, which a screenshot would pay twice (room token, then SDK token).
   * SecretStorage tells of every change, here or in another window, and that drops the entry.
   */
  private readonly reads = new Map<string, Promise<string | undefined>>();

  /** `apiBaseUrl()` is the API base URL in effect (the user's setting); `onDidChangeOrigin` fires when it may have moved. */
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly apiBaseUrl: () => string,
    onDidChangeOrigin: vscode.Event<unknown>,
  ) {
    super();
    this.register(
      secrets.onDidChange((e) => {
        if (!e.key.startsWith(PREFIX)) return;
        this.reads.delete(e.key);
        this.changed.fire();
      }),
    );
    this.register(onDidChangeOrigin(() => this.changed.fire()));
  }

  private origin(): string {
    return apiOrigin(this.apiBaseUrl());
  }

  private read(room: string | undefined, origin: string): Promise<string | undefined> {
    const key = boundKey(room, origin);
    let value = this.reads.get(key);
    if (!value) {
      value = this.readOrMigrate(room, key);
      // A failed read is not remembered: the next one asks again.
      value.catch(() => this.reads.delete(key));
      this.reads.set(key, value);
    }
    return value;
  }

  private async readOrMigrate(room: string | undefined, key: string): Promise<string | undefined> {
    try {
      // Both at once: in a remote window each read is a round trip, and this runs once per key and process.
      const [bound, legacy] = (await Promise.all([this.secrets.get(key), this.secrets.get(legacyKey(room))])).map((v) => v?.trim());
      if (bound) return bound;
      if (!legacy) return undefined;
      await this.secrets.store(key, legacy);
      await this.secrets.delete(legacyKey(room));
      return legacy;
    } catch (err) {
      throw storageError('read', err);
    }
  }

  /** The room's own token (`room` given) or the SDK token, for `origin` (default: the API origin in effect). */
  get(room?: string, origin: string = this.origin()): Promise<string | undefined> {
    return this.read(room, origin);
  }

  async set(room: string | undefined, token: string): Promise<void> {
    const key = boundKey(room, this.origin());
    this.reads.delete(key);
    try {
      await this.secrets.store(key, token.trim());
    } catch (err) {
      throw storageError('store', err);
    } finally {
      this.reads.delete(key);
    }
  }

  /** Clears the token for the API origin in effect, and one stored before tokens were bound to an origin. */
  async clear(room?: string): Promise<void> {
    const key = boundKey(room, this.origin());
    this.reads.delete(key);
    try {
      await this.secrets.delete(key);
      await this.secrets.delete(legacyKey(room));
    } catch (err) {
      throw storageError('delete', err);
    } finally {
      this.reads.delete(key);
    }
  }

  /**
   * DESIGN.md: the room's token, then the project-wide SDK token, both of one origin, read once: a caller
   * that sends passes the origin of its client (read with it), so that a base URL changed while a read
   * waits cannot make one origin's token go to another (issue 21).
   */
  async resolve(room: string, origin: string = this.origin()): Promise<ResolvedToken | undefined> {
    const own = await this.get(room, origin);
    if (own) return { token: own, source: 'room' };
    const sdk = await this.get(undefined, origin);
    return sdk ? { token: sdk, source: 'sdk' } : undefined;
  }
}
