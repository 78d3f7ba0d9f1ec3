/** `scene-snap compare a.png b.png`: the compare engine from the terminal. */
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { differencePng } from '../core/checks/reportDifference';
import { CompareClient } from '../core/images/compareClient';
import { checkThreshold } from '../core/images/options';
import { parse } from './args';
import { HELP } from './help';
import { usageError, type CliIo } from './io';

const OPTIONS = { threshold: { type: 'string' }, diff: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, quiet: { type: 'boolean' } } as const;

export async function compareCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse('compare', args, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP.compare}\n`);
    return 0;
  }
  if (positionals.length !== 2) throw usageError('give two PNG files: scene-snap compare <a.png> <b.png>.');
  let threshold: number;
  try {
    threshold = checkThreshold(values.threshold === undefined ? undefined : Number(values.threshold));
  } catch (err) {
    throw usageError(`--${(err as Error).message}`);
  }
  const [a, b] = await Promise.all(positionals.map(async (f) => {
    try {
      return await readFile(path.resolve(io.cwd, f));
    } catch (err) {
      throw usageError(`cannot read ${f}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
    }
  }));
  const client = new CompareClient();
  try {
    const r = await client.compare(a, b, { threshold, withMask: values.diff !== undefined, transfer: true });
    if (values.diff) await writeFile(path.resolve(io.cwd, values.diff), differencePng(r.mask!, r.width, r.height));
    const { mask: _mask, ...result } = r;
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (r.sizeChanged) io.stdout.write(`sizes differ; ${r.changedPixels} pixels changed over ${r.width}×${r.height}\n`);
    else io.stdout.write(r.changedPixels === 0 ? 'the same\n' : `${r.changedPixels} pixels changed (${(r.changedRatio * 100).toFixed(2)} %) in ${r.boxes.length} regions\n`);
    return r.changedPixels > 0 || r.sizeChanged ? 1 : 0;
  } catch (err) {
    if ((err as { code?: string }).code === 'invalidInput') throw usageError((err as Error).message);
    throw err;
  } finally {
    client.dispose();
  }
}
