// The `clerk-users` command's entry function: parses the command line, runs the command, reports a
// failure and resolves to the exit code. Tests call it in-process with fake streams; main.ts with the
// real process.
import { CLIENT_VERSION } from '../index.ts';
import { parseCommandLine } from './args.ts';
import { runCount } from './count.ts';
import { EXIT } from './exit-codes.ts';
import { runExport } from './export.ts';
import { helpText } from './help.ts';
import type { CommandIO } from './io.ts';
import { isCommandName } from './options.ts';
import { report } from './report.ts';

/** Runs the command line `argv` (without `node` and the script) and resolves to its exit code. */
export async function run(argv: readonly string[], io: CommandIO): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const command = isCommandName(argv[0]) ? argv[0] : undefined;
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') {
      io.stdout.write(`${helpText(args.topic)}\n`);
      return EXIT.ok;
    }
    if (args.command === 'version') {
      io.stdout.write(`clerk-users ${CLIENT_VERSION}\n`);
      return EXIT.ok;
    }
    return args.command === 'count' ? await runCount(args, io) : await runExport(args, io, argv);
  } catch (error) {
    return report(error, say, command);
  }
}
