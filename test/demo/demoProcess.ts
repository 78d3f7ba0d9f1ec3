import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** `node scripts/demo.mjs` as a person runs it in a terminal, with its output to wait on. */
export class DemoProcess {
  readonly child: ChildProcess;
  output = '';
  private readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(repoRoot: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'demo.mjs'), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.child.stderr?.on('data', (c: Buffer) => (this.output += c.toString()));
    this.exit = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first match of `pattern` in the output; fails, with the output so far, on timeout or exit. */
  waitFor(pattern: RegExp, what: string, ms: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.output);
        if (match) {
          done();
          resolve(match);
        } else if (!this.running) {
          done();
          reject(new Error(`the demo exited before printing ${what}:\n${this.output}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`the demo did not print ${what} within ${ms / 1000} s:\n${this.output}`));
      }, ms);
      const done = () => {
        clearTimeout(timer);
        this.child.stdout?.off('data', check);
        this.child.off('exit', check);
      };
      this.child.stdout?.on('data', check);
      this.child.on('exit', check);
      check();
    });
  }

  /** How it ended; fails when it is still running after `ms`. */
  async exited(ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the demo was still running ${ms / 1000} s after it was told to stop:\n${this.output}`)), ms);
    });
    try {
      return await Promise.race([this.exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
