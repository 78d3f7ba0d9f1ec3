import type * as vscode from 'vscode';
import type { ScreenshotArgs } from '../../core/api/resolveRequest';
import type { ShotKind } from './screenshotService';

// Kept apart from the screenshot commands: activation makes it (it is written when the extension stops),
// while the commands load with dist/commands.js on first use.

const LAST_KEY = 'sceneSnap.lastRequest';

export interface LastRequest {
  kind: ShotKind;
  args: ScreenshotArgs;
}

/** How long Repeat Last Screenshot's memory waits before it is written to the workspace state. */
const LAST_WRITE_AFTER_MS = 500;

/**
 * What Repeat Last Screenshot repeats: in effect at once, written to the workspace state LAST_WRITE_AFTER_MS
 * later (#15: a state write is a message the window handles, measured to delay the preview it opens
 * meanwhile), and at once when the extension stops (as far as VS Code still stores it then).
 */
export class LastRequestMemory implements vscode.Disposable {
  private unwritten: LastRequest | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(): LastRequest | undefined {
    return this.unwritten ?? this.state.get<LastRequest>(LAST_KEY);
  }

  set(request: LastRequest): void {
    this.unwritten = request;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), LAST_WRITE_AFTER_MS);
  }

  private write(): void {
    clearTimeout(this.timer);
    const request = this.unwritten;
    if (!request) return;
    this.state.update(LAST_KEY, request).then(
      () => this.unwritten === request && (this.unwritten = undefined),
      (err: unknown) => this.log.warn(`Could not remember the last request: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  dispose(): void {
    this.write();
  }
}
