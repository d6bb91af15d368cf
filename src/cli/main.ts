// Entry point of the `clerk-users` command (dist/cli.js, with a `#!/usr/bin/env node` banner from
// tsup). Everything else lives in run.ts (export, count) and serve.ts, so that the process wiring
// stays in this one file.
import { type CommandIO, run } from './run.ts';
import { runServe } from './serve.ts';

let interrupts = 0;
const io: CommandIO = {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  onInterrupt(handler) {
    const onSigint = () => {
      // The first Ctrl-C stops cleanly; a second one, while that is under way, stops at once.
      if (++interrupts > 1) process.exit(130);
      handler();
    };
    process.on('SIGINT', onSigint);
    return () => process.off('SIGINT', onSigint);
  },
};
const argv = process.argv.slice(2);
process.exitCode = await (argv[0] === 'serve' ? runServe(argv.slice(1), io) : run(argv, io));
