import * as assert from 'node:assert/strict';
import { problemOrNothing } from '../../src/core/api/problems';
import { baseUrlProblem } from '../../src/core/api/validate';
import { isLoopbackUrl } from '../../src/core/api/loopback';
import { isLoadable } from '../../src/extension/preview/model';
import { validatePageMessage, readViewState, savedEntry } from '../../src/extension/preview/messages';
import { buildCsp, escapeHtml, newNonce, renderPage } from '../../src/extension/preview/page';
import type { HostMethods, PageMethods, RequestMessage, ResponseMessage } from '../../src/extension/preview/protocol';
import { Rpc } from '../../src/extension/preview/rpc';

const cspSource = 'https://file+.vscode-resource.vscode-cdn.net';
const hostile = '"><img src=x onerror=alert(1)>';

describe('preview page and CSP', () => {
  it('allows nothing by default, scripts only by nonce, styles only from the extension', () => {
    const nonce = newNonce();
    const csp = buildCsp({ cspSource, nonce, allowLoopbackHttp: false });
    const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k!, v]));
    assert.deepEqual(directives.get('default-src'), ["'none'"]);
    assert.deepEqual(directives.get('script-src'), [`'nonce-${nonce}'`]);
    assert.deepEqual(directives.get('style-src'), [cspSource]);
    // blob: the kept snapshots (bytes the host posted); https: the bucket URLs. No webview resource, no data:.
    assert.deepEqual(directives.get('img-src'), ['blob:', 'https:']);
    assert.ok(!csp.includes('unsafe'), csp);
  });

  it('allows loopback http images only when asked (a loopback apiBaseUrl)', () => {
    const csp = buildCsp({ cspSource, nonce: newNonce(), allowLoopbackHttp: true });
    assert.match(csp, /img-src \S+ https: http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*;/);
    assert.ok(!/img-src[^;]*\shttp:(\s|;|$)/.test(csp), 'never all of http:');
  });

  it('one loopback rule: the client, the page and its CSP agree on every host', () => {
    const csp = buildCsp({ cspSource, nonce: newNonce(), allowLoopbackHttp: true });
    for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '[::1]', '127.0.0.2', 'x.localhost', '10.0.0.1', 'example.com']) {
      const url = `http://${host}:8080/x.png`;
      const client = problemOrNothing(baseUrlProblem(`http://${host}:8080`)) === undefined;
      const page = isLoadable(url, true);
      const inCsp = csp.includes(`http://${host.toLowerCase()}:*`);
      assert.equal(page, client, `${host}: the page and the client`);
      assert.equal(inCsp, client, `${host}: the CSP and the client`);
      assert.equal(isLoopbackUrl(url), client, `${host}: isLoopbackUrl`);
    }
  });

  it('makes a fresh, random nonce each time and refuses a weak one', () => {
    const nonces = new Set(Array.from({ length: 50 }, newNonce));
    assert.equal(nonces.size, 50);
    for (const n of nonces) assert.ok(Buffer.from(n, 'base64').length === 16);
    assert.throws(() => buildCsp({ cspSource, nonce: 'abc', allowLoopbackHttp: false }));
    assert.throws(() => buildCsp({ cspSource, nonce: "x' 'unsafe-inline' 'x", allowLoopbackHttp: false }));
  });

  it('escapes every value it places in the page', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const html = renderPage({ cspSource, nonce: newNonce(), allowLoopbackHttp: false, title: `room${hostile} · /p`, lang: `en${hostile}`, loading: `Loading${hostile}`, scriptUri: `https://s/x.js${hostile}`, styleUri: 'https://s/x.css' });
    assert.ok(!html.includes('<img'), html);
    assert.ok(!html.includes('onerror=alert(1)>'), html);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
  });
});

