// clerk-users/testing from the packed tarball through ESM: seed, an in-process call with the
// library's client, the same call over HTTP through listen(), and a seeded bcrypt digest (cost 4, of
// "packed password") verified, which loads the bcryptjs dependency from the install. Prints one JSON line.
import { createClerkClient, unwrap } from 'clerk-users';
import { createFakeClerk } from 'clerk-users/testing';

const BCRYPT_DIGEST = '$2y$04$ZVa5JApV7wuaiEW3giXspeJ4.fn2Z7Gzp4jUqlEB8TWYBYYaQUg/K';

const fake = createFakeClerk({ secretKey: 'sk_test_packed' });
fake.seed([{ id: 'user_packed', first_name: 'Packed', password_digest: BCRYPT_DIGEST, password_hasher: 'bcrypt' }]);
const client = createClerkClient({ secretKey: 'sk_test_packed', fetch: fake.fetch });
const verify = (password) =>
  client.POST('/users/{user_id}/verify_password', {
    params: { path: { user_id: 'user_packed' } },
    body: { password },
  });
const right = await verify('packed password');
const wrong = await verify('not the password');
const inProcess = await unwrap(
  client.GET('/users/{user_id}', {
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
    bcrypt: { right: right.data?.verified ?? right.response.status, wrong: wrong.response.status },
    resolved: import.meta.resolve('clerk-users/testing'),
  }),
);
