/**
 * What the page's <img>s are given. A kept snapshot comes as bytes from the host (HostMethods.keptImage)
 * and is shown through a blob: URL, not as a webview resource: a panel closed while such resources load
 * leaves the web workbench's resource loading stuck, and the next webview page waits 30 s for its own
 * script. A bucket URL is loaded fresh for each screenshot (src/extension/preview/freshImageUrls.ts).
 */
import { FreshImageUrls } from '../extension/preview/freshImageUrls';
import { pngBlob } from './clipboard';
import type { SceneView } from '../extension/preview/protocol';

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
   * unless it was given another picture meanwhile. When the host cannot give it (evicted since), the
   * bucket URL is shown if it may be loaded (the details then say so no more truly than before: the
   * picture may be newer), else the img is emptied and fires `error`, never keeping the last picture.
   * `given` runs each time the img is given this scene's picture (its load and error events are then this
   * picture's, not an earlier one's).
   */
  show(img: HTMLImageElement, scene: SceneView, entryId: string, given: () => void = () => undefined): void {
    const kept = scene.kept;
    if (!kept) {
      delete img.dataset.kept;
      if (scene.loadable) {
        img.src = this.fresh.urlFor(scene.url, entryId);
        given();
      }
      return;
    }
    img.dataset.kept = kept.hash;
    let blob = this.blobs.get(kept.hash);
    if (!blob) {
      const made = this.keptBytes(scene.url, kept.hash).then((bytes) => URL.createObjectURL(pngBlob(bytes)));
      this.blobs.set(kept.hash, made);
      made.catch(() => this.blobs.get(kept.hash) === made && this.blobs.delete(kept.hash));
      blob = made;
    }
    blob.then(
      (url) => {
        if (img.dataset.kept !== kept.hash) return;
        img.src = url;
        given();
      },
      () => {
        if (img.dataset.kept !== kept.hash) return;
        delete img.dataset.kept;
        if (scene.loadable) {
          img.src = this.fresh.urlFor(scene.url, entryId);
          given();
          return;
        }
        img.removeAttribute('src');
        given();
        img.dispatchEvent(new Event('error'));
      },
    );
  }

  /**
   * Lets go of the pictures not in `keep` (the hashes the page still shows): on a new model, all of them;
   * on a reused panel's swap, all but the new shot's (a 1,000-scene gallery, or a panel shot a hundred
   * times, would otherwise hold every picture it ever showed).
   */
  release(keep: ReadonlySet<string> = new Set()): void {
    for (const [hash, blob] of this.blobs) {
      if (keep.has(hash)) continue;
      this.blobs.delete(hash);
      void blob.then((url) => URL.revokeObjectURL(url), () => undefined);
    }
  }
}
