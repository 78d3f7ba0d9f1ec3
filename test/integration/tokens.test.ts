import * as assert from 'node:assert/strict';
import { TokenStore } from '../../src/secrets/tokenStore';
import { MemorySecrets } from './support';

// The token store over an in-memory SecretStorage that counts its reads: a screenshot must not pay a round trip to
// the secret store for every token it looks up, and a change must never leave a stale token behind.

describe('the token store', () => {
  it('reads each token from SecretStorage once, trimmed, room token first', async () => {
    const secrets = new MemorySecrets();
    const tokens = new TokenStore(secrets);
    await tokens.set(undefined, '  NETLESSSDK_abc  ');
    secrets.gets = 0;
    for (let i = 0; i < 5; i++) assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSSDK_abc', source: 'sdk' });
    assert.equal(secrets.gets, 2, 'one read of the room token and one of the SDK token');
    await tokens.set('room1', 'NETLESSROOM_xyz');
    assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSROOM_xyz', source: 'room' });
    tokens.dispose();
  });

  it('forgets a token changed or cleared here or in another window', async () => {
    const secrets = new MemorySecrets();
    const tokens = new TokenStore(secrets);
    await tokens.set(undefined, 'NETLESSSDK_one');
    assert.equal(await tokens.get(), 'NETLESSSDK_one');
    secrets.elsewhere('sceneSnap.token.sdk', 'NETLESSSDK_two');
    assert.equal(await tokens.get(), 'NETLESSSDK_two');
    await tokens.clear();
    assert.equal(await tokens.get(), undefined);
    assert.equal(await tokens.resolve('room1'), undefined);
    tokens.dispose();
  });
});
