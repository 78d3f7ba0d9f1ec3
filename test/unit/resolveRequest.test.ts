import * as assert from 'node:assert/strict';
import { checkArgs, parentDirectory, resolveDirectoryRequest, resolveSceneRequest } from '../../src/core/api/resolveRequest';

const defaults = { region: 'us-sv', width: 1280, height: 720 };
const room = { uuid: 'r1', region: 'sg', path: '/deck/page2', width: 800, height: 600 };

describe('request precedence (DESIGN.md)', () => {
  it('takes each field from the request first', () => {
    assert.deepEqual(resolveSceneRequest({ room: 'r1', path: '/x', width: 10, height: 20, region: 'eu' }, room, defaults), {
      room: 'r1', path: '/x', width: 10, height: 20, region: 'eu',
    });
  });

  it('then from the room, field by field', () => {
    assert.deepEqual(resolveSceneRequest({ room: 'r1', width: 10 }, room, defaults), {
      room: 'r1', path: '/deck/page2', width: 10, height: 600, region: 'sg',
    });
  });

  it('then from the defaults, and /init for the scene; a room that is not configured still works', () => {
    assert.deepEqual(resolveSceneRequest({ room: 'other' }, undefined, defaults), {
      room: 'other', path: '/init', width: 1280, height: 720, region: 'us-sv',
    });
  });

  it("takes a directory from the request, then the directory holding the room's path, then /", () => {
    assert.equal(resolveDirectoryRequest({ room: 'r1', path: '/given' }, room, defaults).path, '/given');
    assert.equal(resolveDirectoryRequest({ room: 'r1' }, room, defaults).path, '/deck');
    assert.equal(resolveDirectoryRequest({ room: 'r1' }, { uuid: 'r1' }, defaults).path, '/');
    assert.equal(resolveDirectoryRequest({ room: 'r1' }, undefined, defaults).path, '/');
  });
});

describe('parentDirectory', () => {
  for (const [scene, dir] of [['/init', '/'], ['/a/b', '/a'], ['/a/b/c', '/a/b'], ['/a/b/', '/a'], ['/', '/'], ['/场景/页一', '/场景']]) {
    it(`${scene} → ${dir}`, () => assert.equal(parentDirectory(scene!), dir));
  }
});

describe('checkArgs', () => {
  it('accepts a well-typed request and trims the room', () => {
    assert.deepEqual(checkArgs({ room: ' r1 ', path: '/a', width: 1, height: 2, region: 'sg' }), {
      ok: true, args: { room: 'r1', path: '/a', width: 1, height: 2, region: 'sg' },
    });
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['undefined', undefined, /must be an object/],
    ['a string', 'r1', /must be an object/],
    ['an array', ['r1'], /must be an object/],
    ['no room', { path: '/a' }, /"room" must be the room uuid/],
    ['a numeric room', { room: 5 }, /"room" must be the room uuid/],
    ['a numeric path', { room: 'r', path: 5 }, /"path" must be a string/],
    ['a string width', { room: 'r', width: '640' }, /"width" must be a number/],
    ['a null height', { room: 'r', height: null }, /"height" must be a number/],
  ];
  for (const [what, raw, message] of bad) {
    it(`rejects ${what}`, () => {
      const result = checkArgs(raw);
      assert.equal(result.ok, false);
      assert.match((result as { problem: string }).problem, message);
    });
  }
});
