// The `clerk-users` command's entry function: parses the command line, runs the command, reports a
// failure and resolves to the exit code. Tests call it in-process with fake streams; main.ts with the
// real process.
import { CLIENT_VERSION } from '../index.ts';
import { parseCommandLine } from './args.ts';
import type { RunContext } from './context.ts';
import { runCount } from './count.ts';
import { EXIT } from './exit-codes.ts';
import { runExport } from './export.ts';
import { helpText } from './help.ts';
import { runImport } from './import.ts';
import type { CommandIO } from './io.ts';
import { isCommandName } from './options.ts';
import { Redactor } from './redact.ts';
import { report } from './report.ts';
import { runServe } from './serve.ts';
import { writeStdout } from './writer.ts';

/** Runs the command line `argv` (without `node` and the script) and resolves to its exit code. */
export async function run(argv: readonly string[], io: CommandIO): Promise<number> {
  const redactor = new Redactor([io.env.CLERK_SECRET_KEY]);
  const context: RunContext = { io, argv, redactor, say: (text) => io.stderr.write(`${redactor.redact(text)}\n`) };
  const command = isCommandName(argv[0]) ? argv[0] : undefined;
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') {
      await writeStdout(io.stdout, `${helpText(args.topic)}\n`);
      return EXIT.ok;
    }
    if (args.command === 'version') {
      await writeStdout(io.stdout, `clerk-users ${CLIENT_VERSION}\n`);
      return EXIT.ok;
    }
    switch (args.command) {
      case 'export':
        return await runExport(args, context);
      case 'count':
        return await runCount(args, context);
      case 'import':
        return await runImport(args, context);
      case 'serve':
        return await runServe(args, context);
    }
  } catch (error) {
    return report(error, context.say, command, io.env);
  }
}
