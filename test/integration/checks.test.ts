import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChecksOutcome } from '../../src/extension/checks/checksHost';
import { eventually, internals, useSandbox } from './support';

// The checks in the real VS Code (DESIGN.md: sceneSnap.runChecks, sceneSnap.acceptBaseline), against the
// fake service, with the extension's own token (the sandbox's SDK token in SecretStorage).

// The reference example room of the fake: /init, /test/cover, /test/page1.
const ROOM = 'faed3130727911ebaea37759ee91947c';

const checksText = (baselines?: string) => `// checks of the test (comments allowed)
{
  ${baselines ? `"baselines": ${JSON.stringify(baselines)},` : ''}
  "targets": [
    { "name": "cover", "room": "${ROOM}", "scene": "/test/cover", "width": 320, "height": 180 },
    { "name": "page1", "room": "${ROOM}", "scene": "/test/page1", "width": 320, "height": 180 },
    { "name": "init", "room": "${ROOM}", "scene": "/init", "width": 320, "height": 180 },
  ],
}
`;

const verdicts = (outcome: ChecksOutcome | undefined) => Object.fromEntries((outcome?.items ?? []).map((i) => [i.name, i.verdict]));

describe('checks in VS Code: Run Checks and Accept as Baseline', function () {
  this.timeout(120_000);
  const sandbox = useSandbox({});
  let folder: string;
  const checksFile = () => path.join(folder, 'scene-snap.json');
  const baseline = (name: string) => path.join(folder, 'scene-snap-baselines', `${name}.png`);
  const run = () => vscode.commands.executeCommand<ChecksOutcome | undefined>('sceneSnap.runChecks');
  const accept = (name: string) => vscode.commands.executeCommand<string | undefined>('sceneSnap.acceptBaseline', { name });
  const actualOf = async (name: string) => (await internals()).checks()!.last()!.items.find((i) => i.name === name)!.actual!;

  before(async () => {
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await fs.writeFile(checksFile(), checksText());
  });

  afterEach(async () => {
    (await internals()).checks()?.picker()?.hide();
    (await internals()).checksTrust.trusted = undefined;
  });

  after(async () => {
    await fs.rm(checksFile(), { force: true });
    await fs.rm(path.join(folder, 'scene-snap-baselines'), { recursive: true, force: true });
  });

  it('is not loaded at activation', async () => {
    assert.equal((await internals()).checks(), undefined);
  });

  it('reports every target new when there are no baselines, and shows the result list', async () => {
    const outcome = await run();
    assert.deepEqual(verdicts(outcome), { cover: 'new', page1: 'new', init: 'new' });
    const picker = (await internals()).checks()!.picker();
    assert.ok(picker, 'no result list shown');
    assert.equal(picker.items.length, 3);
    assert.ok(picker.items.every((i) => /new|新/.test(i.description ?? '')), JSON.stringify(picker.items.map((i) => i.description)));
  });

  it('Accept as Baseline writes the actual PNG as the target\'s baseline, and then it matches', async () => {
    for (const name of ['cover', 'page1', 'init']) {
      const written = await accept(name);
      assert.equal(written, baseline(name));
      assert.deepEqual(new Uint8Array(await fs.readFile(baseline(name))), new Uint8Array(await actualOf(name)));
    }
    assert.deepEqual(verdicts(await run()), { cover: 'matched', page1: 'matched', init: 'matched' });
  });

  it('reports a changed scene and a blank one, opens the compare panel on Baseline and Actual, and accepts the changed one only', async () => {
    sandbox.fake.changeScene(ROOM, '/test/page1');
    sandbox.fake.changeScene(ROOM, '/init', { blank: true });
    const outcome = await run();
    assert.deepEqual(verdicts(outcome), { cover: 'matched', page1: 'changed', init: 'blank' });
    const picker = (await internals()).checks()!.picker()!;
    const row = picker.items.find((i) => i.label.endsWith('page1'))!;
    assert.equal(row.buttons?.length, 2, 'a changed target has Compare and Accept');
    assert.equal(picker.items.find((i) => i.label.endsWith('cover'))!.buttons?.length, 0, 'a matched target has neither');

    const opened = await vscode.commands.executeCommand<boolean>('sceneSnap.compareWithBaseline', { name: 'page1' });
    assert.equal(opened, true);
    const panel = (await internals()).compareView()!.panels().at(-1)!;
    assert.equal(panel.pair.a.entry.roomName, 'Baseline');
    assert.equal(panel.pair.b.entry.roomName, 'Actual');
    assert.deepEqual(new Uint8Array(panel.pair.aPng), new Uint8Array(await fs.readFile(baseline('page1'))));
    await panel.whenRendered();
    assert.ok((panel.pageModel()?.result.changedPixels ?? 0) > 0, 'the panel shows the change');
    panel.dispose();

    const coverBefore = await fs.readFile(baseline('cover'));
    const initBefore = await fs.readFile(baseline('init'));
    const files = await vscode.commands.executeCommand<string[] | undefined>('sceneSnap.acceptAllChanged');
    assert.deepEqual(files, [baseline('page1')]);
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('page1'))), new Uint8Array(await actualOf('page1')));
    assert.deepEqual(await fs.readFile(baseline('cover')), coverBefore);
    assert.deepEqual(await fs.readFile(baseline('init')), initBefore, 'a blank picture is not a change to accept all at once');
    assert.deepEqual(verdicts(await run()), { cover: 'matched', page1: 'matched', init: 'blank' });
  });

  it('refuses Accept as Baseline in Restricted Mode, writing nothing', async () => {
    sandbox.fake.changeScene(ROOM, '/test/cover');
    assert.equal(verdicts(await run()).cover, 'changed');
    const before = await fs.readFile(baseline('cover'));
    (await internals()).checksTrust.trusted = false;
    assert.equal(await accept('cover'), undefined);
    assert.equal(await vscode.commands.executeCommand('sceneSnap.acceptAllChanged'), undefined);
    assert.deepEqual(await fs.readFile(baseline('cover')), before);
  });

  it('Accept as Baseline from the compare panel in front accepts that panel\'s target', async () => {
    // cover changed in the test before and was refused there.
    assert.equal(verdicts(await run()).cover, 'changed');
    assert.equal(await vscode.commands.executeCommand<boolean>('sceneSnap.compareWithBaseline', { name: 'cover' }), true);
    const panel = (await internals()).compareView()!.panels().at(-1)!;
    assert.equal(await vscode.commands.executeCommand('sceneSnap.acceptBaseline'), baseline('cover'));
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('cover'))), new Uint8Array(await actualOf('cover')));
    panel.dispose();
  });

  it('refuses a baseline outside the workspace folder, by its path or through a link', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'scene-snap-outside-'));
    try {
      await fs.writeFile(checksFile(), checksText(path.relative(folder, outside)));
      assert.deepEqual(verdicts(await run()), { cover: 'new', page1: 'new', init: 'blank' });
      assert.equal(await accept('cover'), undefined);
      assert.equal(existsSync(path.join(outside, 'cover.png')), false, 'written outside the folder');

      // A baselines folder in the workspace by its name that is a link to a folder elsewhere.
      await fs.symlink(outside, path.join(folder, 'linked-baselines'), 'dir');
      await fs.writeFile(checksFile(), checksText('linked-baselines'));
      assert.deepEqual(verdicts(await run()), { cover: 'new', page1: 'new', init: 'blank' });
      assert.equal(await accept('page1'), undefined);
      assert.equal(existsSync(path.join(outside, 'page1.png')), false, 'written through the link');
    } finally {
      await fs.rm(path.join(folder, 'linked-baselines'), { force: true });
      await fs.rm(outside, { recursive: true, force: true });
      await fs.writeFile(checksFile(), checksText());
    }
  });

  it('reports a target not captured without a token, asking for the extension\'s token (not an environment variable)', async () => {
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    try {
      const outcome = await run();
      assert.deepEqual(verdicts(outcome), { cover: 'failed', page1: 'failed', init: 'failed' });
      assert.match(outcome!.items[0]!.error!, /Set Token/);
      assert.doesNotMatch(outcome!.items[0]!.error!, /SCENE_SNAP_/);
    } finally {
      await vscode.commands.executeCommand('sceneSnap.setToken', { token: sandbox.fake.sdkToken('writer') });
    }
  });

  it('stops when cancelled, keeping the last result', async () => {
    const host = (await internals()).checks()!;
    const before = host.last();
    sandbox.fake.setLatency(5_000);
    try {
      const started = Date.now();
      const running = run();
      await eventually(() => host.cancel() || undefined, 'a run in progress');
      assert.equal(await running, undefined);
      assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
      assert.equal(host.last(), before);
    } finally {
      sandbox.fake.setLatency(0);
    }
  });

  it('says so when the workspace has no checks file', async () => {
    await fs.rm(checksFile());
    try {
      assert.equal(await run(), undefined);
    } finally {
      await fs.writeFile(checksFile(), checksText());
    }
  });
});
