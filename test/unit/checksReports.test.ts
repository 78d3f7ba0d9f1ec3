import * as assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { githubAnnotations, githubSummary } from '../../src/core/checks/reportGithub';
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { differencePng } from '../../src/core/checks/reportDifference';
import { toReportHtml } from '../../src/core/checks/reportHtml';
import { REPORT_DATA_ID, type ReportPageCode, type ReportPageData } from '../../src/core/checks/reportPage';
import { toRegJson, type RunInfo } from '../../src/core/checks/reportJson';
import { toJunitXml } from '../../src/core/checks/reportJunit';
import type { CheckItem } from '../../src/core/checks/run';
import { VERDICT_WORDS } from '../../src/core/checks/verdict';
import { MaskValue } from '../../src/core/images/types';
import { solidPng } from './support/pngs';
// xml2js (with sax) is in node_modules as @vscode/vsce's dependency: a real XML parser for the JUnit check.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const xml2js = require('xml2js') as { parseStringPromise(xml: string, options?: object): Promise<any> };

const TOKEN = 'NETLESSSDK_YWs9c2VjcmV0LXRva2VuLXRoYXQtbXVzdC1uZXZlci1sZWFr';
const RUN: RunInfo = {
  tool: { name: 'scene-snap', version: '0.1.0' },
  checksFile: 'scene-snap.json',
  commit: 'a'.repeat(40),
  strict: false,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 1234,
  exitCode: 1,
  engine: { name: 'pixelmatch', version: '8.0.0' },
};

function items(): CheckItem[] {
  const a = solidPng(8, 4, [255, 255, 255, 255]);
  const b = solidPng(8, 4, [255, 255, 255, 255], 3);
  const mask = new Uint8Array(32);
  mask[3] = MaskValue.changed;
  return [
    { name: 'cover', target: 'cover', room: 'r1', scene: '/init', verdict: 'matched', baseline: 'scene-snap-baselines/cover.png', changedPixels: 0, changedRatio: 0, boxes: [], expected: a, actual: a },
    { name: 'deck/test/page<1> & "x"', target: 'deck', room: 'r1', scene: '/test/page<1> & "x"', verdict: 'changed', baseline: 'scene-snap-baselines/deck/test/page<1> & "x".png', changedPixels: 1, changedRatio: 1 / 32, boxes: [{ x: 3, y: 0, width: 1, height: 1 }], expected: a, actual: b, mask, maskSize: { width: 8, height: 4 } },
    { name: 'deck/test/new', target: 'deck', room: 'r1', scene: '/test/new', verdict: 'new', baseline: 'scene-snap-baselines/deck/test/new.png', actual: b },
    { name: 'deck/test/gone', target: 'deck', room: 'r1', scene: '/test/gone', verdict: 'missing', baseline: 'scene-snap-baselines/deck/test/gone.png' },
    { name: 'blank', target: 'blank', room: 'r2', scene: '/init', verdict: 'blank', baseline: 'scene-snap-baselines/blank.png', actual: a },
    { name: 'down', target: 'down', room: 'r3', scene: '/init', verdict: 'failed', baseline: 'scene-snap-baselines/down.png', error: { code: 'unauthorized', message: 'The whiteboard API answered 401 Unauthorized.' } },
  ];
}

const committed = (file: string): string | undefined => (file === 'scene-snap-baselines/deck/test/new.png' ? undefined : 'a'.repeat(40));

