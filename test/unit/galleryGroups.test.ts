import * as assert from 'node:assert/strict';
import { groupRanges, groupSlots, slotRowHeights, type Slot } from '../../src/extension/preview/galleryGroups';

const text = (slots: Slot[]) => slots.map((s) => (s.kind === 'header' ? `H${s.group}` : s.kind === 'tile' ? String(s.index) : '.')).join(' ');

describe('Whole room gallery: groups in the virtual grid', () => {
  const groups = [{ directory: '/', count: 1 }, { directory: '/a', count: 3 }, { directory: '/broken', count: 0, error: { code: 'serverError', message: 'boom' } }, { directory: '/b', count: 2 }];
  const all = [0, 1, 2, 3, 4, 5];

  it('a header fills its own row and each group ends its last row, so position p is in row p / columns', () => {
    assert.equal(text(groupSlots(groups, all, 6, 2, new Set(), false)), 'H0 . 0 . H1 . 1 2 3 . H2 . H3 . 4 5');
    const slots = groupSlots(groups, all, 6, 3, new Set(), false);
    assert.equal(slots.length % 3, 0);
    slots.forEach((s, p) => s.kind === 'header' && assert.equal(p % 3, 0, `header at ${p}`));
  });

  it('a collapsed group keeps its header only; a failed directory has its header', () => {
    assert.equal(text(groupSlots(groups, all, 6, 2, new Set([1]), false)), 'H0 . 0 . H1 . H2 . H3 . 4 5');
  });

  it('a filter hides the groups with no scene shown (a failed one too)', () => {
    assert.equal(text(groupSlots(groups, [2, 5], 6, 1, new Set(), true)), 'H1 2 H3 5');
  });

  it('a header row is as tall as a header, a tile row as a tile (not a tile-high gap above every header)', () => {
    // 'H0 . 0 . H1 . 1 2 3 . H2 . H3 . 4 5'
    assert.deepEqual(slotRowHeights(groupSlots(groups, all, 6, 2, new Set(), false), 2, { tile: 140, header: 28 }), [28, 140, 28, 140, 140, 28, 28, 140]);
    // Collapsed: 'H0 . 0 . H1 . H2 . H3 . 4 5'
    assert.deepEqual(slotRowHeights(groupSlots(groups, all, 6, 2, new Set([1]), false), 2, { tile: 140, header: 28 }), [28, 140, 28, 28, 28, 140]);
    assert.deepEqual(slotRowHeights([], 3, { tile: 140, header: 28 }), []);
  });

  it('ranges are clipped to the scenes the preview has (a bounded entry)', () => {
    assert.deepEqual(groupRanges(groups, 3), [{ from: 0, to: 1 }, { from: 1, to: 3 }, { from: 3, to: 3 }, { from: 3, to: 3 }]);
  });
});
