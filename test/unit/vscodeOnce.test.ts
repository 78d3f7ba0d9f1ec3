import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';

const root = path.join(__dirname, '..', '..', '..');
const requiresOfVscode = (code: string) => code.split('require("vscode")').length - 1;

describe('the vscode-once build plugin', () => {
  it('the production build (esbuild.mjs) requires vscode once per bundle', async function () {
    this.timeout(60_000);
    const out = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-dist-'));
    try {
      await promisify(execFile)(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', '--outdir', out], { cwd: root });
      assert.equal(requiresOfVscode(await readFile(path.join(out, 'extension.js'), 'utf8')), 1);
      for (const name of (await readdir(out)).filter((n) => n.endsWith('.js'))) {
        assert.ok(requiresOfVscode(await readFile(path.join(out, name), 'utf8')) <= 1, name);
      }
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('without it, each module of the extension would require vscode (and copy the whole API) again', async () => {
    const result = await esbuild.build({ absWorkingDir: root, entryPoints: ['src/extension/extension.ts'], bundle: true, write: false, platform: 'node', format: 'cjs', external: ['vscode'], logLevel: 'silent' });
    assert.ok(requiresOfVscode(result.outputFiles[0]!.text) > 10);
  });
});
