/**
 * What the page's <img>s are given. A kept snapshot comes as bytes from the host (HostMethods.keptImage)
 * and is shown through a blob: URL, not as a webview resource: a panel closed while such resources load
 * leaves the web workbench's resource loading stuck, and the next webview page waits 30 s for its own
 * script. A bucket URL is loaded fresh for each screenshot (src/preview/freshImageUrls.ts).
 */
import { FreshImageUrls } from '../preview/freshImageUrls';
import type { SceneView } from '../preview/protocol';

export type KeptBytes = (url: string, hash: string) => Promise<Uint8Array>;

/** Whether the page shows an image for `scene`: its kept copy, or a URL it may load. */
export function showsImage(scene: SceneView): boolean {
  return scene.kept !== undefined || scene.loadable;
}

export class PageImages {
  private readonly fresh = new FreshImageUrls();
  /** blob: URLs by the kept PNG's hash (content-addressed: one per picture, whichever scene shows it). */
  private readonly blobs = new Map<string, Promise<string>>();

  constructor(private readonly keptBytes: KeptBytes) {}

  /**
   * Gives `img` the picture of `scene` (of entry `entryId`). A kept copy arrives later: the img gets it
   * unless it was given another picture meanwhile, and fires `error` when the host cannot give it.
   */
  show(img: HTMLImageElement, scene: SceneView, entryId: string): void {
    const kept = scene.kept;
    if (!kept) {
      delete img.dataset.kept;
      if (scene.loadable) img.src = this.fresh.urlFor(scene.url, entryId);
      return;
    }
    img.dataset.kept = kept.hash;
    let blob = this.blobs.get(kept.hash);
    if (!blob) {
      blob = this.keptBytes(scene.url, kept.hash).then((bytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' })));
      this.blobs.set(kept.hash, blob);
      blob.catch(() => this.blobs.delete(kept.hash));
    }
    blob.then(
      (url) => {
        if (img.dataset.kept === kept.hash) img.src = url;
      },
      () => {
        if (img.dataset.kept === kept.hash) img.dispatchEvent(new Event('error'));
      },
    );
  }

  /** A new model: the pictures of the last one are let go (a 1,000-scene gallery's would stay in memory). */
  release(): void {
    for (const blob of this.blobs.values()) void blob.then((url) => URL.revokeObjectURL(url), () => undefined);
    this.blobs.clear();
  }
}
