import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ChecksOutcome } from '../../src/extension/checks/checksHost';
import type { PageSnapshot } from '../../src/extension/preview/protocol';
import { closeAllEditors, previewManager, sleep } from './previewSupport';
import { eventually, internals, sceneSnap, useSandbox } from './support';

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

/** The labels of the buttons the gallery's page shows, counted. */
const buttonCounts = (page: PageSnapshot) => page.buttons.reduce<Record<string, number>>((n, b) => ({ ...n, [b.label]: (n[b.label] ?? 0) + 1 }), {});

/** A selector for a button under a target's tile in the checks' gallery. */
const onTile = (name: string, button: 'accept-scene' | 'compare-scene') => `.tile[title="${name}"] ~ .tile-actions .${button}`;

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
    (await internals()).checksTrust.trusted = undefined;
  });

  /** The gallery of the last run, once its page shows the badges and `ready` says so. */
  const galleryShows = async (ready: (page: PageSnapshot) => boolean, what: string) => {
    const gallery = await eventually(async () => (await internals()).checks()?.gallery(), 'the checks\' gallery');
    await gallery.whenRendered();
    let last: PageSnapshot | undefined;
    let failure = '';
    const page = await eventually(async () => {
      // A page hidden behind another editor starts again when shown: until then it answers nothing.
      last = await gallery.snapshot().catch((err: Error) => void (failure = err.message));
      return last && ready(last) ? last : undefined;
    }, what, 20_000).catch((err: Error) => {
      throw new Error(`${err.message}; the page showed ${JSON.stringify({ text: last?.text, buttons: last && buttonCounts(last), thumbs: last?.thumbStates, failure, visible: gallery.panel.visible })}`);
    });
    return { gallery, page };
  };

  after(async () => {
    await closeAllEditors();
    await fs.rm(checksFile(), { force: true });
    await fs.rm(path.join(folder, 'scene-snap-baselines'), { recursive: true, force: true });
  });

  it('is not loaded at activation', async () => {
    assert.equal((await internals()).checks(), undefined);
  });

  it('reports every target new when there are no baselines, and shows the result as a gallery of the pictures with their badges', async () => {
    const outcome = await run();
    assert.deepEqual(verdicts(outcome), { cover: 'new', page1: 'new', init: 'new' });
    const { gallery, page } = await galleryShows((p) => p.thumbStates.loaded === 3 && (buttonCounts(p)['Accept'] ?? 0) === 3, 'three pictures, each with Accept');
    assert.equal(page.view, 'gallery');
    assert.deepEqual(gallery.model.scenes.map((s) => s.name), ['cover', 'page1', 'init']);
    assert.equal(page.images.filter((i) => i.kept).length, 3, 'the run\'s own pictures are shown');
    assert.equal(page.text.split('\n').filter((line) => line === 'new').length, 3, page.text);
    assert.equal(buttonCounts(page)['Compare'], undefined, 'nothing to compare without a baseline');
    assert.match(page.text, /3 new/);
    assert.doesNotMatch(page.text, /Copy all URLs/, 'a run\'s pictures have no URLs to copy');
  });

  it('Accept from the gallery writes the actual PNG as that target\'s baseline, the tile says so, and then it matches', async () => {
    const { gallery } = await galleryShows((p) => (buttonCounts(p)['Accept'] ?? 0) === 3, 'Accept on every tile');
    assert.equal(await gallery.request('click', { selector: onTile('page1', 'accept-scene') }), true);
    await eventually(() => existsSync(baseline('page1')) || undefined, 'page1\'s baseline written');
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('page1'))), new Uint8Array(await actualOf('page1')));
    assert.equal(existsSync(baseline('cover')), false, 'only the tile\'s target');
    await galleryShows((p) => /accepted/.test(p.text) && buttonCounts(p)['Accept'] === 2, 'the tile accepted, two left to accept');
    // A tile opened on its own offers Accept as Baseline too.
    assert.equal(await gallery.request('click', { selector: '.tile[title="cover"]' }), true);
    await galleryShows((p) => p.view === 'single' && /Accept as Baseline/.test(p.text), 'cover on its own, with Accept as Baseline');
    assert.equal(await gallery.request('click', { selector: '.accept-baseline' }), true);
    await eventually(() => existsSync(baseline('cover')) || undefined, 'cover\'s baseline written');
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('cover'))), new Uint8Array(await actualOf('cover')));
    await galleryShows((p) => !/Accept as Baseline/.test(p.text), 'Accept gone once accepted');
    assert.equal(await gallery.request('press', { key: 'Escape' }), undefined);
    for (const name of ['init']) {
      const written = await accept(name);
      assert.equal(written, baseline(name));
      assert.deepEqual(new Uint8Array(await fs.readFile(baseline(name))), new Uint8Array(await actualOf(name)));
    }
    assert.deepEqual(verdicts(await run()), { cover: 'matched', page1: 'matched', init: 'matched' });
    const { page } = await galleryShows((p) => /3 matched/.test(p.text), 'three matched');
    assert.equal(buttonCounts(page)['Accept'], undefined, 'a matched target offers nothing to accept');
  });

  it('reports a changed scene and a blank one, opens the compare panel on Baseline and Actual from the gallery, and accepts the changed one only', async () => {
    sandbox.fake.changeScene(ROOM, '/test/page1');
    sandbox.fake.changeScene(ROOM, '/init', { blank: true });
    const outcome = await run();
    assert.deepEqual(verdicts(outcome), { cover: 'matched', page1: 'changed', init: 'blank' });
    // Compare on the changed and the blank tile (both have a baseline), Accept on both; nothing on the matched one.
    const { gallery, page } = await galleryShows((p) => buttonCounts(p)['Compare'] === 2 && p.thumbStates.loaded === 3, 'two Compare buttons, three pictures');
    assert.match(page.text, /changed \d/, 'the changed badge with its percentage');
    assert.match(page.text, /\bblank\b/);
    assert.match(page.text, /\bmatched\b/);
    assert.equal(buttonCounts(page)['Accept'], 2, 'the changed and the blank target offer Accept');
    assert.equal(buttonCounts(page)['Accept All Changed (1)'], 1);

    const panels = () => (internals().then((i) => i.compareView()?.panels().length ?? 0));
    const before = await panels();
    // The compare panel opens over the gallery, whose page is then dropped (no retainContextWhenHidden): shown
    // again, a new page says ready and gets its `init`.
    const posted: string[] = [];
    const webview = gallery.panel.webview;
    const post = webview.postMessage.bind(webview);
    webview.postMessage = (m: unknown) => {
      posted.push((m as { type: string }).type);
      return post(m);
    };
    assert.equal(await gallery.request('click', { selector: onTile('page1', 'compare-scene') }), true);
    await eventually(async () => (await panels()) > before || undefined, 'the compare panel');
    const panel = (await internals()).compareView()!.panels().at(-1)!;
    assert.equal(panel.pair.a.entry.roomName, 'Baseline');
    assert.equal(panel.pair.b.entry.roomName, 'Actual');
    assert.deepEqual(new Uint8Array(panel.pair.aPng), new Uint8Array(await fs.readFile(baseline('page1'))));
    await panel.whenRendered();
    assert.ok((panel.pageModel()?.result.changedPixels ?? 0) > 0, 'the panel shows the change');
    panel.dispose();

    // Back to the gallery's tab (its page starts again, as a hidden webview's does).
    await eventually(() => gallery.panel.visible || undefined, 'the gallery in front again');
    await eventually(() => posted.includes('init') || undefined, 'the gallery\'s new page initialised', 15_000);
    await galleryShows((p) => buttonCounts(p)['Accept All Changed (1)'] === 1, 'the gallery again');
    const coverBefore = await fs.readFile(baseline('cover'));
    const initBefore = await fs.readFile(baseline('init'));
    const page1Before = await fs.readFile(baseline('page1'));
    assert.equal(await gallery.request('click', { selector: '.accept-all' }), true);
    await eventually(async () => !(await fs.readFile(baseline('page1'))).equals(page1Before) || undefined, 'page1 accepted');
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('page1'))), new Uint8Array(await actualOf('page1')));
    assert.deepEqual(await fs.readFile(baseline('cover')), coverBefore);
    assert.deepEqual(await fs.readFile(baseline('init')), initBefore, 'a blank picture is not a change to accept all at once');
    assert.deepEqual(verdicts(await run()), { cover: 'matched', page1: 'matched', init: 'blank' });
  });

  it('Accept All Changed from the palette writes every changed target', async () => {
    sandbox.fake.changeScene(ROOM, '/test/page1');
    assert.equal(verdicts(await run()).page1, 'changed');
    const files = await vscode.commands.executeCommand<string[] | undefined>('sceneSnap.acceptAllChanged');
    assert.deepEqual(files, [baseline('page1')]);
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('page1'))), new Uint8Array(await actualOf('page1')));
  });

  it('refuses Accept as Baseline in Restricted Mode, writing nothing', async () => {
    sandbox.fake.changeScene(ROOM, '/test/cover');
    assert.equal(verdicts(await run()).cover, 'changed');
    const before = await fs.readFile(baseline('cover'));
    (await internals()).checksTrust.trusted = false;
    assert.equal(await accept('cover'), undefined);
    assert.equal(await vscode.commands.executeCommand('sceneSnap.acceptAllChanged'), undefined);
    // From the gallery too: its Accept and Accept All Changed write nothing.
    const { gallery } = await galleryShows((p) => buttonCounts(p)['Accept All Changed (1)'] === 1, 'Accept All Changed');
    assert.equal(await gallery.request('click', { selector: onTile('cover', 'accept-scene') }), true);
    assert.equal(await gallery.request('click', { selector: '.accept-all' }), true);
    await sleep(1000);
    assert.deepEqual(await fs.readFile(baseline('cover')), before);
    assert.equal(buttonCounts(await gallery.snapshot())['Accept'], 2, 'the tiles of cover and the blank init still offer Accept');
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

describe('checks in VS Code: a preview whose room, scene and size match a target offers Accept as Baseline', function () {
  this.timeout(120_000);
  useSandbox({ 'sceneSnap.openPreview': true });
  let folder: string;
  const checksFile = () => path.join(folder, 'scene-snap.json');
  const baseline = (name: string) => path.join(folder, 'scene-snap-baselines', `${name}.png`);
  const offered = (page: PageSnapshot) => /Accept as Baseline/.test(page.text);
  const previewOf = async (scene: string) => {
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.entry.path === scene && p.entry.id !== ''), `the preview of ${scene}`, 20_000);
    await preview.whenRendered();
    return preview;
  };

  before(async () => {
    folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    await fs.writeFile(checksFile(), checksText());
  });

  after(async () => {
    (await internals()).checksTrust.trusted = undefined;
    await closeAllEditors();
    await fs.rm(checksFile(), { force: true });
    await fs.rm(path.join(folder, 'scene-snap-baselines'), { recursive: true, force: true });
  });

  it('is not offered for a scene at another size than its target\'s', async () => {
    await (await sceneSnap()).screenshotScene({ room: ROOM, path: '/test/page1', width: 640, height: 360 });
    const preview = await previewOf('/test/page1');
    // Given the time an offer takes to come (the one below comes within it).
    await sleep(2000);
    const page = await preview.snapshot();
    assert.equal(page.view, 'single');
    assert.ok(!offered(page), page.text);
    await closeAllEditors();
  });

  it('is offered for the matching scene; Restricted Mode refuses it; trusted, it writes the picture shown over that target\'s baseline', async () => {
    const shot = await (await sceneSnap()).screenshotScene({ room: ROOM, path: '/test/cover', width: 320, height: 180 });
    const preview = await previewOf('/test/cover');
    await eventually(async () => offered(await preview.snapshot()) || undefined, 'Accept as Baseline offered', 20_000);

    (await internals()).checksTrust.trusted = false;
    assert.equal(await preview.request('click', { selector: '.accept-baseline' }), true);
    await sleep(1000);
    assert.equal(existsSync(baseline('cover')), false, 'written in Restricted Mode');

    (await internals()).checksTrust.trusted = undefined;
    assert.equal(await preview.request('click', { selector: '.accept-baseline' }), true);
    await eventually(() => existsSync(baseline('cover')) || undefined, 'cover\'s baseline written');
    const shown = new Uint8Array(await (await fetch(shot.url)).arrayBuffer());
    assert.deepEqual(new Uint8Array(await fs.readFile(baseline('cover'))), shown);
    assert.equal(existsSync(baseline('page1')), false, 'only the matching target\'s');
    // The check agrees: the accepted picture is what the service shows.
    const outcome = await vscode.commands.executeCommand<ChecksOutcome | undefined>('sceneSnap.runChecks');
    assert.equal(outcome?.items.find((i) => i.name === 'cover')?.verdict, 'matched');
  });
});
