import * as assert from 'node:assert/strict';
import { bundledInputs } from './support/bundledInputs';

describe('lazy loading of the editor hovers and links (#23)', () => {
  it('activation (dist/extension.js) bundles only the small loader: no provider, scanner, Markdown or thumbnail code', async () => {
    const { inputs } = await bundledInputs('src/extension/extension.ts');
    const editorParts = inputs.filter((f) => f.startsWith('src/extension/editor/') && f !== 'src/extension/editor/lazyEditor.ts');
    assert.deepEqual(editorParts, []);
    assert.deepEqual(inputs.filter((f) => /src\/core\/images\/thumbnail|node_modules\/fast-png\//.test(f)), []);
    assert.ok(inputs.includes('src/extension/editor/lazyEditor.ts'));
  });

  it('dist/editor.js holds the providers and the scanner, and leaves the main bundle\'s stores to deps (no copy of the history or the settings)', async () => {
    const { inputs } = await bundledInputs('src/extension/editor/editorFeature.ts');
    for (const f of ['src/extension/editor/scan.ts', 'src/extension/editor/hoverMarkdown.ts', 'src/core/images/thumbnailClient.ts']) assert.ok(inputs.includes(f), f);
    for (const f of ['src/extension/settings.ts', 'src/extension/history/historyStore.ts', 'src/extension/secrets/tokenStore.ts', 'src/extension/snapshots/snapshotService.ts']) assert.ok(!inputs.includes(f), f);
    // The thumbnail worker's PNG decoder and encoder stay in the worker's bundle.
    assert.deepEqual(inputs.filter((f) => f.includes('node_modules/fast-png/')), []);
  });
});
