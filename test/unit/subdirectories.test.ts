import * as assert from 'node:assert/strict';
import { scenesInSubdirectories } from '../../src/core/rooms/subdirectories';

describe('scenes a directory screenshot leaves out (#22)', () => {
  const scenes = ['/init', '/physics/intro', '/physics/quantum-mechanics/first-chapter', '/physics/quantum-mechanics/deep/one', '/physicsx/other'];

  it('counts the scenes in the sub-directories of the directory, at any depth', () => {
    assert.equal(scenesInSubdirectories('/physics', scenes), 2);
    assert.equal(scenesInSubdirectories('/physics/', scenes), 2);
  });

  it('the root leaves out every scene not directly in it; a directory without sub-directories leaves out none', () => {
    assert.equal(scenesInSubdirectories('/', scenes), 4);
    assert.equal(scenesInSubdirectories('/physics/quantum-mechanics/deep', scenes), 0);
    assert.equal(scenesInSubdirectories('/nowhere', scenes), 0);
  });
});
