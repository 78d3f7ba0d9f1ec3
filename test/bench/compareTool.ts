// One tool of the side-by-side compare bench (compareBench.ts starts this file once per tool and round, each
// its own process): compares every pair of a generated set and prints one JSON line with the changed-pixel
// count (or, for reg-cli, the verdict) of each pair and the time from before the first file is read to the
// last answer. Usage: node compareTool.js <scenesnap|odiff|reg-cli> <set dir> <pairs> <work dir>
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

type Compare = typeof import('../../src/core/images/index');

const [tool, setDir, pairsArg, workDir] = process.argv.slice(2) as [string, string, string, string];
const pairs = Number(pairsArg);
const names = Array.from({ length: pairs }, (_, i) => `${String(i).padStart(3, '0')}.png`);
const now = (): number => performance.now();
/** Where odiff-bin and reg-cli are: this repository's node_modules, or BENCH_TOOLS_DIR/node_modules. */
const resolveTool = (request: string): string => require.resolve(request, { paths: [process.cwd(), ...(process.env.BENCH_TOOLS_DIR ? [process.env.BENCH_TOOLS_DIR] : [])] });

async function sceneSnap(): Promise<Array<number | boolean>> {
  const { createCompareApi } = require(path.join(__dirname, '..', '..', '..', 'dist', 'compare.js')) as Compare;
  const api = createCompareApi();
  try {
    // All calls at once, as a directory compare or `scene-snap check` makes them; files read as they go.
    return await Promise.all(
      names.map(async (name) => {
        const [a, b] = await Promise.all(['a', 'b'].map((side) => import('node:fs/promises').then((fs) => fs.readFile(path.join(setDir, side, name)))));
        return (await api.compareImages(a!, b!)).changedPixels;
      }),
    );
  } finally {
    api.dispose();
  }
}

/** The part of odiff-bin's server API used here (odiff.d.ts); odiff-bin is an optional dev dependency. */
interface OdiffServer {
  compare(base: string, compare: string, diff: string, options: { threshold: number; antialiasing: boolean }): Promise<{ match: true } | { match: false; reason: string; diffCount?: number }>;
  stop(): void;
}

async function odiff(): Promise<Array<number | boolean>> {
  const { ODiffServer } = require(resolveTool('odiff-bin')) as { ODiffServer: new () => OdiffServer };
  const server = new ODiffServer();
  const diffDir = path.join(workDir, 'odiff');
  mkdirSync(diffDir, { recursive: true });
  try {
    // odiff's defaults with pixelmatch's meaning of the options: threshold 0.1, anti-aliased pixels not counted.
    const results = await Promise.all(
      names.map((name) => server.compare(path.join(setDir, 'a', name), path.join(setDir, 'b', name), path.join(diffDir, name), { threshold: 0.1, antialiasing: true })),
    );
    return results.map((r) => (r.match ? 0 : r.reason === 'pixel-diff' ? r.diffCount! : Number.NaN));
  } finally {
    server.stop();
  }
}

async function regCli(): Promise<Array<number | boolean>> {
  const cli = resolveTool('reg-cli/dist/cli.js');
  const report = path.join(workDir, 'reg.json');
  // reg-cli's threshold is pixelmatch's (-M 0.1), anti-aliased pixels not counted (-A), as many processes
  // as cores (-C); it reports verdicts, not counts. Expected = a, actual = b.
  const args = [cli, path.join(setDir, 'b'), path.join(setDir, 'a'), path.join(workDir, 'reg-diff'), '-J', report, '-M', '0.1', '-A', '-I', '-C', String(os.availableParallelism())];
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reg-cli exited with ${code}`))));
  });
  const json = JSON.parse(readFileSync(report, 'utf8')) as { failedItems: string[]; passedItems: string[] };
  const failed = new Set(json.failedItems);
  return names.map((name) => failed.has(name));
}

async function main(): Promise<void> {
  const run = { scenesnap: sceneSnap, odiff, 'reg-cli': regCli }[tool];
  if (!run) throw new Error(`unknown tool ${tool}`);
  const t0 = now();
  const counts = await run();
  const ms = now() - t0;
  console.log(JSON.stringify({ tool, ms, counts, maxRssKb: process.resourceUsage().maxRSS }));
  // Every tool's process ends here: odiff-bin's server leaves a 5 s start-up timer running outside CI
  // (server.js), which held its process open to 5.1 s whatever the work.
  process.exit(0);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
