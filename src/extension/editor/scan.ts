// What Scene Snap marks in a line of any text document: known room uuids, unknown 32-hex strings when the
// user asked for them, and Netless tokens. Pure (no `vscode`): the hover, link and terminal providers call
// it on one line at a time, so its cost is bounded by the line, never by the document.

import type { TokenKind } from '../../core/api/token';

/** Lines longer than this are skipped: a regex over a minified bundle's one line froze hosts (vscode-pull-request-github #1629). */
export const MAX_LINE_LENGTH = 10_000;

export type Found =
  | { kind: 'room'; uuid: string; known: boolean; start: number; end: number }
  | { kind: 'token'; tokenKind: Exclude<TokenKind, 'unknown'>; start: number; end: number };

export interface ScanOptions {
  /** The uuids Scene Snap knows (sceneSnap.rooms, this workspace's history): a Set, rebuilt when they change. */
  known: ReadonlySet<string>;
  /** sceneSnap.editor.unknownUuids: mark any other 32-hex string too (off by default: MD5 hashes look the same). */
  unknown: boolean;
}

const TOKEN_KINDS = { SDK: 'sdk', ROOM: 'room', TASK: 'task' } as const;

/**
 * A token (prefix and its base64url body), or a 32-hex room uuid standing alone: not inside a longer run of
 * letters and digits (a SHA-256 hash, a 40-hex commit id, a word). Tokens come first in the alternation, so
 * hex inside a token's body is part of the token, never a uuid of its own.
 */
const PATTERN = /NETLESS(SDK|ROOM|TASK)_[A-Za-z0-9_-]+|(?<![A-Za-z0-9])([0-9a-f]{32})(?![A-Za-z0-9])/g;
/** A quick refusal before the regex: most lines hold neither. */
const MAYBE = /NETLESS|[0-9a-f]{32}/;

/** Everything marked in one line, left to right; nothing for a line over MAX_LINE_LENGTH. */
export function scanLine(text: string, options: ScanOptions): Found[] {
  if (text.length > MAX_LINE_LENGTH || text.length < 32 || !MAYBE.test(text)) return [];
  const found: Found[] = [];
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m; m = PATTERN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[1] !== undefined) {
      found.push({ kind: 'token', tokenKind: TOKEN_KINDS[m[1] as keyof typeof TOKEN_KINDS], start, end });
      continue;
    }
    const uuid = m[2]!;
    const known = options.known.has(uuid);
    if (known || options.unknown) found.push({ kind: 'room', uuid, known, start, end });
  }
  return found;
}

/** What is marked at `character` (the hover's position), if anything. */
export function foundAt(text: string, character: number, options: ScanOptions): Found | undefined {
  return scanLine(text, options).find((f) => f.start <= character && character < f.end);
}

/** What a terminal line links: known rooms and tokens (an unknown 32-hex string only hovers, in editors). */
export function terminalFinds(line: string, known: ReadonlySet<string>): Found[] {
  return scanLine(line, { known, unknown: false });
}
