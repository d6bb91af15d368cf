// clerk-users/testing from the packed tarball through CommonJS: the in-process fetch, listen(), and a
// seeded bcrypt digest (cost 4, of "packed password") verified through bcryptjs's CommonJS build.
const { createFakeClerk } = require('clerk-users/testing');

const BCRYPT_DIGEST = '$2y$04$ZVa5JApV7wuaiEW3giXspeJ4.fn2Z7Gzp4jUqlEB8TWYBYYaQUg/K';

(async () => {
  const fake = createFakeClerk({ secretKey: 'sk_test_packed' });
  fake.seed([{ id: 'user_packed', first_name: 'Packed', password_digest: BCRYPT_DIGEST, password_hasher: 'bcrypt' }]);
  const verify = (password) =>
    fake.fetch('https://api.clerk.test/v1/users/user_packed/verify_password', {
      method: 'POST',
      headers: { authorization: 'Bearer sk_test_packed', 'content-type': 'application/json' },
      body: JSON.stringify({ password }),
    });
  const right = await verify('packed password');
  const wrong = await verify('not the password');
  const inProcess = await (
    await fake.fetch('https://api.clerk.test/v1/users/user_packed', {
      headers: { authorization: 'Bearer sk_test_packed' },
    })
  ).json();
  const { url } = await fake.listen();
  const overHttp = await (
    await fetch(`${url}/users/count`, { headers: { authorization: 'Bearer sk_test_packed' } })
  ).json();
  await fake.close();
  console.log(
    JSON.stringify({
      firstName: inProcess.first_name,
      count: overHttp.total_count,
      bcrypt: { right: right.status === 200 ? (await right.json()).verified : right.status, wrong: wrong.status },
      resolved: require.resolve('clerk-users/testing'),
    }),
  );
})();
