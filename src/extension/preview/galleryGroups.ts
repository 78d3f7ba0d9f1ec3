/**
 * A whole room's gallery (#22): its tiles grouped by directory under a header each. The virtual grid
 * (galleryWindow.ts) counts positions in rows of `columns`, so here a header fills a row of its own
 * (one `header` position and `columns - 1` covered ones) and each group's last row is padded: position p
 * is in row floor(p / columns) as the window expects. A header's row is only as tall as the header
 * (slotRowHeights), not a tile row with the header at its foot. Pure: no DOM.
 */

export interface GroupInfo {
  directory: string;
  /** How many of the entry's results, in order, are this directory's. */
  count: number;
  error?: { code: string; message: string };
}

export type Slot =
  | { kind: 'header'; group: number }
  /** The rest of a header's row, or the empty end of a group's last row: no element. */
  | { kind: 'empty' }
  | { kind: 'tile'; index: number };

/** Each group's scene index range [from, to), clipped to the scenes the preview has (a bounded entry may have fewer). */
export function groupRanges(groups: readonly GroupInfo[], sceneCount: number): Array<{ from: number; to: number }> {
  let at = 0;
  return groups.map((g) => {
    const from = Math.min(at, sceneCount);
    at += Math.max(0, Math.floor(g.count));
    return { from, to: Math.min(at, sceneCount) };
  });
}

/**
 * The positions of the grouped grid. `shown`: the scene indexes the filter shows, ascending. A filter
 * (`filtering`) hides the groups with no scene shown; a collapsed group keeps only its header.
 */
export function groupSlots(groups: readonly GroupInfo[], shown: readonly number[], sceneCount: number, columns: number, collapsed: ReadonlySet<number>, filtering: boolean): Slot[] {
  const cols = Math.max(1, Math.floor(columns));
  const ranges = groupRanges(groups, sceneCount);
  const slots: Slot[] = [];
  let s = 0;
  ranges.forEach((range, group) => {
    const tiles: number[] = [];
    while (s < shown.length && shown[s]! < range.to) {
      if (shown[s]! >= range.from) tiles.push(shown[s]!);
      s++;
    }
    if (filtering && tiles.length === 0) return;
    slots.push({ kind: 'header', group });
    for (let i = 1; i < cols; i++) slots.push({ kind: 'empty' });
    if (collapsed.has(group)) return;
    for (const index of tiles) slots.push({ kind: 'tile', index });
    while (slots.length % cols !== 0) slots.push({ kind: 'empty' });
  });
  return slots;
}

/** Each row's height: a header's for a header row, a tile's for the others (`slots` from groupSlots). */
export function slotRowHeights(slots: readonly Slot[], columns: number, heights: { tile: number; header: number }): number[] {
  const cols = Math.max(1, Math.floor(columns));
  const rows: number[] = [];
  for (let p = 0; p < slots.length; p += cols) rows.push(slots[p]!.kind === 'header' ? heights.header : heights.tile);
  return rows;
}
