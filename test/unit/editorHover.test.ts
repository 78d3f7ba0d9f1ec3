import * as assert from 'node:assert/strict';
import { TokenRole, roomToken, sdkToken } from 'netless-token';
import { describeToken } from '../../src/core/api/token';
import { MAX_HOVER_CHARS, plainText, roomHoverMarkdown, tokenHoverMarkdown, type RoomHoverFacts, type TokenHoverFacts } from '../../src/extension/editor/hoverMarkdown';

const UUID = 'faed3130727911ebaea37759ee91947c';
const NOW = Date.UTC(2026, 0, 10, 12);
const THUMB = `data:image/png;base64,${Buffer.alloc(3000, 7).toString('base64')}`;

function room(overrides: Partial<RoomHoverFacts> = {}): RoomHoverFacts {
  return {
    uuid: UUID,
    known: true,
    configured: true,
    name: 'Physics',
    region: 'us-sv',
    regionIsDefault: false,
    token: 'token: SDK token · writer · never expires, the project-wide fallback',
    warnings: [],
    scenePath: '/init',
    last: { id: 'e2', path: '/init', time: NOW - 3 * 60_000, thumbnail: { uri: THUMB, width: 240, height: 135 }, hasPrevious: true },
    ...overrides,
  };
}

/** The command ids and their decoded arguments of every command: link of the Markdown. */
function links(markdown: string): Array<[string, unknown]> {
  return [...markdown.matchAll(/\]\(command:([A-Za-z.]+)\?([^)]*)\)/g)].map((m) => [m[1]!, JSON.parse(decodeURIComponent(m[2]!))[0]]);
}

describe('editor hover markdown', () => {
  it('a known room: first line starts with Scene Snap, the thumbnail, the time, and the five command links with the room', () => {
    const md = roomHoverMarkdown(room(), NOW);
    assert.match(md.value, /^Scene Snap · /);
    assert.ok(md.value.includes(`](${THUMB}|width=240,height=135)`));
    assert.match(md.value, /3 min ago/);
    assert.deepEqual(links(md.value), [
      ['sceneSnap.screenshotScene', { room: UUID, path: '/init' }],
      ['sceneSnap.editor.screenshotDirectory', { room: UUID }],
      ['sceneSnap.editor.showInRooms', { room: UUID }],
      ['sceneSnap.openHistoryEntry', { id: 'e2' }],
      ['sceneSnap.compareWithPrevious', { entry: 'e2' }],
    ]);
    // Trusted: exactly the commands its links run.
    assert.deepEqual(md.commands, [...new Set(links(md.value).map(([c]) => c))].sort());
  });

  it('no kept screenshot: no image, no Open Last or Compare; one screenshot: no Compare; Blank said', () => {
    const none = roomHoverMarkdown(room({ last: undefined }), NOW);
    assert.ok(!none.value.includes('!['));
    assert.deepEqual(links(none.value).map(([c]) => c), ['sceneSnap.screenshotScene', 'sceneSnap.editor.screenshotDirectory', 'sceneSnap.editor.showInRooms']);
    const one = roomHoverMarkdown(room({ last: { id: 'e1', path: '/a', time: NOW, blank: true, hasPrevious: false } }), NOW);
    assert.ok(!one.commands.includes('sceneSnap.compareWithPrevious'));
    assert.match(one.value, /Blank/);
  });

  it('an unknown uuid offers Add to Rooms and Screenshot only', () => {
    const md = roomHoverMarkdown(room({ known: false, configured: false, name: undefined, token: undefined, last: undefined }), NOW);
    assert.deepEqual(md.commands, ['sceneSnap.addRoom', 'sceneSnap.screenshotScene']);
  });

  it('stays well under 100,000 characters whatever the room name, and drops an oversized thumbnail', () => {
    const huge = roomHoverMarkdown(room({ name: 'x'.repeat(500_000), warnings: Array(50).fill('w'.repeat(10_000)), last: { id: 'e', path: '/'.repeat(100_000), time: NOW, thumbnail: { uri: `data:image/png;base64,${'A'.repeat(200_000)}`, width: 1, height: 1 }, hasPrevious: false } }), NOW);
    assert.ok(huge.value.length <= MAX_HOVER_CHARS, String(huge.value.length));
    assert.ok(!huge.value.includes('AAAA'));
    // A thumbnail that is not a data: PNG is never put in (no file:, no http: image).
    assert.ok(!roomHoverMarkdown(room({ last: { id: 'e', path: '/a', time: NOW, thumbnail: { uri: 'https://x/y.png', width: 1, height: 1 }, hasPrevious: false } }), NOW).value.includes('https'));
  });

  it('text from settings cannot inject links, images, icons or HTML', () => {
    const md = roomHoverMarkdown(room({ name: '[run](command:workbench.action.terminal.new) ![x](http://e/x.png) $(zap) <img src=x>' }), NOW);
    assert.ok(!md.commands.includes('workbench.action.terminal.new'));
    assert.ok(!/\]\(command:workbench/.test(md.value));
    assert.ok(!/(^|[^\\])<img/.test(md.value), 'an unescaped <');
    assert.ok(!/(^|[^\\])\$\(zap/.test(md.value), 'an unescaped icon');
    assert.equal(plainText('a\nb'), 'a b');
  });

  const where = { uri: 'file:///w/a.ts', line: 3, start: 10, end: 200 };
  it('a token: kind and role named, its room, expiry, the workspace warning, Store as … Token; never the token', () => {
    const token = roomToken('ak', 'sk', 3 * 3600_000, { role: TokenRole.Writer, uuid: UUID });
    const facts: TokenHoverFacts = { info: describeToken(token) as TokenHoverFacts['info'], roomName: 'Physics', inWorkspace: true, where };
    const md = tokenHoverMarkdown(facts, Date.now());
    assert.match(md.value, /^Scene Snap · room token · writer/);
    assert.match(md.value, /Physics/);
    assert.match(md.value, /expires in 2 h|expires in 3 h/);
    assert.match(md.value, /can be committed/);
    assert.deepEqual(links(md.value), [['sceneSnap.editor.storeToken', where]]);
    assert.ok(!md.value.includes(token) && !md.value.includes(token.slice(12, 40)));
  });

  it('an expired SDK token outside the workspace: no warning; a task token cannot be stored', () => {
    const token = sdkToken('ak', 'sk', 1, { role: TokenRole.Admin });
    const info = { ...describeToken(token), expiresAt: Date.now() - 3 * 86_400_000 } as TokenHoverFacts['info'];
    const md = tokenHoverMarkdown({ info, inWorkspace: false, where }, Date.now());
    assert.match(md.value, /^Scene Snap · SDK token · admin/);
    assert.match(md.value, /expired 3 d ago/);
    assert.ok(!/committed/.test(md.value));
    assert.match(md.value, /Store as SDK Token/);
    const task = tokenHoverMarkdown({ info: { kind: 'task', role: 'reader', roomUuid: UUID }, inWorkspace: true, where }, Date.now());
    assert.match(task.value, /^Scene Snap · task token · reader/);
    assert.deepEqual(task.commands, []);
  });
});
