// `clerk-users serve`, run in-process through the command's entry function, run(argv, io).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/help.ts';
import { run } from '../../src/cli/run.ts';

const work = mkdtempSync(join(tmpdir(), 'clerk-users-serve-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts `clerk-users serve …argv` in-process. */
const startServe = (argv: string[], env: Record<string, string> = {}) => start(['serve', ...argv], env);

function start(argv: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d));
  stderr.on('data', (d: Buffer) => (err += d));
  let interrupt: () => void = () => {};
  const exit = run(argv, {
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
  return { exit, url, stop: () => interrupt(), stdout: () => out, stderr: () => err };
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
    [['--rate-limit', 'fast'], /^clerk-users: --rate-limit must be development or production, got "fast"$/m],
    [['--rate-limit', '50/10'], /^clerk-users: --rate-limit must be development or production/m],
    [['--port', 'eighty'], /^clerk-users: --port must be a whole number from 0 to 65535, got "eighty"$/m],
    [['--port', '65536'], /^clerk-users: --port must be a whole number from 0 to 65535, got "65536"$/m],
    [['--latency-ms', '-5'], /^clerk-users: --latency-ms must be a whole number from 0 to 600000/m],
    [
      ['--seed', '/nonexistent/users.jsonl'],
      /^clerk-users: cannot read --seed "\/nonexistent\/users.jsonl" \(ENOENT\)$/m,
    ],
    [['--bogus'], /^clerk-users: unknown flag --bogus for clerk-users serve$/m],
    [['--out', 'x'], /^clerk-users: unknown flag --out for clerk-users serve \(it is a flag of clerk-users export\)$/m],
  ])('refuses %j with exit code 2, a message naming the flag and the hint to serve --help', async (argv, message) => {
    const serve = startServe(argv);
    expect(await serve.exit).toBe(2);
    expect(serve.stderr()).toMatch(message);
    expect(serve.stderr()).toContain('Run `clerk-users serve --help` for every flag');
  });

  it('refuses a port another server holds with exit code 2, naming --port', async () => {
    const first = startServe([]);
    const port = new URL(await first.url).port;
    const second = startServe(['--port', port]);
    expect(await second.exit).toBe(2);
    expect(second.stderr()).toMatch(
      new RegExp(`^clerk-users: cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`, 'm'),
    );
    first.stop();
    expect(await first.exit).toBe(0);
  });

  it('prints the help generated from the option table, with every serve flag and only those', async () => {
    const serve = startServe(['--help']);
    expect(await serve.exit).toBe(0);
    expect(serve.stdout()).toBe(`${helpText('serve')}\n`);
    for (const flag of [
      '--port N',
      '--host HOST',
      '--seed FILE',
      '--rate-limit development|production',
      '--latency-ms N',
    ])
      expect(serve.stdout()).toContain(flag);
    expect(serve.stdout()).not.toContain('--rate-limit auto');
    expect(serve.stdout()).not.toContain('--secret-key-file');
    expect(serve.stdout()).toContain('sk_test_fake');
  });

  it('is listed by clerk-users --help with its flags', async () => {
    const help = start(['--help'], {});
    expect(await help.exit).toBe(0);
    const stdout = help.stdout();
    expect(stdout).toMatch(/^ {2}serve {5}emulate Clerk's \/users API/m);
    // serve's --rate-limit is a row of its own, beside the clients' one.
    expect(stdout).toContain('\n  --rate-limit development|production\n');
    expect(stdout).toContain('\n  --rate-limit auto|N/S ');
  });

  it('tells on stderr which key to send: sk_test_fake when CLERK_SECRET_KEY is unset', async () => {
    const serve = startServe([]);
    await serve.url;
    serve.stop();
    expect(await serve.exit).toBe(0);
    expect(serve.stderr()).toContain('send Authorization: Bearer <sk_test_fake>;');
  });

  it('refuses a seed file with a line that is not JSON, naming the line', async () => {
    const seed = join(work, 'broken.jsonl');
    writeFileSync(seed, '{"id":"user_1"}\nnot json\n');
    const serve = startServe(['--seed', seed]);
    expect(await serve.exit).toBe(2);
    expect(serve.stderr()).toMatch(/line 2 is not JSON/);
  });
});
