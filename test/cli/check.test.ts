import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { FakeNetless } from '../fake-netless/server.mjs' with { 'resolution-mode': 'import' };
import { openEachFinding, openReport } from './reportBrowser';
import { cli, run, startFake, type Ran } from './support';

// The reference example room of the fake: /init, /test/cover, /test/page1.
const ROOM = 'faed3130727911ebaea37759ee91947c';
const TEAM_ROOM = '5d2f8e7a1b3c4d6e9f0a1b2c3d4e5f60'; // cn-hz: /init, /test/cover, /test/page1, /test/page2

const CHECKS = `// Scene Snap checks (comments allowed)
{
  "targets": [
    { "name": "cover", "room": "${ROOM}", "scene": "/test/cover", "width": 640, "height": 360 },
    { "name": "lesson", "room": "${ROOM}", "directory": "/test", "width": 640, "height": 360 },
    { "name": "standup", "room": "${TEAM_ROOM}", "wholeRoom": true, "region": "cn-hz", "width": 320, "height": 180 },
  ],
}
`;

describe('scene-snap check, end to end against the fake service', function () {
  let fake: FakeNetless;
  let repo: string;
  let env: Record<string, string>;
  /** report.html of the run that found the changed scene (kept: the next runs write theirs over it). */
  let changedReport: string | undefined;

  const check = (...args: string[]): Promise<Ran> => cli(['check', ...args], { cwd: repo, env });
  const git = async (...args: string[]): Promise<string> => {
    const r = await run('git', args, { cwd: repo, env: { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim();
  };
  const report = () => ({
    json: JSON.parse(readFileSync(path.join(repo, 'scene-snap-report', 'report.json'), 'utf8')),
    junit: readFileSync(path.join(repo, 'scene-snap-report', 'junit.xml'), 'utf8'),
    html: readFileSync(path.join(repo, 'scene-snap-report', 'report.html'), 'utf8'),
  });

  before(async function () {
    fake = await startFake();
    // A clone: a git repository holding the checks file; the run starts in a subfolder to show that
    // paths resolve against the checks file, not the working directory.
    repo = mkdtempSync(path.join(tmpdir(), 'scene-snap-clone-'));
    writeFileSync(path.join(repo, 'scene-snap.json'), CHECKS);
    writeFileSync(path.join(repo, '.gitignore'), 'scene-snap-report/\nshard-*/\nsummary.md\n');
    await git('init', '-q');
    env = { SCENE_SNAP_API: fake.url, SCENE_SNAP_SDK_TOKEN: fake.sdkToken() };
  });

  after(async () => {
    await fake?.close();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('writes the baselines with --update=missing (every scene new), then matches them', async () => {
    const first = await check('--update=missing');
    assert.equal(first.code, 0, first.stderr + first.stdout);
    for (const f of ['cover.png', 'lesson/test/cover.png', 'lesson/test/page1.png', 'standup/init.png', 'standup/test/page2.png']) {
      assert.ok(existsSync(path.join(repo, 'scene-snap-baselines', f)), f);
    }
    assert.match(first.stdout, /7 new; 7 baselines written/);
    // A new scene has no baseline to compare with: the HTML report shows its screenshot alone.
    const opened = await openEachFinding(path.join(repo, 'scene-snap-report', 'report.html'));
    assert.deepEqual(opened.problems, []);
    assert.equal(opened.findings.length, 7);
    assert.deepEqual(opened.findings.filter((f) => f.view !== 'own' || f.images !== 1), [], 'each new scene: its one picture');
    await git('add', '-A');
    await git('commit', '-qm', 'baselines');
    const again = await check();
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^7 matched\. Report: scene-snap-report\/report\.html/);
    const head = await git('rev-parse', 'HEAD');
    const { json } = report();
    assert.equal(json.passedItems.length, 7);
    assert.deepEqual(json.sceneSnap.items.find((i: { name: string }) => i.name === 'cover').baseline, { file: 'scene-snap-baselines/cover.png', commit: head });
  });

  it('exits 1 when a scene changed, naming it in every report; --update=changed accepts it; then 0', async () => {
    fake.changeScene(ROOM, '/test/page1');
    const changed = await check();
    assert.equal(changed.code, 1, changed.stderr);
    const name = 'lesson/test/page1';
    const { json, junit, html } = report();
    assert.deepEqual(json.failedItems, [name]);
    const item = json.sceneSnap.items.find((i: { name: string }) => i.name === name);
    assert.equal(item.verdict, 'changed');
    assert.ok(item.changedPixels > 0);
    assert.equal(item.baseline.file, 'scene-snap-baselines/lesson/test/page1.png');
    assert.match(junit, new RegExp(`<testcase classname="lesson" name="${name}">\\s*<failure type="changed"`));
    assert.match(html, new RegExp(`<span class="badge v-changed">changed</span><span class="name">${name}</span>`));
    changedReport = path.join(mkdtempSync(path.join(tmpdir(), 'scene-snap-report-')), 'report.html');
    writeFileSync(changedReport, html);
    assert.match(changed.stderr, new RegExp(`changed +${name}: \\d+ pixels changed`));
    assert.doesNotMatch(html + junit + JSON.stringify(json) + changed.stdout + changed.stderr, new RegExp(env.SCENE_SNAP_SDK_TOKEN!), 'the token is nowhere');

    const accept = await check('--update=changed');
    assert.equal(accept.code, 0, accept.stderr);
    assert.match(accept.stdout, /1 baseline written/);
    assert.equal((await git('status', '--porcelain')).trim(), 'M scene-snap-baselines/lesson/test/page1.png');
    const after = await check();
    assert.equal(after.code, 0, after.stderr);
    const reread = report().json;
    assert.equal(reread.sceneSnap.items.find((i: { name: string }) => i.name === name).baseline.commit, undefined, 'an edited baseline is not the commit\'s');
  });

  it('report.html opened from disk in Chromium: the compare panel\'s page shows the changed scene in its four modes, under its CSP', async function () {
    this.timeout(120_000);
    assert.ok(changedReport, 'the changed run wrote its report');
    const seen = await openReport(changedReport);
    assert.deepEqual(seen.problems, [], 'no CSP violation, no error on the page');
    assert.deepEqual(seen.modes, ['side', 'swipe', 'onion', 'diff'], 'the mode buttons of the compare panel');
    assert.deepEqual(seen.stages, ['side', 'swipe', 'onion', 'diff'], 'each mode reachable');
    assert.ok(seen.maskPixels > 0, 'the difference mode draws the changed pixels');
    assert.match(seen.summary, /Changed: [\d,]+ of 230,400 pixels/);
    assert.deepEqual(seen.images, 2, 'expected and actual, from the file itself (blob: URLs)');
    assert.match(seen.captions, /Expected \(baseline\)/);
    assert.equal(seen.current, 'lesson/test/page1', 'the first finding is shown');
  });

  it('exits 1 for a blank scene', async () => {
    fake.changeScene(ROOM, '/test/cover', { blank: true });
    const blank = await check();
    assert.equal(blank.code, 1, blank.stderr);
    const { json } = report();
    assert.deepEqual(json.failedItems.sort(), ['cover', 'lesson/test/cover']);
    assert.ok(json.sceneSnap.items.filter((i: { verdict: string }) => i.verdict === 'blank').length === 2);
    // In the HTML report each blank scene opens, against its baseline, in the compare page.
    const opened = await openEachFinding(path.join(repo, 'scene-snap-report', 'report.html'));
    assert.deepEqual(opened.problems, []);
    assert.deepEqual(opened.findings.map((f) => [f.name, f.view, f.images]).sort(), [['cover', 'compare', 2], ['lesson/test/cover', 'compare', 2]]);
    // The board gets content again (a new picture): accepting it leaves every target matched.
    fake.changeScene(ROOM, '/test/cover');
    assert.equal((await check('--update=changed')).code, 0);
    assert.equal((await check()).code, 0);
  });

  it('exits 3 with a bad token, saying what to do, and writes the reports with the failures', async () => {
    const bad = await cli(['check'], { cwd: repo, env: { ...env, SCENE_SNAP_SDK_TOKEN: 'NETLESSSDK_YWs9bm9wZQ' } });
    assert.equal(bad.code, 3, bad.stderr);
    assert.match(bad.stderr, /401/);
    assert.equal(report().json.failedItems.length, 3, 'one per target that could not be captured');
    const none = await cli(['check'], { cwd: repo, env: { SCENE_SNAP_API: fake.url } });
    assert.equal(none.code, 3);
    assert.match(none.stderr, /set SCENE_SNAP_SDK_TOKEN/);
  });

  it('exits 2 for a bad checks file, a missing one and bad usage, naming the problem', async () => {
    const dir = path.join(repo, 'broken');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'scene-snap.json'), `{ "targets": [ { "name": "a", "room": "${ROOM}", "scene": "/init", "width": 0 } ] }`);
    const bad = await cli(['check', '--config', 'broken/scene-snap.json'], { cwd: repo, env });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /scene-snap\.json: targets\[0\]\.width: /);
    const missing = await cli(['check'], { cwd: path.join(repo, 'broken', '..', '..'), env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /there is no checks file at/);
    for (const args of [['check', '--update=some'], ['check', '--shard', '3/2'], ['check', '--nope'], ['shot'], ['frobnicate']]) {
      const r = await cli(args, { cwd: repo, env });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(r.stderr.length > 0);
    }
  });

  it('splits the targets with --shard: the shards together check every scene once', async () => {
    const names: string[] = [];
    for (const i of [1, 2, 3]) {
      const r = await check('--shard', `${i}/3`, '--report-dir', `shard-${i}`);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(readFileSync(path.join(repo, `shard-${i}`, 'report.json'), 'utf8'));
      assert.deepEqual(json.sceneSnap.shard, { index: i, count: 3 });
      names.push(...json.passedItems);
    }
    assert.equal(names.length, 7);
    assert.equal(new Set(names).size, 7);
  });

  it('writes GitHub annotations and a step summary when GITHUB_ACTIONS is set', async () => {
    fake.changeScene(ROOM, '/test/page1');
    const summary = path.join(repo, 'summary.md');
    const r = await cli(['check', '--quiet'], { cwd: repo, env: { ...env, GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary } });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^::error file=scene-snap\.json,title=scene-snap%3A lesson\/test\/page1::\d+ pixels changed/m);
    assert.match(readFileSync(summary, 'utf8'), /\| lesson\/test\/page1 \| \d+ pixels changed/);
    assert.equal(r.stderr, '', '--quiet prints no progress');
  });
});

describe('scene-snap shot, dir and compare, end to end', () => {
  let fake: FakeNetless;
  let dir: string;
  let env: Record<string, string>;
  before(async () => {
    fake = await startFake();
    dir = mkdtempSync(path.join(tmpdir(), 'scene-snap-shot-'));
    env = { SCENE_SNAP_API: fake.url, SCENE_SNAP_SDK_TOKEN: fake.sdkToken() };
  });
  after(async () => {
    await fake?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shot prints the URL and writes the PNG; --json for machines', async () => {
    const r = await cli(['shot', ROOM, '/test/cover', '--out', 'cover.png', '--size', '320x180', '--json'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    assert.equal(out.scene, '/test/cover');
    assert.match(out.url, /\/test\/cover\.png$/);
    assert.deepEqual([out.width, out.height, out.file], [320, 180, 'cover.png']);
    assert.deepEqual([...readFileSync(path.join(dir, 'cover.png')).subarray(1, 4)], [...Buffer.from('PNG')]);
  });

  it('dir --recursive walks the whole room; compare tells same from changed', async () => {
    const r = await cli(['dir', TEAM_ROOM, '/', '--recursive', '--region', 'cn-hz', '--size', '64x36', '--out', 'room'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split('\t')[0]), ['/init', '/test/cover', '/test/page1', '/test/page2']);
    const same = await cli(['compare', 'room/test/cover.png', 'room/test/cover.png'], { cwd: dir, env: {} });
    assert.equal(same.code, 0);
    const diff = await cli(['compare', 'room/test/cover.png', 'room/test/page1.png', '--json', '--diff', 'd.png'], { cwd: dir, env: {} });
    assert.equal(diff.code, 1);
    assert.ok(JSON.parse(diff.stdout).changedPixels > 0);
    assert.ok(existsSync(path.join(dir, 'd.png')));
    const notPng = await cli(['compare', 'room/test/cover.png', path.join(dir, '..')], { cwd: dir, env: {} });
    assert.equal(notPng.code, 2);
  });

  it('a region the room is not in: exit 3 with the service\'s reason', async () => {
    const r = await cli(['shot', TEAM_ROOM], { cwd: dir, env });
    assert.equal(r.code, 3);
    assert.match(r.stderr, /404/);
  });

  it('--help for every command, exit 0', async () => {
    for (const c of ['shot', 'dir', 'compare', 'check']) {
      const r = await cli([c, '--help'], { cwd: dir, env: {} });
      assert.equal(r.code, 0);
      assert.match(r.stdout, new RegExp(`^Usage: scene-snap ${c}`));
    }
    assert.match((await cli(['--help'], { cwd: dir, env: {} })).stdout, /Exit codes: 0/);
  });
});
