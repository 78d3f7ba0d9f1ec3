/** PNGs onto the system clipboard from inside the page (only a browser context can hold an image there). */
import * as l10n from '@vscode/l10n';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

/** PNG bytes as a Blob (the clipboard's, and the blob: URLs of kept images). */
export function pngBlob(bytes: Uint8Array): Blob {
  return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' });
}

function toBlob(bytes: Uint8Array): Blob {
  if (!isPng(bytes)) throw new Error(l10n.t('the downloaded file is not a PNG'));
  return pngBlob(bytes);
}

function reason(err: unknown): string {
  return err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
}

/**
 * Called straight from a click: the ClipboardItem takes a promise, so the user's gesture still counts
 * while the host downloads the bytes.
 */
export async function writePngFromGesture(bytes: Promise<Uint8Array>): Promise<void> {
  if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) throw new Error(l10n.t('this browser cannot put images on the clipboard'));
  await navigator.clipboard.write([new ClipboardItem({ 'image/png': bytes.then((b) => toBlob(b)) })]);
}

/** Host-initiated (palette, context menu): the bytes are here already. */
export async function writePng(bytes: Uint8Array): Promise<number> {
  const blob = toBlob(bytes);
  try {
    if (typeof ClipboardItem === 'undefined' || !navigator.clipboard?.write) throw new Error(l10n.t('this browser cannot put images on the clipboard'));
    await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
  } catch (err) {
    throw new Error(l10n.t('Could not put the image on the clipboard ({0} PNG bytes received): {1}', bytes.length, reason(err)));
  }
  return bytes.length;
}
