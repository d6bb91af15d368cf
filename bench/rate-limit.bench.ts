// The client-side rate limiter against a server that enforces Clerk's development budget
// (100 requests per 10 s) on a 5x shortened time scale: 100 requests per 2 s, sliding window,
// 429 with Retry-After in whole seconds. 500 writes at concurrency 20, with and without the limiter
// (without it, the retries and the per-client cool-down do the work). Contenders alternate round by
// round; medians are reported.
//   npx tsx bench/rate-limit.bench.ts        full: 500 writes, 3 rounds
//   BENCH_QUICK=1 npx tsx bench/rate-limit.bench.ts   quick: 300 writes, 1 round
//
// achieved ÷ allowed  = (writes / elapsed) ÷ (budget / window): above 1 is possible, since a fresh
//                        window lets the first 100 through at once.
// vs fastest schedule = the least time the server's rule allows for the job, (ceil(writes/budget) − 1)
//                        windows, ÷ the elapsed time: 1.00 is perfect.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClerkClient, unwrap } from '../src/index.ts';

const QUICK = Boolean(process.env.BENCH_QUICK);
const WRITES = QUICK ? 300 : 500;
const ROUNDS = QUICK ? 1 : 3;
const CONCURRENCY = 20;
const BUDGET = 100;
const WINDOW_MS = 2000;

interface Run {
  elapsedMs: number;
  failures: number;
  applied: number;
  duplicates: number;
  rateLimited: number;
  retries: number;
}

/** A server that lets at most BUDGET requests arrive in any WINDOW_MS and answers 429 otherwise. */
async function startLimitedServer() {
  const arrivals: number[] = [];
  const applied = new Map<string, number>();
  let rateLimited = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const now = Date.now();
      while (arrivals.length > 0 && (arrivals[0] as number) <= now - WINDOW_MS) arrivals.shift();
      if (arrivals.length >= BUDGET) {
        rateLimited++;
        const seconds = Math.ceil(((arrivals[0] as number) + WINDOW_MS - now) / 1000);
        const text = JSON.stringify({
          errors: [{ code: 'too_many_requests', message: 'Too many requests', long_message: 'Rate limit exceeded.' }],
        });
        res.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(seconds),
          'content-length': Buffer.byteLength(text),
        });
        return void res.end(text);
      }
      arrivals.push(now);
      const id = (JSON.parse(body) as { external_id: string }).external_id;
      applied.set(id, (applied.get(id) ?? 0) + 1);
      const text = JSON.stringify({ id: `user_${id}`, object: 'user', external_id: id });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    applied,
    rateLimited: () => rateLimited,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function run(withLimiter: boolean): Promise<Run> {
  const server = await startLimitedServer();
  let retries = 0;
  const client = createClerkClient({
    secretKey: 'sk_test_bench',
    baseUrl: `${server.url}/v1`,
    onRetry: () => retries++,
    ...(withLimiter ? { rateLimit: { requests: BUDGET, perMs: WINDOW_MS } } : {}),
  });
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < WRITES) {
        const index = next++;
        try {
          await unwrap(client.POST('/users', { body: { external_id: `w${index}` } }));
        } catch {
          failures++;
        }
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  await server.stop();
  const duplicates = [...server.applied.values()].filter((n) => n > 1).length;
  return { elapsedMs, failures, applied: server.applied.size, duplicates, rateLimited: server.rateLimited(), retries };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const results: Record<'limiter' | 'retries only', Run[]> = { limiter: [], 'retries only': [] };
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so warm-up and drift do not favour one.
  const order = round % 2 === 0 ? (['limiter', 'retries only'] as const) : (['retries only', 'limiter'] as const);
  for (const name of order) results[name].push(await run(name === 'limiter'));
}

const allowedPerSecond = BUDGET / (WINDOW_MS / 1000);
const fastestMs = (Math.ceil(WRITES / BUDGET) - 1) * WINDOW_MS;
console.log(
  `rate limiter: ${WRITES} writes, concurrency ${CONCURRENCY}, server allows ${BUDGET} per ${WINDOW_MS} ms (Clerk's 100 / 10 s, 5x faster), ${ROUNDS} round(s), medians`,
);
let failed = false;
for (const [name, runs] of Object.entries(results)) {
  const elapsed = median(runs.map((r) => r.elapsedMs));
  const achieved = WRITES / (elapsed / 1000);
  const failures = Math.max(...runs.map((r) => r.failures));
  const duplicates = Math.max(...runs.map((r) => r.duplicates));
  if (failures > 0 || duplicates > 0) failed = true;
  console.log(
    `  ${name.padEnd(13)} ${(elapsed / 1000).toFixed(2)} s, ${achieved.toFixed(1)} writes/s; achieved ÷ allowed ${(achieved / allowedPerSecond).toFixed(2)}, ` +
      `vs fastest schedule ${(fastestMs / elapsed).toFixed(2)}; failures ${failures}, applied twice ${duplicates}, ` +
      `429s ${median(runs.map((r) => r.rateLimited))}, retries ${median(runs.map((r) => r.retries))}`,
  );
}
// Timings are only printed; a failed or doubled write is a correctness problem and fails the run.
if (failed) process.exitCode = 1;
