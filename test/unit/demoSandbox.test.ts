import * as assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DECK_DIRECTORY, defaultRooms } from '../fake-netless/rooms.mjs';
import { startFakeNetless } from '../fake-netless/server.mjs';

type DeckModule = typeof import('../../scripts/demo/deckChanges.mjs', { with: { 'resolution-mode': 'import' } });
type LogModule = typeof import('../../scripts/demo/requestLog.mjs', { with: { 'resolution-mode': 'import' } });
const repoRoot = path.resolve(__dirname, '../../..');
// scripts/ is not copied to out/: loaded from the checkout, as readmeTables.test.ts does.
describe("the demo's first minute (issue 25)", () => {
  let deckEditor: DeckModule['deckEditor'];
  let sandboxRequestLog: LogModule['sandboxRequestLog'];
  before(async () => {
    deckEditor = ((await import(pathToFileURL(path.join(repoRoot, 'scripts', 'demo', 'deckChanges.mjs')).href)) as DeckModule).deckEditor;
    sandboxRequestLog = ((await import(pathToFileURL(path.join(repoRoot, 'scripts', 'demo', 'requestLog.mjs')).href)) as LogModule).sandboxRequestLog;
  });

  // The demo's first minute (issue 25, item 11): what its terminal says of the sandbox's requests, and the
  // deck that changes between directory shots.

  describe('the demo: the sandbox request log', () => {
    it('prints each API call, and the bucket GETs of a shot as one line once they pause', async () => {
      const lines: string[] = [];
      const log = sandboxRequestLog((line) => lines.push(line), { quietMs: 20 });
      log.answered({ method: 'POST', path: '/v5/rooms/d8/screenshot-list' }, 201);
      for (let i = 0; i < 1000; i++) log.answered({ method: 'GET', path: `/bucket/eu/room_cover/slide-${i}.png` }, 200);
      log.answered({ method: 'GET', path: '/bucket/eu/room_cover/gone.png' }, 404);
      assert.deepEqual(lines, ['sandbox: POST /v5/rooms/d8/screenshot-list → 201'], 'nothing per image');
      await new Promise((r) => setTimeout(r, 60));
      assert.deepEqual(lines.slice(1), ['sandbox: GET /bucket/… × 1001 (images) → 1000× 200, 1× 404']);
    });

    it('says the images fetched so far before the next API call, in order', () => {
      const lines: string[] = [];
      const log = sandboxRequestLog((line) => lines.push(line), { quietMs: 10_000 });
      log.answered({ method: 'GET', path: '/bucket/us/a.png' }, 200);
      log.answered({ method: 'GET', path: '/bucket/us/b.png' }, 200);
      log.answered({ method: 'POST', path: '/v5/rooms/x/screenshots' }, 201);
      log.flush();
      assert.deepEqual(lines, ['sandbox: GET /bucket/… × 2 (images) → 200', 'sandbox: POST /v5/rooms/x/screenshots → 201']);
    });
  });

  describe('the demo: the deck changes between its shots', () => {
    it('after a shot of the deck, a second shot has changed scenes, one new scene and one gone', async () => {
      const rooms = defaultRooms();
      const deckRoom = rooms.find((r) => r.scenes.some((s) => s.startsWith(`${DECK_DIRECTORY}/`)))!;
      const fake = await startFakeNetless({ rooms });
      try {
        const token = fake.sdkToken('admin');
        const shoot = async () => {
          const res = await fetch(`${fake.url}/v5/rooms/${deckRoom.uuid}/screenshot-list`, {
            method: 'POST',
            headers: { token, region: deckRoom.region, 'content-type': 'application/json' },
            body: JSON.stringify({ width: 64, height: 36, path: DECK_DIRECTORY }),
          });
          assert.equal(res.status, 201);
          const shots = (await res.json()) as Array<{ url: string }>;
          return new Map(shots.map((s) => [fake.objectAt(s.url)!.scene, fake.objectAt(s.url)!.revision]));
        };
        const editor = deckEditor(fake, deckRoom.uuid, DECK_DIRECTORY);
        const first = await shoot();
        assert.equal(editor.afterShot('/other'), undefined, 'another directory changes nothing');
        const said = editor.afterShot(DECK_DIRECTORY);
        assert.match(String(said), /^changed .*; added \/deck\/added-01; removed \/deck\/slide-\d{4}$/);
        const second = await shoot();
        const changed = [...second].filter(([scene, rev]) => first.has(scene) && first.get(scene) !== rev).map(([scene]) => scene);
        const added = [...second.keys()].filter((s) => !first.has(s));
        const removed = [...first.keys()].filter((s) => !second.has(s));
        assert.equal(changed.length, 3, changed.join(', '));
        assert.deepEqual(added, ['/deck/added-01']);
        assert.equal(removed.length, 1);
        assert.ok(!changed.includes(removed[0]!), 'the removed scene is not one of the changed');
        // Each round changes other scenes.
        editor.afterShot(DECK_DIRECTORY);
        const third = await shoot();
        const changedAgain = [...third].filter(([scene, rev]) => second.has(scene) && second.get(scene) !== rev).map(([scene]) => scene);
        assert.equal(changedAgain.length, 3);
        assert.notDeepEqual(changedAgain, changed);
      } finally {
        await fake.close();
      }
    });
  });
});
