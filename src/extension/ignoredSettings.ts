import * as vscode from 'vscode';
import { affectsUserOnlySettings, ignoredWorkspaceValues } from './settings';

const NOTICE_KEY = 'sceneSnap.ignoredWorkspaceSettings';

/**
 * Tells, once per workspace, that its value of a user-only setting (USER_ONLY_SETTINGS of
 * src/extension/settingScopes.ts: sceneSnap.apiBaseUrl, sceneSnap.snapshots.maxMegabytes, the proxy settings) is
 * ignored: in the log, and in a message with a button to the user's own settings. Never awaited by
 * anything: no screenshot, command or API call waits on this message.
 */
export function registerIgnoredSettingsNotice(log: vscode.LogOutputChannel, state: vscode.Memento): vscode.Disposable {
  const check = (): void => {
    const ignored = ignoredWorkspaceValues();
    const names = [...new Set(ignored.map((i) => i.setting))].sort();
    const seen = state.get<string[]>(NOTICE_KEY, []);
    const fresh = names.filter((n) => !seen.includes(n));
    if (fresh.length === 0) return;
    void state.update(NOTICE_KEY, [...new Set([...seen, ...fresh])]);
    // The value itself is not logged: a proxy URL can carry credentials.
    log.warn(`This workspace sets ${fresh.join(', ')}; Scene Snap reads ${fresh.length > 1 ? 'these settings' : 'this setting'} from user settings only and ignores the workspace value.`);
    const open = vscode.l10n.t('Open User Settings');
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t('This workspace sets {0}, which Scene Snap takes from your user settings only: the workspace value is ignored, so a repository can never choose where your token is sent, nor trim or grow the snapshots kept for all your projects.', fresh.join(', ')),
        open,
      )
      .then((choice) => {
        if (choice === open) void vscode.commands.executeCommand('workbench.action.openGlobalSettings', { query: fresh.join(' ') });
      });
  };
  // Right after activation, not in it: inspecting the settings took about 3 ms of activate() in the bench.
  const first = setTimeout(check, 0);
  const watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (affectsUserOnlySettings(e)) check();
  });
  return new vscode.Disposable(() => {
    clearTimeout(first);
    watch.dispose();
  });
}
