// `npm run mock` and the Prism launcher it shares with the test harness: a taken port is a clear,
// non-zero failure, and the readiness probe does not make Prism log a security error.
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caught } from '../support/caught.ts';
import { startPrism } from '../support/prism.mjs';

const mockScript = fileURLToPath(new URL('../../scripts/mock.mjs', import.meta.url));

function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('a port already in use', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    // Something else answers on the port, as another dev server would.
    holder = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
  });

  it('makes npm run mock exit non-zero, saying the port is taken, without claiming to serve', async () => {
    const { code, stdout, stderr } = await run(mockScript, { PORT: String(port) });
    expect(code).not.toBe(0);
    expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    expect(stdout).not.toContain('Prism is serving');
  });

  it('makes startPrism reject with EADDRINUSE before starting Prism', async () => {
    const err = await caught(startPrism({ port }));
    expect((err as NodeJS.ErrnoException).code).toBe('EADDRINUSE');
  });
});

it("probes Prism's readiness with credentials, so Prism logs no security-scheme error", async () => {
  let log = '';
  const prism = await startPrism({ logLevel: 'info', onLog: (text) => (log += text) });
  try {
    // The probe got an answer, so Prism has logged the request by now.
    expect(log).toContain('/users/count');
    expect(log).not.toContain('Invalid security scheme');
  } finally {
    await prism.stop();
  }
}, 90_000);
