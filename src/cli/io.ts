/** What a command may touch of its process: given, so tests run commands in-process with their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A failure the command knows how to word, with its exit code (2 usage, 3 capture). */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: 1 | 2 | 3) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(message, 2);
