import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { quickInput, quickPickRow, runnerBridgeAvailable, typeKeys, visibleCount } from '../support/runnerBridge';
import { ROOMS } from '../support/rooms';
import type { RoomsTreeNode } from '../../src/extension/rooms/roomsView';
import { EXTENSION_ID, configure, eventually, interceptMessages, internals, rejection, sceneSnap, startFake, useSandbox, type FakeNetless } from './support';

// Finding rooms (#22): the five data centres asked at once, the region found used and remembered, and the
// flows around a 404. The fake service keeps each room in one region and answers 404 in the others.

const UNICODE = ROOMS.unicode; // sg
const HANGZHOU = ROOMS.hangzhou; // cn-hz, the fifth region asked
const COURSE = ROOMS.course; // in-mum
const DECK = ROOMS.deck; // eu
const NOWHERE = 'ffffffffffffffffffffffffffffff01';
const FIVE = ['cn-hz', 'eu', 'in-mum', 'sg', 'us-sv'];

const workspaceRooms = () => vscode.workspace.getConfiguration('sceneSnap').inspect<Array<Record<string, unknown>>>('rooms')?.workspaceValue ?? [];

describe('finding the region of a room', () => {
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    'sceneSnap.openPreview': false,
    // UNICODE is configured without a region: the default (us-sv) is a guess, and a wrong one.
    'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }],
  });
  /** Another API origin: nothing of this suite may reach it, least of all a token. */
  let elsewhere: FakeNetless;
  let sdkToken: string;

  before(async () => {
    elsewhere = await startFake();
    sdkToken = sandbox.fake.sdkToken('writer');
    await vscode.commands.executeCommand('sceneSnap.setToken', { token: sdkToken });
  });
  after(async () => {
    // The fake recording which requests went where: none to the other origin, ever.
    assert.deepEqual(elsewhere.requests, []);
    await elsewhere.close();
  });
  beforeEach(() => {
    sandbox.fake.clearRequests();
    sandbox.fake.clearFaults();
  });

  /** The probes the fake received: one GET /v5/rooms/{uuid} per region, with the SDK token. */
  function assertProbes(room: string): void {
    const probes = sandbox.fake.requests.filter((r) => r.endpoint === 'room');
    assert.deepEqual(probes.map((r) => r.headers.region).sort(), FIVE);
    for (const p of probes) {
      assert.equal(p.method, 'GET');
      assert.equal(p.path, `/v5/rooms/${room}`);
      assert.equal(p.headers.token, sdkToken);
    }
  }

  it('findRegion asks the five data centres at once and resolves to the one with the room; then answers from memory', async () => {
    const api = await sceneSnap();
    assert.equal(await api.findRegion(HANGZHOU), 'cn-hz');
    assertProbes(HANGZHOU);
    assert.equal(sandbox.fake.requests.length, 5);
    sandbox.fake.clearRequests();
    assert.equal(await api.findRegion(HANGZHOU), 'cn-hz');
    assert.deepEqual(sandbox.fake.requests, [], 'a region found at this origin needs no probe');
  });

  it('sceneSnap.findRegion {room} resolves to the region without waiting on the user, and offers it', async () => {
    const messages = interceptMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('sceneSnap.findRegion', { room: DECK }), 'eu');
      assertProbes(DECK);
      const offer = await eventually(() => messages.shown.find((m) => /This room is in/.test(m.text)), 'the offer');
      assert.equal(offer.text, 'This room is in Frankfurt, Europe (eu): use eu for it?');
      assert.deepEqual(offer.items, ['Use It']);
    } finally {
      messages.restore();
    }
  });

  it('a 404 everywhere: findRegion rejects notFound naming the data centres checked; the command says so', async () => {
    const api = await sceneSnap();
    const err = await rejection(api.findRegion(NOWHERE));
    assert.equal(err.code, 'notFound');
    assert.match(err.message, /No room with the uuid ffffffffffffffffffffffffffffff01 in any data centre \(checked us-sv, sg, in-mum, eu, cn-hz\)/);
    assertProbes(NOWHERE);
    assert.equal(sandbox.fake.requests.length, 5);
    const messages = interceptMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('sceneSnap.findRegion', { room: NOWHERE }), undefined);
      const shown = await eventually(() => messages.shown.find((m) => /could not be found/.test(m.text)), 'the error');
      assert.match(shown.text, /in any data centre \(checked us-sv, sg, in-mum, eu, cn-hz\)/);
    } finally {
      messages.restore();
    }
  });

  it('a 401 or 403 rejects with that code, never notFound', async () => {
    const api = await sceneSnap();
    sandbox.fake.setFault({ region: 'eu', endpoint: 'room', status: 403, body: { message: 'token access team forbidden' } });
    for (const region of ['us-sv', 'sg', 'in-mum', 'cn-hz']) sandbox.fake.setFault({ region, endpoint: 'room', latencyMs: 500 });
    assert.equal((await rejection(api.findRegion('0123456789abcdef0123456789abcdef'))).code, 'forbidden');
  });

  it('a 404 of a room without a region of its own finds the region at once; Use It writes it and the shot is retried there', async () => {
    const messages = interceptMessages();
    try {
      messages.reply(/This room is in Singapore \(sg\): use sg for it\?/, 'Use It');
      assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: UNICODE, path: '/init' }), undefined);
      await eventually(() => workspaceRooms().find((r) => r.uuid === UNICODE && r.region === 'sg'), "the room's region to be written");
      assert.deepEqual(workspaceRooms().find((r) => r.uuid === UNICODE), { uuid: UNICODE, name: 'Unicode', region: 'sg' });
      const shot = await eventually(() => sandbox.fake.requests.find((r) => r.endpoint === 'screenshots' && r.headers.region === 'sg'), 'the shot retried in sg');
      assert.equal(JSON.parse(shot.body).path, '/init');
      // First the guess (us-sv, 404), then the probes, then the retry; nothing else.
      const order = sandbox.fake.requests.map((r) => `${r.endpoint} ${r.headers.region}`);
      assert.equal(order[0], 'screenshots us-sv');
      assert.deepEqual(order.slice(1, 6).sort(), FIVE.map((r) => `room ${r}`));
      assert.equal(order[6], 'screenshots sg');
      assert.ok(!messages.shown.some((m) => /failed/.test(m.text)), 'no error shown: the search took over');
    } finally {
      messages.restore();
    }
  });

  it('a 404 of a room with a region of its own offers Find Region (and Edit Room opens on Region)', async () => {
    const messages = interceptMessages();
    try {
      messages.reply(/Screenshot of \/init failed/, 'Find Region');
      messages.reply(/This room is in Mumbai, India \(in-mum\)/, 'Use It');
      assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: COURSE, path: '/init' }), undefined);
      const error = messages.shown.find((m) => /Screenshot of \/init failed/.test(m.text))!;
      assert.deepEqual(error.items, ['Find Region', 'Edit Room', 'Show Log']);
      await eventually(() => workspaceRooms().find((r) => r.uuid === COURSE && r.region === 'in-mum'), 'the region written');
      await eventually(() => sandbox.fake.requests.find((r) => r.endpoint === 'screenshots' && r.headers.region === 'in-mum'), 'the shot retried in in-mum');
    } finally {
      messages.restore();
      await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
    }
  });

  it('a whole-room shot: a 404 of a room without a region of its own finds the region at once; Use It writes it and the room is shot there', async () => {
    await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
    sandbox.fake.clearRequests();
    const messages = interceptMessages();
    try {
      messages.reply(/This room is in Singapore \(sg\): use sg for it\?/, 'Use It');
      assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotRoom', { room: UNICODE }), undefined);
      await eventually(() => workspaceRooms().find((r) => r.uuid === UNICODE && r.region === 'sg'), "the room's region to be written");
      await eventually(() => sandbox.fake.requests.find((r) => r.endpoint === 'screenshot-list' && r.headers.region === 'sg'), 'the room shot again in sg');
      const about = sandbox.fake.requests.filter((r) => r.room === UNICODE).map((r) => `${r.endpoint} ${r.headers.region}`);
      // First the guess (us-sv, 404), then the probes, then the room in sg; nothing in us-sv after the guess.
      assert.equal(about[0], 'scenes us-sv');
      assert.deepEqual(about.slice(1, 6).sort(), FIVE.map((r) => `room ${r}`));
      assert.ok(about.slice(6).every((a) => a.endsWith(' sg')), about.join(', '));
      assert.ok(!messages.shown.some((m) => /failed/.test(m.text)), 'no error shown: the search took over');
    } finally {
      messages.restore();
      await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
    }
  });

  it('a whole-room shot: a 404 of a room with a region of its own offers Find Region', async () => {
    const messages = interceptMessages();
    try {
      assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotRoom', { room: COURSE }), undefined);
      const error = await eventually(() => messages.shown.find((m) => /Screenshots of every scene of Course failed/.test(m.text)), 'the error');
      assert.deepEqual(error.items, ['Find Region', 'Edit Room', 'Show Log']);
    } finally {
      messages.restore();
    }
  });

  it('the exported API keeps a 404 notFound (no silent retry), its message naming the region found', async () => {
    const api = await sceneSnap();
    await api.findRegion(HANGZHOU);
    sandbox.fake.clearRequests();
    const err = await rejection(api.screenshotScene({ room: HANGZHOU, region: 'sg', path: '/init' }, { preview: false }));
    assert.equal(err.code, 'notFound');
    assert.match(err.message, new RegExp(`Room ${HANGZHOU} was found in region cn-hz\\.`));
    assert.deepEqual(sandbox.fake.requests.map((r) => `${r.endpoint} ${r.headers.region}`), ['screenshots sg']);
  });

  it('reads gb-lon as eu in a request', async () => {
    const api = await sceneSnap();
    await api.screenshotScene({ room: DECK, region: 'gb-lon', path: '/init' }, { preview: false });
    assert.deepEqual(sandbox.fake.requests.map((r) => `${r.endpoint} ${r.headers.region}`), ['screenshots eu']);
  });

  describe('Add Room given as arguments checks the room before saving it (no question asked)', () => {
    const BASE_ROOMS = [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }];
    afterEach(() => configure({ 'sceneSnap.rooms': BASE_ROOMS }));

    /** The room-info calls about `uuid` the fake received, in order: `GET <region> <whose token>`. */
    function roomCalls(uuid: string, tokens: Record<string, string>): string[] {
      const whose = (t: unknown) => Object.entries(tokens).find(([, v]) => v === t)?.[0] ?? 'another token';
      return sandbox.fake.requests.filter((r) => r.room === uuid && r.endpoint === 'room').map((r) => `${r.method} ${r.headers.region} ${whose(r.headers.token)}`);
    }

    it('the region given answers 200: one GET /v5/rooms/{uuid} there with the token its calls use, then saved', async () => {
      // The room's own token is the one its calls would use, so it is the one the check sends.
      const own = sandbox.fake.roomToken(DECK, 'writer');
      await vscode.commands.executeCommand('sceneSnap.setToken', { room: DECK, token: own });
      try {
        const added = await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: DECK, name: 'Deck', region: 'eu' });
        assert.deepEqual(added, { uuid: DECK, name: 'Deck', region: 'eu' });
        assert.deepEqual(roomCalls(DECK, { sdk: sdkToken, own }), ['GET eu own']);
        assert.equal(sandbox.fake.requests.find((r) => r.endpoint === 'room')?.path, `/v5/rooms/${DECK}`);
        assert.deepEqual(workspaceRooms().find((r) => r.uuid === DECK), { uuid: DECK, name: 'Deck', region: 'eu' });
      } finally {
        await vscode.commands.executeCommand('sceneSnap.clearToken', { room: DECK });
      }
    });

    it('a 404 in the region given: the data centres are asked and the region found is saved, said in a message that waits for nothing', async () => {
      const messages = interceptMessages();
      try {
        const added = await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: HANGZHOU, name: 'Stand-up', region: 'sg' });
        assert.deepEqual(added, { uuid: HANGZHOU, name: 'Stand-up', region: 'cn-hz' });
        const calls = roomCalls(HANGZHOU, { sdk: sdkToken });
        assert.deepEqual(calls[0], 'GET sg sdk');
        assert.deepEqual(calls.slice(1).sort(), FIVE.map((r) => `GET ${r} sdk`));
        assert.deepEqual(workspaceRooms().find((r) => r.uuid === HANGZHOU), { uuid: HANGZHOU, name: 'Stand-up', region: 'cn-hz' });
        const said = messages.shown.find((m) => /is not in sg/.test(m.text));
        assert.equal(said?.text, `Room ${HANGZHOU} is not in sg: it is in Hangzhou, China (cn-hz), and was added with cn-hz.`);
        assert.deepEqual(said?.items, []);
      } finally {
        messages.restore();
      }
    });

    it('no region given: the data centres are asked before saving, and the region found is saved', async () => {
      const GIVEN = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a03';
      sandbox.fake.rooms.push({ uuid: GIVEN, name: 'Given', region: 'in-mum', scenes: ['/init'] });
      const added = await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: GIVEN, width: 640 });
      assert.deepEqual(added, { uuid: GIVEN, region: 'in-mum', width: 640 });
      assert.deepEqual(roomCalls(GIVEN, { sdk: sdkToken }).sort(), FIVE.map((r) => `GET ${r} sdk`));
      assert.deepEqual(workspaceRooms().find((r) => r.uuid === GIVEN), { uuid: GIVEN, region: 'in-mum', width: 640 });
    });

    it('a 404 everywhere: a clear error, and nothing saved', async () => {
      const MISSING = 'ffffffffffffffffffffffffffffff02';
      const messages = interceptMessages();
      try {
        assert.equal(await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: MISSING, region: 'us-sv' }), undefined);
        const calls = roomCalls(MISSING, { sdk: sdkToken });
        assert.deepEqual(calls[0], 'GET us-sv sdk');
        assert.deepEqual(calls.slice(1).sort(), FIVE.map((r) => `GET ${r} sdk`));
        assert.equal(workspaceRooms().find((r) => r.uuid === MISSING), undefined);
        const error = messages.shown.find((m) => /Add Room/.test(m.text));
        assert.equal(error?.text, `Add Room: No room with the uuid ${MISSING} in any data centre (checked us-sv, sg, in-mum, eu, cn-hz). Nothing was added.`);
      } finally {
        messages.restore();
      }
    });

    it('a 401/403 is a token problem, not a region problem: no data centre is probed, and the room is saved as given', async () => {
      sandbox.fake.setFault({ room: DECK, endpoint: 'room', status: 403, body: { message: 'token access team forbidden' } });
      const added = await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: DECK, region: 'eu' });
      assert.deepEqual(roomCalls(DECK, { sdk: sdkToken }), ['GET eu sdk']);
      assert.deepEqual(added, { uuid: DECK, region: 'eu' });
      assert.deepEqual(workspaceRooms().find((r) => r.uuid === DECK), { uuid: DECK, region: 'eu' });
    });

    it('reads gb-lon as eu, with a warning', async () => {
      const messages = interceptMessages();
      try {
        const added = await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid: DECK, region: 'gb-lon' });
        assert.deepEqual(added, { uuid: DECK, region: 'eu' });
        assert.deepEqual(roomCalls(DECK, { sdk: sdkToken }), ['GET eu sdk']);
        assert.deepEqual(workspaceRooms().find((r) => r.uuid === DECK), { uuid: DECK, region: 'eu' });
        assert.ok(messages.shown.some((m) => m.text === 'Region "gb-lon" is the old name of eu: room ' + DECK + ' is added with eu.'), messages.shown.map((m) => m.text).join('\n'));
      } finally {
        messages.restore();
      }
    });
  });

  describe('Find Region on a room of the Rooms view whose listing answered 404', () => {
    /** A `when` clause of the forms the manifest uses (`a == b`, `a =~ /re/`, joined by &&) against a context. */
    function holds(when: string, context: Record<string, string>): boolean {
      return when.split('&&').every((term) => {
        const match = /^\s*([\w.]+)\s*(==|=~)\s*(.+?)\s*$/.exec(term);
        if (!match) throw new Error(`a when clause this test cannot read: ${when}`);
        const [, key, op, value] = match as unknown as [string, string, string, string];
        const actual = context[key] ?? '';
        if (op === '==') return actual === value;
        const re = /^\/(.*)\/(\w*)$/.exec(value)!;
        return new RegExp(re[1]!, re[2]).test(actual);
      });
    }

    it("the failed room's tree item offers Find Region inline and in its menu; run on it, the command writes the region found", async () => {
      const tree = (await internals()).roomsTree;
      // Its region is remembered (found once): the 404 in the view must still be looked into afresh.
      assert.equal(await (await sceneSnap()).findRegion(COURSE), 'in-mum');
      // COURSE is configured in us-sv, and lives in in-mum: its listing answers 404.
      await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
      const room = ((await tree.getChildren()) as RoomsTreeNode[]).find((n) => n.kind === 'room' && n.room.uuid === COURSE)!;
      const [failed] = (await tree.getChildren(room)) as RoomsTreeNode[];
      assert.equal(failed?.kind, 'problem');
      const item = await tree.getTreeItem(failed!);
      assert.match(String(item.label), /Could not list scenes/);
      const context = { view: 'sceneSnap.rooms', viewItem: item.contextValue ?? '' };
      const menus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string; group?: string }>).filter(
        (m) => m.command === 'sceneSnap.findRegion' && holds(m.when, context),
      );
      assert.deepEqual(menus.map((m) => m.group?.split('@')[0]).sort(), ['1_region', 'inline'], `Find Region in the inline actions and the menu of a "${item.contextValue}" item`);
      // Its click finds the region too.
      assert.equal(item.command?.command, 'sceneSnap.findRegion');
      // The room's own row says it too (seen when the room is collapsed): Find Region inline, beside its other actions.
      const roomItem = await tree.getTreeItem(room);
      const roomMenus = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string; group?: string }>).filter(
        (m) => m.command === 'sceneSnap.findRegion' && holds(m.when, { view: 'sceneSnap.rooms', viewItem: roomItem.contextValue ?? '' }),
      );
      assert.deepEqual(roomMenus.map((m) => m.group?.split('@')[0]).sort(), ['2_room', 'inline'], `Find Region inline and in the menu of a "${roomItem.contextValue}" room`);
      // A room whose listing did not fail has it in its menu only.
      const unicode = ((await tree.getChildren()) as RoomsTreeNode[]).find((n) => n.kind === 'room' && n.room.uuid === UNICODE)!;
      const fine = (await tree.getTreeItem(unicode)).contextValue ?? '';
      assert.deepEqual(
        (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/item/context'] as Array<{ command: string; when: string; group?: string }>)
          .filter((m) => m.command === 'sceneSnap.findRegion' && holds(m.when, { view: 'sceneSnap.rooms', viewItem: fine }))
          .map((m) => m.group?.split('@')[0]),
        ['2_room'],
      );

      sandbox.fake.clearRequests();
      const messages = interceptMessages();
      try {
        messages.reply(/This room is in Mumbai, India \(in-mum\)/, 'Use It');
        assert.equal(await vscode.commands.executeCommand('sceneSnap.findRegion', failed), 'in-mum');
        // After a 404 the data centres are asked afresh (a region remembered earlier is not trusted), with the SDK token.
        assertProbes(COURSE);
        await eventually(() => workspaceRooms().find((r) => r.uuid === COURSE && r.region === 'in-mum'), 'the region found written');
        assert.deepEqual(workspaceRooms().find((r) => r.uuid === COURSE), { uuid: COURSE, name: 'Course', region: 'in-mum' });
      } finally {
        messages.restore();
        await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
      }
    });
  });

  if (runnerBridgeAvailable) {
    it('palette: a typed uuid in another region than the default is found, used, offered for Add Room, and remembered', async () => {
      // A room no test has looked for yet, in sg; the default region is us-sv.
      const TYPED = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a01';
      sandbox.fake.rooms.push({ uuid: TYPED, name: 'Typed', region: 'sg', scenes: ['/init', '/lesson/one'] });
      const messages = interceptMessages();
      try {
        messages.reply(/This room is in Singapore \(sg\): use sg for it\?/, 'Use It');
        const done = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
        await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
        await typeKeys(quickInput('e.g. '), TYPED, 'Enter');
        // No region is asked: the data centres were, and Use It went on with sg.
        await typeKeys(quickPickRow('/lesson/one'), '/lesson/one', 'Enter');
        await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
        const result = await done;
        assert.match(result.url, /lesson\/one\.png$/);
        // Exactly which requests about this room went where: the five probes, then the listing and the shot in
        // sg (the Rooms view may list its own rooms meanwhile: those requests are about other rooms).
        const seen = sandbox.fake.requests.filter((r) => r.room === TYPED).map((r) => `${r.method} ${r.endpoint} ${r.headers.region}`);
        assert.deepEqual(seen.slice(0, 5).sort(), FIVE.map((r) => `GET room ${r}`));
        assert.deepEqual(seen.slice(5), ['GET scenes sg', 'POST screenshots sg']);
        for (const r of sandbox.fake.requests) assert.equal(r.headers.token, sdkToken);
        const offer = await eventually(() => messages.shown.find((m) => /worked in region/.test(m.text)), 'the Add Room offer');
        assert.equal(offer.text, `Room ${TYPED} worked in region sg: add it to your rooms?`);
        assert.deepEqual(offer.items, ['Add Room']);

        // The next typed use needs no probe.
        sandbox.fake.clearRequests();
        const again = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
        await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
        await typeKeys(quickInput('e.g. '), TYPED, 'Enter');
        await typeKeys(quickPickRow('last used'), undefined, 'Enter');
        await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
        await again;
        // (The listing of sg is the one cached from the first time.)
        assert.deepEqual(sandbox.fake.requests.filter((r) => r.endpoint !== 'scenes').map((r) => `${r.endpoint} ${r.headers.region}`), ['screenshots sg']);
      } finally {
        messages.restore();
      }
    });

    it('palette: a typed uuid that no data centre knows says so and sends nothing more', async () => {
      const messages = interceptMessages();
      try {
        const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.screenshotScene'));
        await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
        await typeKeys(quickInput('e.g. '), NOWHERE, 'Enter');
        assert.equal(await done, undefined);
        assert.ok(messages.shown.some((m) => /in any data centre \(checked us-sv, sg, in-mum, eu, cn-hz\)/.test(m.text)), messages.shown.map((m) => m.text).join('\n'));
        assertProbes(NOWHERE);
        assert.equal(sandbox.fake.requests.length, 5, 'no listing, no screenshot');
      } finally {
        messages.restore();
      }
    });

    it('palette: Add Room checks the region before saving and offers the right one', async () => {
      const messages = interceptMessages();
      try {
        messages.reply(/This room is in Hangzhou, China \(cn-hz\)/, 'Use It');
        const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.addRoom'));
        await typeKeys(quickInput('Room uuid'), HANGZHOU, 'Enter');
        await typeKeys(quickInput('Name (optional)'), 'Stand-up', 'Enter');
        await typeKeys(quickInput("The room's data centre"), 'sg', 'Enter');
        await done;
        assert.deepEqual(workspaceRooms().find((r) => r.uuid === HANGZHOU), { uuid: HANGZHOU, name: 'Stand-up', region: 'cn-hz' });
      } finally {
        messages.restore();
        await configure({ 'sceneSnap.rooms': workspaceRooms().filter((r) => r.uuid !== HANGZHOU) });
      }
    });

    it('palette: when the data centres cannot be asked the region is picked, and Pick Another Region leaves out the one that failed', async () => {
      const TYPED = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a02';
      sandbox.fake.rooms.push({ uuid: TYPED, name: 'Typed', region: 'sg', scenes: ['/init'] });
      // Every probe's connection is reset: the search fails with a network error, and the user may still know.
      sandbox.fake.setFault({ room: TYPED, endpoint: 'room', reset: 'before' });
      const messages = interceptMessages();
      try {
        messages.reply(/could not be listed \(region eu\)/, 'Pick Another Region');
        const done = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
        await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
        await typeKeys(quickInput('e.g. '), TYPED, 'Enter');
        await typeKeys(quickInput("The room's data centre"), 'eu', 'Enter');
        // The listing in eu answers 404; the next region picker has no eu row.
        await typeKeys(quickInput("The room's data centre"), undefined);
        assert.equal(await visibleCount(quickPickRow('eu')), 0, 'the region that failed is offered again');
        assert.equal(await visibleCount(quickPickRow('sg')), 1);
        await typeKeys(quickInput("The room's data centre"), 'sg', 'Enter');
        await typeKeys(quickPickRow('/init'), '/init', 'Enter');
        await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
        await done;
        assert.ok(messages.shown.some((m) => /The region of room .* could not be found: .*could not be asked/.test(m.text)), messages.shown.map((m) => m.text).join('\n'));
        const listing = messages.shown.find((m) => /could not be listed \(region eu\)/.test(m.text))!;
        assert.deepEqual(listing.items, ['Find Region', 'Add Room', 'Pick Another Region', 'Set Token']);
        assert.equal(sandbox.fake.requests.find((r) => r.endpoint === 'screenshots')?.headers.region, 'sg');
      } finally {
        messages.restore();
      }
    });

    it('Edit Room from an error opens on the field it is about', async () => {
      const done = Promise.resolve(vscode.commands.executeCommand('sceneSnap.editRoom', { uuid: COURSE, field: 'region' }));
      // The region picker at once, not the list of fields.
      await typeKeys(quickInput("The room's data centre"), 'in-mum', 'Enter');
      await done;
      assert.equal(workspaceRooms().find((r) => r.uuid === COURSE)?.region, 'in-mum');
      await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
    });

    it("palette: Edit Room from a shot's 404 opens on Region, and the shot is retried in the region picked", async () => {
      const messages = interceptMessages();
      try {
        messages.reply(/Screenshot of \/init failed \(region us-sv\)/, 'Edit Room');
        assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: COURSE, path: '/init' }), undefined);
        // The region picker at once, not the list of fields.
        await typeKeys(quickInput("The room's data centre"), 'in-mum', 'Enter');
        await eventually(() => workspaceRooms().find((r) => r.uuid === COURSE && r.region === 'in-mum'), 'the region written');
        const retried = await eventually(() => sandbox.fake.requests.find((r) => r.endpoint === 'screenshots' && r.headers.region === 'in-mum'), 'the shot retried in in-mum');
        assert.equal(JSON.parse(retried.body).path, '/init');
        assert.deepEqual(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots').map((r) => r.headers.region), ['us-sv', 'in-mum']);
      } finally {
        messages.restore();
        await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
      }
    });

    it('palette: Add Room, offered after a typed uuid worked, asks only for a name and saves the region it worked in', async () => {
      const TYPED = '5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a04';
      sandbox.fake.rooms.push({ uuid: TYPED, name: 'Typed', region: 'eu', scenes: ['/init'] });
      const messages = interceptMessages();
      try {
        messages.reply(/This room is in Frankfurt, Europe \(eu\): use eu for it\?/, 'Use It');
        messages.reply(/worked in region eu: add it to your rooms\?/, 'Add Room');
        const done = Promise.resolve(vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene'));
        await typeKeys(quickInput('Pick a whiteboard room'), 'Enter a room uuid', 'Enter');
        await typeKeys(quickInput('e.g. '), TYPED, 'Enter');
        await typeKeys(quickPickRow('/init'), '/init', 'Enter');
        await typeKeys(quickInput('Screenshot size in pixels'), undefined, 'Enter');
        await done;
        sandbox.fake.clearRequests();
        // Neither the uuid nor the region is asked again: they are the ones that just worked.
        await typeKeys(quickInput('Name (optional)'), 'Typed four', 'Enter');
        const saved = await eventually(() => workspaceRooms().find((r) => r.uuid === TYPED), 'the room saved');
        assert.deepEqual(saved, { uuid: TYPED, name: 'Typed four', region: 'eu' });
        // Checked before saving, as any Add Room: one GET of the room in eu.
        assert.deepEqual(sandbox.fake.requests.filter((r) => r.endpoint === 'room').map((r) => `${r.method} ${r.room} ${r.headers.region}`), [`GET ${TYPED} eu`]);
      } finally {
        messages.restore();
        await configure({ 'sceneSnap.rooms': [{ uuid: UNICODE, name: 'Unicode' }, { uuid: COURSE, name: 'Course', region: 'us-sv' }] });
      }
    });
  }
});
