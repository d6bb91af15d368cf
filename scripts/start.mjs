// npm start: start Prism on the checked-in spec, run examples/quickstart.ts against it, stop Prism.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { startPrism } from '../test/support/prism.mjs';

const example = process.argv[2] ?? 'examples/quickstart.ts';
const prism = await startPrism();
console.log(`Prism mock server on ${prism.url} (serving openapi/clerk-users.yaml)\n`);
let code = 1;
try {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const child = spawn(process.execPath, [tsx, example], {
    stdio: 'inherit',
    // A fake key: the mock only checks that a bearer token is present.
    env: { ...process.env, CLERK_SECRET_KEY: 'sk_test_quickstart', CLERK_API_URL: prism.url },
  });
  code = await new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
} finally {
  await prism.stop();
}
process.exitCode = code;
