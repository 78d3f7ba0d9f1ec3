import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { filesBelow, readBaselineFile, writeFileAtomic } from '../../src/core/checks/nodeFiles';

const root = path.join(__dirname, '..', '..', '..');

describe('the checks\' file side (src/core/checks/nodeFiles.ts): one copy for the command line and the extension', () => {
  let folder: string;
  beforeEach(() => (folder = mkdtempSync(path.join(tmpdir(), 'scene-snap-files-'))));
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('a missing baseline reads as undefined; a present one as its bytes', async () => {
    assert.equal(await readBaselineFile(path.join(folder, 'nope', 'cover.png')), undefined);
    await writeFile(path.join(folder, 'cover.png'), Buffer.from([1, 2, 3]));
    assert.deepEqual([...(await readBaselineFile(path.join(folder, 'cover.png')))!], [1, 2, 3]);
  });

  it('a baseline that cannot be read (a folder by that name) rejects instead of reading as missing', async () => {
    await mkdir(path.join(folder, 'cover.png'));
    await assert.rejects(readBaselineFile(path.join(folder, 'cover.png')), { code: 'EISDIR' });
  });

  it('writes atomically, making the folders it needs, and replaces what was there', async () => {
    const file = path.join(folder, 'a', 'b', 'page1.png');
    await writeFileAtomic(file, Buffer.from('first'));
    await writeFileAtomic(file, Buffer.from('second'));
    assert.equal(readFileSync(file, 'utf8'), 'second');
    assert.deepEqual(readdirSync(path.dirname(file)), ['page1.png'], 'no temporary file left');
  });

  it('a write that fails leaves no temporary file beside the baseline', async () => {
    // The rename fails: a folder stands where the baseline goes.
    const file = path.join(folder, 'page1.png');
    await mkdir(file);
    await writeFile(path.join(file, 'keep'), 'x');
    await assert.rejects(writeFileAtomic(file, Buffer.from('new')));
    assert.deepEqual(readdirSync(folder), ['page1.png'], 'a temporary file was left');
  });

  it('lists the files below a folder, relative, and none for a folder that is not there', async () => {
    await writeFileAtomic(path.join(folder, 'deck', 'p1.png'), 'x');
    await writeFileAtomic(path.join(folder, 'cover.png'), 'x');
    assert.deepEqual((await filesBelow(folder)).map((f) => f.split(path.sep).join('/')).sort(), ['cover.png', 'deck/p1.png']);
    assert.deepEqual(await filesBelow(path.join(folder, 'missing')), []);
  });

  it('the extension\'s checks and the command line keep no file helpers of their own', () => {
    for (const file of ['src/extension/checks/checksHost.ts', 'src/cli/check.ts']) {
      const text = readFileSync(path.join(root, file), 'utf8');
      assert.doesNotMatch(text, /\b(?:async )?function (?:writeAtomic|writeFileAtomic|readBaseline\w*)\b|\breadBaseline: async\b|\bwriteFile\(`?\$\{?\w*\}?\.tmp/, `${file} has its own copy`);
      assert.match(text, /from '\.\.\/(?:\.\.\/)?core\/checks\/nodeFiles'/, `${file} uses src/core/checks/nodeFiles.ts`);
    }
  });
});
