import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { FakeNetless, FakeNetlessOptions } from '../fake-netless/server.mjs' with { 'resolution-mode': 'import' };

/** The repository (out/test/cli → ../../..). */
export const ROOT = path.join(__dirname, '..', '..', '..');
/** The bundle `npm run cli` runs (node esbuild.mjs --cli). */
export const CLI = path.join(ROOT, 'cli', 'dist', 'scene-snap.js');

export async function startFake(options?: FakeNetlessOptions): Promise<FakeNetless> {
  const { startFakeNetless } = await import('../fake-netless/server.mjs');
  return startFakeNetless(options);
}

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command as a process, with only the environment given (plus PATH), and collects its output. */
export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const cli = (args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Ran> => run(process.execPath, [CLI, ...args], options);
