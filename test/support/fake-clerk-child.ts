// The stateful fake Clerk server in a child process, for benchmarks and `npm start`: the client
// under measurement then has its own event loop (and, on a multi-core machine, its own core).
// Started (bench/export.bench.ts, scripts/start.mjs) as `node --import tsx test/support/fake-clerk-child.ts '<options JSON>'`;
// talks over the IPC channel: it sends { type: 'ready', url }, and answers
//   { type: 'ids' }          -> { type: 'ids', ids }            the current users' ids
//   { type: 'churn', on }    -> { type: 'churn', on }           insert and delete users between requests
//   { type: 'churned' }      -> { type: 'churned', deleted, created }
//   { type: 'stop' }         -> exits
import { churn, type FakeClerkOptions, startFakeClerk } from './fake-clerk.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as FakeClerkOptions;
const fake = await startFakeClerk(options);
const send = (message: unknown) => process.send?.(message);

let churning = false;
let count = 0;
const deleted: string[] = [];
const created: string[] = [];
fake.onRequest((req, f) => {
  if (!churning || req.path !== '/users') return;
  count++;
  const step = churn(f, count);
  if (step.deleted !== undefined) deleted.push(step.deleted);
  created.push(...step.created);
});

process.on('message', (message: { type: string; on?: boolean }) => {
  if (message.type === 'ids') send({ type: 'ids', ids: fake.users().map((u) => u.id) });
  else if (message.type === 'churn') {
    churning = message.on === true;
    send({ type: 'churn', on: churning });
  } else if (message.type === 'churned') send({ type: 'churned', deleted, created });
  else if (message.type === 'stop') void fake.stop().then(() => process.exit(0));
});
// The parent went away (finished, crashed or killed): do not outlive it.
process.on('disconnect', () => void fake.stop().then(() => process.exit(0)));
send({ type: 'ready', url: fake.baseUrl }); // the API under /v1, as createClerkClient expects
