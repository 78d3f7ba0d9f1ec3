import * as assert from 'node:assert/strict';
import { LINK_MARGIN, UNSHOWN_LINES, covered, lineTotal, linkWindows } from '../../src/extension/editor/lineWindows';

describe('editor links: the lines scanned (#23: only visible ranges)', () => {
  it('scans the lines an editor shows and a margin around them, not the rest of a 50,000-line document', () => {
    const windows = linkWindows([{ start: 25_000, end: 25_040 }], 50_000);
    assert.deepEqual(windows, [{ start: 25_000 - LINK_MARGIN, end: 25_040 + LINK_MARGIN }]);
    assert.equal(lineTotal(windows), 40 + 2 * LINK_MARGIN);
    assert.ok(!covered(windows, { start: 0, end: 1 }, 50_000), 'the first line is not scanned');
    assert.ok(!covered(windows, { start: 49_999, end: 50_000 }, 50_000), 'nor the last');
  });

  it('cuts the margin at the ends of the document', () => {
    assert.deepEqual(linkWindows([{ start: 0, end: 30 }], 100), [{ start: 0, end: 100 }]);
    assert.deepEqual(linkWindows([{ start: 10, end: 40 }], 5_000, 20), [{ start: 0, end: 60 }]);
    assert.deepEqual(linkWindows([{ start: 4_990, end: 5_000 }], 5_000, 20), [{ start: 4_970, end: 5_000 }]);
  });

  it('merges the spans of several editors (or a folded editor\'s ranges) that touch, and keeps apart those that do not', () => {
    assert.deepEqual(
      linkWindows(
        [
          { start: 1_000, end: 1_040 },
          { start: 100, end: 140 },
          { start: 150, end: 190 },
        ],
        10_000,
        20,
      ),
      [
        { start: 80, end: 210 },
        { start: 980, end: 1_060 },
      ],
    );
  });

  it('a document no editor shows (an output channel, a tab behind): its first lines and its last, where a log grows', () => {
    assert.deepEqual(linkWindows([], 50_000), [
      { start: 0, end: UNSHOWN_LINES },
      { start: 50_000 - UNSHOWN_LINES, end: 50_000 },
    ]);
    assert.deepEqual(linkWindows([], UNSHOWN_LINES + 10), [{ start: 0, end: UNSHOWN_LINES + 10 }]);
    assert.deepEqual(linkWindows([], 10), [{ start: 0, end: 10 }]);
    assert.deepEqual(linkWindows([], 0), []);
  });

  it('says when a scroll shows lines the last answer did not cover', () => {
    const windows = linkWindows([{ start: 1_000, end: 1_040 }], 10_000, 100);
    assert.ok(covered(windows, { start: 1_050, end: 1_090 }, 10_000), 'a page down stays inside the margin');
    assert.ok(!covered(windows, { start: 1_100, end: 1_141 }, 10_000), 'past the margin');
    assert.ok(!covered(windows, { start: 880, end: 920 }, 10_000), 'above it');
    assert.ok(covered([{ start: 0, end: 10 }], { start: 5, end: 40 }, 10), 'lines past the end of the document count as covered');
  });
});
