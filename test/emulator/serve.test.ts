// `clerk-users serve`, run in-process through its entry function.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runServe } from '../../src/cli/serve.ts';

const work = mkdtempSync(join(tmpdir(), 'clerk-users-serve-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function startServe(argv: string[], env: Record<string, string> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d));
  stderr.on('data', (d: Buffer) => (err += d));
  let interrupt: () => void = () => {};
  const exit = runServe(argv, {
    env,
    stdout,
    stderr,
    onInterrupt: (handler) => {
      interrupt = handler;
      return () => {};
    },
  });
  const url = new Promise<string>((resolve, reject) => {
    stdout.on('data', () => out.includes('\n') && resolve(out.trim()));
    void exit.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
  // Only the tests that wait for the URL look at it: a refused start must not be an unhandled rejection.
  url.catch(() => {});
  return { exit, url, stop: () => interrupt(), stderr: () => err };
}

describe('clerk-users serve', () => {
  it('serves the seeded users of a JSONL file at the printed base URL until interrupted', async () => {
    const seed = join(work, 'users.jsonl');
    writeFileSync(
      seed,
      `${JSON.stringify({ id: 'user_1', first_name: 'Ada', created_at: 1 })}\n${JSON.stringify({ id: 'user_2', created_at: 2 })}\n`,
    );
    const serve = startServe(['--seed', seed, '--rate-limit', 'development'], { CLERK_SECRET_KEY: 'sk_test_served' });
    const url = await serve.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const response = await fetch(`${url}/users?order_by=%2Bcreated_at`, {
      headers: { authorization: 'Bearer sk_test_served' },
    });
    expect(((await response.json()) as { id: string }[]).map((u) => u.id)).toEqual(['user_1', 'user_2']);
    expect(serve.stderr()).not.toContain('sk_test_served');
    serve.stop();
    expect(await serve.exit).toBe(0);
  });

  it.each([
    [['--rate-limit', 'fast'], /--rate-limit must be development or production/],
    [['--port', 'eighty'], /--port must be an integer/],
    [['--seed', '/nonexistent/users.jsonl'], /cannot read --seed/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('refuses %j with exit code 2 and a message naming the flag', async (argv, message) => {
    const serve = startServe(argv);
    expect(await serve.exit).toBe(2);
    expect(serve.stderr()).toMatch(message);
  });

  it('refuses a seed file with a line that is not JSON, naming the line', async () => {
    const seed = join(work, 'broken.jsonl');
    writeFileSync(seed, '{"id":"user_1"}\nnot json\n');
    const serve = startServe(['--seed', seed]);
    expect(await serve.exit).toBe(2);
    expect(serve.stderr()).toMatch(/line 2 is not JSON/);
  });
});
