import * as vscode from 'vscode';

/** How long ago `time` was, as a row or a picker says it ("2 min ago"); a date past a day. */
export function ago(time: number, now: number): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 60) return vscode.l10n.t('just now');
  if (s < 3600) return vscode.l10n.t('{0} min ago', Math.round(s / 60));
  if (s < 86_400) return vscode.l10n.t('{0} h ago', Math.round(s / 3600));
  return new Date(time).toLocaleDateString(vscode.env.language);
}
