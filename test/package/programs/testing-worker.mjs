// clerk-users/testing as a worker bundles it (workerd/worker/browser conditions): answers in-process
// through fake.fetch (a seeded bcrypt digest of "packed password", cost 4, included: bcryptjs bundled
// without Node's crypto), and listen() refuses with a message instead of reaching for node:http.
import { createFakeClerk } from 'clerk-users/testing';

const fake = createFakeClerk({ secretKey: 'sk_test_worker' });
fake.seed([
  {
    id: 'user_worker',
    first_name: 'Worker',
    password_digest: '$2y$04$ZVa5JApV7wuaiEW3giXspeJ4.fn2Z7Gzp4jUqlEB8TWYBYYaQUg/K',
    password_hasher: 'bcrypt',
  },
]);
const user = await (
  await fake.fetch('https://api.clerk.test/v1/users/user_worker', {
    headers: { authorization: 'Bearer sk_test_worker' },
  })
).json();
const verified = await (
  await fake.fetch('https://api.clerk.test/v1/users/user_worker/verify_password', {
    method: 'POST',
    headers: { authorization: 'Bearer sk_test_worker', 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'packed password' }),
  })
).json();
const listen = await fake.listen().then(
  () => 'listened',
  (error) => String(error.message),
);
console.log(JSON.stringify({ firstName: user.first_name, verified: verified.verified === true, listen }));
