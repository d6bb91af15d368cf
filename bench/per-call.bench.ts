// Per-call cost of this client on GET /users/{user_id}, side by side with what it is built on and
// with Clerk's own SDK, all in one run against one loopback server answering a 46-field User:
//   raw fetch + JSON.parse | bare openapi-fetch | createClerkClient + unwrap | @clerk/backend users.getUser
// Printed as wall µs/call, CPU µs/call (process.cpuUsage, this process only: the server is a child
// process) and as ratios to openapi-fetch. The goal is this client without a timeout ≤ 1.05× openapi-fetch;
// what the default timeout's abort signal costs on top is accepted (a stalled socket must be freed).
//
// Method: every contender is checked and warmed up first; then R short rounds of N calls each, the
// order of the contenders rotating every round so neither warm-up nor drift on a busy machine favours
// one. A ratio is taken inside each round (same moment, same machine load) and the medians are reported.
// BENCH_QUICK=1 runs a few seconds (CI keeps the script working); BENCH_ROUNDS / BENCH_CALLS override.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createClerkClient as createClerkBackend } from '@clerk/backend';
import yaml from 'js-yaml';
import createClient from 'openapi-fetch';
import type { components, paths } from '../generated/schema.ts';
import { CLERK_API_VERSION } from '../generated/version.ts';
import { createClerkClient, unwrap } from '../src/index.ts';

type User = components['schemas']['User'];
const quick = Boolean(process.env.BENCH_QUICK);
// Many short rounds: a round lasts a few ms, so a burst of load from other processes lands in a few
// rounds (which the medians discard) instead of in one contender's whole share.
const rounds = Number(process.env.BENCH_ROUNDS ?? (quick ? 60 : 600));
const callsPerRound = Number(process.env.BENCH_CALLS ?? 20);
const warmupCalls = quick ? 200 : 1000;
const secretKey = 'sk_test_bench_not_a_real_key';
const userId = 'user_2Nq3xKx9';

// The spec's User example, completed with the properties it leaves out, so every one of the
// schema's fields is on the wire (what a real Clerk answer carries).
function realisticUser(): User {
  const spec = yaml.load(
    readFileSync(fileURLToPath(new URL('../openapi/clerk-users.yaml', import.meta.url)), 'utf8'),
  ) as {
    components: { schemas: { User: { example: User; properties: Record<string, unknown> } } };
  };
  const schema = spec.components.schemas.User;
  const user = {
    ...schema.example,
    profile_image_url: schema.example.image_url,
    organization_memberships: [],
    deprovisioned: false,
    bypass_client_trust: false,
    scim: null,
  } as User;
  const missing = Object.keys(schema.properties).filter((key) => !(key in user));
  if (missing.length > 0) throw new Error(`bench user lacks ${missing.join(', ')}: add them above`);
  return user;
}
const user = realisticUser();
const body = JSON.stringify(user);

// The server, in its own process.
const server = fork(fileURLToPath(new URL('./support/user-server.mjs', import.meta.url)), [], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (message) => resolve((message as { port: number }).port));
  server.once('exit', (code) => reject(new Error(`bench server exited (code ${code})`)));
  server.send({ body });
});
const origin = `http://127.0.0.1:${port}`;
const baseUrl = `${origin}/v1`;
// The same headers for everyone, so no contender wins by sending less.
const headers = { Authorization: `Bearer ${secretKey}`, 'Clerk-API-Version': CLERK_API_VERSION, 'User-Agent': 'bench' };

const plain = createClient<paths>({ baseUrl, headers });
const clerk = createClerkClient({ secretKey, baseUrl, userAgent: 'bench' });
// The defaults (30 s per-attempt timeout, 2 retries) are on in the main row. The default per-attempt timeout hands every request an abort signal, which undici's fetch pays for;
// this row shows the layer without it.
const clerkWithoutTimeout = createClerkClient({ secretKey, baseUrl, userAgent: 'bench', timeoutMs: 0 });
const clerkBackend = createClerkBackend({ secretKey, apiUrl: origin, apiVersion: 'v1', userAgent: 'bench' });
const rawUrl = `${baseUrl}/users/${encodeURIComponent(userId)}`;

