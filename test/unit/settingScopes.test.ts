import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ignoredValues, ofFallbackKind, SETTING_SCOPES, USER_ONLY_SETTINGS, userValue, type SettingKey } from '../../src/extension/settingScopes';

/** The scope table (src/extension/settingScopes.ts) against DESIGN.md's rule and the manifest that declares the settings. */
const repoRoot = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const declared: Record<string, { scope?: string }> = pkg.contributes.configuration.properties;

describe('setting scopes', () => {
  it('follows DESIGN.md: user only = apiBaseUrl, snapshots.maxMegabytes and the proxy; trusted workspace = saveFolder; the rest any', () => {
    assert.deepEqual([...USER_ONLY_SETTINGS].sort(), ['http.noProxy', 'http.proxy', 'http.proxyStrictSSL', 'sceneSnap.apiBaseUrl', 'sceneSnap.snapshots.maxMegabytes']);
    const trusted = (Object.keys(SETTING_SCOPES) as SettingKey[]).filter((k) => SETTING_SCOPES[k] === 'trustedWorkspace');
    assert.deepEqual(trusted, ['sceneSnap.saveFolder']);
  });

  it('has a scope for every setting the manifest declares, and declares no setting of its own', () => {
    const ours = Object.keys(SETTING_SCOPES).filter((k) => k.startsWith('sceneSnap.')).sort();
    assert.deepEqual(ours, Object.keys(declared).sort());
  });

  it('keeps the manifest scope of user-only settings at `window`, so a workspace value reaches the notice', () => {
    // `application` or `machine` would make VS Code drop a workspace value without a word: the user would
    // never learn that a repository tried to set it.
    for (const key of USER_ONLY_SETTINGS.filter((k) => k.startsWith('sceneSnap.'))) {
      assert.ok([undefined, 'window'].includes(declared[key]!.scope), `${key} has scope ${declared[key]!.scope}`);
    }
  });

  it('lists the user-only and trusted-workspace settings as restricted in Restricted Mode', () => {
    const restricted: string[] = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    const guarded = (Object.keys(SETTING_SCOPES) as SettingKey[]).filter((k) => k.startsWith('sceneSnap.') && SETTING_SCOPES[k] !== 'any');
    assert.deepEqual([...restricted].sort(), guarded.sort());
  });

  describe('userValue', () => {
    it('takes the user value over the default, and never a workspace or folder value', () => {
      assert.equal(userValue({ defaultValue: 500, globalValue: 200, workspaceValue: 0.001, workspaceFolderValue: 100000 }, 1), 200);
      assert.equal(userValue({ defaultValue: 500, workspaceValue: 0.001, workspaceFolderValue: 100000 }, 1), 500);
      assert.equal(userValue(undefined, 1), 1);
      assert.equal(userValue({ globalValue: 0, defaultValue: 500 }, 1), 0, 'a user 0 is a value');
    });
  });

  describe('ignoredValues', () => {
    it('reports the workspace and folder values of a user-only setting', () => {
      assert.deepEqual(ignoredValues('user', { globalValue: 500, workspaceValue: 0.001, workspaceFolderValue: 100000 }), [0.001, 100000]);
      assert.deepEqual(ignoredValues('user', { globalValue: 500 }), []);
      assert.deepEqual(ignoredValues('user', { workspaceValue: 0 }), [0], 'a workspace 0 is ignored too');
    });

    it('reports nothing for settings a workspace may set', () => {
      assert.deepEqual(ignoredValues('any', { workspaceValue: 640 }), []);
      assert.deepEqual(ignoredValues('trustedWorkspace', { workspaceValue: 'shots' }), []);
    });
  });

  it("takes a value only when it is of the default's kind (a hand-written settings.json may hold anything)", () => {
    assert.equal(ofFallbackKind(5, ''), '', 'a number where a string belongs');
    assert.equal(ofFallbackKind('https://a.example', ''), 'https://a.example');
    assert.equal(ofFallbackKind('30', 30), 30, 'a string where a number belongs');
    assert.equal(ofFallbackKind(null, true), true);
    assert.deepEqual(ofFallbackKind('localhost', [] as string[]), [], 'a string where a list belongs');
    assert.deepEqual(ofFallbackKind(['a', 5], [] as string[]), ['a'], 'only the strings of a list of strings');
    assert.equal(ofFallbackKind(undefined, 'x'), 'x');
  });
});
