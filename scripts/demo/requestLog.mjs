// @ts-check
// What the demo prints of the sandbox's requests: one line per API call, but bucket GETs (one per image a
// preview or a snapshot downloads: 1,000 for a deck shot) summed up in one line once they pause.

/**
 * @param {(line: string) => void} say
 * @param {{ quietMs?: number }} [options]  how long the bucket GETs pause before their line is printed
 * @returns {{ answered: (req: { method: string, path: string }, status: number) => void, flush: () => void }}
 */
export function sandboxRequestLog(say, options = {}) {
  const quietMs = options.quietMs ?? 1000;
  /** Bucket GETs not yet said, by status. @type {Map<number, number>} */
  let pending = new Map();
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const counts = [...pending].sort(([a], [b]) => a - b);
    pending = new Map();
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    const statuses = counts.map(([status, n]) => (counts.length === 1 ? `${status}` : `${n}× ${status}`)).join(', ');
    say(`sandbox: GET /bucket/… × ${total} (images) → ${statuses}`);
  };

  return {
    answered(req, status) {
      if (req.method === 'GET' && req.path.startsWith('/bucket/')) {
        pending.set(status, (pending.get(status) ?? 0) + 1);
        clearTimeout(timer);
        timer = setTimeout(flush, quietMs);
        timer.unref?.();
        return;
      }
      // In order: the images fetched so far, then this call.
      flush();
      say(`sandbox: ${req.method} ${req.path} → ${status}`);
    },
    flush,
  };
}
