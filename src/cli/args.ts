/** Argument parsing with Node's own util.parseArgs: no dependency, and its errors become usage errors. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { usageError } from './io';

type Options = NonNullable<ParseArgsConfig['options']>;

export const COMMON_OPTIONS = {
  api: { type: 'string' },
  'token-file': { type: 'string' },
  timeout: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

export function parse<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(`${(err as Error).message.split('\n')[0]} Run scene-snap ${command} --help.`);
  }
}
