/** What the page says about a scene's kept snapshot (src/core/snapshots/): which image is shown, and blank ones. */
import * as l10n from '@vscode/l10n';
import type { SceneBadge, SceneView } from '../extension/preview/protocol';

/** The details table's "Shown" row. */
export function shownText(scene: SceneView, locale: string): string {
  if (scene.kept) return l10n.t('The copy kept when it was taken ({0}), not the bucket URL', new Date(scene.kept.at).toLocaleString(locale));
  switch (scene.urlReason) {
    case 'failed':
      return l10n.t('The bucket URL: no copy was kept. {0}', scene.failure ?? '');
    case 'removed':
      return l10n.t('The bucket URL: the kept copy was removed (sceneSnap.snapshots.maxMegabytes, or Free Space). It may show a newer picture.');
    default:
      return l10n.t('The bucket URL (no copy kept yet): it shows what the bucket holds now.');
  }
}

export function blankText(): string {
  return l10n.t('Blank: every pixel has the same colour. Either the scene is empty, or the room draws with Netless\'s appliance plugin, whose strokes server-side screenshots do not include.');
}

export function blankBadge(): string {
  return l10n.t('Blank');
}

/** A directory tile's badge against the directory's last shot: "changed 3.2 %", "new", "unchanged", "could not compare". */
export function badgeText(badge: SceneBadge, locale: string): string {
  switch (badge.status) {
    case 'changed': {
      // A ratio that is not a number from 0 to 1 never reaches the page (pairs.ts), but never shows as "NaN %".
      if (!Number.isFinite(badge.ratio)) return l10n.t('could not compare');
      return changedText(badge.ratio, locale);
    }
    case 'new':
      return l10n.t('new');
    case 'unchanged':
      return l10n.t('unchanged');
    case 'failed':
      return l10n.t('could not compare');
    case 'check':
      return checkBadgeText(badge, locale);
  }
}

/** "changed 3.2 %" (two decimals below 0.1 %, so a small change never reads as 0.0 %). */
function changedText(ratio: number, locale: string): string {
  return l10n.t('changed {0} %', (ratio * 100).toLocaleString(locale, { maximumFractionDigits: ratio < 0.001 ? 2 : 1, minimumFractionDigits: 1 }));
}

/** A checks target's badge: "changed 3.2 %", else its verdict in the host's words ("accepted" once accepted). */
function checkBadgeText(badge: Extract<SceneBadge, { status: 'check' }>, locale: string): string {
  return !badge.accepted && badge.verdict === 'changed' && badge.ratio !== undefined && Number.isFinite(badge.ratio) ? changedText(badge.ratio, locale) : badge.label;
}

/** Why a scene could not be compared (the failed badge's tooltip). */
export function badgeReason(badge: Extract<SceneBadge, { status: 'failed' }>): string {
  return badge.reason ? l10n.t('Could not compare with the last shot: {0}', badge.reason) : l10n.t('Could not compare with the last shot.');
}
