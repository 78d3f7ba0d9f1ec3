import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The integration runner's own behaviour: every way a suite can go wrong must end in a non-zero exit with
 * the reason printed. Each case starts a real code-server and Chromium, as `npm test` does.
 */
const repoRoot = path.resolve(__dirname, '../../..');
const fixtures = path.join(repoRoot, 'test', 'host', 'fixtures');

interface RunnerOutcome {
  code: number | null;
  output: string;
}

// The fixture runs fail on purpose; their kept logs go to a temporary folder, not .test-logs/.
let logs: string;
before(() => (logs = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-runner-'))));
after(() => rmSync(logs, { recursive: true, force: true }));

function runRunner(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunnerOutcome> {
  return new Promise((resolve, reject) => {
    const runner = path.join(repoRoot, 'test', 'host', 'run.mjs');
    const child = spawn(process.execPath, [runner, '--label', 'runner-fixture', '--logs', logs, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('the integration runner (test/host/run.mjs)', () => {
  it('fails when an integration test fails, and prints the failure and the counts', async () => {
    const { code, output } = await runRunner([], { SCENE_SNAP_TEST_DIR: path.join(fixtures, 'failing') });
    assert.equal(code, 1, output);
    assert.match(output, /deliberate failure/);
    assert.match(output, /^integration: 1 passed, 1 failed$/m);
    assert.match(output, /the suite failed \(exit code 1\)/);
  });

  it('fails when the suite throws while loading, and prints the error', async () => {
    const { code, output } = await runRunner(['--tests', path.join(fixtures, 'throwing-index.js')]);
    assert.notEqual(code, 0, output);
    assert.match(output, /fixture suite exploded while loading/);
  });

  it('fails with exit 124 when the suite never reports', async () => {
    const { code, output } = await runRunner(['--tests', path.join(fixtures, 'silent-index.js'), '--timeout', '15']);
    assert.equal(code, 124, output);
    assert.match(output, /did not report within 15 s/);
  });

  it('fails when the tests path does not exist', async () => {
    const { code, output } = await runRunner(['--tests', path.join(fixtures, 'no-such-suite.js')]);
    assert.equal(code, 2, output);
    assert.match(output, /no-such-suite\.js does not exist/);
  });

  it('fails when code-server rejects its command line', async () => {
    const { code, output } = await runRunner(['--server-arg=--no-such-flag']);
    assert.equal(code, 2, output);
    assert.match(output, /code-server could not start/);
    assert.match(output, /no-such-flag/);
  });

  it('fails, naming what it knows, for a test host version it cannot install', async () => {
    const { code, output } = await runRunner(['--code-server', '0.0.1']);
    assert.equal(code, 2, output);
    assert.match(output, /Unknown code-server version 0\.0\.1; known: 4\.100\.3, 4\.139\.1/);
  });

  it('fails when the VSIX to test does not exist', async () => {
    const { code, output } = await runRunner(['--vsix', path.join(logs, 'no-such.vsix')]);
    assert.equal(code, 2, output);
    assert.match(output, /no-such\.vsix does not exist/);
  });

  it('fails, with the installer\'s reason, when the VSIX cannot be installed', async () => {
    const broken = path.join(logs, 'broken.vsix');
    writeFileSync(broken, 'not a zip');
    const { code, output } = await runRunner(['--vsix', broken]);
    assert.equal(code, 2, output);
    assert.match(output, /could not install the VSIX: installing .*broken\.vsix failed/);
  });
});
