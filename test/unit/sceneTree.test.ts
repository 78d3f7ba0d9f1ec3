import * as assert from 'node:assert/strict';
import { allDirectories, baseName, directoryChoices, listDirectory, sceneCount } from '../../src/extension/rooms/sceneTree';

const scenes = ['/init', '/test/cover', '/test/page1', '/test/sub/x', '/课件/第一页', '/test/page2'];

describe('listDirectory', () => {
  it('splits the root into directories and scenes, keeping the server order', () => {
    assert.deepEqual(listDirectory(scenes, '/'), { directories: ['/test', '/课件'], scenes: ['/init'] });
  });

  it('lists a nested directory, with or without a trailing slash', () => {
    const expected = { directories: ['/test/sub'], scenes: ['/test/cover', '/test/page1', '/test/page2'] };
    assert.deepEqual(listDirectory(scenes, '/test'), expected);
    assert.deepEqual(listDirectory(scenes, '/test/'), expected);
  });

  it('does not mistake a longer sibling for a child (/test vs /testing)', () => {
    assert.deepEqual(listDirectory(['/testing/a', '/test/b'], '/test'), { directories: [], scenes: ['/test/b'] });
  });

  it('lists Unicode names and an empty directory', () => {
    assert.deepEqual(listDirectory(scenes, '/课件'), { directories: [], scenes: ['/课件/第一页'] });
    assert.deepEqual(listDirectory(scenes, '/nothing'), { directories: [], scenes: [] });
  });

  it('handles 1,000 scenes', () => {
    const many = Array.from({ length: 1000 }, (_, i) => `/big/scene-${i}`);
    assert.equal(listDirectory(many, '/big').scenes.length, 1000);
    assert.deepEqual(listDirectory(many, '/').directories, ['/big']);
  });
});

describe('baseName and allDirectories', () => {
  it('names a scene by its last segment', () => {
    assert.equal(baseName('/test/cover'), 'cover');
    assert.equal(baseName('/课件/第一页'), '第一页');
    assert.equal(baseName('/'), '/');
  });

  it('lists every directory that holds scenes, / first', () => {
    assert.deepEqual(allDirectories(scenes), ['/', '/test', '/test/sub', '/课件']);
  });
});

describe('directoryChoices and sceneCount (the directory picker)', () => {
  it('counts the scenes directly in a directory: what a directory screenshot takes', () => {
    assert.equal(sceneCount(scenes, '/'), 1);
    assert.equal(sceneCount(scenes, '/test'), 3);
    assert.equal(sceneCount(scenes, '/test/sub'), 1);
    assert.equal(sceneCount(scenes, '/nowhere'), 0);
  });

  it('puts the leading directories first (once), then the rest in allDirectories order, each with its count', () => {
    assert.deepEqual(directoryChoices(scenes, ['/test', '/test']), [
      { path: '/test', scenes: 3 },
      { path: '/', scenes: 1 },
      { path: '/test/sub', scenes: 1 },
      { path: '/课件', scenes: 1 },
    ]);
    assert.deepEqual(directoryChoices(scenes, ['/typed', '/test/sub']).map((d) => d.path), ['/typed', '/test/sub', '/', '/test', '/课件']);
  });
});
