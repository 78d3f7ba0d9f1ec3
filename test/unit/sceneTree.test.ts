import * as assert from 'node:assert/strict';
import { allDirectories, baseName, listDirectory } from '../../src/extension/rooms/sceneTree';

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