describe('preview message validation', () => {
  const urls = new Set(['https://b.example/a.png', 'https://b.example/b.png']);
  const valid = (raw: unknown) => validatePageMessage(raw, urls, 2);
  const state = { view: 'gallery', index: -1, zoom: 'fit', background: 'dark', filter: 'x', galleryScroll: 10 };

  it('keptImage: one of the panel URLs and a SHA-256, nothing else', () => {
    const ask = (params: unknown) => valid({ type: 'request', id: 3, method: 'keptImage', params });
    const hash = 'a'.repeat(64);
    assert.equal(ask({ url: 'https://b.example/a.png', hash }).ok, true);
    assert.equal(ask({ url: 'https://evil.example/a.png', hash }).ok, false, 'not a result of this panel');
    assert.equal(ask({ url: 'https://b.example/a.png', hash: '../../etc/passwd' }).ok, false, 'a hash, not a path');
    assert.equal(ask({ url: 'https://b.example/a.png', hash: 'A'.repeat(64) }).ok, false);
    assert.equal(ask({ url: 'https://b.example/a.png' }).ok, false);
    assert.equal(ask({ url: 'https://b.example/a.png', hash, file: '/x' }).ok, false);
  });

  it('accepts the known messages', () => {
    assert.equal(valid({ type: 'ready' }).ok, true);
    assert.equal(valid({ type: 'state', state, current: null }).ok, true);
    assert.equal(valid({ type: 'state', state: { ...state, view: 'single', index: 1, zoom: 3 }, current: 'https://b.example/b.png' }).ok, true);
    assert.equal(valid({ type: 'rendered', firstPaintMs: 12.5, renderMs: 3, imagesRequested: 3, tiles: 2 }).ok, true);
    assert.equal(valid({ type: 'request', id: 1, method: 'copyUrl', params: { url: 'https://b.example/a.png' } }).ok, true);
    assert.equal(valid({ type: 'request', id: 2, method: 'copyMarkdown', params: {} }).ok, true);
    assert.equal(valid({ type: 'request', id: 3, method: 'copyAllUrls', params: {} }).ok, true);
    assert.equal(valid({ type: 'response', id: 4, ok: false, error: 'no' }).ok, true);
  });

  it('refuses unknown types and methods, and malformed ones', () => {
    for (const raw of [null, 'ready', [], { type: 'eval' }, { type: 'request', id: 1, method: 'runCommand', params: {} }, { type: 'request', id: 0, method: 'copyUrl', params: { url: 'https://b.example/a.png' } }, { type: 'request', id: 1, method: 'copyAllUrls', params: { extra: 1 } }, { type: 'request', id: 1, method: 'copyUrl', params: null }, { type: 'rendered', firstPaintMs: 'soon' }, { type: 'response', id: 'x', ok: true }]) {
      assert.equal(valid(raw).ok, false, JSON.stringify(raw));
    }
  });

  it('refuses a URL that is not one of this panel\'s results', () => {
    for (const url of ['https://evil.example/a.png', 'javascript:alert(1)', 42, undefined]) {
      const result = valid({ type: 'request', id: 1, method: 'openInBrowser', params: { url } });
      assert.equal(result.ok, false, String(url));
    }
    assert.equal(valid({ type: 'request', id: 1, method: 'savePng', params: { url: 'https://b.example/a.png', target: '/etc/passwd' } }).ok, false);
    assert.equal(valid({ type: 'state', state, current: 'https://evil.example/' }).ok, false);
  });

  it("accepts an imageDecoded report only for one of this panel's images", () => {
    assert.deepEqual(valid({ type: 'imageDecoded', url: 'https://b.example/b.png' }), { ok: true, message: { type: 'imageDecoded', url: 'https://b.example/b.png' } });
    for (const url of ['https://evil.example/a.png', undefined, 7]) assert.equal(valid({ type: 'imageDecoded', url }).ok, false, String(url));
  });

  it('reads only a well-formed view state', () => {
    assert.deepEqual(readViewState(state, 2), state);
    assert.equal(readViewState({ ...state, index: 2 }, 2), undefined);
    assert.equal(readViewState({ ...state, zoom: 100 }), undefined);
    assert.equal(readViewState({ ...state, background: 'url(x)' }), undefined);
    assert.equal(readViewState({ ...state, galleryScroll: -1 }), undefined);
    // "Changed only" ticked: kept through the host (a page rebuilt in its view keeps it); only `true`.
    assert.deepEqual(readViewState({ ...state, changedOnly: true }, 2), { ...state, changedOnly: true });
    assert.equal(readViewState({ ...state, changedOnly: 'yes' }), undefined);
    assert.deepEqual(readViewState({ ...state, changedOnly: undefined }, 2), state);
    assert.equal(readViewState(undefined), undefined);
  });
});

