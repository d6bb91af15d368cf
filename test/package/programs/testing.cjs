// clerk-users/testing from the packed tarball through CommonJS: the in-process fetch and listen().
const { createFakeClerk } = require('clerk-users/testing');

(async () => {
  const fake = createFakeClerk({ secretKey: 'sk_test_packed' });
  fake.seed([{ id: 'user_packed', first_name: 'Packed' }]);
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
      resolved: require.resolve('clerk-users/testing'),
    }),
  );
})();
