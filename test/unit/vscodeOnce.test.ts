import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.join(__dirname, '..', '..', '..');

/** dist/extension.js as the production build makes it, with or without the vscode-once plugin. */
async function extensionBundle(withPlugin: boolean): Promise<string> {
  const { vscodeOnce } = (await import(path.join(root, 'scripts', 'vscodeOnce.mjs'))) as typeof import('../../scripts/vscodeOnce.mjs');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/extension.ts'],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    minify: true,
    plugins: withPlugin ? [vscodeOnce] : [],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const requiresOfVscode = (code: string) => code.split('require("vscode")').length - 1;

describe('the vscode-once build plugin', () => {
  it('makes dist/extension.js require vscode once, where each of its modules would otherwise', async () => {
    assert.equal(requiresOfVscode(await extensionBundle(true)), 1);
    // What the plugin saves: without it, one require (and one copy of the whole API) per module.
    assert.ok(requiresOfVscode(await extensionBundle(false)) > 10);
  });
});
