import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

/**
 * Asks the runner (test/host/run.mjs), which drives the browser, for a screenshot of the whole workbench,
 * and waits for the PNG. Resolves to its path in .test-artifacts/. Only under the code-server runner.
 */
export async function workbenchScreenshot(name: string, timeoutMs = 15_000): Promise<string> {
  const dir = process.env.SCENE_SNAP_TEST_ARTIFACTS;
  if (!dir) throw new Error('workbench screenshots need the code-server runner (SCENE_SNAP_TEST_ARTIFACTS is not set)');
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad screenshot name ${name}`);
  const file = path.join(dir, `${name}.png`);
  rmSync(file, { force: true });
  console.log(`@@scene-snap:screenshot ${name}`);
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(file)) return file;
    if (existsSync(`${file}.error`)) throw new Error(`screenshot ${name} failed: ${readFileSync(`${file}.error`, 'utf8')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no screenshot ${name} after ${timeoutMs} ms`);
}
