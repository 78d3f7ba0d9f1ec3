import * as assert from 'node:assert/strict';
import { CompareClient } from '../../src/core/images/compareClient';
import { encode, solid } from '../support/pngs';

// The worker thread has its own @vscode/l10n: the client hands it the extension's bundle (workerData), so
// an error made in the worker reads in the user's language as those of the host do.

describe('compare words in the worker thread', function () {
  this.timeout(20_000);
  it('a damaged PNG found by the worker is worded from the bundle the client was given', async () => {
    const bundle = { 'image b': 'Bild b', '{0} is a truncated or damaged PNG ({1}).': '{0} ist ein abgeschnittenes PNG ({1}).' };
    const client = new CompareClient(undefined, bundle);
    try {
      const good = encode(solid(64, 64));
      const cut = good.slice(0, good.length - 20);
      const err = await client.compare(good, cut).then(() => undefined, (e: Error & { code?: string }) => e);
      assert.ok(err, 'a truncated PNG must be rejected');
      assert.equal(err.code, 'invalidInput');
      assert.match(err.message, /^Bild b ist ein abgeschnittenes PNG \(/);
    } finally {
      client.dispose();
    }
  });
});
