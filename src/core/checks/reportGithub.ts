/**
 * GitHub Actions: one workflow-command annotation per finding (shown on the run and the pull request) and
 * a Markdown step summary. Pure: the command line prints the lines and appends the summary to
 * $GITHUB_STEP_SUMMARY when GITHUB_ACTIONS is set.
 */
import { itemSummary } from './reportJunit';
import type { ReportItem } from './reportJson';
import { VERDICT_WORDS } from './verdict';

/** Workflow command data escaping (actions/toolkit's escapeData / escapeProperty). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error`/`::warning` lines for the items that are not matched, pointing at the checks file. */
export function githubAnnotations(items: readonly ReportItem[], checksFile: string, strict: boolean): string[] {
  return items
    .filter((i) => i.verdict !== 'matched')
    .map((i) => {
      const level = i.verdict === 'new' || i.verdict === 'missing' ? (strict ? 'error' : 'warning') : 'error';
      return `::${level} file=${escapeProperty(checksFile)},title=${escapeProperty(`scene-snap: ${i.name}`)}::${escapeData(itemSummary(i))}`;
    });
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** The step summary: counts, then a row per item that is not matched. */
export function githubSummary(items: readonly ReportItem[], exitCode: number): string {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(VERDICT_WORDS[i.verdict], (counts.get(VERDICT_WORDS[i.verdict]) ?? 0) + 1);
  const lines = [
    `### Scene Snap checks: ${exitCode === 0 ? 'passed' : exitCode === 1 ? 'differences found' : 'could not check everything'}`,
    '',
    [...counts].map(([k, v]) => `${v} ${k}`).join(' · ') || 'no targets',
    '',
  ];
  const findings = items.filter((i) => i.verdict !== 'matched');
  if (findings.length) {
    lines.push('| scene | result | baseline |', '|---|---|---|');
    for (const i of findings) lines.push(`| ${cell(i.name)} | ${cell(itemSummary(i))} | ${cell(i.baseline.file)}${i.baseline.commit ? ` @ ${i.baseline.commit.slice(0, 12)}` : ''} |`);
    lines.push('', 'The HTML report (expected, actual, difference) is in the report folder; upload it as an artifact to see it.');
  }
  return `${lines.join('\n')}\n`;
}
