import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { bundledInputs } from './support/bundledInputs';

const root = path.join(__dirname, '..', '..', '..');

/** Every TypeScript module below src/core, repo-relative. */
function coreModules(): string[] {
  return readdirSync(path.join(root, 'src', 'core'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('the layout: one core under the front ends', () => {
  // The command line and the extension both stand on src/core; the core stands on neither, so that the
  // command line never drags in vscode and the extension never drags in argument parsing.
  it('src/core holds the pure modules (the API client, images, snapshots)', () => {
    const modules = coreModules();
    for (const expected of ['src/core/api/client.ts', 'src/core/images/compareWorker.ts', 'src/core/snapshots/snapshotStore.ts', 'src/core/checks/checksFile.ts']) {
      assert.ok(modules.includes(expected), `${expected} in src/core`);
    }
  });

  it('no module of src/core reaches vscode, the extension, the command line or the pages', async () => {
    for (const file of coreModules()) {
      const { inputs, imports } = await bundledInputs(file);
      assert.ok(!imports.includes('vscode'), `${file} imports vscode`);
      assert.deepEqual(inputs.filter((f) => f.startsWith('src/') && !f.startsWith('src/core/')), [], `${file} reaches outside src/core`);
    }
  });

  it('the command line stands on src/core only: no vscode, no extension glue, no pages', async () => {
    const { inputs, imports } = await bundledInputs('src/cli/main.ts');
    assert.ok(!imports.includes('vscode'), 'src/cli imports vscode');
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/') && !f.startsWith('src/core/') && !f.startsWith('src/cli/')), []);
    assert.ok(inputs.includes('src/core/checks/run.ts'), 'the checks are the core\'s');
  });
});
