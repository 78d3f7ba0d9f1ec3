import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The package manifest against the public contract of DESIGN.md (identity, activation, dependencies). */
const repoRoot = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const nls: Record<string, string> = JSON.parse(readFileSync(path.join(repoRoot, 'package.nls.json'), 'utf8'));

/** A manifest value as an English-speaking user sees it: `%key%` resolved through package.nls.json. */
function english(value: unknown): unknown {
  const key = typeof value === 'string' ? /^%(.+)%$/.exec(value)?.[1] : undefined;
  return key === undefined ? value : nls[key];
}

describe('package.json', () => {
  it('has the identity of the contract', () => {
    assert.equal(pkg.publisher, 'scenesnap');
    assert.equal(pkg.name, 'scene-snap');
    assert.equal(english(pkg.displayName), 'Scene Snap');
    assert.equal(pkg.engines.vscode, '^1.100.0');
    assert.equal(pkg.license, 'MIT');
    assert.equal(pkg.main, './dist/extension.js');
  });

  it('activates implicitly, never on "*" or at startup', () => {
    for (const event of pkg.activationEvents ?? []) {
      assert.ok(event !== '*' && event !== 'onStartupFinished', `activation event ${event}`);
    }
  });

  it('gives every command the "Scene Snap" category and a sceneSnap. id', () => {
    for (const c of pkg.contributes.commands) {
      assert.match(c.command, /^sceneSnap\.[A-Za-z]+$/);
      assert.equal(english(c.category), 'Scene Snap', c.command);
    }
  });

  it('ships undici 7 as its only runtime dependency (VS Code 1.100 runs Node 20; undici 8 needs 22)', () => {
    assert.deepEqual(Object.keys(pkg.dependencies), ['undici']);
    assert.match(pkg.dependencies.undici, /^[\^~]?7\./);
    const installed = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'undici', 'package.json'), 'utf8'));
    assert.equal(installed.version.split('.')[0], '7');
  });

  it('pins @types/vscode to the minimum engine, never newer', () => {
    assert.equal(pkg.devDependencies['@types/vscode'], '1.100.0');
  });

  it('has a package-lock.json whose root entry names the same dependency specs (npm ci would rewrite it otherwise)', () => {
    const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8'));
    const root = lock.packages[''];
    assert.equal(root.name, pkg.name);
    assert.equal(root.version, pkg.version);
    assert.deepEqual(root.dependencies ?? {}, pkg.dependencies ?? {});
    assert.deepEqual(root.devDependencies ?? {}, pkg.devDependencies ?? {});
  });

  it('declares every setting of the contract under sceneSnap.*', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties);
    for (const key of ['apiBaseUrl', 'rooms', 'defaultRegion', 'defaultWidth', 'defaultHeight', 'requestTimeoutSeconds']) {
      assert.ok(keys.includes(`sceneSnap.${key}`), `sceneSnap.${key} is not declared`);
    }
    assert.deepEqual(pkg.contributes.configuration.properties['sceneSnap.defaultRegion'].enum, ['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz']);
  });
});
