import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { realPathOf, whyNotWritable } from '../../src/extension/preview/realPaths';

// #21: a path is compared after its links are resolved, so that a link committed in a repository cannot lead
// a write out of the workspace or the save folder.
describe('preview: where a write really lands', () => {
  let root: string;
  let ws: string;
  let outside: string;

  beforeEach(() => {
    root = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'scenesnap-real-')));
    ws = path.join(root, 'ws');
    outside = path.join(root, 'outside');
    mkdirSync(ws);
    mkdirSync(outside);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('resolves the part that exists and appends the rest', async () => {
    symlinkSync(outside, path.join(ws, 'screenshots'));
    assert.equal(await realPathOf(path.join(ws, 'screenshots', 'new', 'a.png')), path.join(outside, 'new', 'a.png'));
    assert.equal(await realPathOf(path.join(ws, 'not-yet', 'a.png')), path.join(ws, 'not-yet', 'a.png'));
  });

  it('follows a dangling link to where a write through it would create the file', async () => {
    symlinkSync(path.join(outside, 'bashrc'), path.join(ws, 'a.png'));
    assert.equal(await realPathOf(path.join(ws, 'a.png')), path.join(outside, 'bashrc'));
  });

  it('ends a loop of links', async () => {
    symlinkSync(path.join(ws, 'b'), path.join(ws, 'a'));
    symlinkSync(path.join(ws, 'a'), path.join(ws, 'b'));
    await assert.rejects(realPathOf(path.join(ws, 'a', 'x.png')), /ELOOP|too many links/);
  });

  it('a save folder in the workspace by its path must be in it by its real path', async () => {
    const folder = path.join(ws, 'screenshots');
    symlinkSync(outside, folder);
    assert.equal(await whyNotWritable(path.join(folder, 'a.png'), folder, ws), 'outsideWorkspace');
  });

  it('a file linked out of the save folder is refused; a plain file in it is fine', async () => {
    const folder = path.join(ws, 'screenshots');
    mkdirSync(folder);
    symlinkSync(path.join(outside, 'bashrc'), path.join(folder, 'a.png'));
    assert.equal(await whyNotWritable(path.join(folder, 'a.png'), folder, ws), 'outsideWorkspace');
    assert.equal(await whyNotWritable(path.join(folder, 'b.png'), folder, ws), undefined);
    assert.equal(await whyNotWritable(path.join(folder, 'new', 'c.png'), folder, ws), undefined);
  });

  it('a folder the user chose elsewhere may be a link (another disk): writes in it are fine, not beside it', async () => {
    const pictures = path.join(root, 'Pictures');
    symlinkSync(outside, pictures);
    assert.equal(await whyNotWritable(path.join(pictures, 'a.png'), pictures, ws), undefined);
    assert.equal(await whyNotWritable(path.join(root, 'elsewhere.png'), pictures, ws), 'outsideFolder');
    assert.equal(await whyNotWritable(path.join(pictures, '..', 'x.png'), pictures, ws), 'outsideFolder');
  });
});
