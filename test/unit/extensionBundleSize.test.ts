import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

const root = path.join(__dirname, '..', '..', '..');

/**
 * dist/extension.js, minified, is what activation loads: it grew from 46 KB to 100 KB (KiB) feature by
 * feature, unnoticed. Its code is the glue of every feature (no heavy library: those are lazy bundles);
 * moving the commands' flows into a lazy bundle of their own took it to 69 KB, but cost the VSIX 7 KB
 * compressed (past its 300 KB budget) for no load time that could be measured. This bound makes the next
 * growth a decision: raise it with the reason, or move code that activation does not run into a lazy bundle.
 */
const MAX_EXTENSION_KIB = 112;

describe('the main bundle (dist/extension.js)', () => {
  it(`is at most ${MAX_EXTENSION_KIB} KB minified`, async function () {
    this.timeout(60_000);
    const out = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-dist-'));
    try {
      await promisify(execFile)(process.execPath, [path.join(root, 'esbuild.mjs'), '--production', '--outdir', out], { cwd: root });
      const bytes = (await stat(path.join(out, 'extension.js'))).size;
      assert.ok(bytes <= MAX_EXTENSION_KIB * 1024, `dist/extension.js has ${(bytes / 1024).toFixed(1)} KB`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
