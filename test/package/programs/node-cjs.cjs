// Node: the package through CommonJS require (the smoke steps themselves live in an ES module).
const lib = require('clerk-users');

const args = JSON.parse(process.argv[2]);
import('./smoke.mjs')
  .then(({ smoke }) => smoke(lib, args))
  .then((result) => console.log(JSON.stringify({ ...result, resolved: require.resolve('clerk-users') })))
  .catch((error) => {
    console.log(JSON.stringify({ fatal: String(error?.stack ?? error) }));
    process.exitCode = 1;
  });
