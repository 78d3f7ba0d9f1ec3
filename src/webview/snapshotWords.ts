/** What the page says about a scene's kept snapshot (src/snapshots/): which image is shown, and blank ones. */
import * as l10n from '@vscode/l10n';
import type { SceneView } from '../preview/protocol';
import { FreshImageUrls } from '../preview/freshImageUrls';

/** The image the page loads: the kept copy when there, else the URL. */
export function imageSource(scene: SceneView): string | undefined {
  return scene.kept ? scene.kept.src : scene.loadable ? scene.url : undefined;
}

const fresh = new FreshImageUrls();

/** What an <img> is given for `scene` of entry `entryId`: imageSource, with a bucket URL this page showed for another shot marked (src/preview/freshImageUrls.ts). */
export function loadSource(scene: SceneView, entryId: string): string | undefined {
  return scene.kept ? scene.kept.src : scene.loadable ? fresh.urlFor(scene.url, entryId) : undefined;
}

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
