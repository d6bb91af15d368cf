// npm run mock: serve the checked-in spec with Prism on 127.0.0.1 until Ctrl-C.
// PORT picks the port (default 4010). Exits non-zero when the port is taken or Prism dies.
import { startPrism } from '../test/support/prism.mjs';

const port = Number(process.env.PORT ?? 4010);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`npm run mock: PORT must be a port number (1-65535), got ${JSON.stringify(process.env.PORT)}`);
  process.exit(2);
}
let prism;
try {
  prism = await startPrism({ port, logLevel: 'info', onLog: (text) => process.stdout.write(text) });
} catch (error) {
  console.error(`npm run mock: Prism did not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
console.log(`Prism is serving openapi/clerk-users.yaml at ${prism.url} (Ctrl-C to stop)`);
console.log(`Try: curl -H 'Authorization: Bearer sk_test_mock' ${prism.url}/users/count`);
let stopping = false;
const shutdown = async () => {
  stopping = true;
  await prism.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
// Prism exiting on its own is a failure, not a quiet end.
prism.exited.then(({ code, signal }) => {
  if (stopping) return;
  console.error(`npm run mock: Prism exited unexpectedly (code ${code}, signal ${signal})`);
  process.exit(1);
});
