/** `scene-snap shot` and `scene-snap dir`: screenshots from the terminal, URLs printed, PNGs written with --out. */
import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { pathProblem, roomUuidProblem } from '../core/api/validate';
import { problemText } from '../core/api/problems';
import { noTokenError, screenshotTarget } from '../core/checks/capture';
import { baselineFile } from '../core/checks/baselines';
import { DEFAULT_HEIGHT, DEFAULT_REGION, DEFAULT_WIDTH } from '../core/checks/checksFile';
import { eachLimited } from '../core/checks/run';
import { COMMON_OPTIONS, parse } from './args';
import { apiBaseUrl, makeClient, parseRegion, parseSize } from './common';
import { HELP } from './help';
import { usageError, type CliIo } from './io';
import { noTokenMessage, tokenSource } from './tokens';

const OPTIONS = { ...COMMON_OPTIONS, size: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, recursive: { type: 'boolean' } } as const;

export async function shotCommand(kind: 'shot' | 'dir', args: string[], io: CliIo, secrets: (s: string[]) => void): Promise<number> {
  const { values, positionals } = parse(kind, args, OPTIONS);
  if (values.help) {
    io.stdout.write(`${HELP[kind]}\n`);
    return 0;
  }
  if (kind === 'shot' && values.recursive) throw usageError('--recursive is for scene-snap dir.');
  const [room, where, ...extra] = positionals;
  if (extra.length) throw usageError(`unexpected ${JSON.stringify(extra[0])}. Run scene-snap ${kind} --help.`);
  const roomProblem = roomUuidProblem(room);
  if (roomProblem) throw usageError(`${problemText(roomProblem)} Usage: scene-snap ${kind} <room uuid> [${kind === 'shot' ? 'scene' : 'directory'}]`);
  const scene = where ?? (kind === 'shot' ? '/init' : '/');
  const p = pathProblem(scene, kind === 'shot' ? 'path' : 'directory');
  if (p) throw usageError(problemText(p));
  const size = parseSize(values.size);
  const region = parseRegion(values.region) ?? DEFAULT_REGION;
  const tokens = tokenSource(io.env, values['token-file']);
  secrets(tokens.secrets());
  const client = makeClient(apiBaseUrl(values.api, io.env), values.timeout);
  try {
    const token = tokens.tokenFor(room!);
    if (!token) throw noTokenError(noTokenMessage(room!));
    const target = { room: room!, kind: kind === 'shot' ? 'scene' : values.recursive ? 'wholeRoom' : 'directory', path: scene, region, width: size.width ?? DEFAULT_WIDTH, height: size.height ?? DEFAULT_HEIGHT } as const;
    const shots = await screenshotTarget(client, target, token);
    const rows: { scene: string; url: string; key: string; bucket: string; region: string; file?: string; width?: number; height?: number }[] = shots.map(({ scene: s, result }) => ({ scene: s, ...result }));
    if (values.out) {
      const out = path.resolve(io.cwd, values.out);
      await eachLimited(rows, 8, async (row) => {
        const file = kind === 'shot' ? out : baselineFile(out, { name: '.', kind: 'directory' }, row.scene);
        if (!file) throw usageError(`the scene path ${row.scene} cannot be a file name.`);
        await mkdir(path.dirname(file), { recursive: true });
        const info = await client.downloadPng(row.url, file);
        Object.assign(row, { file: path.relative(io.cwd, file) || file, width: info.width, height: info.height });
      });
    }
    if (values.json) io.stdout.write(`${JSON.stringify(kind === 'shot' ? rows[0] : rows, null, 2)}\n`);
    else for (const row of rows) io.stdout.write(kind === 'shot' ? `${row.url}${row.file ? `  → ${row.file}` : ''}\n` : `${row.scene}\t${row.url}${row.file ? `\t${row.file}` : ''}\n`);
    if (!values.quiet && kind === 'dir') io.stderr.write(`${rows.length} scene${rows.length === 1 ? '' : 's'}\n`);
    return 0;
  } finally {
    await client.close();
  }
}
