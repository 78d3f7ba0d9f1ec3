import * as assert from 'node:assert/strict';
import type { NetlessClient } from '../../src/core/api/types';
import { clientCapture } from '../../src/core/checks/capture';
import type { CheckTarget } from '../../src/core/checks/checksFile';
import { noTokenMessage } from '../../src/cli/tokens';

const ROOM = 'faed3130727911ebaea37759ee91947c';
const target = { name: 'cover', room: ROOM, kind: 'scene', path: '/init', region: 'us-sv', width: 320, height: 180 } as unknown as CheckTarget;
/** A client no test call may reach: without a token nothing is requested. */
const unreachable = new Proxy({}, { get: (_, method) => () => assert.fail(`the client was asked ${String(method)} without a token`) }) as NetlessClient;

describe('checks: capture without a token', () => {
  it('says how to supply a token in the front end\'s words (the core names neither environment variables nor commands)', async () => {
    const vscodeWords = (room: string) => `no token for room ${room}: run Scene Snap: Set Token…`;
    await assert.rejects(clientCapture(unreachable, { tokenFor: () => undefined, noTokenMessage: vscodeWords })(target), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'noToken');
      assert.equal(err.message, `no token for room ${ROOM}: run Scene Snap: Set Token…`);
      return true;
    });
    await assert.rejects(clientCapture(unreachable, { tokenFor: () => undefined, noTokenMessage })(target), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'noToken');
      assert.match(err.message, new RegExp(`no token for room ${ROOM}: set SCENE_SNAP_SDK_TOKEN \\(or SCENE_SNAP_ROOM_TOKEN_${ROOM}\\)`));
      return true;
    });
  });
});
