// clerk-users/testing from the packed tarball through ESM: seed, an in-process call with the
// library's client, and the same call over HTTP through listen(). Prints one JSON line.
import { createClerkClient, unwrap } from 'clerk-users';
import { createFakeClerk } from 'clerk-users/testing';

const fake = createFakeClerk({ secretKey: 'sk_test_packed' });
fake.seed([{ id: 'user_packed', first_name: 'Packed' }]);
const inProcess = await unwrap(
  createClerkClient({ secretKey: 'sk_test_packed', fetch: fake.fetch }).GET('/users/{user_id}', {
    params: { path: { user_id: 'user_packed' } },
  }),
);
const { url } = await fake.listen();
const overHttp = await unwrap(createClerkClient({ secretKey: 'sk_test_packed', baseUrl: url }).GET('/users/count'));
await fake.close();
console.log(
  JSON.stringify({
    firstName: inProcess.first_name,
    count: overHttp.total_count,
    resolved: import.meta.resolve('clerk-users/testing'),
  }),
);
