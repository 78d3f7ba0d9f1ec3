/**
 * The log line of a failed screenshot (English, as every log line; no vscode import). The error keeps the
 * server's message whole, as DESIGN.md promises; the log is what is bounded, so that one chatty gateway
 * cannot flood the output channel, and kept to one line, so that a message cannot forge a line of its own.
 */

/** Characters of the error's message a log line keeps. */
export const MAX_LOGGED_MESSAGE = 500;

const LINE_BREAKS = /[\r\n\u2028\u2029]+/g;

function bounded(message: string): string {
  const oneLine = message.replace(LINE_BREAKS, ' ');
  const chars = Array.from(oneLine);
  if (chars.length <= MAX_LOGGED_MESSAGE) return oneLine;
  const kept = MAX_LOGGED_MESSAGE - 1;
  return `${chars.slice(0, kept).join('')}… (${chars.length - kept} more characters)`;
}

/** `raw` is the request as the caller gave it (only its room and path are named); `err` what it rejected with. */
export function failureLogLine(kind: 'scene' | 'directory', raw: unknown, err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: string; status?: number; message?: string; problem?: { id: string } };
  const what = (typeof raw === 'object' && raw !== null ? raw : {}) as { room?: unknown; path?: unknown };
  const subject = typeof what.room === 'string' ? ` of ${what.room}${typeof what.path === 'string' ? ` ${what.path}` : ''}` : '';
  const tags = `${e.code ?? 'unexpected'}${e.status ? ` ${e.status}` : ''}${e.problem ? ` ${e.problem.id}` : ''}`;
  return `Screenshot${kind === 'directory' ? 's of a directory' : ''}${subject} failed [${tags}]: ${bounded(e.message ?? String(err))}`;
}
