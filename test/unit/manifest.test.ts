import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
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

  it('ships undici 7, pixelmatch and fast-png as its only runtime dependencies (VS Code 1.100 runs Node 20; undici 8 needs 22)', () => {
    assert.deepEqual(Object.keys(pkg.dependencies).sort(), ['fast-png', 'pixelmatch', 'undici']);
    assert.match(pkg.dependencies.undici, /^[\^~]?7\./);
    const installed = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'undici', 'package.json'), 'utf8'));
    assert.equal(installed.version.split('.')[0], '7');
  });

  it('has no native module among the runtime dependencies and theirs (one VSIX runs everywhere)', () => {
    const seen = new Set<string>();
    const visit = (name: string): void => {
      if (seen.has(name)) return;
      seen.add(name);
      const dir = path.join(repoRoot, 'node_modules', name);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
      assert.ok(!existsSync(path.join(dir, 'binding.gyp')) && !manifest.gypfile, `${name} builds a native module`);
      assert.ok(!manifest.scripts?.install && !manifest.scripts?.postinstall, `${name} runs an install script`);
      for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    };
    for (const dep of Object.keys(pkg.dependencies)) visit(dep);
    assert.ok(seen.has('fflate'), 'fast-png inflates with fflate (pure JavaScript)');
  });

  it('pins @types/vscode to the minimum engine, never newer', () => {
    assert.equal(pkg.devDependencies['@types/vscode'], '1.100.0');
  });

  it('declares every setting of the contract under sceneSnap.*', () => {
    const keys = Object.keys(pkg.contributes.configuration.properties);
    for (const key of ['apiBaseUrl', 'rooms', 'defaultRegion', 'defaultWidth', 'defaultHeight', 'requestTimeoutSeconds']) {
      assert.ok(keys.includes(`sceneSnap.${key}`), `sceneSnap.${key} is not declared`);
    }
    assert.deepEqual(pkg.contributes.configuration.properties['sceneSnap.defaultRegion'].enum, ['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz']);
  });
});
