import * as assert from 'node:assert/strict';
import { inShard, nameHash, parseShard, shardOf } from '../../src/core/checks/shard';

const NAMES = Array.from({ length: 500 }, (_, i) => `target-${i}`).concat(['课程', 'émoji 🎨', 'Deck']);

describe('sharding (--shard i/n)', () => {
  it('parses i/n and refuses what is not a shard', () => {
    assert.deepEqual(parseShard('2/4'), { index: 2, count: 4 });
    assert.deepEqual(parseShard(' 1 / 1 '), { index: 1, count: 1 });
    for (const bad of ['0/4', '5/4', '1/0', '2', 'a/b', '-1/3', '1/4/2', '']) assert.equal(parseShard(bad), undefined, bad);
  });

  it('is complete and disjoint: every target in exactly one shard, for any count', () => {
    for (const count of [1, 2, 3, 4, 7, 16]) {
      const shards = Array.from({ length: count }, (_, i) => inShard(NAMES, (n) => n, { index: i + 1, count }));
      const all = shards.flat();
      assert.equal(all.length, NAMES.length, `count ${count}: no target twice, none lost`);
      assert.deepEqual([...all].sort(), [...NAMES].sort());
    }
  });

  it('is stable: a target keeps its shard across runs, orders and when others are added or removed', () => {
    const before = new Map(NAMES.map((n) => [n, shardOf(n, 4)]));
    const changed = ['new-1', 'new-2', ...NAMES.slice(100).reverse()];
    for (const n of changed) if (before.has(n)) assert.equal(shardOf(n, 4), before.get(n), n);
    // A known value pins the hash itself (FNV-1a over UTF-8): another machine or Node gets the same split.
    assert.equal(nameHash(''), 0x811c9dc5);
    assert.equal(nameHash('a'), 0xe40c292c);
  });

  it('spreads targets over the shards (none left empty for a realistic list)', () => {
    const sizes = Array.from({ length: 4 }, (_, i) => inShard(NAMES, (n) => n, { index: i + 1, count: 4 }).length);
    for (const s of sizes) assert.ok(s > NAMES.length / 8, `sizes ${sizes}`);
  });

  it('keeps everything without a shard, in order', () => {
    assert.deepEqual(inShard(NAMES, (n) => n, undefined), NAMES);
  });
});
