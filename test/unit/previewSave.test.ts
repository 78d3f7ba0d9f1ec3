import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as fsPromises from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SceneSnapError } from '../../src/core/api/errors';
import { DiskFullError, saveFailure, writeWhole, type WriteFs } from '../../src/extension/preview/savedFiles';

const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

// #21: Save PNG on a full disk said `invalidInput` ("Could not write …"), as if the user had asked wrongly.
describe('preview: saving a PNG on a full disk', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'scenesnap-save-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a write that fails with ENOSPC rejects as a full disk, and leaves no partial file', async () => {
    const file = path.join(dir, 'cover.png');
    // The disk fills halfway through the write: some bytes are on disk when it fails.
    const full: WriteFs = {
      ...fsPromises,
      writeFile: async (p, data) => {
        await fsPromises.writeFile(p, (data as Uint8Array).subarray(0, 3));
        throw enospc();
      },
    };
    const err = await writeWhole(file, new Uint8Array([137, 80, 78, 71, 13, 10]), full).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof DiskFullError, `a DiskFullError, not ${String(err)}`);
    assert.equal(err.code, 'ENOSPC');
    assert.match(err.message, /no space left for .*cover\.png/);
    assert.doesNotMatch(err.message, /invalid/i);
    assert.deepEqual(readdirSync(dir), [], 'neither the file nor its partial copy');
  });

  it('the download\'s invalidInput wrapping a full disk is said as a full disk (EDQUOT too)', () => {
    const wrapped = new SceneSnapError('invalidInput', 'Could not write /x/cover.png: ENOSPC: no space left on device', { cause: enospc() });
    const said = saveFailure(wrapped, '/x/cover.png');
    assert.ok(said instanceof DiskFullError);
    assert.equal((said as DiskFullError).code, 'ENOSPC');
    const quota = saveFailure(Object.assign(new Error('quota'), { code: 'EDQUOT' }), '/x/cover.png');
    assert.equal((quota as DiskFullError).code, 'EDQUOT');
  });

  it('other failures stay what they were', () => {
    const denied = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    assert.equal(saveFailure(denied, '/x/cover.png'), denied);
    const notPng = new SceneSnapError('invalidResponse', 'not a PNG');
    assert.equal(saveFailure(notPng, '/x/cover.png'), notPng);
  });

  it('writes the whole file when there is room, and never clobbers through a half write', async () => {
    const file = path.join(dir, 'cover.png');
    await writeWhole(file, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readFileSync(file)], [1, 2, 3]);
    assert.equal(existsSync(file), true);
    assert.deepEqual(readdirSync(dir), ['cover.png']);
  });
});
