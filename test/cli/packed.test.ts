import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FakeNetless } from '../fake-netless/server.mjs' with { 'resolution-mode': 'import' };
import { ROOT, run, startFake } from './support';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed command line (npm pack of cli/, installed into a temporary prefix)', function () {
  this.timeout(180_000);
  let fake: FakeNetless;
  let tmp: string;
  before(async () => {
    fake = await startFake();
    tmp = mkdtempSync(path.join(tmpdir(), 'scene-snap-pack-'));
  });
  after(async () => {
    await fake?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('packs only the bundle, its worker, package.json and README, with bin scene-snap; installed, it runs', async () => {
    const env = { npm_config_cache: path.join(tmp, 'npm-cache'), npm_config_update_notifier: 'false' };
    const pack = await run(npm, ['pack', path.join(ROOT, 'cli'), '--pack-destination', tmp, '--json'], { cwd: tmp, env });
    assert.equal(pack.code, 0, pack.stderr);
    const [info] = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    assert.deepEqual(info!.files.map((f) => f.path).sort(), ['README.md', 'dist/compareWorker.js', 'dist/scene-snap.js', 'package.json']);
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'cli', 'package.json'), 'utf8'));
    assert.deepEqual(manifest.bin, { 'scene-snap': 'dist/scene-snap.js' });
    assert.equal(manifest.version, JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version, 'the CLI is versioned with the extension');
    assert.equal(manifest.dependencies, undefined, 'one bundled file: nothing to install beside it');

    const prefix = path.join(tmp, 'prefix');
    const install = await run(npm, ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', path.join(tmp, info!.filename)], { cwd: tmp, env });
    assert.equal(install.code, 0, install.stderr);
    const bin = process.platform === 'win32' ? path.join(prefix, 'scene-snap.cmd') : path.join(prefix, 'bin', 'scene-snap');
    const help = await run(bin, ['--help'], { cwd: tmp });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /^scene-snap: /);
    const shot = await run(bin, ['shot', 'faed3130727911ebaea37759ee91947c', '/test/page1', '--out', 'p.png', '--size', '64x36'], { cwd: tmp, env: { SCENE_SNAP_API: fake.url, SCENE_SNAP_SDK_TOKEN: fake.sdkToken() } });
    assert.equal(shot.code, 0, shot.stderr);
    const compare = await run(bin, ['compare', 'p.png', 'p.png', '--json'], { cwd: tmp });
    assert.equal(compare.code, 0, compare.stderr);
    assert.equal(JSON.parse(compare.stdout).changedPixels, 0, 'the compare worker is found beside the installed bundle');
  });
});
