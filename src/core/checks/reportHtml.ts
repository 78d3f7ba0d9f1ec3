/**
 * report.html: one self-contained file (images inline as data: URLs) that opens from a CI artifact with no
 * server. It runs no script at all, and says so in its CSP (`default-src 'none'`), so a report cannot leak
 * anything wherever it is opened. It holds no token: only what the items carry (names, figures, PNGs). For
 * each failed item: expected, actual, and the difference (changed pixels in red over the actual, dimmed).
 * Pure Node.
 */
import { MaskValue } from '../images/types';
import { encodeRgbaPng } from '../images/pngEncode';
import { itemSummary } from './reportJunit';
import { reportItem, type BaselineCommitOf, type RunInfo } from './reportJson';
import type { CheckItem } from './run';
import { VERDICT_WORDS } from './verdict';

export const REPORT_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

export function htmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function dataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}

/**
 * The difference as a transparent PNG: changed pixels red, the area only one image covers amber. Written
 * as 32-bit words and deflated natively (pngEncode.ts): a report of 50 changed 1280×720 scenes draws 50
 * of these, which took 10 s of the run with a per-pixel array and fast-png's JavaScript deflate.
 */
export function differencePng(mask: Uint8Array, width: number, height: number): Uint8Array {
  const rgba = new Uint8Array(width * height * 4);
  const words = new Uint32Array(rgba.buffer);
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const word = (r: number, g: number, b: number, a: number): number => (little ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0);
  const red = word(230, 30, 30, 255);
  const amber = word(240, 170, 20, 200);
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i]!;
    if (v === MaskValue.changed) words[i] = red;
    else if (v === MaskValue.inOne) words[i] = amber;
  }
  return encodeRgbaPng(rgba, width, height);
}

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #fff; --muted: #59636e; --line: #d1d9e0; --bad: #cf222e; --warn: #9a6700; --ok: #1a7f37; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --bad: #f85149; --warn: #d29922; --ok: #3fb950; } }
body { font: 14px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 24px; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 0 0 4px; word-break: break-all; }
.meta, .muted { color: var(--muted); }
.counts span { margin-right: 12px; }
.item { border: 1px solid var(--line); border-radius: 6px; padding: 12px; margin: 16px 0; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; border: 1px solid currentColor; margin-right: 6px; }
.changed, .sizeChanged, .blank, .failed { color: var(--bad); } .new, .missing { color: var(--warn); } .matched { color: var(--ok); }
.images { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; margin-top: 8px; }
figure { margin: 0; } figcaption { color: var(--muted); font-size: 12px; }
figure img { max-width: 100%; display: block; border: 1px solid var(--line); background: repeating-conic-gradient(#8883 0 25%, transparent 0 50%) 0 0 / 16px 16px; }
.diff { position: relative; } .diff img.under { opacity: 0.3; } .diff img.over { position: absolute; left: 0; top: 0; border-color: transparent; background: none; }
table { border-collapse: collapse; } td, th { border-bottom: 1px solid var(--line); padding: 2px 8px; text-align: left; }
`;

function baselineText(file: string, commitOf: BaselineCommitOf): string {
  const commit = file ? commitOf(file) : undefined;
  return `${file}${commit ? ` @ ${commit.slice(0, 12)}` : ''}`;
}

function figure(caption: string, png: Uint8Array | undefined): string {
  if (!png) return '';
  return `<figure><img alt="${htmlEscape(caption)}" src="${dataUrl(png)}"><figcaption>${htmlEscape(caption)}</figcaption></figure>`;
}

function itemSection(item: CheckItem, commitOf: BaselineCommitOf): string {
  const r = reportItem(item, commitOf);
  const parts = [
    `<section class="item" id="${htmlEscape(encodeURIComponent(item.name))}">`,
    `<h2><span class="badge ${item.verdict}">${VERDICT_WORDS[item.verdict]}</span>${htmlEscape(item.name)}</h2>`,
    `<div class="muted">${htmlEscape(itemSummary(r))}</div>`,
    `<div class="muted">room ${htmlEscape(item.room)} · scene ${htmlEscape(item.scene)}${r.baseline.file ? ` · baseline ${htmlEscape(baselineText(r.baseline.file, commitOf))}` : ''}</div>`,
  ];
  if (item.expected || item.actual) {
    parts.push('<div class="images">', figure('expected (baseline)', item.expected), figure('actual', item.actual));
    if (item.mask && item.maskSize && item.actual && (item.verdict === 'changed' || item.verdict === 'sizeChanged')) {
      const over = differencePng(item.mask, item.maskSize.width, item.maskSize.height);
      parts.push(`<figure><div class="diff"><img class="under" alt="actual, dimmed" src="${dataUrl(item.actual)}"><img class="over" alt="difference" src="${dataUrl(over)}"></div><figcaption>difference: changed pixels in red${item.boxes?.length ? `, ${item.boxes.length} regions` : ''}</figcaption></figure>`);
    }
    parts.push('</div>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

/** The whole page. Items that are not matched get a section with pictures; matched ones a table row. */
export function toReportHtml(items: readonly CheckItem[], run: RunInfo, commitOf: BaselineCommitOf = () => undefined): string {
  const counts = new Map<CheckItem['verdict'], number>();
  for (const i of items) counts.set(i.verdict, (counts.get(i.verdict) ?? 0) + 1);
  const findings = items.filter((i) => i.verdict !== 'matched');
  const matched = items.filter((i) => i.verdict === 'matched');
  const title = run.exitCode === 0 ? 'Scene Snap checks passed' : run.exitCode === 1 ? 'Scene Snap checks: differences found' : 'Scene Snap checks: not everything could be checked';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${htmlEscape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${htmlEscape(title)}</h1>
<div class="meta">${htmlEscape(run.checksFile)}${run.commit ? ` · baselines at ${htmlEscape(run.commit.slice(0, 12))}` : ''}${run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''} · ${htmlEscape(run.startedAt)} · ${(run.durationMs / 1000).toFixed(1)} s · exit ${run.exitCode} · ${htmlEscape(run.tool.name)} ${htmlEscape(run.tool.version)}, ${htmlEscape(run.engine.name)} ${htmlEscape(run.engine.version)}</div>
<p class="counts">${[...counts].map(([v, n]) => `<span class="${v}">${n} ${VERDICT_WORDS[v]}</span>`).join('') || 'no targets'}</p>
${findings.map((i) => itemSection(i, commitOf)).join('\n')}
${matched.length ? `<h2>Matched</h2>\n<table><tr><th>scene</th><th>baseline</th></tr>\n${matched.map((i) => `<tr><td>${htmlEscape(i.name)}</td><td>${htmlEscape(baselineText(i.baseline, commitOf))}</td></tr>`).join('\n')}\n</table>` : ''}
</body>
</html>
`;
}
