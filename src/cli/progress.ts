/**
 * Progress on stderr: on a terminal, one line redrawn in place (`\r` and the erase-line escape: Node's own
 * stream does it, so no progress-bar library and its dependencies in the bundle); in CI or a pipe, a plain
 * line per finished item, so a log shows what happened; nothing with --quiet.
 */
import type { CliIo } from './io';

export interface Progress {
  /** A finished item: its line (kept in logs; on a terminal only the findings stay on screen). */
  item(line: string, finding: boolean): void;
  total(n: number): void;
  done(): void;
}

export function createProgress(io: CliIo, quiet: boolean): Progress {
  if (quiet) return { item() {}, total() {}, done() {} };
  const live = io.stderr.isTTY === true && !io.env.CI;
  let finished = 0;
  let total = 0;
  let drawn = false;
  const draw = (): void => {
    if (!live) return;
    const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 30));
    const part = total ? Math.min(1, finished / total) : 0;
    const filled = Math.round(part * width);
    io.stderr.write(`\r\x1b[2K[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${finished}${total ? `/${total}` : ''} scenes`);
    drawn = true;
  };
  return {
    total(n) {
      total = n;
      draw();
    },
    item(line, finding) {
      finished++;
      if (!live) io.stderr.write(`${line}\n`);
      else {
        if (finding) io.stderr.write(`\r\x1b[2K${line}\n`);
        draw();
      }
    },
    done() {
      if (live && drawn) io.stderr.write('\r\x1b[2K');
    },
  };
}
