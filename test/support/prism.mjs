// Starts a real Prism mock server on the checked-in spec, on 127.0.0.1 and a free port.
// Prism's own entry point is run with this Node binary (no shell, no npx), so the process we
// stop is Prism itself; on stop we wait until the port is free again (Prism takes 1-2 s to exit).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const specPath = join(root, 'openapi', 'clerk-users.yaml');

/** Path of Prism's CLI script inside node_modules. */
export function prismEntry() {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stoplight/prism-cli/package.json')), 'dist', 'index.js');
}

/** A port the OS says is free right now on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Resolves true when something accepts TCP connections on the port. */
function isListening(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Rejects with code EADDRINUSE (or the OS's own error) when the port cannot be bound on 127.0.0.1.
 * Checked before Prism starts: otherwise the readiness probe would get its answer from whatever
 * holds the port, and Prism's own EADDRINUSE would come after "serving".
 */
export function assertPortFree(port) {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', (error) => {
      const inUse = /** @type {NodeJS.ErrnoException} */ (error).code === 'EADDRINUSE';
      const failure = new Error(
        inUse
          ? `port ${port} on 127.0.0.1 is already in use: stop what holds it or pick another port (PORT=4011)`
          : `cannot listen on 127.0.0.1:${port}: ${error.message}`,
      );
      /** @type {NodeJS.ErrnoException} */ (failure).code = /** @type {NodeJS.ErrnoException} */ (error).code;
      reject(failure);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}

/** A fake key for the readiness probe: without one, Prism logs "Invalid security scheme used". */
const PROBE_KEY = 'sk_test_prismReadinessProbe';

/**
 * Starts Prism and resolves once it answers HTTP. Rejects when the port is taken (code EADDRINUSE),
 * when Prism exits before answering, or when it does not answer within `timeoutMs`.
 * `exited` resolves when Prism stops, for whatever reason (a caller can fail when it dies).
 * @param {{ port?: number, logLevel?: string, timeoutMs?: number, spec?: string, onLog?: (text: string) => void }} [options]
 * @returns {Promise<{ url: string, port: number, pid: number, stop: () => Promise<void>, exited: Promise<{ code: number | null, signal: string | null }> }>}
 */
export async function startPrism(options = {}) {
  const port = options.port ?? (await freePort());
  await assertPortFree(port);
  const args = [
    prismEntry(),
    'mock',
    options.spec ?? specPath,
    '-h',
    '127.0.0.1',
    '-p',
    String(port),
    '-v',
    options.logLevel ?? 'error',
  ];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (chunk) => {
    log = (log + chunk).slice(-8000);
    options.onLog?.(String(chunk));
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  /** @type {{ code: number | null, signal: string | null } | null} */
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve(exited);
    }),
  );

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exited)
      throw new Error(`Prism exited before answering (code ${exited.code}, signal ${exited.signal}):\n${log}`);
    try {
      // Any HTTP answer means Prism is serving the spec (the port was free before it started).
      await fetch(`${url}/users/count`, {
        headers: { Authorization: `Bearer ${PROBE_KEY}` },
        signal: AbortSignal.timeout(1000),
      });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`Prism did not answer on ${url} within ${options.timeoutMs ?? 60_000} ms:\n${log}`);
      }
      await sleep(100);
    }
  }

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exitPromise;
      clearTimeout(killTimer);
    }
    const until = Date.now() + 10_000;
    while ((await isListening(port)) && Date.now() < until) await sleep(50);
  };
  return {
    url,
    port,
    pid: /** @type {number} */ (child.pid),
    stop,
    exited: /** @type {Promise<{ code: number | null, signal: string | null }>} */ (exitPromise),
  };
}
