/** What the page says about a scene's kept snapshot (src/snapshots/): which image is shown, and blank ones. */
import * as l10n from '@vscode/l10n';
import type { SceneView } from '../preview/protocol';

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
