import * as assert from 'node:assert/strict';
import { mergeRooms, roomLabel } from '../../src/core/rooms/roomSettings';

describe('mergeRooms', () => {
  it('lists user rooms, then workspace rooms, each marked with its source', () => {
    const { rooms, problems } = mergeRooms([{ uuid: 'u1', name: 'User one' }], [{ uuid: 'w1', region: 'sg' }]);
    assert.deepEqual(rooms, [
      { uuid: 'u1', name: 'User one', source: 'user' },
      { uuid: 'w1', region: 'sg', source: 'workspace' },
    ]);
    assert.deepEqual(problems, []);
  });

  it('lets the workspace entry win for the same uuid, without taking fields from the user entry', () => {
    const { rooms } = mergeRooms(
      [{ uuid: 'same', name: 'Mine', width: 800 }, { uuid: 'u2' }],
      [{ uuid: 'same', name: 'Team', region: 'eu' }],
    );
    assert.deepEqual(rooms, [
      { uuid: 'same', name: 'Team', region: 'eu', source: 'workspace' },
      { uuid: 'u2', source: 'user' },
    ]);
  });

  it('leaves out entries without a uuid and says why, keeping the good ones', () => {
    const { rooms, problems } = mergeRooms([{ name: 'no uuid' }, 'text', { uuid: '  ' }, { uuid: 'ok' }], undefined);
    assert.deepEqual(rooms.map((r) => r.uuid), ['ok']);
    assert.equal(problems.length, 3);
    assert.match(problems[0]!, /user settings, sceneSnap\.rooms\[0\]: a room needs a "uuid" string/);
    assert.match(problems[1]!, /must be an object/);
  });

  it('ignores fields of the wrong type, with a problem each', () => {
    const { rooms, problems } = mergeRooms(undefined, [{ uuid: 'r', width: '640', name: 5, path: '/a' }]);
    assert.deepEqual(rooms, [{ uuid: 'r', path: '/a', source: 'workspace' }]);
    assert.equal(problems.length, 2);
    assert.match(problems.join('\n'), /"name" must be a non-empty string/);
    assert.match(problems.join('\n'), /"width" must be a number/);
  });

  it('reads the retired region gb-lon as eu, with a warning', () => {
    const { rooms, problems } = mergeRooms([{ uuid: 'old', region: 'gb-lon' }], undefined);
    assert.deepEqual(rooms, [{ uuid: 'old', region: 'eu', source: 'user' }]);
    assert.deepEqual(problems, ['user settings, sceneSnap.rooms[0] (old): region "gb-lon" is the old name of eu; read as eu']);
  });

  it('reports a setting that is not an array', () => {
    const { rooms, problems } = mergeRooms({ uuid: 'x' }, undefined);
    assert.deepEqual(rooms, []);
    assert.match(problems[0]!, /sceneSnap\.rooms must be an array/);
  });

  it('labels a room by its name, else its uuid', () => {
    assert.equal(roomLabel({ uuid: 'abc', name: 'Design review' }), 'Design review');
    assert.equal(roomLabel({ uuid: 'abc' }), 'abc');
  });
});