interface Contender {
  name: string;
  call: () => Promise<{ id: string }>;
}
const contenders: Contender[] = [
  {
    name: 'raw fetch + JSON.parse',
    call: async () => JSON.parse(await (await fetch(rawUrl, { headers })).text()) as User,
  },
  {
    name: 'openapi-fetch',
    call: async () => (await plain.GET('/users/{user_id}', { params: { path: { user_id: userId } } })).data as User,
  },
  {
    name: 'clerk-users + unwrap',
    call: () => unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: userId } } })),
  },
  {
    name: 'same, timeoutMs: 0',
    call: () => unwrap(clerkWithoutTimeout.GET('/users/{user_id}', { params: { path: { user_id: userId } } })),
  },
  {
    name: '@clerk/backend getUser',
    call: () => clerkBackend.users.getUser(userId),
  },
];
const baseline = 'openapi-fetch';

// Each contender must really get the user (a wrong URL would time 404s).
for (const c of contenders) {
  const got = await c.call();
  if (got?.id !== userId)
    throw new Error(`${c.name} did not return the user (got ${JSON.stringify(got)?.slice(0, 200)})`);
}
for (let i = 0; i < warmupCalls; i++) for (const c of contenders) await c.call();

interface Sample {
  wall: number;
  cpu: number;
}
const samples = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  // Rotate: round r starts with contender r mod n.
  const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender);
  for (const c of order) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < callsPerRound; i++) await c.call();
    const wall = ((performance.now() - t0) * 1000) / callsPerRound;
    const cpuUsed = process.cpuUsage(cpu0);
    samples.get(c.name)?.push({ wall, cpu: (cpuUsed.user + cpuUsed.system) / callsPerRound });
  }
}
const seconds = (performance.now() - started) / 1000;
server.disconnect();

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};
const base = samples.get(baseline) as Sample[];
const pad = (text: string, width: number) => text.padEnd(width);
const num = (value: number, width: number, digits = 1) => value.toFixed(digits).padStart(width);

console.log(
  `GET /users/{user_id}, ${body.length}-byte User with ${Object.keys(user).length} fields, loopback server in a child process; ` +
    `${rounds} rounds × ${callsPerRound} calls per contender, order rotating (${seconds.toFixed(1)} s${quick ? ', quick' : ''})`,
);
console.log(
  `${pad('', 26)}${pad('wall µs/call', 14)}${pad('CPU µs/call', 14)}${pad('wall ratio', 12)}CPU ratio   (medians; ratios to ${baseline}, per round)`,
);
const ratios = new Map<string, { wall: number; cpu: number }>();
for (const c of contenders) {
  const own = samples.get(c.name) as Sample[];
  const wallRatio = median(own.map((s, i) => s.wall / (base[i] as Sample).wall));
  const cpuRatio = median(own.map((s, i) => s.cpu / (base[i] as Sample).cpu));
  ratios.set(c.name, { wall: wallRatio, cpu: cpuRatio });
  console.log(
    `  ${pad(c.name, 24)}${num(median(own.map((s) => s.wall)), 9)}     ${num(median(own.map((s) => s.cpu)), 9)}     ` +
      `${num(wallRatio, 6, 3)}×     ${num(cpuRatio, 6, 3)}×`,
  );
}
// The goal is read here, not asserted: timings on a shared machine are not a test.
const ours = ratios.get('same, timeoutMs: 0') as { wall: number; cpu: number };
const goal = 1.05;
console.log(
  `goal: clerk-users + unwrap without a timeout ≤ ${goal}× openapi-fetch: ${ours.wall <= goal && ours.cpu <= goal ? 'met' : 'NOT met'} ` +
    `(wall ${ours.wall.toFixed(3)}×, CPU ${ours.cpu.toFixed(3)}×)`,
);
