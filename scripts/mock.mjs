// npm run mock: serve the checked-in spec with Prism on 127.0.0.1 until Ctrl-C.
// PORT picks the port (default 4010).
import { startPrism } from '../test/support/prism.mjs';

const port = Number(process.env.PORT ?? 4010);
const prism = await startPrism({ port, logLevel: 'info', onLog: (text) => process.stdout.write(text) });
console.log(`Prism is serving openapi/clerk-users.yaml at ${prism.url} (Ctrl-C to stop)`);
console.log(`Try: curl -H 'Authorization: Bearer sk_test_mock' ${prism.url}/users/count`);
const shutdown = async () => {
  await prism.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
