// Export figures (issue 8): the walk against the stateful fake Clerk server in a child process, with
// 20 ms added to every answer, limit 500. Run alone: `npx tsx bench/export.bench.ts`; BENCH_QUICK=1
// for a short CI variant. Nothing is asserted: it prints ratios against the latency floor.
//
// - RTT: the time of one page request (limit 500) through the client with nothing else running,
//   measured in every round (median). Sequential floor = pages × RTT; concurrency 4 floor = that ÷ 4.
// - Sequential and concurrency-4 walks alternate, the one going first swapping each round; medians.
// - Memory: peak live heap growth over the baseline while iterating 100,000 users (and 20,000, to
//   show it does not grow with the number of users), sampled after a collection at every page.
// - Exactly once under change: a concurrent walk while the server deletes and inserts users between
//   requests; duplicates and lost users (present throughout, not yielded) are counted.
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { type ClerkUsersClient, createClerkClient, paginate, unwrap } from '../src/index.ts';
import type { FakeClerkOptions } from '../test/support/fake-clerk.ts';

const QUICK = Boolean(process.env.BENCH_QUICK);
const USERS = 20_000;
const LIMIT = 500;
const LATENCY_MS = 20;
const ROUNDS = QUICK ? 2 : 7;
const MEMORY_USERS = QUICK ? 40_000 : 100_000;
const KEY = 'sk_test_fake';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Server {
  url: string;
  ask<T>(message: { type: string; on?: boolean }, reply: string): Promise<T>;
  stop(): Promise<void>;
}

async function startServer(options: FakeClerkOptions): Promise<Server> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('../test/support/fake-clerk-child.ts', import.meta.url)),
    [JSON.stringify(options)],
    {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`fake server exited with ${code}`)));
    child.on('message', (m: { type: string; url?: string }) => m.type === 'ready' && resolve(m.url as string));
  });
  return {
    url,
    ask: <T>(message: { type: string; on?: boolean }, reply: string) =>
      new Promise<T>((resolve) => {
        const on = (m: { type: string }) => {
          if (m.type !== reply) return;
          child.off('message', on);
          resolve(m as T);
        };
        child.on('message', on);
        child.send(message);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      }),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** A client whose fetch counts requests, so the page count is what the walk really sent. */
function countingClient(url: string): { client: ClerkUsersClient; requests: () => number } {
  let requests = 0;
  const client = createClerkClient({
    secretKey: KEY,
    baseUrl: url,
    fetch: (r) => {
      requests++;
      return globalThis.fetch(r);
    },
  });
  return { client, requests: () => requests };
}

async function walk(
  url: string,
  concurrency: number,
): Promise<{ ms: number; cpuMs: number; users: number; requests: number }> {
  const { client, requests } = countingClient(url);
  const cpu = process.cpuUsage();
  const start = performance.now();
  let users = 0;
  for await (const page of paginate.pages(client, '/users', { params: { query: { limit: LIMIT } }, concurrency }))
    users += page.items.length;
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, users, requests: requests() };
}

async function rtt(url: string, samples: number): Promise<number[]> {
  const client = createClerkClient({ secretKey: KEY, baseUrl: url });
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await unwrap(client.GET('/users', { params: { query: { limit: LIMIT } } }));
    out.push(performance.now() - start);
  }
  return out;
}

// --- 1. Speed ------------------------------------------------------------------------------------
const server = await startServer({ users: USERS, pageDelayMs: LATENCY_MS, seed: 1 });
console.log(
  `export bench: ${USERS.toLocaleString('en-US')} users, limit ${LIMIT}, ${LATENCY_MS} ms added per request, fake server in a child process${QUICK ? ' (quick)' : ''}`,
);
// Warm-up: one walk of each and a few single requests (JIT, connections, the fake's JSON cache).
await walk(server.url, 1);
await walk(server.url, 4);
await rtt(server.url, 3);

