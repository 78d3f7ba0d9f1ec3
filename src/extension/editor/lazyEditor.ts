import * as vscode from 'vscode';
import { requireBundle } from '../lazyBundle';
import type { EditorDeps, EditorFeature } from './editorFeature';

type EditorModule = typeof import('./editorFeature');

/**
 * Rooms and tokens in editors, as activation sees them: nothing loaded and no provider registered until a
 * text document is open and sceneSnap.editor.enabled is on. Then dist/editor.js is required (on the next
 * turn, so activate() returns first) and registers what its settings ask for. Turning the setting off
 * disposes it all; on again loads it again, without a reload.
 */
export class LazyEditor implements vscode.Disposable {
  private feature: EditorFeature | undefined;
  private waiting: vscode.Disposable | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly deps: EditorDeps) {
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('sceneSnap.editor.enabled') && this.apply()));
    this.apply();
  }

  /** The loaded feature (tests, the bench); undefined while nothing is loaded. */
  loaded(): EditorFeature | undefined {
    return this.feature;
  }

  private apply(): void {
    if (!this.deps.settings().editor.enabled) return this.unload();
    if (this.feature || this.waiting || this.timer) return;
    if (vscode.workspace.textDocuments.length > 0) return this.loadSoon();
    this.waiting = vscode.workspace.onDidOpenTextDocument(() => {
      this.waiting?.dispose();
      this.waiting = undefined;
      this.loadSoon();
    });
  }

  private loadSoon(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.feature || !this.deps.settings().editor.enabled) return;
      try {
        const module = requireBundle<EditorModule>(__dirname, 'editor.js', 'editorFeature.js');
        this.feature = module.createEditorFeature(this.deps);
      } catch (err) {
        this.deps.log.error(`Could not load the editor hovers and links: ${err instanceof Error ? err.message : String(err)}`);
      }
    }, 0);
  }

  private unload(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting?.dispose();
    this.waiting = undefined;
    this.feature?.dispose();
    this.feature = undefined;
  }

  dispose(): void {
    this.unload();
    for (const s of this.subscriptions) s.dispose();
  }
}
