import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { chooseSaveFolder, isInside, pngFileName, resolveSaveFolder } from '../../src/extension/preview/fileNames';
import { markdownImage, markdownImages, relativeLink } from '../../src/extension/preview/markdown';

describe('preview file names', () => {
  it('names a PNG <room>-<path>-<w>x<h>.png', () => {
    assert.equal(pngFileName('Design review', '/test/cover', 1280, 720), 'Design-review-test-cover-1280x720.png');
    assert.equal(pngFileName('a7e1', '/init', 64, 48), 'a7e1-init-64x48.png');
  });

  it('keeps only safe characters: no separators, no dot files, no traversal', () => {
    const name = pngFileName('../../etc', '/../\\passwd\u0000:*?"<>|', 1, 1);
    assert.match(name, /^[A-Za-z0-9][A-Za-z0-9._-]*\.png$/);
    assert.ok(!name.includes('..'), name);
    assert.equal(pngFileName('', '', 1, 1), 'room-scene-1x1.png');
    assert.equal(pngFileName('Café', '/Ünïcode', 1, 1), 'Cafe-Unicode-1x1.png');
  });

  it('keeps names short enough for every file system', () => {
    const name = pngFileName('r'.repeat(300), `/${'p'.repeat(300)}`, 1280, 720);
    assert.ok(name.length <= 124, String(name.length));
    assert.ok(name.endsWith('-1280x720.png'));
  });

  it('resolves sceneSnap.saveFolder', () => {
    const ws = path.resolve('/work/space');
    const home = path.resolve('/home/me');
    assert.equal(resolveSaveFolder('${workspaceFolder}/screenshots', { workspaceFolder: ws, home }), path.join(ws, 'screenshots'));
    assert.equal(resolveSaveFolder('', { workspaceFolder: ws, home }), path.join(ws, 'screenshots'));
    assert.equal(resolveSaveFolder('docs/img', { workspaceFolder: ws, home }), path.join(ws, 'docs/img'));
    assert.equal(resolveSaveFolder('~/shots', { workspaceFolder: undefined, home }), path.join(home, 'shots'));
    assert.equal(resolveSaveFolder('${userHome}/shots', { workspaceFolder: undefined, home }), path.join(home, 'shots'));
    assert.equal(resolveSaveFolder('${workspaceFolder}/screenshots', { workspaceFolder: undefined, home }), undefined);
    assert.equal(resolveSaveFolder('relative', { workspaceFolder: undefined, home }), undefined);
  });
});

describe('sceneSnap.saveFolder from a workspace', () => {
  const ctx = { workspaceFolder: '/work/repo', home: '/home/me' };

  it('takes a workspace value inside the workspace folder, in a trusted workspace', () => {
    assert.deepEqual(chooseSaveFolder({ user: undefined, workspace: 'docs/shots', trusted: true }, ctx), { folder: '/work/repo/docs/shots' });
    assert.deepEqual(chooseSaveFolder({ user: undefined, workspace: '${workspaceFolder}', trusted: true }, ctx), { folder: '/work/repo' });
  });

  it('ignores a workspace value outside the workspace folder, keeping the user value or the default', () => {
    for (const outside of ['/etc', '../elsewhere', '${userHome}/.ssh', '~/x', '/work/repo2', '${workspaceFolder}/../x']) {
      assert.deepEqual(chooseSaveFolder({ user: undefined, workspace: outside, trusted: true }, ctx), { folder: '/work/repo/screenshots', ignored: 'outside', value: outside }, outside);
    }
    assert.deepEqual(chooseSaveFolder({ user: '/home/me/pictures', workspace: '/tmp', trusted: true }, ctx), { folder: '/home/me/pictures', ignored: 'outside', value: '/tmp' });
  });

  it('ignores any workspace value in Restricted Mode; a user value may point anywhere', () => {
    assert.deepEqual(chooseSaveFolder({ user: undefined, workspace: 'docs', trusted: false }, ctx), { folder: '/work/repo/screenshots', ignored: 'untrusted', value: 'docs' });
    assert.deepEqual(chooseSaveFolder({ user: '/var/shots', workspace: undefined, trusted: false }, ctx), { folder: '/var/shots' });
  });

  it('isInside compares paths, not prefixes', () => {
    assert.equal(isInside('/a/b', '/a'), true);
    assert.equal(isInside('/a', '/a'), true);
    assert.equal(isInside('/ab', '/a'), false);
    assert.equal(isInside('/a/../b', '/a'), false);
  });
});

describe('preview markdown', () => {
  it('writes ![scene](url)', () => {
    assert.equal(markdownImage('cover', 'https://b.example/r/test/cover.png'), '![cover](https://b.example/r/test/cover.png)');
    assert.equal(markdownImages([{ name: 'a', url: 'https://x/a.png' }, { name: 'b', url: 'https://x/b.png' }]), '![a](https://x/a.png)\n![b](https://x/b.png)');
  });

  it('escapes the alt text and wraps URLs that would end the link early', () => {
    assert.equal(markdownImage('a]b[c\\', 'https://x/a.png'), '![a\\]b\\[c\\\\](https://x/a.png)');
    assert.equal(markdownImage('line\nbreak', 'https://x/a.png'), '![line break](https://x/a.png)');
    assert.equal(markdownImage('p', 'https://x/a (1).png'), '![p](<https://x/a%20(1).png>)');
    assert.equal(markdownImage('p', 'https://x/a>b.png'), '![p](<https://x/a%3Eb.png>)');
  });

  it('links relative to the document, with / and encoded segments', () => {
    assert.equal(relativeLink('/ws/docs', '/ws/screenshots/a b.png', '/'), '../screenshots/a%20b.png');
    assert.equal(relativeLink('/ws', '/ws/screenshots/x.png', '/'), 'screenshots/x.png');
    assert.equal(relativeLink('C:\\ws\\docs', 'C:\\ws\\shots\\x.png', '\\'), '../shots/x.png');
  });
});
