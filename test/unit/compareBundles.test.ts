import * as assert from 'node:assert/strict';
import { bundledInputs as bundled } from './support/bundledInputs';

const pixelCode = (f: string): boolean => /node_modules\/(pixelmatch|fast-png|fflate|iobuffer)\//.test(f) || /^src\/core\/images\/(decodePng|pngRows|diffImages|regions)\.ts$/.test(f);

describe('the compare bundles (activation loads none of them)', () => {
  it('dist/extension.js holds nothing of src/core/images/ and no pixel code: it loads dist/compare.js on the first compare', async () => {
    const { inputs } = await bundled('src/extension/extension.ts');
    assert.deepEqual(inputs.filter((f) => f.startsWith('src/core/images/') || pixelCode(f)), []);
    assert.ok(inputs.includes('src/extension/lazyCompare.ts'));
  });

  it('dist/compare.js (the host side) holds no decoder and no pixelmatch, and no vscode', async () => {
    const { inputs, imports } = await bundled('src/core/images/index.ts');
    assert.deepEqual(inputs.filter(pixelCode), []);
    assert.ok(!imports.includes('vscode'));
  });

  it('dist/compareWorker.js holds the native-inflate decoder and pixelmatch, no JavaScript inflate, and no vscode', async () => {
    const { inputs, imports } = await bundled('src/core/images/compareWorker.ts');
    assert.ok(inputs.includes('src/core/images/decodePng.ts') && inputs.includes('src/core/images/pngRows.ts'));
    assert.deepEqual(inputs.filter((f) => /node_modules\/(fast-png|fflate|pako|pngjs)\//.test(f)), []);
    assert.ok(inputs.some((f) => f.includes('node_modules/pixelmatch/')));
    assert.ok(!imports.includes('vscode'));
  });
});
