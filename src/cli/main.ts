// Entry point of the `clerk-users` command (dist/cli.js, with a `#!/usr/bin/env node` banner from
// tsup). Everything else lives in run.ts so that the process wiring stays in this one file.
import { run } from './run.ts';

let interrupts = 0;
process.exitCode = await run(process.argv.slice(2), {
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
});
