import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanForSecrets, secretsInValue } from '../support/secretScan';

// The audit that ends the integration suite must be able to find what it looks for.
describe('scanForSecrets', () => {
  let dir: string;
  const token = 'NETLESSSDK_YWs9cGxhbnRlZCZub25jZT0xJnJvbGU9MCZzaWc9YWJj';

  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'scan-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a token planted in a nested text file, and says which token and where', () => {
    mkdirSync(path.join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(path.join(dir, 'a', 'b', 'settings.json'), `{"x": "${token}"}`);
    writeFileSync(path.join(dir, 'clean.log'), 'nothing here');
    assert.deepEqual(scanForSecrets([dir], ['other-token', token]), [{ file: path.join(dir, 'a', 'b', 'settings.json'), secret: 1, encoding: 'utf8' }]);
  });

  it('finds a token stored as UTF-16 inside a binary file', () => {
    writeFileSync(path.join(dir, 'state.vscdb'), Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(token, 'utf16le'), Buffer.from([0])]));
    assert.deepEqual(scanForSecrets([dir], [token]).map((h) => h.encoding), ['utf16le']);
  });

  it('finds nothing where there is nothing, and honours exclusions', () => {
    writeFileSync(path.join(dir, 'a.log'), 'NETLESSSDK_ but not the token');
    mkdirSync(path.join(dir, 'skip'));
    writeFileSync(path.join(dir, 'skip', 'x'), token);
    assert.deepEqual(scanForSecrets([dir], [token], [`${path.sep}skip${path.sep}`]), []);
    assert.equal(scanForSecrets([dir], [token]).length, 1);
  });
});

// What the audit checks in each page and message a panel hands its webview.
describe('secretsInValue', () => {
  const sdk = 'NETLESSSDK_YWs9cGxhbnRlZCZub25jZT0xJnJvbGU9MCZzaWc9YWJj';
  const room = 'NETLESSROOM_YWs9b3RoZXImbm9uY2U9MiZyb2xlPTEmc2lnPWRlZg==';

  it('finds a token in a page, deep in a message, in bytes, by its body alone and URI-encoded', () => {
    assert.deepEqual(secretsInValue(`<html>${sdk}</html>`, [room, sdk]), [1]);
    assert.deepEqual(secretsInValue({ type: 'init', model: { scenes: [{ url: 'x', note: [1, { t: room }] }] } }, [sdk, room]), [1]);
    assert.deepEqual(secretsInValue({ png: new Uint8Array(Buffer.from(`\x89PNG${sdk}`)) }, [sdk]), [0]);
    assert.deepEqual(secretsInValue({ text: `token: ${sdk.slice('NETLESSSDK_'.length)}` }, [sdk]), [0]);
    assert.deepEqual(secretsInValue(`command:x?${encodeURIComponent(JSON.stringify([{ token: room }]))}`, [room]), [0]);
  });

  it('finds nothing in a clean message, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { type: 'update', text: 'NETLESSSDK_ and a room uuid 0123456789abcdef0123456789abcdef' };
    cyclic.self = cyclic;
    assert.deepEqual(secretsInValue(cyclic, [sdk, room]), []);
    assert.deepEqual(secretsInValue({ bytes: new Uint8Array(64), n: 3, none: null }, [sdk]), []);
  });
});
