import * as vscode from 'vscode';

/**
 * The window's tab of one webview panel just made. createWebviewPanel returns at once, but the window opens
 * the panel's editor later (about 300 ms for the first webview after VS Code starts, #21): a panel disposed
 * before that still gets its tab then, which closes again a moment later. What must be gone by a given
 * moment (a failed screenshot's early panel) is therefore disposed once its tab is there, and waited for.
 *
 * The tab API names no panel: the tab is told by its view type and title, as a tab more than there were
 * when the watch began.
 */
export class PanelTabWatch {
  private readonly before: number;

  constructor(private readonly viewType: string, private readonly title: string) {
    this.before = this.count();
  }

  /** Resolves once the panel's tab is in the window (true), or after `ms` without it (false). */
  shown(ms: number): Promise<boolean> {
    return untilTabs(() => this.count() > this.before, ms);
  }

  /** Resolves once the panel's tab has left the window (true), or after `ms` with it still there (false). */
  gone(ms: number): Promise<boolean> {
    return untilTabs(() => this.count() <= this.before, ms);
  }

  private count(): number {
    let n = 0;
    for (const group of vscode.window.tabGroups.all) {
      for (const tab of group.tabs) {
        // The window prefixes a panel's view type ("mainThreadWebview-sceneSnap.preview").
        const type = tab.input instanceof vscode.TabInputWebview ? tab.input.viewType : undefined;
        if (type !== undefined && (type === this.viewType || type.endsWith(`-${this.viewType}`)) && tab.label === this.title) n++;
      }
    }
    return n;
  }
}

/** Resolves true as soon as `holds()` after a change of the window's tabs, false after `ms` without. */
function untilTabs(holds: () => boolean, ms: number): Promise<boolean> {
  if (holds()) return Promise.resolve(true);
  return new Promise((resolve) => {
    const check = () => {
      if (holds()) finish(true);
    };
    const subscriptions = [vscode.window.tabGroups.onDidChangeTabs(check), vscode.window.tabGroups.onDidChangeTabGroups(check)];
    const timer = setTimeout(() => finish(false), ms);
    function finish(result: boolean) {
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      resolve(result);
    }
  });
}
