import * as assert from 'node:assert/strict';
import { lastShotOf, lastShotsSignature } from '../../src/extension/rooms/lastShot';

const entry = (id: string, kind: string, room: string, path: string, time = 0) => ({ id, kind, room, path, time });

describe("a Rooms view scene's last screenshot", () => {
  const entries = [
    entry('d1', 'directory', 'r1', '/test'),
    entry('s3', 'scene', 'r1', '/test/cover', 3),
    entry('s2', 'scene', 'r2', '/test/cover', 2),
    entry('s1', 'scene', 'r1', '/test/cover', 1),
  ];

  it('is the newest scene entry of that room and path (the history lists newest first)', () => {
    assert.equal(lastShotOf(entries, 'r1', '/test/cover')?.id, 's3');
    assert.equal(lastShotOf(entries, 'r2', '/test/cover')?.id, 's2');
  });

  it('is none for a scene never shot alone, whatever directory shots hold it', () => {
    assert.equal(lastShotOf(entries, 'r1', '/test'), undefined);
    assert.equal(lastShotOf(entries, 'r1', '/init'), undefined);
  });

  it('changes its signature only when some scene gets another newest screenshot', () => {
    const base = lastShotsSignature(entries);
    assert.equal(lastShotsSignature([...entries, entry('s0', 'scene', 'r1', '/test/cover')]), base, 'an older entry changes nothing');
    assert.equal(lastShotsSignature([entry('d2', 'directory', 'r1', '/'), ...entries]), base, 'a directory entry changes nothing');
    assert.notEqual(lastShotsSignature([entry('s4', 'scene', 'r1', '/test/cover'), ...entries]), base);
    assert.notEqual(lastShotsSignature(entries.filter((e) => e.id !== 's3')), base, 'removing the newest changes it');
  });
});
