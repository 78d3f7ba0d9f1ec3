import * as vscode from 'vscode';

/**
 * Asks before a destructive action, in a quick pick rather than a modal dialog: it is keyboard-first like
 * the rest of the flows, and VS Code refuses modal dialogs to extensions under test, so a modal could not
 * be tested in a real VS Code. Cancel is listed last; Escape cancels too.
 */
export async function confirm(question: string, detail: string, ...actions: string[]): Promise<string | undefined> {
  const cancel: vscode.QuickPickItem = { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('keep everything as it is') };
  const items: vscode.QuickPickItem[] = [...actions.map((label) => ({ label })), cancel];
  const picked = await vscode.window.showQuickPick(items, { title: question, placeHolder: detail, ignoreFocusOut: true });
  return picked && picked !== cancel ? picked.label : undefined;
}

/**
 * As confirm(), for an action that cannot be undone: the safe answer comes first (what Enter picks), and
 * the action carries its whole explanation as the item's detail (a placeholder is cut at the widget's width).
 */
export async function confirmSafeFirst(question: string, action: string, explanation: string): Promise<string | undefined> {
  const cancel: vscode.QuickPickItem = { label: vscode.l10n.t('Cancel'), description: vscode.l10n.t('keep everything as it is') };
  const act: vscode.QuickPickItem = { label: action, detail: explanation };
  const picked = await vscode.window.showQuickPick([cancel, act], { title: question, placeHolder: question, ignoreFocusOut: true });
  return picked === act ? action : undefined;
}
