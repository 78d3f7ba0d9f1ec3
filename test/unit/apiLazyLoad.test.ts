import * as assert from 'node:assert/strict';
import { isBuiltin } from 'node:module';
import { bundledInputs } from './support/bundledInputs';

describe('lazy loading of the API client', () => {
  // The exceptions are pure and small: the token decoder (the token UI reads tokens at once), the checks
  // of what the user types (input boxes validate on every key) and the loopback rule (the preview's CSP).
  // They import nothing but each other and their words (see the check below). The HTTP side of src/core/api/
  // belongs in dist/api.js.
  const ALLOWED_AT_ACTIVATION = ['src/core/api/token.ts', 'src/core/api/validate.ts', 'src/core/api/problems.ts', 'src/core/api/regions.ts', 'src/core/api/errors.ts', 'src/core/api/words.ts', 'src/core/api/loopback.ts'];
  const WORDS = (f: string) => f.includes('node_modules/@vscode/l10n/');

  it('activation (dist/extension.js) bundles no undici and nothing of src/core/api but the token decoder, the input checks and the loopback rule', async () => {
    const { inputs } = await bundledInputs('src/extension/extension.ts');
    assert.deepEqual(inputs.filter((f) => f.includes('node_modules/undici/')), []);
    // resolveRequest (the precedence rules, pure) moved here from the glue with src/core/: activation had it before.
    const allowed = [...ALLOWED_AT_ACTIVATION, 'src/core/api/resolveRequest.ts'];
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/core/api/') && !allowed.includes(f)), []);
  });

  it('the token decoder, the input checks and the loopback rule import nothing but each other and @vscode/l10n', async () => {
    for (const file of ALLOWED_AT_ACTIVATION) {
      const { inputs, imports } = await bundledInputs(file);
      assert.deepEqual(inputs.filter((f) => !ALLOWED_AT_ACTIVATION.includes(f) && !WORDS(f)), [], file);
      // @vscode/l10n requires fs (to read a bundle from a path, which we never ask of it): built in, no load.
      assert.deepEqual(imports.filter((i) => !isBuiltin(i)), [], file);
    }
  });

  it('activation bundles none of the preview host: it is dist/previewHost.js, loaded when a preview is needed', async () => {
    const { inputs } = await bundledInputs('src/extension/extension.ts');
    const host = ['src/extension/preview/previewManager.ts', 'src/extension/preview/previewPanel.ts', 'src/extension/preview/actions.ts', 'src/extension/preview/commands.ts', 'src/extension/preview/messages.ts', 'src/extension/preview/rpc.ts'];
    assert.deepEqual(inputs.filter((f) => host.includes(f)), []);
    assert.ok((await bundledInputs('src/extension/preview/previewManager.ts')).inputs.includes('src/extension/preview/previewPanel.ts'));
  });

  it('the API bundle has undici and no vscode', async () => {
    const { inputs, imports } = await bundledInputs('src/core/api/index.ts');
    assert.ok(inputs.some((f) => f.includes('node_modules/undici/')));
    assert.ok(!imports.includes('vscode'));
  });
});
