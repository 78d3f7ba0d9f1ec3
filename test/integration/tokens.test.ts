import * as assert from 'node:assert/strict';
import { TokenStore } from '../../src/extension/secrets/tokenStore';
import * as vscode from 'vscode';
import { MemorySecrets } from './support';

const ORIGIN = 'https://api.netless.link';

// The token store over an in-memory SecretStorage that counts its reads: a screenshot must not pay a round trip to
// the secret store for every token it looks up, and a change must never leave a stale token behind.

describe('the token store', () => {
  it('reads each token from SecretStorage once, trimmed, room token first', async () => {
    const secrets = new MemorySecrets();
    const tokens = new TokenStore(secrets, () => ORIGIN, new vscode.EventEmitter<void>().event);
    await tokens.set(undefined, '  NETLESSSDK_abc  ');
    secrets.gets = 0;
    for (let i = 0; i < 5; i++) assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSSDK_abc', source: 'sdk' });
    // Each key is read with its pre-origin (legacy) key beside it, once: 2 for the room token, 2 for the SDK token.
    assert.equal(secrets.gets, 4, 'one lookup of the room token and one of the SDK token');
    await tokens.set('room1', 'NETLESSROOM_xyz');
    assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSROOM_xyz', source: 'room' });
    tokens.dispose();
  });

  it('forgets a token changed or cleared here or in another window', async () => {
    const secrets = new MemorySecrets();
    const tokens = new TokenStore(secrets, () => ORIGIN, new vscode.EventEmitter<void>().event);
    await tokens.set(undefined, 'NETLESSSDK_one');
    assert.equal(await tokens.get(), 'NETLESSSDK_one');
    secrets.elsewhere(`sceneSnap.token.sdk@${ORIGIN}`, 'NETLESSSDK_two');
    assert.equal(await tokens.get(), 'NETLESSSDK_two');
    await tokens.clear();
    assert.equal(await tokens.get(), undefined);
    assert.equal(await tokens.resolve('room1'), undefined);
    tokens.dispose();
  });

  it('binds each token to the API origin it was stored for; another origin sees none', async () => {
    const secrets = new MemorySecrets();
    let origin = ORIGIN;
    const moved = new vscode.EventEmitter<void>();
    const tokens = new TokenStore(secrets, () => origin, moved.event);
    let changes = 0;
    tokens.onDidChange(() => changes++);
    await tokens.set(undefined, 'NETLESSSDK_prod');
    await tokens.set('room1', 'NETLESSROOM_prod');
    origin = 'https://other.example';
    moved.fire();
    assert.ok(changes >= 3, 'an origin change is a token change for the views');
    assert.equal(await tokens.resolve('room1'), undefined);
    await tokens.set(undefined, 'NETLESSSDK_other');
    assert.equal(await tokens.get(), 'NETLESSSDK_other');
    origin = ORIGIN;
    assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSROOM_prod', source: 'room' });
    assert.equal(await tokens.get(), 'NETLESSSDK_prod');
    assert.deepEqual([...secrets.values.keys()].sort(), [`sceneSnap.token.room.room1@${ORIGIN}`, `sceneSnap.token.sdk@${ORIGIN}`, 'sceneSnap.token.sdk@https://other.example']);
    tokens.dispose();
  });

  it('moves a token stored before origins to the origin in effect at its first use, once', async () => {
    const secrets = new MemorySecrets();
    secrets.values.set('sceneSnap.token.sdk', ' NETLESSSDK_old ');
    secrets.values.set('sceneSnap.token.room.room1', 'NETLESSROOM_old');
    const tokens = new TokenStore(secrets, () => 'http://127.0.0.1:4010', new vscode.EventEmitter<void>().event);
    assert.deepEqual(await tokens.resolve('room1'), { token: 'NETLESSROOM_old', source: 'room' });
    assert.equal(await tokens.get(), 'NETLESSSDK_old');
    assert.deepEqual([...secrets.values.keys()].sort(), ['sceneSnap.token.room.room1@http://127.0.0.1:4010', 'sceneSnap.token.sdk@http://127.0.0.1:4010']);
    assert.equal(secrets.values.get('sceneSnap.token.sdk@http://127.0.0.1:4010'), 'NETLESSSDK_old');
    tokens.dispose();
  });

  it('a SecretStorage that rejects gives a noToken error that says what failed, and is asked again next time', async () => {
    const secrets = new MemorySecrets();
    const tokens = new TokenStore(secrets, () => ORIGIN, new vscode.EventEmitter<void>().event);
    secrets.failWith = new Error('Cannot create an item in a locked collection');
    for (const call of [() => tokens.resolve('room1'), () => tokens.get(), () => tokens.set(undefined, 'NETLESSSDK_x'), () => tokens.clear('room1')]) {
      await assert.rejects(call(), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'noToken');
        assert.match(err.message, /secret storage \(Cannot create an item in a locked collection\)/);
        assert.match(err.message, /keyring/);
        return true;
      });
    }
    secrets.failWith = undefined;
    await tokens.set(undefined, 'NETLESSSDK_back');
    assert.equal(await tokens.get(), 'NETLESSSDK_back', 'a failed read is not remembered');
    tokens.dispose();
  });
});