const seq: number[] = [];
const conc: number[] = [];
const concCpu: number[] = [];
const rtts: number[] = [];
let pages = 0;
let concRequests = 0;
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? [1, 4] : [4, 1];
  for (const concurrency of order) {
    const result = await walk(server.url, concurrency);
    if (result.users !== USERS) throw new Error(`walk with concurrency ${concurrency} yielded ${result.users} users`);
    if (concurrency === 1) {
      seq.push(result.ms);
      pages = result.requests;
    } else {
      conc.push(result.ms);
      concCpu.push(result.cpuMs);
      concRequests = result.requests;
    }
  }
  rtts.push(...(await rtt(server.url, 5)));
}
const RTT = median(rtts);
const T1 = median(seq);
const T4 = median(conc);
const floor1 = pages * RTT;
const floor4 = floor1 / 4;
console.log(`  RTT (one page of ${LIMIT}, nothing else running)  ${RTT.toFixed(1)} ms (median of ${rtts.length})`);
console.log(
  `  sequential walk        ${T1.toFixed(0)} ms, ${pages} requests; floor pages × RTT = ${floor1.toFixed(0)} ms; ratio ${(T1 / floor1).toFixed(2)} (target ≤ 1.10)`,
);
console.log(
  `  concurrency 4          ${T4.toFixed(0)} ms, ${concRequests} requests; floor pages × RTT ÷ 4 = ${floor4.toFixed(0)} ms; ratio ${(T4 / floor4).toFixed(2)} (target ≤ 1.25)`,
);
console.log(`  speed-up of 4 over 1   ${(T1 / T4).toFixed(2)}x   (medians of ${ROUNDS} rounds, order alternating)`);
// What a page costs beyond the added latency is transfer and JSON work on the CPU: 4 requests in
// flight overlap their latency but not that, so on a busy machine it bounds the speed-up.
console.log(
  `  per page beyond the ${LATENCY_MS} ms latency: ${(RTT - LATENCY_MS).toFixed(1)} ms of transfer and parsing (client and server CPU)`,
);
const cpu4 = median(concCpu);
console.log(
  `  client CPU during the concurrency-4 walk: ${cpu4.toFixed(0)} ms (${(cpu4 / concRequests).toFixed(1)} ms per page, receiving and parsing JSON on one thread); ratio to max(latency floor, CPU) ${(T4 / Math.max(floor4, cpu4)).toFixed(2)}`,
);

// --- 3. Exactly once under change (on the same server, last: it changes the users) --------------
const initial = new Set((await server.ask<{ ids: string[] }>({ type: 'ids' }, 'ids')).ids);
await server.ask({ type: 'churn', on: true }, 'churn');
const seen: string[] = [];
for await (const user of paginate(createClerkClient({ secretKey: KEY, baseUrl: server.url }), '/users', {
  params: { query: { limit: LIMIT } },
  concurrency: 4,
}))
  seen.push(user.id);
await server.ask({ type: 'churn', on: false }, 'churn');
const { deleted, created } = await server.ask<{ deleted: string[]; created: string[] }>({ type: 'churned' }, 'churned');
await server.stop();
const yielded = new Set(seen);
const deletedSet = new Set(deleted);
const duplicates = seen.length - yielded.size;
const lost = [...initial].filter((id) => !deletedSet.has(id) && !yielded.has(id)).length;
const strangers = seen.filter((id) => !initial.has(id) && !created.includes(id)).length;
console.log(
  `  exactly once under change (concurrency 4; ${deleted.length} deleted, ${created.length} inserted between requests):`,
);
console.log(
  `    ${duplicates} duplicates, ${lost} lost of ${initial.size - deleted.length} present throughout, ${strangers} unknown ids`,
);

// --- 2. Memory -----------------------------------------------------------------------------------
const memoryServer = await startServer({ users: MEMORY_USERS, seed: 2 });
async function peakHeapGrowth(maxItems: number, concurrency: number): Promise<{ peak: number; users: number }> {
  const client = createClerkClient({ secretKey: KEY, baseUrl: memoryServer.url });
  gc();
  const baseline = process.memoryUsage().heapUsed;
  let peak = 0;
  let users = 0;
  for await (const page of paginate.pages(client, '/users', {
    params: { query: { limit: LIMIT } },
    concurrency,
    maxItems,
  })) {
    users += page.items.length;
    // Collect first: what is left is what the walk keeps alive (the page in hand, pages waiting
    // and requests in flight), not garbage that a later collection would free anyway.
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
  }
  return { peak, users };
}
await peakHeapGrowth(5_000, 1); // warm-up
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(
  '  peak live heap growth while iterating (after a collection at every page; one page of 500 users is ~0.8 MB of JSON):',
);
for (const concurrency of [1, 4]) {
  const small = await peakHeapGrowth(20_000, concurrency);
  const large = await peakHeapGrowth(MEMORY_USERS, concurrency);
  console.log(
    `    concurrency ${concurrency}: ${small.users.toLocaleString('en-US')} users ${mb(small.peak)}, ${large.users.toLocaleString('en-US')} users ${mb(large.peak)} (ratio ${(large.peak / small.peak).toFixed(2)} for ${(large.users / small.users).toFixed(0)}x the users)`,
  );
}
await memoryServer.stop();
