/**
 * `scene-snap`, the command line (DESIGN.md, "The command line"): shot, dir, compare, check on the same
 * core as the extension. Exit codes: 0 all matched / done, 1 differences, 2 bad usage or checks file,
 * 3 could not capture. Tokens only from the environment or --token-file; never printed.
 */
import { checkCommand } from './check';
import { compareCommand } from './compare';
import { describeError, exitCodeOfError } from './common';
import { HELP } from './help';
import type { CliIo } from './io';
import { shotCommand } from './shot';
import { VERSION } from './version';

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  let secrets: string[] = [];
  const keep = (s: string[]): void => void (secrets = s);
  try {
    switch (command) {
      case 'shot':
      case 'dir':
        return await shotCommand(command, rest, io, keep);
      case 'compare':
        return await compareCommand(rest, io);
      case 'check':
        return await checkCommand(rest, io, keep);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(`${HELP.main}\n`);
        return command === undefined ? 2 : 0;
      case '--version':
      case '-v':
        io.stdout.write(`${VERSION}\n`);
        return 0;
      default:
        io.stderr.write(`scene-snap: unknown command ${JSON.stringify(command)}. Commands: shot, dir, compare, check; scene-snap --help.\n`);
        return 2;
    }
  } catch (err) {
    io.stderr.write(`scene-snap ${command}: ${describeError(err, secrets)}\n`);
    return exitCodeOfError(err);
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }).then((code) => {
    process.exitCode = code;
  });
}
