// npm run bench: runs every bench/*.bench.ts in turn, each in its own process (so one bench's heap
// and JIT state cannot colour the next), and fails if any of them fails. BENCH_QUICK=1 is passed on.
// `npm run bench -- per-call` runs only the benches whose file name contains "per-call".
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();
if (benches.length === 0) {
  console.error(`bench: no bench/*.bench.ts matches ${only.join(' ') || '(any)'}`);
  process.exit(1);
}
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
let failed = 0;
for (const name of benches) {
  console.log(`\n== bench/${name}${process.env.BENCH_QUICK ? ' (quick)' : ''}`);
  const run = spawnSync(process.execPath, [tsx, `bench/${name}`], {
    stdio: 'inherit',
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench/${name} failed (exit ${run.status ?? run.signal})`);
  }
}
process.exitCode = failed ? 1 : 0;
