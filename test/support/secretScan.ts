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

/** Every token a test made, so the audit at the end of the suite can look for each of them. */
export const issuedTokens = new Set<string>();
