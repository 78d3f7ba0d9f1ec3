/**
 * report.html: one self-contained file that opens from a CI artifact, from disk, with no server. Its page is
 * the compare panel's own page code (src/webview/compare.ts, with the modes side by side, swipe, onion skin
 * and difference), run by a stand-in host (src/webview/reportHost.ts) and inlined with its style; the
 * findings' PNGs and comparison masks are a JSON block the page reads. The CSP allows that one script and
 * that one style by their hashes, images only as blob: URLs the page makes, and nothing from anywhere else,
 * so a report cannot load or leak anything wherever it is opened. It holds no token: only what the items
 * carry (names, figures, PNGs, redacted errors). Without script, the header and the list still read.
 * Pure Node.
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { readPngSize } from '../api/png';
import { itemSummary } from './reportJunit';
import { reportItem, type BaselineCommitOf, type RunInfo } from './reportJson';
import { REPORT_DATA_ID, type ReportPageCode, type ReportPageData, type ReportPageItem } from './reportPage';
import type { CheckItem } from './run';
import { VERDICT_WORDS, type Verdict } from './verdict';

export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const sha256 = (text: string): string => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The report's CSP: its one script and one style by hash; images only as the blob: URLs its page makes. */
export function reportCsp(page: ReportPageCode): string {
  return [
    "default-src 'none'",
    'img-src blob:',
    `style-src ${sha256(page.style)}`,
    `script-src ${sha256(page.script)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** The mask travels deflated: it is mostly one value, 900 KB for 1280×720 raw, a few KB deflated. */
export function encodeMask(mask: Uint8Array): string {
  return deflateSync(mask, { level: 6 }).toString('base64');
}

function sameSize(a: Uint8Array, b: Uint8Array): boolean {
  const [x, y] = [readPngSize(a), readPngSize(b)];
  return x?.width === y?.width && x?.height === y?.height;
}

/** A finding as its page shows it: the two PNGs, and the comparison when both were compared. */
export function pageItem(item: CheckItem, summary: string): ReportPageItem {
  const out: ReportPageItem = { name: item.name, verdict: item.verdict, room: item.room, scene: item.scene, summary };
  if (item.expected) out.expected = base64(item.expected);
  if (item.actual) out.actual = base64(item.actual);
  if (item.expected && item.actual && item.mask && item.maskSize && item.mask.length === item.maskSize.width * item.maskSize.height) {
    out.result = {
      width: item.maskSize.width,
      height: item.maskSize.height,
      changedPixels: item.changedPixels ?? 0,
      changedRatio: item.changedRatio ?? 0,
      boxes: item.boxes ?? [],
      // Not from the verdict: a blank scene can have changed size too.
      sizeChanged: !sameSize(item.expected, item.actual),
    };
    out.mask = encodeMask(item.mask);
  }
  return out;
}

/**
 * JSON safe inside a `<script>` element: `<` is escaped (no `</script>` or `<!--` can end or bend the
 * block), and U+2028/U+2029 too.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function baselineText(file: string, commitOf: BaselineCommitOf): string {
  const commit = file ? commitOf(file) : undefined;
  return `${file}${commit ? ` @ ${commit.slice(0, 12)}` : ''}`;
}

const badge = (verdict: Verdict): string => `<span class="badge v-${verdict}">${VERDICT_WORDS[verdict]}</span>`;

/** A finding in the list: a button the page opens it with (no inline handler: the page listens). */
function findingEntry(item: CheckItem, index: number, summary: string, commitOf: BaselineCommitOf): string {
  // The summary names the baseline for a comparison; the others get it on a line of its own.
  const baseline = item.baseline && !summary.includes(item.baseline) ? `<span class="baseline">baseline ${htmlEscape(baselineText(item.baseline, commitOf))}</span>` : '';
  return `<li><button type="button" data-index="${index}">${badge(item.verdict)}<span class="name">${htmlEscape(item.name)}</span><span class="why">${htmlEscape(summary)}</span>${baseline}</button></li>`;
}

/** Inline `<style>`/`<script>` text must not close its element early. */
function inlineSafe(code: string, tag: 'style' | 'script'): string {
  if (new RegExp(`</${tag}`, 'i').test(code)) throw new Error(`the report page's ${tag} holds </${tag}`);
  return code;
}

/**
 * The whole page. `page` is the bundled page code (esbuild.mjs builds it into the command line). Findings
 * (everything not matched) are listed with their figures and open in the compare view; matched scenes are
 * named with their baseline.
 */
export function toReportHtml(items: readonly CheckItem[], run: RunInfo, page: ReportPageCode, commitOf: BaselineCommitOf = () => undefined): string {
  const counts = new Map<Verdict, number>();
  for (const i of items) counts.set(i.verdict, (counts.get(i.verdict) ?? 0) + 1);
  const findings = items.filter((i) => i.verdict !== 'matched');
  const matched = items.filter((i) => i.verdict === 'matched');
  const summaries = findings.map((i) => itemSummary(reportItem(i, commitOf)));
  const data: ReportPageData = { takenAt: Date.parse(run.startedAt) || 0, items: findings.map((i, n) => pageItem(i, summaries[n]!)) };
  const title = run.exitCode === 0 ? 'Scene Snap checks passed' : run.exitCode === 1 ? 'Scene Snap checks: differences found' : 'Scene Snap checks: not everything could be checked';
  const placeholder = findings.length ? 'Choose a finding on the left to compare it with its baseline.' : 'Every scene matched its baseline.';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp(page)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>${inlineSafe(page.style, 'style')}</style>
</head>
<body>
<header class="report-head">
<h1>${htmlEscape(title)}</h1>
<div class="meta">${htmlEscape(run.checksFile)}${run.commit ? ` · baselines at ${htmlEscape(run.commit.slice(0, 12))}` : ''}${run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''} · ${htmlEscape(run.startedAt)} · ${(run.durationMs / 1000).toFixed(1)} s · exit ${run.exitCode} · ${htmlEscape(run.tool.name)} ${htmlEscape(run.tool.version)}, ${htmlEscape(run.engine.name)} ${htmlEscape(run.engine.version)}</div>
<p class="counts">${[...counts].map(([v, n]) => `<span class="v-${v}">${n} ${VERDICT_WORDS[v]}</span>`).join('') || 'no targets'}</p>
</header>
<nav class="report-items" aria-label="Scenes">
${findings.length ? `<h2>Findings (${findings.length})</h2>
<ol>
${findings.map((i, n) => findingEntry(i, n, summaries[n]!, commitOf)).join('\n')}
</ol>` : ''}
${matched.length ? `<h2>Matched (${matched.length})</h2>
<ul class="matched-list">
${matched.map((i) => `<li>${htmlEscape(i.name)}: ${htmlEscape(baselineText(i.baseline, commitOf))}</li>`).join('\n')}
</ul>` : ''}
</nav>
<main id="app" aria-busy="true"><p class="placeholder">${placeholder}</p></main>
<script type="application/json" id="${REPORT_DATA_ID}">${scriptSafeJson(data)}</script>
<script>${inlineSafe(page.script, 'script')}</script>
</body>
</html>
`;
}
