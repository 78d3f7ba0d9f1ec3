/**
 * The bucket URL an <img> of the page loads. The service overwrites a scene's object at one key, so two
 * screenshots of a scene answer the same URL; and a document hands an <img> the picture it already holds
 * for a URL without asking the server again (its list of available images ignores Cache-Control). A reused
 * panel, or a gallery rebuilt in the same page, would then show the last shot's picture under the new
 * shot's details. So the first screenshot a page shows for a URL loads it as it is, and any other one
 * loads it with a marker naming its entry: a URL the document has not seen. Buckets ignore the unknown
 * parameter; what the user copies or opens stays the service's URL. No DOM: unit-tested in plain Node.
 */
export const SHOT_MARKER = 'sceneSnapShot';

export class FreshImageUrls {
  /** Bucket URL → the entry whose picture this document holds for it unmarked. */
  private readonly firstShown = new Map<string, string>();

  urlFor(url: string, entryId: string): string {
    const first = this.firstShown.get(url);
    if (first === undefined) {
      this.firstShown.set(url, entryId);
      return url;
    }
    if (first === entryId) return url;
    try {
      const marked = new URL(url);
      marked.searchParams.set(SHOT_MARKER, entryId);
      return marked.toString();
    } catch {
      return url;
    }
  }
}