describe('checks: report writers', () => {
  it('report.json has reg-cli\'s reg.json lists, then every item with its figures and baseline', () => {
    const reg = toRegJson(items(), RUN, committed);
    assert.deepEqual(reg.failedItems, ['deck/test/page<1> & "x"', 'blank', 'down']);
    assert.deepEqual(reg.newItems, ['deck/test/new']);
    assert.deepEqual(reg.deletedItems, ['deck/test/gone']);
    assert.deepEqual(reg.passedItems, ['cover']);
    for (const key of ['expectedItems', 'actualItems', 'diffItems'] as const) assert.ok(Array.isArray(reg[key]), key);
    const changed = reg.sceneSnap.items.find((i) => i.verdict === 'changed')!;
    assert.deepEqual(changed.baseline, { file: 'scene-snap-baselines/deck/test/page<1> & "x".png', commit: 'a'.repeat(40) });
    assert.equal(changed.changedPixels, 1);
    assert.deepEqual(changed.boxes, [{ x: 3, y: 0, width: 1, height: 1 }]);
    assert.deepEqual(reg.sceneSnap.items.find((i) => i.verdict === 'new')!.baseline, { file: 'scene-snap-baselines/deck/test/new.png' }, 'no commit for an uncommitted baseline');
    const text = JSON.stringify(reg);
    assert.ok(!/"(expected|actual|mask)"/.test(text), 'no PNG bytes in the JSON');
    assert.equal(reg.sceneSnap.engine.name, 'pixelmatch');
  });

  it('junit.xml is valid XML with one testcase per scene: failures, an error, skipped', async () => {
    const reg = toRegJson(items(), RUN, committed);
    const xml = toJunitXml(reg.sceneSnap.items, { strict: false, durationMs: 1234 });
    const doc = await xml2js.parseStringPromise(xml, { strict: true });
    const suites = doc.testsuites;
    assert.deepEqual({ ...suites.$ }, { name: 'scene-snap', tests: '6', failures: '2', errors: '1', skipped: '2', time: '1.234' });
    const cases = suites.testsuite.flatMap((s: any) => s.testcase);
    assert.equal(cases.length, 6);
    const named = (n: string) => cases.find((c: any) => c.$.name === n);
    assert.match(named('deck/test/page<1> & "x"').failure[0].$.message, /1 pixel changed .*baseline scene-snap-baselines\/deck\/test\/page<1> & "x"\.png at aaaaaaaaaaaa/);
    assert.equal(named('down').error[0].$.type, 'unauthorized');
    assert.ok(named('deck/test/new').skipped);
    assert.equal(named('cover').failure, undefined);
    const strict = await xml2js.parseStringPromise(toJunitXml(reg.sceneSnap.items, { strict: true }), { strict: true });
    assert.equal(strict.testsuites.$.failures, '4', 'new and missing fail under --strict');
  });

  /** The report's page code as the command line carries it (scripts/reportPage.mjs), unminified to read its modules. */
  let page: ReportPageCode;
  before(async function () {
    this.timeout(30_000);
    const script = pathToFileURL(path.join(__dirname, '..', '..', '..', 'scripts', 'reportPage.mjs')).href;
    const { buildReportPage } = (await import(script)) as { buildReportPage(o: { minify: boolean }): Promise<ReportPageCode> };
    page = await buildReportPage({ minify: false });
  });

  it('report.html: one self-contained page whose one script is the compare panel\'s page code, allowed by its hash; names escaped, no token', () => {
    const list = items();
    list[5]!.error!.message += ` token ${TOKEN}`.replace(TOKEN, '[token]'); // what the client leaves of a token
    const html = toReportHtml(list, RUN, page, committed);
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
    assert.ok(csp, 'a CSP meta tag');
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    const directives = Object.fromEntries(csp[1]!.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]));
    assert.deepEqual(directives, {
      'default-src': "'none'",
      'img-src': 'blob:',
      'style-src': hash(page.style),
      'script-src': hash(page.script),
      'base-uri': "'none'",
      'form-action': "'none'",
    });
    assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<style>'), 'the CSP comes before any content');
    // The compare panel's page (compare.ts and what it uses) with the stand-in host, bundled once: the same code.
    for (const module of ['src/webview/compare.ts', 'src/webview/dom.ts', 'src/webview/reportHost.ts', 'media/compare.css']) {
      assert.ok(page.script.includes(`// ${module}`) || page.style.includes(`/* ${module} */`), `the page bundles ${module}`);
    }
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.deepEqual(scripts.map((m) => m[1]), [` type="application/json" id="${REPORT_DATA_ID}"`, ''], 'the data block and the page code, nothing else');
    assert.equal(scripts[1]![2], page.script, 'the inline script is the page code, byte for byte (its hash is in the CSP)');
    assert.equal(/<style>([\s\S]*?)<\/style>/.exec(html)![1], page.style);
    const outside = html.replace(/<script[\s\S]*?<\/script>/g, '').replace(/<style>[\s\S]*?<\/style>/, '');
    assert.doesNotMatch(outside, /\s(src|href)=/, 'nothing loaded from outside the file');
    assert.doesNotMatch(outside, /\son[a-z]+=/i, 'no inline event handlers');
    assert.ok(!html.includes(TOKEN));
    assert.ok(!outside.includes('page<1>'), 'names are escaped');
    assert.ok(outside.includes('deck/test/page&lt;1&gt; &amp; &quot;x&quot;'));
    assert.doesNotMatch(scripts[0]![2]!, /</, 'the data block cannot close its element');
    assert.match(outside, /<li>cover: scene-snap-baselines\/cover\.png @ aaaaaaaaaaaa<\/li>/, 'matched scenes name their baseline and commit too');
    assert.match(outside, /differences found/);
  });

  it('report.html: the findings\' PNGs and the comparison mask travel to the page as data, the matched ones not', () => {
    const list = items();
    const html = toReportHtml(list, RUN, page, committed);
    const json = new RegExp(`<script type="application/json" id="${REPORT_DATA_ID}">([^<]*)</script>`).exec(html)![1]!;
    const data = JSON.parse(json) as ReportPageData;
    assert.deepEqual(data.items.map((i) => [i.name, i.verdict]), list.filter((i) => i.verdict !== 'matched').map((i) => [i.name, i.verdict]));
    const changed = data.items[0]!;
    assert.deepEqual(Buffer.from(changed.expected!, 'base64'), Buffer.from(list[1]!.expected!));
    assert.deepEqual(Buffer.from(changed.actual!, 'base64'), Buffer.from(list[1]!.actual!));
    assert.deepEqual(new Uint8Array(inflateSync(Buffer.from(changed.mask!, 'base64'))), list[1]!.mask);
    assert.deepEqual(changed.result, { width: 8, height: 4, changedPixels: 1, changedRatio: 1 / 32, boxes: [{ x: 3, y: 0, width: 1, height: 1 }], sizeChanged: false });
    assert.match(changed.summary, /1 pixel changed/);
    const added = data.items.find((i) => i.verdict === 'new')!;
    assert.ok(added.actual && !added.expected && !added.result, 'a new scene: its screenshot only');
    assert.equal(data.takenAt, Date.parse(RUN.startedAt));
  });

  it('draws the difference: changed pixels red and opaque, the rest transparent', async () => {
    const mask = new Uint8Array([MaskValue.same, MaskValue.changed, MaskValue.inOne, MaskValue.inNeither]);
    const { decode } = await import('fast-png');
    const img = decode(differencePng(mask, 2, 2));
    assert.deepEqual([img.width, img.height, img.channels], [2, 2, 4]);
    assert.deepEqual(Array.from(img.data.slice(0, 8)), [0, 0, 0, 0, 230, 30, 30, 255]);
    assert.equal(img.data[15], 0);
  });

  it('GitHub: an annotation per finding at the checks file, escaped; a step summary table', () => {
    const reg = toRegJson(items(), RUN, committed);
    const lines = githubAnnotations(reg.sceneSnap.items, 'ci/scene-snap.json', false);
    assert.equal(lines.length, 5);
    assert.ok(lines.every((l) => /^::(error|warning) file=ci\/scene-snap\.json,title=scene-snap%3A /.test(l)), lines.join('\n'));
    assert.ok(lines.find((l) => l.includes('deck/test/new'))!.startsWith('::warning'));
    assert.ok(githubAnnotations(reg.sceneSnap.items, 'x', true).find((l) => l.includes('deck/test/new'))!.startsWith('::error'));
    const summary = githubSummary(reg.sceneSnap.items, 1);
    assert.match(summary, /### Scene Snap checks: differences found/);
    assert.match(summary, /\| deck\/test\/page<1> & "x" \| 1 pixel changed/);
    assert.doesNotMatch(summary, /\| cover \|/, 'matched scenes are counted, not listed');
  });
});

describe('checks: verdict words', () => {
  it('one table of the words for each verdict (verdict.ts), which the HTML report, GitHub summary and command line use', async () => {
    assert.deepEqual(VERDICT_WORDS, { matched: 'matched', changed: 'changed', sizeChanged: 'size changed', new: 'new', missing: 'missing', blank: 'blank', failed: 'not captured' });
    const root = path.join(__dirname, '..', '..', '..');
    const sources = [...(await readdir(path.join(root, 'src', 'core', 'checks'))).map((f) => path.join('src', 'core', 'checks', f)), ...(await readdir(path.join(root, 'src', 'cli'))).map((f) => path.join('src', 'cli', f))];
    const copies: string[] = [];
    for (const file of sources) if ((await readFile(path.join(root, file), 'utf8')).includes("'not captured'")) copies.push(file.split(path.sep).join('/'));
    assert.deepEqual(copies, ['src/core/checks/verdict.ts']);
    const summary = githubSummary(toRegJson(items(), RUN, committed).sceneSnap.items, 1);
    assert.match(summary, /1 not captured/);
  });
});
