/**
 * The PNG header facts shared by the downloader and the snapshot store. A module of its own so that code
 * outside the lazily loaded client (the snapshot store) can use them without pulling in undici.
 */
export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's first 24 bytes (signature, then the IHDR chunk); undefined if not a PNG. */
export function readPngSize(head: Uint8Array): { width: number; height: number } | undefined {
  if (head.length < 24) return undefined;
  const b = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (!b.subarray(0, 8).equals(PNG_SIGNATURE) || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}
