/** `scene-snap check`: the checks file's targets shot, compared with their baselines, reported. */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { redact } from '../core/api/errors';
import { clientCapture } from '../core/checks/capture';
import { CHECKS_FILE_NAME, formatProblems, readChecksText, type ChecksConfig } from '../core/checks/checksFile';
import { parseJsonc } from '../core/checks/jsonc';
import { nodeFileDeps, writeFileAtomic } from '../core/checks/nodeFiles';
import { githubAnnotations, githubSummary } from '../core/checks/reportGithub';
import { toReportHtml } from '../core/checks/reportHtml';
import { reportItem, toRegJson, type RunInfo } from '../core/checks/reportJson';
import { itemSummary, toJunitXml } from '../core/checks/reportJunit';
import { runChecks, type CheckItem, type UpdateMode } from '../core/checks/run';
import { inShard, parseShard } from '../core/checks/shard';
import { exitCodeOf, VERDICT_WORDS } from '../core/checks/verdict';
import { isBlankPng } from '../core/images/blankPng';
import { CompareClient } from '../core/images/compareClient';
import { mergeRooms, type RoomSetting } from '../core/rooms/roomSettings';
import { COMMON_OPTIONS, parse } from './args';
import { apiBaseUrl, makeClient } from './common';
import { baselineCommits } from './git';
import { HELP } from './help';
import { usageError, type CliIo } from './io';
import { createProgress } from './progress';
import { reportPageCode } from './reportPageCode';
import { noTokenMessage, tokenSource } from './tokens';
import { ENGINE_VERSION, VERSION } from './version';

const OPTIONS = {
  ...COMMON_OPTIONS,
  config: { type: 'string' },
  'report-dir': { type: 'string' },
  update: { type: 'string' },
  shard: { type: 'string' },
  strict: { type: 'boolean' },
  concurrency: { type: 'string' },
  settings: { type: 'string' },
} as const;

const UPDATE_MODES: readonly UpdateMode[] = ['changed', 'missing', 'all'];

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw usageError(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
}

/** sceneSnap.rooms of a VS Code settings.json (comments allowed), for the regions and sizes targets leave out. */
async function roomsFrom(file: string, given: boolean, io: CliIo, quiet: boolean): Promise<RoomSetting[]> {
  const text = await readText(file);
  if (text === undefined) {
    if (given) throw usageError(`--settings: there is no ${file}.`);
    return [];
  }
  let value: unknown;
  try {
    value = parseJsonc(text);
  } catch (err) {
    throw usageError(`${file} is not valid JSON: ${(err as Error).message}.`);
  }
  const merged = mergeRooms(undefined, (value as Record<string, unknown> | null)?.['sceneSnap.rooms']);
  if (!quiet) for (const p of merged.problems) io.stderr.write(`${file}: ${p}\n`);
  return merged.rooms;
}

async function loadConfig(file: string, rooms: RoomSetting[]): Promise<ChecksConfig> {
  const text = await readText(file);
  if (text === undefined) throw usageError(`there is no checks file at ${file}: create ${CHECKS_FILE_NAME} (see the README, "Whiteboard checks in CI") or name one with --config.`);
  const read = readChecksText(text, file, rooms);
  if (!read.ok) throw usageError(`the checks file has ${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}:\n${formatProblems(file, read.problems)}`);
  return read.config;
}

