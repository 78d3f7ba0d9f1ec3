import * as assert from 'node:assert/strict';
import { SceneSnapError, excerpt, isSceneSnapError, redact } from '../../src/core/api/errors';
import { errorFromAnswer, parseRoomInfo, parseSceneList, parseScreenshotList, parseScreenshotResult, ShapeError, type Answer } from '../../src/core/api/responses';
import { retryAfterMs } from '../../src/core/api/retryPolicy';

const answer = (status: number, text: string, headers: Answer['headers'] = {}): Answer => ({ status, statusText: '', headers, text, attempts: 1 });

describe('response shapes', () => {
  const shot = { url: 'https://b.example/k.png', key: 'k.png', bucket: 'b', region: 'r' };

  it('accepts the documented screenshot object and nothing less', () => {
    assert.deepEqual(parseScreenshotResult(shot), shot);
    for (const broken of [null, 'x', [], { ...shot, url: undefined }, { ...shot, bucket: 1 }, { ...shot, url: 'ftp://b.example/k.png' }, { ...shot, url: 'https://' }]) {
      assert.throws(() => parseScreenshotResult(broken), ShapeError, JSON.stringify(broken));
    }
  });

  it('accepts lists of them, empty ones too', () => {
    assert.deepEqual(parseScreenshotList([]), []);
    assert.deepEqual(parseScreenshotList([shot, shot]), [shot, shot]);
    assert.throws(() => parseScreenshotList([shot, {}]), /\[1\]\.url" is missing/);
  });

  it('validates a 1,000-scene answer quickly', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({ ...shot, url: `https://b.example/deck/slide-${i}.png` }));
    const started = process.hrtime.bigint();
    assert.equal(parseScreenshotList(JSON.parse(JSON.stringify(many))).length, 1000);
    assert.ok(Number(process.hrtime.bigint() - started) / 1e6 < 100);
  });

  it('reads scene lists and room info', () => {
    assert.deepEqual(parseSceneList(['/a', '/b/c']), ['/a', '/b/c']);
    assert.throws(() => parseSceneList({}), ShapeError);
    assert.deepEqual(parseRoomInfo({ uuid: 'u', isBan: false, limit: 0, unknown: 1 }), { uuid: 'u', isBan: false, limit: 0 });
    assert.throws(() => parseRoomInfo({ uuid: 'u', limit: '10' }), /field "limit" is not a number/);
    assert.throws(() => parseRoomInfo({}), /field "uuid" is missing/);
  });
});

describe('error text', () => {
  it('strips an HTML page to its words', () => {
    const page = '<!DOCTYPE html><html><head><style>body{color:red}</style><script>x()</script></head><body><h1>Service &amp; co</h1>\n\n<p>down</p></body></html>';
    assert.equal(excerpt(page), 'Service & co down');
  });

  it('cuts at 200 characters, counting the ellipsis', () => {
    const cut = excerpt('é'.repeat(500));
    assert.equal(Array.from(cut).length, 200);
    assert.ok(cut.endsWith('…'));
  });

  it('redacts the tokens it is given and anything shaped like one', () => {
    assert.equal(redact('a secret-token-value b', ['secret-token-value']), 'a [token] b');
    assert.equal(redact('x NETLESSROOM_YWs9abc-_ y'), 'x [token] y');
  });

  it('maps statuses to codes', () => {
    const codes = [400, 401, 403, 404, 405, 429, 500, 502, 503, 504, 302].map((s) => errorFromAnswer(answer(s, '{"message":"m"}'), []).code);
    assert.deepEqual(codes, ['badRequest', 'unauthorized', 'forbidden', 'notFound', 'serverError', 'serverError', 'serverError', 'serverError', 'serverError', 'serverError', 'serverError']);
  });

  it('recognises its errors by shape, as they cross bundles', () => {
    const foreign = Object.assign(new Error('x'), { name: 'SceneSnapError', code: 'timeout' });
    assert.ok(isSceneSnapError(new SceneSnapError('network', 'x')));
    assert.ok(isSceneSnapError(foreign));
    assert.ok(!isSceneSnapError(new Error('x')));
    assert.ok(!isSceneSnapError({ name: 'SceneSnapError', code: 'timeout' }));
  });

  it('mentions a Retry-After', () => {
    assert.match(errorFromAnswer(answer(429, '', { 'retry-after': '30' }), []).message, /asked to wait 30 s/);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.UTC(2025, 0, 1);
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs(new Date(now + 5000).toUTCString(), now), 5000);
    assert.equal(retryAfterMs(new Date(now - 5000).toUTCString(), now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });
});
