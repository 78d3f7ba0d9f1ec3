/**
 * `--shard i/n` (DESIGN.md): each target goes to one shard by a hash of its name, so a target stays on its
 * shard when others are added or removed (stable), every target is in exactly one shard (complete,
 * disjoint), and the split needs no coordination between the CI machines. Pure.
 */
export interface Shard {
  /** 1-based, as on the command line. */
  index: number;
  count: number;
}

/** `"2/4"` → {index: 2, count: 4}; undefined for anything else (the caller says what is expected). */
export function parseShard(text: string): Shard | undefined {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || count > 1000 || index < 1 || index > count) return undefined;
  return { index, count };
}

/** FNV-1a over the UTF-8 bytes of the name: the same number on every machine and Node version. */
export function nameHash(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(name, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** The shard (1-based) a target name belongs to among `count`. */
export function shardOf(name: string, count: number): number {
  return (nameHash(name) % count) + 1;
}

/** The items of one shard, in their order; all of them without a shard. */
export function inShard<T>(items: readonly T[], nameOf: (item: T) => string, shard: Shard | undefined): T[] {
  if (!shard || shard.count === 1) return [...items];
  return items.filter((item) => shardOf(nameOf(item), shard.count) === shard.index);
}
