/**
 * Runs the comparisons of a batch (a directory against its last shot, the command line's check) so that
 * the worker pool is kept busy and nothing is done twice: at most `limit` at once (the pool's size: more
 * would only queue bytes in memory), and items whose `key` (the two snapshots' SHA-256) was already
 * compared share that one comparison, so a picture pair is decoded once however many scenes show it.
 * Pure: no `vscode`, no worker of its own.
 */
export interface CompareEachOptions<T, R> {
  /** What makes two items the same comparison, e.g. `${hashBefore}>${hashAfter}`. */
  key(item: T): string;
  run(item: T): Promise<R>;
  /** Comparisons in flight at most (at least 1). */
  limit: number;
  /** Stops starting new comparisons; those in flight settle as `run` decides. */
  signal?: AbortSignal;
  /** Called as each item settles (progress), in the order they settle. */
  onSettled?(item: T, settled: number): void;
}

/**
 * The outcome of each item, in the items' order; rejects with the first rejection of `run` (once the
 * comparisons in flight have settled), or with the signal's reason when aborted before the end.
 */
export async function compareEach<T, R>(items: readonly T[], options: CompareEachOptions<T, R>): Promise<R[]> {
  const { key, run, signal, onSettled } = options;
  const limit = Math.max(1, Math.floor(options.limit));
  const shared = new Map<string, Promise<R>>();
  const results = new Array<R>(items.length);
  let next = 0;
  let settled = 0;
  let failure: { err: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && !failure && !signal?.aborted) {
      const i = next++;
      const item = items[i]!;
      const k = key(item);
      let outcome = shared.get(k);
      if (!outcome) shared.set(k, (outcome = run(item)));
      try {
        results[i] = await outcome;
      } catch (err) {
        failure ??= { err };
      }
      onSettled?.(item, ++settled);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.err;
  if (signal?.aborted && settled < items.length) throw signal.reason ?? new Error('aborted');
  return results;
}
