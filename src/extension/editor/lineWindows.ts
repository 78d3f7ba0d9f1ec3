// Which lines of a document the link provider scans: the lines the editors show, and a margin around them,
// never the whole document (#23: "only visible ranges are scanned"). Pure (no `vscode`): the glue hands in
// the visible ranges as line spans.

/** A run of lines, `end` excluded. */
export interface LineSpan {
  start: number;
  end: number;
}

/**
 * Lines above and below what an editor shows that are scanned too, so that scrolling a few pages finds its
 * links already there and asks for a new scan only every few hundred lines.
 */
export const LINK_MARGIN = 300;
/**
 * A document that no editor shows (an output channel in the panel, a tab not in front, a document asked
 * through `vscode.executeLinkProvider`): this many of its first lines and as many of its last (where an
 * output channel or a log grows).
 */
export const UNSHOWN_LINES = LINK_MARGIN;

/** The spans to scan: each visible span widened by `margin`, cut to the document, sorted and merged. */
export function linkWindows(visible: readonly LineSpan[], lineCount: number, margin = LINK_MARGIN): LineSpan[] {
  const unshown = [
    { start: 0, end: UNSHOWN_LINES },
    { start: lineCount - UNSHOWN_LINES, end: lineCount },
  ];
  const spans = (visible.length ? visible.map((s) => ({ start: s.start - margin, end: s.end + margin })) : unshown)
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(lineCount, s.end) }))
    .filter((s) => s.start < s.end)
    .sort((a, b) => a.start - b.start);
  const merged: LineSpan[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  return merged;
}

/** Whether every line of `span` (cut to the document) is inside one of `windows`. */
export function covered(windows: readonly LineSpan[], span: LineSpan, lineCount: number): boolean {
  const start = Math.max(0, span.start);
  const end = Math.min(lineCount, span.end);
  if (start >= end) return true;
  return windows.some((w) => w.start <= start && end <= w.end);
}

/** How many lines the spans hold. */
export function lineTotal(windows: readonly LineSpan[]): number {
  return windows.reduce((n, w) => n + (w.end - w.start), 0);
}
