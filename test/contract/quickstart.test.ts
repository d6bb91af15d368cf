// The quickstart (`npm start`) against the run's Prism server: it must finish every step and end on
// its summary line, not on the error of its last step.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';

it('runs every quickstart step against Prism and ends with a done summary line', async () => {
  const tsx = createRequire(import.meta.url).resolve('tsx/cli');
  const example = fileURLToPath(new URL('../../examples/quickstart.ts', import.meta.url));
  const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
    const child = spawn(process.execPath, [tsx, example], {
      env: { ...process.env, CLERK_SECRET_KEY: 'sk_test_quickstartContract', CLERK_API_URL: inject('prismUrl') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.once('exit', (exitCode) => resolve({ code: exitCode, stdout: out }));
  });
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n');
  expect(lines.filter((line) => /^\d\. /.test(line)).map((line) => line[0])).toEqual(['1', '2', '3', '4', '5']);
  expect(lines.at(-1)).toMatch(
    /^Done: 5 steps against http:\/\/127\.0\.0\.1:\d+: .*404 → ClerkNotFoundError caught\.$/,
  );
}, 60_000);
