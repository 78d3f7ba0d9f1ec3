import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import type { HistoryStore } from '../history/historyStore';
import type { TokenStore } from '../secrets/tokenStore';
import { affectsSceneSnap, readSettings } from '../settings';

/**
 * Context keys for the walkthrough's steps and the views' welcome content. Each step completes on a real
 * event (a token stored, a room configured, a screenshot taken, a result copied or inserted), not on a
 * command having been run.
 */
export const CONTEXT_KEYS = {
  hasToken: 'sceneSnap.hasToken',
  hasRooms: 'sceneSnap.hasRooms',
  hasScreenshot: 'sceneSnap.hasScreenshot',
  hasUsedResult: 'sceneSnap.hasUsedResult',
} as const;

type Key = (typeof CONTEXT_KEYS)[keyof typeof CONTEXT_KEYS];

export class Onboarding extends Disposable {
  private readonly values = new Map<Key, boolean>();

  constructor(
    private readonly tokens: TokenStore,
    history: HistoryStore,
    private readonly state: vscode.Memento,
    private readonly log: Pick<vscode.LogOutputChannel, 'warn'>,
  ) {
    super();
    this.register(tokens.onDidChange(() => void this.refreshToken()));
    this.register(history.onDidChange(() => this.set(CONTEXT_KEYS.hasScreenshot, history.list().length > 0)));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => affectsSceneSnap(e) && this.refreshRooms()));
    // The first values are worked out after activation returns: nothing here is needed to start.
    const first = setTimeout(() => {
      this.refreshRooms();
      this.set(CONTEXT_KEYS.hasScreenshot, history.list().length > 0);
      this.set(CONTEXT_KEYS.hasUsedResult, state.get<boolean>(CONTEXT_KEYS.hasUsedResult, false));
      void this.refreshToken();
    }, 0);
    this.register({ dispose: () => clearTimeout(first) });
  }

  /** What a key was last set to (for tests: VS Code offers no way to read a context key back). */
  get(key: Key): boolean | undefined {
    return this.values.get(key);
  }

  /**
   * A screenshot was copied, saved or inserted: the walkthrough's last step is done, for good. Never
   * rejects: its caller fires and forgets it (#21), and a state that cannot be stored only means the step
   * is shown open again in the next window.
   */
  async resultUsed(): Promise<void> {
    this.set(CONTEXT_KEYS.hasUsedResult, true);
    try {
      await this.state.update(CONTEXT_KEYS.hasUsedResult, true);
    } catch (err) {
      this.log.warn(`onboarding: that a result was used could not be stored: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private refreshRooms(): void {
    this.set(CONTEXT_KEYS.hasRooms, readSettings().rooms.length > 0);
  }

  private async refreshToken(): Promise<void> {
    let found = false;
    try {
      found = Boolean(await this.tokens.get());
      for (const room of readSettings().rooms) {
        if (found) break;
        found = Boolean(await this.tokens.get(room.uuid));
      }
    } catch {
      // SecretStorage refused: the step stays open; whatever needs the token says why when it is used.
    }
    this.set(CONTEXT_KEYS.hasToken, found);
  }

  private set(key: Key, value: boolean): void {
    if (this.values.get(key) === value) return;
    this.values.set(key, value);
    void vscode.commands.executeCommand('setContext', key, value);
  }
}
