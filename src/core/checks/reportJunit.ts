/**
 * junit.xml: one testcase per scene (DESIGN.md), grouped in one testsuite per target; changed, size changed
 * and blank are failures, a capture that failed is an error, new and missing are failures under --strict
 * and skipped otherwise. Pure.
 */
import type { ReportItem } from './reportJson';

export function xmlEscape(text: string): string {
  // Characters XML 1.0 cannot hold at all are dropped; the rest escaped.
  return text
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** One sentence for an item, the same in JUnit, annotations and the console. */
export function itemSummary(item: ReportItem): string {
  const base = item.baseline.file ? ` (baseline ${item.baseline.file}${item.baseline.commit ? ` at ${item.baseline.commit.slice(0, 12)}` : ''})` : '';
  switch (item.verdict) {
    case 'matched':
      return `matched${base}`;
    case 'changed':
      return `${item.changedPixels} pixel${item.changedPixels === 1 ? '' : 's'} changed (${((item.changedRatio ?? 0) * 100).toFixed(2)} %) in ${item.boxes?.length ?? 0} region${item.boxes?.length === 1 ? '' : 's'}${base}`;
    case 'sizeChanged':
      return `size changed: ${item.expectedSize?.width}×${item.expectedSize?.height} → ${item.actualSize?.width}×${item.actualSize?.height}${base}`;
    case 'blank':
      return `the screenshot is blank (one colour); set "allowBlank": true if that is expected`;
    case 'new':
      return `new: no baseline yet at ${item.baseline.file}; run with --update=missing to write it`;
    case 'missing':
      return `missing: the baseline ${item.baseline.file} has no scene to compare with`;
    case 'failed':
      return `could not capture: ${item.error?.message ?? 'unknown error'} (${item.error?.code ?? 'failed'})`;
  }
}

export function toJunitXml(items: readonly ReportItem[], options: { strict: boolean; durationMs?: number }): string {
  const byTarget = new Map<string, ReportItem[]>();
  for (const item of items) {
    const list = byTarget.get(item.target) ?? [];
    list.push(item);
    byTarget.set(item.target, list);
  }
  const isFailure = (i: ReportItem): boolean => ['changed', 'sizeChanged', 'blank'].includes(i.verdict) || (options.strict && (i.verdict === 'new' || i.verdict === 'missing'));
  const isSkipped = (i: ReportItem): boolean => !options.strict && (i.verdict === 'new' || i.verdict === 'missing');
  const count = (list: readonly ReportItem[]) => ({
    tests: list.length,
    failures: list.filter(isFailure).length,
    errors: list.filter((i) => i.verdict === 'failed').length,
    skipped: list.filter(isSkipped).length,
  });
  const attrs = (c: ReturnType<typeof count>): string => `tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="scene-snap" ${attrs(count(items))}${options.durationMs === undefined ? '' : ` time="${(options.durationMs / 1000).toFixed(3)}"`}>`];
  for (const [target, list] of byTarget) {
    lines.push(`  <testsuite name="${xmlEscape(target)}" ${attrs(count(list))}>`);
    for (const item of list) {
      const open = `    <testcase classname="${xmlEscape(target)}" name="${xmlEscape(item.name)}"`;
      const text = xmlEscape(itemSummary(item));
      if (item.verdict === 'failed') lines.push(`${open}>`, `      <error type="${xmlEscape(item.error?.code ?? 'failed')}" message="${text}"/>`, '    </testcase>');
      else if (isFailure(item)) lines.push(`${open}>`, `      <failure type="${item.verdict}" message="${text}"/>`, '    </testcase>');
      else if (isSkipped(item)) lines.push(`${open}>`, `      <skipped message="${text}"/>`, '    </testcase>');
      else lines.push(`${open}/>`);
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}
