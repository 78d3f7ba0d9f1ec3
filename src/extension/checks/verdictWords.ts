/** What the checks' verdicts are called and shown as in VS Code (the command line's words, translated). */
import * as vscode from 'vscode';
import type { CheckItem } from '../../core/checks/run';
import type { Verdict } from '../../core/checks/verdict';

export function verdictLabel(verdict: Verdict): string {
  switch (verdict) {
    case 'matched':
      return vscode.l10n.t('matched');
    case 'changed':
      return vscode.l10n.t('changed');
    case 'sizeChanged':
      return vscode.l10n.t('size changed');
    case 'new':
      return vscode.l10n.t('new');
    case 'missing':
      return vscode.l10n.t('missing');
    case 'blank':
      return vscode.l10n.t('blank');
    case 'failed':
      return vscode.l10n.t('not captured');
  }
}

const ICONS: Record<Verdict, string> = { matched: '$(pass)', changed: '$(diff-modified)', sizeChanged: '$(screen-full)', new: '$(diff-added)', missing: '$(diff-removed)', blank: '$(circle-slash)', failed: '$(error)' };

export function verdictIcon(verdict: Verdict): string {
  return ICONS[verdict];
}

export { isAcceptable, isChanged } from './checksGallery';

/** "1 changed, 6 matched" */
export function summaryLine(items: readonly CheckItem[]): string {
  const counts = new Map<Verdict, number>();
  for (const i of items) counts.set(i.verdict, (counts.get(i.verdict) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${n} ${verdictLabel(v)}`).join(', ') || vscode.l10n.t('no targets');
}
