// clerk-users/testing as a worker bundles it (workerd/worker/browser conditions): answers in-process
// through fake.fetch, and listen() refuses with a message instead of reaching for node:http.
import { createFakeClerk } from 'clerk-users/testing';

const fake = createFakeClerk({ secretKey: 'sk_test_worker' });
fake.seed([{ id: 'user_worker', first_name: 'Worker' }]);
const user = await (
  await fake.fetch('https://api.clerk.test/v1/users/user_worker', {
    headers: { authorization: 'Bearer sk_test_worker' },
  })
).json();
const listen = await fake.listen().then(
  () => 'listened',
  (error) => String(error.message),
);
console.log(JSON.stringify({ firstName: user.first_name, listen }));