describe('preview rpc', () => {
  const texts = { noAnswer: (method: string, seconds: number) => `no answer to ${method} within ${seconds} s`, closed: () => 'the preview was closed' };
  /** Two ends wired back to back, as host and page are. */
  function pair() {
    let host!: Rpc<PageMethods, HostMethods>;
    let page!: Rpc<HostMethods, PageMethods>;
    const deliver = (to: () => Rpc<any, any>) => (m: RequestMessage | ResponseMessage) =>
      queueMicrotask(() => (m.type === 'request' ? void to().handleRequest(m as never) : to().handleResponse(m)));
    const fail = async () => {
      throw new Error('no clipboard');
    };
    host = new Rpc<PageMethods, HostMethods>(deliver(() => page), {
      copyUrl: async () => undefined, copyAllUrls: async () => undefined, copyMarkdown: async () => undefined,
      imageBytes: async () => new Uint8Array([1, 2]), keptImage: async () => new Uint8Array([3]), openInBrowser: async () => true, savePng: async () => '/x.png', insertMarkdown: async () => true, compare: async () => undefined, shootRoom: async () => undefined, acceptBaseline: async () => false, acceptAllChanged: async () => false,
    }, texts, 200);
    page = new Rpc<HostMethods, PageMethods>(deliver(() => host), { snapshot: fail as never, writeImage: fail, click: fail as never, scrollGallery: fail as never, focusTile: fail as never, press: fail as never }, texts, 200);
    return { host, page };
  }

  it('pairs answers with their requests by id', async () => {
    const { page } = pair();
    const [a, b] = await Promise.all([page.request('savePng', { url: 'u' }), page.request('imageBytes', { url: 'u' })]);
    assert.equal(a, '/x.png');
    assert.deepEqual([...b], [1, 2]);
  });

  it('carries a failure back as a rejection with its message', async () => {
    const { host } = pair();
    await assert.rejects(host.request('writeImage', { url: 'u', bytes: new Uint8Array() }), /no clipboard/);
  });

  it('gives up on a side that never answers, and on dispose', async () => {
    const silent = new Rpc<HostMethods, PageMethods>(() => {}, { snapshot: (() => { throw new Error(); }) as never, writeImage: (() => { throw new Error(); }) as never, click: (() => { throw new Error(); }) as never, scrollGallery: (() => { throw new Error(); }) as never, focusTile: (() => { throw new Error(); }) as never, press: (() => { throw new Error(); }) as never }, texts, 30);
    await assert.rejects(silent.request('copyAllUrls', {}), /no answer to copyAllUrls/);
    const closing = new Rpc<HostMethods, PageMethods>(() => {}, { snapshot: (() => { throw new Error(); }) as never, writeImage: (() => { throw new Error(); }) as never, click: (() => { throw new Error(); }) as never, scrollGallery: (() => { throw new Error(); }) as never, focusTile: (() => { throw new Error(); }) as never, press: (() => { throw new Error(); }) as never }, texts, 5000);
    const pending = closing.request('copyAllUrls', {});
    closing.dispose();
    await assert.rejects(pending, /closed/);
  });

  it('ignores answers to ids it never asked', () => {
    const { host } = pair();
    host.handleResponse({ type: 'response', id: 999, ok: true, result: 1 });
  });
});

describe('a restored panel\'s saved entry (the page wrote it)', () => {
  const entry = {
    id: 'e1', kind: 'scene', room: 'r', roomName: 'Room', path: '/a', width: 64, height: 36, region: 'us-sv', time: 1, durationMs: 2,
    results: [{ url: 'https://b.example/a.png', key: 'k', bucket: 'b', region: 'r' }],
    snapshots: [{ kind: 'kept', hash: 'a'.repeat(64), width: 64, height: 36, bytes: 10, at: 1 }],
  };

  it('is shown without the kept files it names: the store is not the page\'s to choose from', () => {
    const read = savedEntry({ entry, view: 'single' });
    assert.ok(read);
    assert.equal(read.snapshots, undefined);
    assert.equal(read.results[0]!.url, 'https://b.example/a.png');
    assert.equal(read.roomName, 'Room');
  });

  it('is refused when any field is off, never throwing', () => {
    for (const state of [null, 1, 'x', [], {}, { entry: null }, { entry: { ...entry, roomName: 5 } }, { entry: { ...entry, width: 'w' } }, { entry: { ...entry, results: [{ url: 1 }] } }, { entry: { ...entry, kind: 'x' } }]) {
      assert.equal(savedEntry(state), undefined, JSON.stringify(state));
    }
  });

  it('is bounded like a history entry', () => {
    const results = Array.from({ length: 20_000 }, (_, i) => ({ url: `https://b.example/${i}.png`, key: `k${i}`, bucket: 'b', region: 'r' }));
    const read = savedEntry({ entry: { ...entry, kind: 'directory', results, snapshots: undefined } });
    assert.ok(read && read.results.length < results.length && read.omitted === results.length - read.results.length);
  });
});
