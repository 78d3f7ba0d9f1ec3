import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HistoryStore } from '../../src/extension/history/historyStore';
import { click, quickInput, quickPickRow, runnerBridgeAvailable, textOf, typeKeys, workbenchScreenshot } from '../support/runnerBridge';
import { configure, eventually, interceptMessages, internals, sceneSnap, useSandbox } from './support';
import { ROOMS } from '../support/rooms';

// The palette flows, driven through the real UI: the runner types into the quick picks and input boxes
// of the workbench and presses keys, as a person would (test/support/runnerBridge.ts). Only the code-server
// runner has a page to type into, so these tests exist only there.

const REF = ROOMS.reference; // us-sv; /init, /test/cover, /test/page1
const COURSE = ROOMS.course; // in-mum
/** The confirmation quick pick of removeRoom and clearHistory (src/extension/confirm.ts). */
const CONFIRM = quickPickRow('Cancel');

if (runnerBridgeAvailable) describe('palette flows through the real quick input', () => {
  const sandbox = useSandbox(
    {
      'sceneSnap.defaultRegion': 'us-sv',
      'sceneSnap.defaultWidth': 640,
      'sceneSnap.defaultHeight': 480,
      'sceneSnap.rooms': [{ uuid: REF, name: 'Reference' }],
      // A preview opening would take the keyboard focus from the next flow's quick pick.
      'sceneSnap.openPreview': false,
    },
    // The first flow stores it through the real password box.
    { sdkToken: false },
  );

  after(async () => {
    await vscode.commands.executeCommand('sceneSnap.clearToken', { room: COURSE });
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
  });

  beforeEach(() => sandbox.fake.clearRequests());

  /** The token the next screenshot sends (undefined: none, the screenshot failed with noToken). */
  const tokenInUse = async (): Promise<string | undefined> => {
    sandbox.fake.clearRequests();
    await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false }).catch(() => undefined);
    return sandbox.fake.requests.at(-1)?.headers.token as string | undefined;
  };

  it('typing a command title in full in the Command Palette selects that command, not a longer one', async () => {
    for (const title of ['Screenshot a Scene…', 'Screenshot Every Scene of a Directory…', 'Set Token…', 'Enter SDK Token…']) {
      // Typed without the ellipsis, as people type.
      await vscode.commands.executeCommand('workbench.action.showCommands');
      await typeKeys('.quick-input-widget .quick-input-box input', `Scene Snap: ${title.replace(/…$/, '')}`);
      await typeKeys(`.quick-input-widget .monaco-list-row.focused[aria-label^=${JSON.stringify(`Scene Snap: ${title}`)}]`, undefined, 'Escape');
    }
  });

  it('Set Token asks which token, then takes it in a password box', async () => {
    const token = sandbox.fake.sdkToken('writer');
    const done = vscode.commands.executeCommand('sceneSnap.setToken');
    await typeKeys(quickInput('Which token?'), 'SDK token', 'Enter');
    await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, token, 'Enter');
    await done;
    // The stored token works: a screenshot with it succeeds.
    const result = await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
    assert.match(result.url, /init\.png$/);
    assert.equal(sandbox.fake.requests.at(-1)!.headers.token, token);
  });

  it('Set Token refuses a token that does not decode, saying the real reason, before anything is stored', async () => {
    const good = sandbox.fake.sdkToken('writer');
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: good });
    const messages = interceptMessages();
    try {
      // The password box: Enter on NETLESSROOM_garbage keeps the box open with the reason, and stores nothing.
      const done = vscode.commands.executeCommand('sceneSnap.setToken', {});
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, 'NETLESSROOM_garbage', 'Enter');
      const reason = await textOf('.quick-input-widget .quick-input-message:has-text("cannot be decoded")');
      assert.match(reason, /starts with NETLESSROOM_, but what follows cannot be decoded/);
      assert.doesNotMatch(reason, /should start with/);
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, undefined, 'Escape');
      assert.equal(await done, undefined);
      assert.equal(await tokenInUse(), good);

      // Given as arguments: not stored, resolves false after saying why.
      assert.equal(await vscode.commands.executeCommand('sceneSnap.setToken', { token: 'NETLESSROOM_garbage' }), false);
      assert.ok(messages.shown.some((m) => /Set Token: This token starts with NETLESSROOM_, but what follows cannot be decoded/.test(m.text)), messages.shown.map((m) => m.text).join('\n'));
      assert.equal(await tokenInUse(), good);
    } finally {
      messages.restore();
    }
  });

  it('Set Token with a token that decodes but cannot work asks: Enter Again or Store Anyway, and stores only on Store Anyway', async () => {
    const good = sandbox.fake.sdkToken('writer');
    const reader = sandbox.fake.sdkToken('reader');
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: good });
    const messages = interceptMessages();
    try {
      messages.reply(/The previous token stays stored/, 'Enter Again');
      const done = vscode.commands.executeCommand('sceneSnap.setToken');
      await typeKeys(quickInput('Which token?'), 'SDK token', 'Enter');
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, reader, 'Enter');
      // Enter Again: the password box once more; dismissed, the previous token is still the one in use.
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, undefined, 'Escape');
      await done;
      const warning = messages.shown.find((m) => /The previous token stays stored/.test(m.text));
      assert.ok(warning, messages.shown.map((m) => m.text).join('\n'));
      assert.match(warning.text, /reader role/);
      assert.deepEqual(warning.items, ['Enter Again', 'Store Anyway']);
      assert.equal(await tokenInUse(), good);

      // Store Anyway stores it.
      messages.reply(/The previous token stays stored/, 'Store Anyway');
      const replaced = vscode.commands.executeCommand('sceneSnap.setToken', {});
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, reader, 'Enter');
      assert.equal(await replaced, true);
      assert.equal(await tokenInUse(), reader);

      // With no token stored before, it is asked all the same: dismissed, nothing is stored.
      await vscode.commands.executeCommand('sceneSnap.clearToken', {});
      const first = vscode.commands.executeCommand('sceneSnap.setToken', {});
      await typeKeys(`${quickInput('NETLESSSDK_')}[type="password"]`, reader, 'Enter');
      assert.equal(await first, undefined);
      const asked = messages.shown.find((m) => /Store it anyway\?/.test(m.text));
      assert.ok(asked, messages.shown.map((m) => m.text).join('\n'));
      assert.deepEqual(asked.items, ['Enter Again', 'Store Anyway']);
      assert.equal(await tokenInUse(), undefined, 'nothing was stored');

      // Given as arguments it is stored, the warning shown, nothing asked.
      assert.equal(await vscode.commands.executeCommand('sceneSnap.setToken', { token: reader }), true);
      assert.ok(messages.shown.some((m) => /^Stored, but this token may not take screenshots: .*reader role/.test(m.text)));
      assert.equal(await tokenInUse(), reader);
    } finally {
      messages.restore();
    }
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: good });
  });

  it('Screenshot a Scene asks room → scene (listed, with free entry) → size, and remembers the choices', async () => {
    const done = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
    await typeKeys(quickInput('Pick a whiteboard room'), 'Reference', 'Enter');
    await typeKeys(quickPickRow('/test/page1'), '/test/page1', 'Enter');
    await typeKeys(quickInput('Screenshot size in pixels'), '1920', 'Enter');
    const result = await done;
    assert.match(result.url, /test\/page1\.png$/);
    const shot = sandbox.fake.requests.find((r) => r.endpoint === 'screenshots')!;
    assert.deepEqual(JSON.parse(shot.body), { width: 1920, height: 1080, path: '/test/page1' });

    // Next time the last scene and size come first: Enter, Enter takes them again.
    sandbox.fake.clearRequests();
    const again = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
    await typeKeys(quickInput('Pick a whiteboard room'), 'Reference', 'Enter');
    await typeKeys(quickPickRow('last used'), undefined, 'Enter');
    await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
    await again;
    assert.deepEqual(JSON.parse(sandbox.fake.requests.find((r) => r.endpoint === 'screenshots')!.body), { width: 1920, height: 1080, path: '/test/page1' });
  });

  it('takes a typed room uuid that is not configured, a typed path and a custom size', async () => {
    await vscode.commands.executeCommand('sceneSnap.setToken', { room: COURSE, token: sandbox.fake.roomToken(COURSE, 'writer') });
    await configure({ 'sceneSnap.defaultRegion': 'in-mum' });
    const messages = interceptMessages();
    try {
      // A typed uuid has no region of its own: the data centres are asked (#22), and the one found offered.
      messages.reply(/This room is in Mumbai, India \(in-mum\)/, 'Use It');
      const done = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
      await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
      await typeKeys(quickInput('e.g. '), COURSE, 'Enter');
      await typeKeys(quickPickRow('/course/week1/intro'), '/course/summary', 'Enter');
      await typeKeys(quickInput('Screenshot size in pixels'), 'Custom', 'Enter');
      await typeKeys(quickInput('1280x720'), '333x222', 'Enter');
      const result = await done;
      assert.match(result.url, /course\/summary\.png$/);
      const shot = sandbox.fake.requests.find((r) => r.endpoint === 'screenshots')!;
      assert.deepEqual(JSON.parse(shot.body), { width: 333, height: 222, path: '/course/summary' });
      assert.equal(shot.headers.region, 'in-mum');
    } finally {
      messages.restore();
      await configure({ 'sceneSnap.defaultRegion': 'us-sv' });
    }
  });

  it('an unknown typed room uuid stops when no data centre knows it, with a readable message and nothing else sent', async () => {
    const UNKNOWN = 'nosuchroom0123456789';
    const messages = interceptMessages();
    try {
      const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.screenshotScene'));
      await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
      await typeKeys(quickInput('e.g. '), UNKNOWN, 'Enter');
      assert.equal(await done, undefined);
      const shown = messages.shown.find((m) => /could not be found/.test(m.text));
      assert.ok(shown, messages.shown.map((m) => m.text).join('\n'));
      assert.match(shown.text, new RegExp(`No room with the uuid ${UNKNOWN} in any data centre \\(checked us-sv, sg, in-mum, eu, cn-hz\\)`));
      // The five probes only: no listing, no screenshot, which were bound to fail.
      assert.deepEqual(sandbox.fake.requests.map((r) => r.endpoint), ['room', 'room', 'room', 'room', 'room']);
    } finally {
      messages.restore();
    }
    // Edit Room for a room that is not configured becomes Add Room.
    const edited = vscode.commands.executeCommand('sceneSnap.editRoom', { uuid: 'anotherunknownroom42' });
    await typeKeys(quickInput('Room uuid'), undefined, 'Escape');
    await edited;
  });

  it('a screenshot of a typed room uuid that fails with 404 says the region once and offers Add Room, not Edit Room', async () => {
    const UNKNOWN = 'nosuchroom9876543210';
    const messages = interceptMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: UNKNOWN, path: '/init', region: 'sg' }), undefined);
      const shown = messages.shown.find((m) => /Screenshot of \/init failed/.test(m.text));
      assert.ok(shown, messages.shown.map((m) => m.text).join('\n'));
      assert.match(shown.text, /\(region sg\)/);
      assert.equal(shown.text.match(/own region/g)?.length, 1, shown.text);
      assert.ok(shown.items.includes('Add Room') && !shown.items.includes('Edit Room'), shown.items.join(', '));
    } finally {
      messages.restore();
    }
  });

  it('Screenshot Every Scene of a Directory asks for a directory among the listed ones', async () => {
    const done = Promise.resolve(vscode.commands.executeCommand<Array<{ url: string }>>('sceneSnap.screenshotSceneDirectory'));
    await typeKeys(quickInput('Pick a whiteboard room'), 'Reference', 'Enter');
    await typeKeys(quickPickRow('/test'), '/test', 'Enter');
    await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
    const results = await done;
    assert.equal(results.length, 2);
  });

  it('Escape at any step ends the flow with nothing sent', async () => {
    const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.screenshotScene'));
    await typeKeys(quickInput('Pick a whiteboard room'), 'Reference', 'Enter');
    await typeKeys(quickPickRow('/test/cover'), undefined, 'Escape');
    assert.equal(await done, undefined);
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots').length, 0);
  });

  it("the progress notification's Cancel button cancels the request in flight", async function () {
    this.timeout(75_000);
    // Earlier toasts could hide this one (only a few are shown at a time).
    await vscode.commands.executeCommand('notifications.clearAll');
    sandbox.fake.clearRequests();
    const removeStall = sandbox.fake.setFault({ room: REF, endpoint: 'screenshots', stall: 'headers' });
    try {
      const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/test/cover' }));
      await eventually(() => sandbox.fake.requests.some((r) => r.endpoint === 'screenshots'), 'the request to reach the server');
      // The notification centre lists the progress with its Cancel button in every VS Code version (newer
      // ones may keep a progress toast out of sight). The visible button, forced: the centre may list the
      // progress twice, one row collapsed with its Cancel hidden, and renders its rows anew as the progress
      // moves (seen: the click waited on the hidden button, or on one that never held still); a click on a
      // row being replaced does nothing, so the centre is shown and clicked again until the shot ends.
      let outcome: unknown = 'still running';
      for (let attempt = 0; attempt < 5 && outcome === 'still running'; attempt++) {
        await vscode.commands.executeCommand('notifications.showList');
        // No visible Cancel within 10 s: the next round shows the centre again.
        await click('.notifications-center .monaco-button:has-text("Cancel") >> visible=true', { force: true }).catch(() => undefined);
        outcome = await Promise.race([done, new Promise((r) => setTimeout(() => r('still running'), 2000))]);
      }
      assert.equal(outcome, undefined);
      const { history } = await internals();
      assert.ok(!history.list().some((e) => e.path === '/test/cover' && Date.now() - e.time < 5000), 'a cancelled screenshot is not in history');
    } finally {
      removeStall();
      await vscode.commands.executeCommand('notifications.hideList');
    }
  });

  it('Repeat Last Screenshot sends the last request again, and the History view lists it', async () => {
    const first = await vscode.commands.executeCommand<{ key: string }>('sceneSnap.screenshotScene', { room: REF, path: '/test/page1', width: 300, height: 200 });
    sandbox.fake.clearRequests();
    const again = await vscode.commands.executeCommand<{ key: string }>('sceneSnap.repeatLastScreenshot');
    assert.equal(again.key, first.key);
    assert.deepEqual(JSON.parse(sandbox.fake.requests[0]!.body), { width: 300, height: 200, path: '/test/page1' });
    const { history } = await internals();
    const [latest, previous] = history.list();
    assert.equal(latest!.path, '/test/page1');
    assert.equal(previous!.path, '/test/page1');
    assert.equal(latest!.width, 300);
    await vscode.commands.executeCommand('sceneSnap.showHistory');
    await typeKeys('.pane-header[aria-label*="History"]', undefined);
    await workbenchScreenshot('history-view');
  });

  it('Add Room asks uuid → name → region and writes the workspace settings; Edit Room changes a field', async () => {
    const added = vscode.commands.executeCommand('sceneSnap.addRoom');
    await typeKeys(quickInput('Room uuid'), COURSE, 'Enter');
    await typeKeys(quickInput('Name (optional)'), 'Course room', 'Enter');
    await typeKeys(quickInput("The room's data centre"), 'in-mum', 'Enter');
    await added;
    const rooms = () => vscode.workspace.getConfiguration('sceneSnap').inspect<Array<Record<string, unknown>>>('rooms')?.workspaceValue ?? [];
    assert.deepEqual(rooms().find((r) => r.uuid === COURSE), { uuid: COURSE, name: 'Course room', region: 'in-mum' });

    const edited = vscode.commands.executeCommand('sceneSnap.editRoom', { uuid: COURSE });
    await typeKeys(quickInput('What to change'), 'Width', 'Enter');
    await typeKeys(quickInput('Width'), '900', 'Enter');
    await edited;
    assert.equal(rooms().find((r) => r.uuid === COURSE)?.width, 900);
  });

  it('Remove Room confirms; Escape or Cancel keeps the room, Remove removes it', async () => {
    const rooms = () => (vscode.workspace.getConfiguration('sceneSnap').inspect<Array<{ uuid: string }>>('rooms')?.workspaceValue ?? []).map((r) => r.uuid);
    assert.ok(rooms().includes(COURSE), 'the previous test added the room');
    const escaped = vscode.commands.executeCommand('sceneSnap.removeRoom', { uuid: COURSE });
    await typeKeys(CONFIRM, undefined, 'Escape');
    await escaped;
    const cancelled = vscode.commands.executeCommand('sceneSnap.removeRoom', { uuid: COURSE });
    await typeKeys(CONFIRM, 'Cancel', 'Enter');
    await cancelled;
    assert.ok(rooms().includes(COURSE));

    const removed = vscode.commands.executeCommand('sceneSnap.removeRoom', { uuid: COURSE });
    await typeKeys(CONFIRM, undefined, 'Enter');
    await removed;
    await eventually(() => !rooms().includes(COURSE), 'the room to leave the workspace settings');
  });

  it('Clear History confirms; the history lives in workspaceState, so a new store reads it back', async () => {
    const { history, workspaceState } = await internals();
    await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
    assert.ok(history.list().length > 0);
    // Written a moment later (the screenshot and its preview go first). A fresh store over the same
    // workspaceState is what the next activation sees.
    await eventually(() => new HistoryStore(workspaceState).list()[0]?.id === history.latest()?.id || undefined, 'the history written');
    assert.deepEqual(new HistoryStore(workspaceState).list(), history.list());

    const kept = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(CONFIRM, undefined, 'Escape');
    await kept;
    assert.ok(history.list().length > 0);
    const cleared = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(CONFIRM, undefined, 'Enter');
    await cleared;
    assert.deepEqual(history.list(), []);
    assert.deepEqual(new HistoryStore(workspaceState).list(), []);
  });
});
