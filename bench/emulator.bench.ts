// The emulator of clerk-users/testing: how fast it answers in-process and over loopback HTTP, what
// request validation costs, and how a filtered, ordered page and the memory per user scale with
// 10,000 and 100,000 seeded users. Prints figures; asserts nothing.
//   npx tsx bench/emulator.bench.ts              full
//   BENCH_QUICK=1 npx tsx bench/emulator.bench.ts   quick: fewer requests, 10k users only
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { OPERATIONS } from '../generated/operations.ts';
import { createFakeClerk, generateUsers } from '../src/testing/index.ts';
import { validateRequest } from '../src/testing/validate.ts';

const QUICK = Boolean(process.env.BENCH_QUICK);
const KEY = 'sk_test_bench';
const HEADERS = { authorization: `Bearer ${KEY}` };

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function requestsPerSecond(
  fetcher: (url: string) => Promise<Response>,
  base: string,
  id: string,
  count: number,
): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) await (await fetcher(`${base}/users/${id}`)).text();
  return count / ((performance.now() - started) / 1000);
}

// 1. In-process fetch vs loopback HTTP, GET /users/{user_id}.
{
  const fake = createFakeClerk({ secretKey: KEY });
  fake.seed(generateUsers(1000));
  const id = fake.users()[500]?.id as string;
  const { url } = await fake.listen();
  const count = QUICK ? 1000 : 5000;
  const inProcess: number[] = [];
  const overHttp: number[] = [];
  for (let round = 0; round < 3; round++) {
    inProcess.push(
      await requestsPerSecond((u) => fake.fetch(u, { headers: HEADERS }), 'https://api.clerk.test/v1', id, count),
    );
    overHttp.push(await requestsPerSecond((u) => fetch(u, { headers: HEADERS }), url, id, count));
  }
  await fake.close();
  const a = median(inProcess);
  const b = median(overHttp);
  console.log(`GET /users/{user_id}, ${count} sequential requests, median of 3 rounds:`);
  console.log(`  in-process fake.fetch  ${a.toFixed(0).padStart(7)} requests/s  (${(1e6 / a).toFixed(1)} µs each)`);
  console.log(`  HTTP via listen()      ${b.toFixed(0).padStart(7)} requests/s  (${(1e6 / b).toFixed(1)} µs each)`);
  console.log(`  in-process ÷ HTTP      ${(a / b).toFixed(1)}x`);
}

// 2. What validation costs per request.
{
  const spec = (id: string) => OPERATIONS.find((op) => op.operationId === id) as (typeof OPERATIONS)[number];
  const cases = [
    {
      name: 'GET /users, 4 filters + paging',
      spec: spec('GetUserList'),
      query: new URLSearchParams(
        'email_address=a@example.com&email_address=b@example.com&banned=false&order_by=-created_at&limit=100&offset=0',
      ),
      body: undefined,
    },
    {
      name: 'POST /users, 9 fields',
      spec: spec('CreateUser'),
      query: new URLSearchParams(),
      body: {
        email_address: ['a@example.com'],
        first_name: 'A',
        last_name: 'B',
        username: 'abcd',
        password: 'x'.repeat(12),
        public_metadata: { plan: 'pro' },
        private_metadata: {},
        skip_password_checks: true,
        external_id: 'e1',
      },
    },
    {
      name: 'PATCH /users/{user_id}, 2 fields',
      spec: spec('UpdateUser'),
      query: new URLSearchParams(),
      body: { first_name: 'A', last_name: 'B' },
    },
  ];
  const loops = QUICK ? 20_000 : 100_000;
  console.log(`\nRequest validation (generated schema data, walked; no eval), ${loops} calls each:`);
  for (const c of cases) {
    for (let i = 0; i < 1000; i++) validateRequest(c.spec, c.query, c.body);
    const started = performance.now();
    for (let i = 0; i < loops; i++) validateRequest(c.spec, c.query, c.body);
    const micros = ((performance.now() - started) * 1000) / loops;
    console.log(`  ${c.name.padEnd(34)} ${micros.toFixed(2)} µs per request`);
  }
}

// 3. Pages and memory at 10k and 100k users.
for (const size of QUICK ? [10_000] : [10_000, 100_000]) {
  const users = generateUsers(size, { seed: 9 });
  gc();
  const before = process.memoryUsage().heapUsed;
  const fake = createFakeClerk({ secretKey: KEY });
  fake.seed(users);
  gc();
  const bytesPerUser = (process.memoryUsage().heapUsed - before) / size;
  const ids = fake.users().map((u) => u.id);
  // The emulator's side only: the body is read as bytes, not parsed (parsing is the client's cost).
  const page = async (path: string) => {
    const response = await fake.fetch(`https://api.clerk.test/v1${path}`, { headers: HEADERS });
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  // Each query twice: cold (its users serialized for the first time) and warm (their JSON cached).
  const time = async (query: (i: number) => string, runs: number) => {
    const cold: number[] = [];
    const warm: number[] = [];
    for (const times of [cold, warm]) {
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        await page(query(i));
        times.push(performance.now() - started);
      }
    }
    return `${median(warm).toFixed(3)} ms warm, ${median(cold).toFixed(3)} ms cold`;
  };
  const sortStarted = performance.now();
  await page('/users?order_by=%2Bemail_address&banned=false&limit=100');
  const firstSort = performance.now() - sortStarted;
  const cursor = await time(
    (i) => `/users?order_by=-created_at&banned=false&limit=100&starting_after=${ids[(i * 7919) % size]}`,
    50,
  );
  const byEmail = await time((i) => `/users?order_by=%2Bemail_address&banned=false&limit=100&offset=${i * 10}`, 50);
  const createdRange = await time(
    (i) =>
      `/users?order_by=%2Bcreated_at&created_at_after=${1_700_000_000_000 + i * 3_600_000}&limit=100&email_address_query=example`,
    50,
  );
  const count = await time(() => '/users/count?banned=false', 10);
  console.log(`\n${size.toLocaleString('en-US')} seeded users (medians):`);
  console.log(
    `  memory per user                                  ${(bytesPerUser / 1024).toFixed(2)} KiB (heap, after gc)`,
  );
  console.log(`  first page of a new ordering (sorts once)        ${firstSort.toFixed(2)} ms`);
  console.log(`  banned=false, -created_at, starting_after, 100   ${cursor}`);
  console.log(`  banned=false, +email_address, small offset, 100  ${byEmail}`);
  console.log(`  created_at_after + email query, +created_at, 100 ${createdRange}`);
  console.log(`  GET /users/count?banned=false (a full scan)      ${count}`);
}