export async function checkCommand(args: string[], io: CliIo, secrets: (s: string[]) => void): Promise<number> {
  const started = Date.now();
  const { values, positionals } = parse('check', args, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.check}\n`);
    return 0;
  }
  if (positionals.length) throw usageError(`unexpected ${JSON.stringify(positionals[0])}: check takes only options (the checks file with --config). Run scene-snap check --help.`);
  const update = values.update as UpdateMode | undefined;
  if (update !== undefined && !UPDATE_MODES.includes(update)) throw usageError(`--update must be changed, missing or all (got ${JSON.stringify(values.update)}).`);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (values.shard !== undefined && !shard) throw usageError(`--shard must be <i>/<n> with 1 ≤ i ≤ n, e.g. 2/4 (got ${JSON.stringify(values.shard)}).`);
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw usageError(`--concurrency must be a whole number from 1 to 64 (got ${values.concurrency}).`);
  const quiet = values.quiet === true;

  const file = path.resolve(io.cwd, values.config ?? CHECKS_FILE_NAME);
  const folder = path.dirname(file);
  const settingsFile = values.settings ? path.resolve(io.cwd, values.settings) : path.join(folder, '.vscode', 'settings.json');
  const config = await loadConfig(file, await roomsFrom(settingsFile, values.settings !== undefined, io, quiet));
  const reportDir = values['report-dir'] ? path.resolve(io.cwd, values['report-dir']) : path.join(folder, 'scene-snap-report');
  const tokens = tokenSource(io.env, values['token-file']);
  const known = tokens.secrets();
  secrets(known);
  const client = makeClient(apiBaseUrl(values.api, io.env), values.timeout);
  const targets = inShard(config.targets, (t) => t.name, shard);
  const progress = createProgress(io, quiet);
  if (targets.every((t) => t.kind === 'scene')) progress.total(targets.length);
  // The engine's pool, as in the extension: one worker thread per core (bounded), calls made at once in
  // parallel; at the caller's priority (a batch job: nothing to keep responsive, throughput is the point).
  const pool = new CompareClient(undefined, undefined, undefined, { nice: 0 });
  let items: CheckItem[];
  try {
    items = await runChecks(config, targets, {
      capture: clientCapture(client, { tokenFor: tokens.tokenFor, noTokenMessage }),
      ...nodeFileDeps,
      compare: (a, b, o) => pool.compare(a, b, o),
      isBlank: (png, size) => isBlankPng(png, size),
    }, {
      update,
      concurrency,
      findOrphans: !shard || shard.index === 1,
      allTargets: config.targets,
      onItem: (item) => {
        if (item.error) item.error.message = redact(item.error.message, known);
        const said = item.updated ? `baseline written: ${item.baseline}` : item.verdict === 'matched' ? '' : itemSummary(reportItem(item, () => undefined));
        progress.item(`${VERDICT_WORDS[item.verdict].padEnd(12)} ${item.name}${said ? `: ${said}` : ''}`, item.verdict !== 'matched');
      },
    });
  } finally {
    progress.done();
    pool.dispose();
    await client.close();
  }

  const exitCode = exitCodeOf(items.map((i) => i.verdict), { strict: values.strict === true, update: update !== undefined });
  const commits = baselineCommits(folder, config.baselines);
  const run: RunInfo = {
    tool: { name: 'scene-snap', version: VERSION },
    checksFile: path.relative(io.cwd, file) || file,
    ...(commits.head ? { commit: commits.head } : {}),
    ...(shard ? { shard } : {}),
    ...(update ? { update } : {}),
    strict: values.strict === true,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    exitCode,
    engine: { name: 'pixelmatch', version: ENGINE_VERSION },
  };
  const reg = toRegJson(items, run, commits.commitOf);
  await mkdir(reportDir, { recursive: true });
  await Promise.all([
    writeFileAtomic(path.join(reportDir, 'report.json'), `${JSON.stringify(reg, null, 2)}\n`),
    writeFileAtomic(path.join(reportDir, 'junit.xml'), toJunitXml(reg.sceneSnap.items, { strict: run.strict, durationMs: run.durationMs })),
    writeFileAtomic(path.join(reportDir, 'report.html'), toReportHtml(items, run, reportPageCode(), commits.commitOf)),
  ]);
  if (io.env.GITHUB_ACTIONS === 'true') {
    for (const line of githubAnnotations(reg.sceneSnap.items, run.checksFile, run.strict)) io.stdout.write(`${line}\n`);
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) await appendFile(summaryFile, githubSummary(reg.sceneSnap.items, exitCode));
  }
  const counts = new Map<string, number>();
  for (const i of items) counts.set(VERDICT_WORDS[i.verdict], (counts.get(VERDICT_WORDS[i.verdict]) ?? 0) + 1);
  const written = items.filter((i) => i.updated).length;
  io.stdout.write(`${[...counts].map(([k, n]) => `${n} ${k}`).join(', ') || 'no targets in this shard'}${update ? `; ${written} baseline${written === 1 ? '' : 's'} written` : ''}. Report: ${path.relative(io.cwd, path.join(reportDir, 'report.html')) || reportDir}\n`);
  return exitCode;
}
