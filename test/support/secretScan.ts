import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface SecretHit {
  file: string;
  /** Which secret (its index in the list: the hit never repeats the secret itself). */
  secret: number;
  encoding: 'utf8' | 'utf16le';
}

/** Every file below the roots (links not followed), skipping any path that contains an `exclude` part. */
function* filesBelow(root: string, exclude: readonly string[]): Generator<string> {
  let entries;
  try {
    entries = readdirSync(root, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(root, entry.name);
    if (exclude.some((x) => full.includes(x))) continue;
    if (entry.isDirectory()) yield* filesBelow(full, exclude);
    else if (entry.isFile()) yield full;
  }
}

/**
 * Searches every byte of every file below `roots` for each secret, as UTF-8 and as UTF-16 (how some state
 * databases store text). Returns where each was found; empty when none is anywhere.
 */
export function scanForSecrets(roots: readonly string[], secrets: readonly string[], exclude: readonly string[] = []): SecretHit[] {
  const needles = secrets.flatMap((s, i) => [
    { secret: i, encoding: 'utf8' as const, bytes: Buffer.from(s, 'utf8') },
    { secret: i, encoding: 'utf16le' as const, bytes: Buffer.from(s, 'utf16le') },
  ]);
  const hits: SecretHit[] = [];
  const seen = new Set<string>();
  for (const root of roots) {
    for (const file of filesBelow(root, exclude)) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (statSync(file).size > 200 * 1024 * 1024) continue;
      const content = readFileSync(file);
      for (const n of needles) if (content.includes(n.bytes)) hits.push({ file, secret: n.secret, encoding: n.encoding });
    }
  }
  return hits;
}

/**
 * The secrets (their indexes) found anywhere in `value`: in its strings and its byte arrays, however deep
 * (what a panel hands its webview: a page's HTML, a message object with PNG bytes). A token counts as found
 * whole, by its body after the kind (NETLESSSDK_…), or URI-encoded (a command link's arguments).
 */
export function secretsInValue(value: unknown, secrets: readonly string[]): number[] {
  const needles = secrets.map((s) => [s, s.slice(s.indexOf('_') + 1), encodeURIComponent(s)].filter((n) => n.length >= 16));
  const found = new Set<number>();
  const seen = new WeakSet<object>();
  const visit = (v: unknown): void => {
    if (typeof v === 'string') needles.forEach((ns, i) => ns.some((n) => v.includes(n)) && found.add(i));
    else if (v instanceof Uint8Array) {
      const bytes = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      needles.forEach((ns, i) => ns.some((n) => bytes.includes(n)) && found.add(i));
    } else if (typeof v === 'object' && v !== null && !seen.has(v)) {
      seen.add(v);
      for (const item of Array.isArray(v) ? v : Object.values(v)) visit(item);
    }
  };
  visit(value);
  return [...found].sort((a, b) => a - b);
}

/** Every token a test made, so the audit at the end of the suite can look for each of them. */
export const issuedTokens = new Set<string>();
