// npm run bench: what this client's layer costs per request, as ratios measured in one run
// against one local server (timings on shared machines are noisy; compare the ratios, not the ms).
//   raw fetch + JSON.parse  vs  openapi-fetch  vs  createClerkClient + unwrap
// BENCH_QUICK=1 runs fewer requests (CI keeps the script working with it).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import { createClerkClient, unwrap } from '../src/index.ts';

const rounds = process.env.BENCH_QUICK ? 200 : 3000;
const body = JSON.stringify(
  Array.from({ length: 20 }, (_, i) => ({ id: `user_${i}`, object: 'user', first_name: 'Ada', last_name: 'Lovelace', created_at: 1716800000000 + i })),
);
const server = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const query = { user_id: ['+user_1', '+user_2'], limit: 20 };

const raw = async () => {
  const r = await fetch(`${baseUrl}/users?user_id=%2Buser_1&user_id=%2Buser_2&limit=20`, { headers: { Authorization: 'Bearer sk_test_bench' } });
  return JSON.parse(await r.text()) as unknown[];
};
const plain = createClient<paths>({ baseUrl, headers: { Authorization: 'Bearer sk_test_bench' } });
const viaOpenapiFetch = async () => (await plain.GET('/users', { params: { query } })).data;
const clerk = createClerkClient({ secretKey: 'sk_test_bench', baseUrl });
const viaClerkClient = async () => unwrap(clerk.GET('/users', { params: { query } }));

async function time(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 50; i++) await fn(); // warm up
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await fn();
  return (performance.now() - start) / rounds;
}

// Interleave the three twice so drift on a busy machine hits all of them alike.
const totals = { raw: 0, openapiFetch: 0, clerk: 0 };
for (let pass = 0; pass < 2; pass++) {
  totals.raw += await time(raw);
  totals.openapiFetch += await time(viaOpenapiFetch);
  totals.clerk += await time(viaClerkClient);
}
server.close();
const per = (n: number) => `${((n / 2) * 1000).toFixed(0)} µs/request`;
console.log(`GET /users, ${rounds} requests x 2 passes, local server:`);
console.log(`  raw fetch + JSON.parse        ${per(totals.raw)}`);
console.log(`  openapi-fetch                 ${per(totals.openapiFetch)}  ratio ${(totals.openapiFetch / totals.raw).toFixed(2)}x raw`);
console.log(`  createClerkClient + unwrap    ${per(totals.clerk)}  ratio ${(totals.clerk / totals.raw).toFixed(2)}x raw, ${(totals.clerk / totals.openapiFetch).toFixed(2)}x openapi-fetch`);
