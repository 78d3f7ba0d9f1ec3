import * as vscode from 'vscode';
import { Disposable } from '../disposable';

/**
 * While a preview has focus there is no active text editor; "insert into the active editor" means the
 * text editor the user was in last. This remembers it.
 */
export class EditorTracker extends Disposable {
  private last: vscode.TextEditor | undefined = vscode.window.activeTextEditor;

  constructor() {
    super();
    this.register(
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.uri.scheme !== 'output') this.last = e;
      }),
    );
  }

  /** The editor to insert into, brought back if it was hidden behind the preview; undefined when none is open. */
  async target(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active) return active;
    const last = this.last;
    if (!last || last.document.isClosed) return undefined;
    if (vscode.window.visibleTextEditors.includes(last)) return last;
    const again = vscode.window.visibleTextEditors.find((e) => e.document === last.document);
    if (again) return again;
    return vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, preserveFocus: false });
  }
}
