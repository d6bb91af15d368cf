// Entry point of the `clerk-users` command (dist/cli.js, with a `#!/usr/bin/env node` banner from
// tsup): the process wiring, and nothing else (run.ts runs the command).
import type { CommandIO } from './io.ts';
import { run } from './run.ts';

/** What stops a command cleanly: Ctrl-C, and what `docker stop`, CI cancellation and a closed terminal send. */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

// A closed stdout or stderr (`| head`, `| true`) must not end in an unhandled 'error' event: each write
// reports its own failure to the command (writer.ts), which ends quietly on a closed pipe.
process.stdout.on('error', () => undefined);
process.stderr.on('error', () => undefined);

let interrupts = 0;
const io: CommandIO = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(handler) {
    const onSignal = () => {
      // The first signal stops cleanly; a second one, while that is under way, stops at once.
      if (++interrupts > 1) process.exit(130);
      handler();
    };
    for (const signal of INTERRUPTS) process.on(signal, onSignal);
    return () => {
      for (const signal of INTERRUPTS) process.off(signal, onSignal);
    };
  },
};
process.exitCode = await run(process.argv.slice(2), io);
