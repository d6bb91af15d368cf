// Import figures: importUsers() against bench/support/import-server.mjs in a child process. Prints,
// never asserts. Run alone: `npx tsx bench/import.bench.ts`; BENCH_QUICK=1 for the short CI variant.
//
// - At the limit: N users into a server that accepts 100 requests in any second (sliding; 429 with
//   Retry-After beyond) and answers after 20 ms; the client paced by rateLimit { 100 per 1000 ms }.
//   floor = (creates + look-ups the server accepted) ÷ 100 per s; wall ÷ floor is the figure (≤ 1.15
//   is the target). Failures, duplicates (a second create of an external_id) and 429s met are printed.
// - The same with 3 % of creates applied and then answered 500 or cut off: duplicates and losses.
// - Memory: live heap (after a collection) while importing records from a JSON Lines file into a
//   server with no limit and no latency, sampled every 5 % of the way; it should stay flat.
import { type ChildProcess, fork } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type CreateUserBody, createClerkClient, type ImportResult, importUsers } from '../src/index.ts';

const QUICK = Boolean(process.env.BENCH_QUICK);
const USERS = QUICK ? 600 : 5_000;
const MEMORY_RECORDS = QUICK ? 5_000 : 200_000;
const PER_SECOND = 100;
const LATENCY_MS = 20;
const KEY = 'sk_test_bench';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Stats {
  creates: number;
  lookups: number;
  rateLimited: number;
  ambiguous: number;
  users: number;
  duplicates: number;
}

async function startServer(options: { latencyMs: number; perSecond: number; ambiguous: number }) {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./support/import-server.mjs', import.meta.url)),
    [JSON.stringify(options)],
    {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`import server exited with ${code}`)));
    child.on('message', (m: { type: string; url?: string }) => m.type === 'ready' && resolve(m.url as string));
  });
  return {
    url,
    stats: () =>
      new Promise<Stats>((resolve) => {
        const on = (m: Stats & { type: string }) => {
          if (m.type !== 'stats') return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ type: 'stats' });
      }),
    stop: () => {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}

const records = (count: number): CreateUserBody[] =>
  Array.from({ length: count }, (_, i) => ({ external_id: `bench_${i}`, first_name: `User ${i}` }));

async function atTheLimit(label: string, ambiguous: number): Promise<void> {
  const server = await startServer({ latencyMs: LATENCY_MS, perSecond: PER_SECOND, ambiguous });
  try {
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: server.url,
      rateLimit: { requests: PER_SECOND, perMs: 1000 },
    });
    const outcomes: Record<string, number> = {};
    const started = performance.now();
    for await (const result of importUsers(client, records(USERS)))
      outcomes[result.outcome] = (outcomes[result.outcome] ?? 0) + 1;
    const wallMs = performance.now() - started;
    const stats = await server.stats();
    const accepted = stats.creates + stats.lookups;
    const floorMs = (accepted / PER_SECOND) * 1000;
    console.log(
      `${label}: ${USERS.toLocaleString('en-US')} records, ${stats.creates} creates + ${stats.lookups} look-ups accepted`,
    );
    console.log(
      `  wall ${(wallMs / 1000).toFixed(1)} s, floor ${(floorMs / 1000).toFixed(1)} s, wall ÷ floor ${(wallMs / floorMs).toFixed(3)} (target ≤ 1.15)`,
    );
    console.log(
      `  outcomes ${JSON.stringify(outcomes)}, 429s met ${stats.rateLimited}, ambiguous creates injected ${stats.ambiguous}`,
    );
    console.log(
      `  users on the server ${stats.users} (losses ${USERS - stats.users}), second creates of one external_id ${stats.duplicates} (duplicates)`,
    );
  } finally {
    server.stop();
  }
}

async function memory(): Promise<void> {
  const server = await startServer({ latencyMs: 0, perSecond: 0, ambiguous: 0 });
  const dir = await mkdtemp(join(tmpdir(), 'clerk-users-import-bench-'));
  try {
    const file = join(dir, 'users.jsonl');
    let text = '';
    for (let i = 0; i < MEMORY_RECORDS; i++)
      text += `${JSON.stringify({ external_id: `mem_${i}`, first_name: `User ${i}`, public_metadata: { plan: 'pro', n: i } })}\n`;
    await writeFile(file, text);
    text = '';
    async function* read(): AsyncGenerator<CreateUserBody> {
      for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY }))
        yield JSON.parse(line) as CreateUserBody;
    }
    const client = createClerkClient({ secretKey: KEY, baseUrl: server.url });
    gc();
    const base = process.memoryUsage();
    const samples: { at: number; heap: number; buffers: number }[] = [];
    let done = 0;
    let failed = 0;
    const started = performance.now();
    for await (const result of importUsers(client, read(), { concurrency: 16 }) as AsyncIterable<ImportResult>) {
      done++;
      if (result.outcome !== 'created') failed++;
      if (done % (MEMORY_RECORDS / 20) === 0) {
        gc();
        const now = process.memoryUsage();
        samples.push({ at: done, heap: now.heapUsed - base.heapUsed, buffers: now.arrayBuffers - base.arrayBuffers });
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    console.log(
      `memory: ${MEMORY_RECORDS.toLocaleString('en-US')} records from a JSON Lines file, ${seconds.toFixed(1)} s, not created: ${failed}`,
    );
    console.log(`  live heap over the baseline (after gc), every 5 %: ${samples.map((s) => mb(s.heap)).join(', ')}`);
    const quarter = samples[Math.floor(samples.length / 4) - 1] as { heap: number };
    const last = samples[samples.length - 1] as { heap: number; buffers: number };
    console.log(
      `  heap at 25 % ${mb(quarter.heap)}, at 100 % ${mb(last.heap)}; array buffers (the repeated-id fingerprints) at 100 % ${mb(last.buffers)}`,
    );
  } finally {
    server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await atTheLimit('at the limit', 0);
await atTheLimit('3 % ambiguous creates', 0.03);
await memory();
