// The built `clerk-users` command (test/cli/built-cli.ts), run as a subprocess against the stateful fake Clerk server.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClerk, type FakeUser, startFakeClerk } from '../support/fake-clerk.ts';
import { type BuiltCli, buildCli, finish, type Result } from './built-cli.ts';

const KEY = 'sk_test_fake';

let built: BuiltCli;
let cli: string;
let work: string;

beforeAll(async () => {
  built = await buildCli('cli-test');
  ({ cli, work } = built);
}, 60_000);

afterAll(() => built.remove());

function spawnCli(args: string[], env: Record<string, string | undefined> = { CLERK_SECRET_KEY: KEY }): ChildProcess {
  return built.spawn(args, env);
}

const runCli = (args: string[], env?: Record<string, string | undefined>) => finish(spawnCli(args, env));

/** Runs a bash script with the built command as $CLI (for `ulimit`, pipes and redirections). */
function runShell(
  script: string,
  env: Record<string, string | undefined> = { CLERK_SECRET_KEY: KEY },
): Promise<Result> {
  const child = spawn('bash', ['-c', script], {
    cwd: work,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, CLI: cli, NODE: process.execPath, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return finish(child);
}

/** Starts an export to `out`, sends `signal` (Ctrl-C by default) once 100 lines are written, and resolves to how it ended. */
async function interruptExport(args: string[], out: string, signal: NodeJS.Signals = 'SIGINT'): Promise<Result> {
  const child = spawnCli(args);
  const done = finish(child);
  await whenLines(`${out}.partial`, 100, child);
  child.kill(signal);
  return done;
}

/** Resolves once `file` holds at least `lines` whole lines, or when the child has exited (whichever first). */
async function whenLines(file: string, lines: number, child: ChildProcess): Promise<void> {
  while (child.exitCode === null && child.signalCode === null) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (text.split('\n').length - 1 >= lines) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** (created_at, id) descending: the API's default order, written independently of the CLI. */
const newestFirst = (a: FakeUser, b: FakeUser) =>
  b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

function duplicatesOf(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}

let fake: FakeClerk | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

describe('clerk-users export', () => {
  it('writes every user once as JSON Lines on stdout, newest first, each line the API object', async () => {
    fake = await startFakeClerk({ users: 240, seed: 2 });
    const result = await runCli(['export', '--base-url', fake.baseUrl, '--limit', '50', '--quiet']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const lines = result.stdout.trimEnd().split('\n');
    const expectedIds = fake
      .users()
      .sort(newestFirst)
      .map((u) => u.id);
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(expectedIds);
    // Each line is exactly the user as the API serves it.
    const page = (await (
      await fetch(`${fake.url}/users?limit=500`, { headers: { authorization: `Bearer ${KEY}` } })
    ).json()) as unknown[];
    expect(lines).toEqual(page.map((u) => JSON.stringify(u)));
  });

  it('writes CSV with a header, RFC 4180 quoting and flattened nested fields, to --out via FILE.partial', async () => {
    fake = await startFakeClerk({ users: 0 });
    const a = fake.createUser({
      first_name: 'Ada, "the first"',
      last_name: 'Line\nbreak',
      email_addresses: [
        { id: 'idn_1', email_address: 'other@example.com' },
        { id: 'idn_2', email_address: 'ada@example.com' },
      ],
      primary_email_address_id: 'idn_2',
      public_metadata: { plan: 'pro', seats: 3 },
      created_at: 1_700_000_000_000,
    });
    const b = fake.createUser({ first_name: null, username: 'bo', created_at: 1_700_000_000_001 });
    const out = join(work, 'users.csv');
    const result = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--format',
      'csv',
      '--out',
      out,
      '--quiet',
      '--fields',
      'id,primary_email_address,email_addresses,first_name,last_name,username,public_metadata.plan,public_metadata,banned,created_at',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe(
      'id,primary_email_address,email_addresses,first_name,last_name,username,public_metadata.plan,public_metadata,banned,created_at\n' +
        `${b.id},,,,,bo,,{},false,1700000000001\n` +
        `${a.id},ada@example.com,other@example.com ada@example.com,"Ada, ""the first""","Line\nbreak",,pro,"{""plan"":""pro"",""seats"":3}",false,1700000000000\n`,
    );
  });

  it('with --concurrency 4 writes each of 3,000 users exactly once, one header', async () => {
    fake = await startFakeClerk({ users: 3000, seed: 8 });
    const result = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--format',
      'csv',
      '--fields',
      'id,created_at',
      '--concurrency',
      '4',
      '--limit',
      '200',
    ]);
    expect(result.code).toBe(0);
    const [header, ...rows] = result.stdout.trimEnd().split('\n');
    expect(header).toBe('id,created_at');
    const ids = rows.map((r) => r.split(',')[0] as string);
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(fake.users().map((u) => u.id)));
    // Progress went to stderr as plain lines (stderr is a pipe here), never into the data.
    expect(result.stderr).toMatch(/^clerk-users: exported 3,000 of 3,000 users \(100%\)/m);
    expect(result.stdout).not.toContain('clerk-users:');
  });

  it('passes the filters to the API: --banned with --created-after as an ISO date', async () => {
    fake = await startFakeClerk({ users: 400, seed: 6 });
    const middle = fake.users().sort(newestFirst)[200] as FakeUser;
    const iso = new Date(middle.created_at).toISOString();
    const result = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--banned',
      '--created-after',
      iso,
      '--format',
      'csv',
      '--fields',
      'id',
      '--quiet',
    ]);
    expect(result.code).toBe(0);
    const expected = fake
      .users()
      .filter((u) => u.banned && u.created_at > middle.created_at)
      .sort(newestFirst)
      .map((u) => u.id);
    expect(expected.length).toBeGreaterThan(3);
    expect(result.stdout).toBe(`id\n${expected.join('\n')}\n`);
    const sent = fake.requests.find((r) => r.path === '/users');
    expect(sent?.query.get('banned')).toBe('true');
    expect(sent?.query.get('created_at_after')).toBe(String(middle.created_at));
  });

  it('on Ctrl-C keeps whole lines in FILE.partial, says how to resume, and --resume finishes the file exactly', async () => {
    fake = await startFakeClerk({ users: 600, seed: 4, pageDelayMs: 15 });
    const out = join(work, 'resume.jsonl');
    const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out];
    const interrupted = await interruptExport(args, out);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('interrupted after');
    expect(interrupted.stderr).toContain(
      `clerk-users export --base-url ${fake.baseUrl} --limit 20 --out ${out} --resume`,
    );
    expect(existsSync(out)).toBe(false);
    const partial = readFileSync(`${out}.partial`, 'utf8');
    expect(partial.endsWith('\n')).toBe(true);
    const before = partial
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(600);

    const resumed = await runCli([...args, '--resume', '--quiet']);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const ids = readFileSync(out, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids).toEqual(
      fake
        .users()
        .sort(newestFirst)
        .map((u) => u.id),
    );
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(`${out}.partial.state`)).toBe(false);
    // The resumed run started after the last user written, not from the top.
    const resumedFirst = fake.requests
      .filter((r) => r.path === '/users')
      .at(-Math.ceil((600 - before.length + 1) / 20));
    expect(resumedFirst?.query.get('starting_after')).toBe(before.at(-1));
  });

  it('refuses --resume of a concurrent export, saying why', async () => {
    fake = await startFakeClerk({ users: 1200, seed: 4, pageDelayMs: 30 });
    const out = join(work, 'concurrent.jsonl');
    const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--concurrency', '3', '--out', out];
    const interrupted = await interruptExport(args, out);
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain('cannot be resumed');
    const resumed = await runCli([...args, '--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/^clerk-users: cannot resume: it ran with --concurrency 3/);
  });

  it('says there is nothing to resume when no interrupted export left its state', async () => {
    fake = await startFakeClerk({ users: 5 });
    const result = await runCli(['export', '--base-url', fake.baseUrl, '--out', join(work, 'never.jsonl'), '--resume']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^clerk-users: nothing to resume/);
  });
});

describe('clerk-users exit codes', () => {
  // The usage errors are checked in-process (run.test.ts); these two check the built command's wiring.
  it('exits 2 on a usage error, with one line and a hint on stderr', async () => {
    const result = await runCli(['export', '--concurrency', 'many']);
    expect(result).toEqual({
      code: 2,
      signal: null,
      stdout: '',
      stderr:
        'clerk-users: --concurrency must be a whole number, got "many"\nRun `clerk-users export --help` for every flag, with examples.\n',
    });
  });

  it('exits 2 when the library refuses a value, naming the flag', async () => {
    fake = await startFakeClerk({ users: 3 });
    const result = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--limit',
      '501',
      '--out',
      join(work, 'refused.jsonl'),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^clerk-users: limit is 501, but the API takes an integer from 1 to 500.*\nCheck --limit/,
    );
    expect(existsSync(join(work, 'refused.jsonl.partial'))).toBe(false);
  });

  it('exits 1 on a 401, showing the error code and Clerk trace id, never the key', async () => {
    fake = await startFakeClerk({ users: 7 });
    const result = await runCli(['export', '--base-url', fake.baseUrl, '--quiet'], {
      CLERK_SECRET_KEY: 'sk_test_wrongkey123',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('401 authentication_invalid');
    expect(result.stderr).toMatch(/code: authentication_invalid, clerk trace id: fake_trace_[0-9a-f]+/);
    expect(result.stderr).not.toContain('wrongkey123');
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(2); // nothing was written: no resume advice
  });

  it('exits 1 when a page fails mid-export, keeping the users written and saying how to resume', async () => {
    fake = await startFakeClerk({ users: 300, seed: 5 });
    let pages = 0;
    fake.onRequest((req) => {
      if (req.path === '/users' && ++pages === 3) req.query.set('limit', '9999'); // the fake answers 422
    });
    const out = join(work, 'failing.jsonl');
    const result = await runCli(['export', '--base-url', fake.baseUrl, '--limit', '50', '--out', out, '--quiet']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^clerk-users: 422 form_param_value_invalid/);
    expect(result.stderr).toMatch(/clerk trace id: fake_trace_/);
    expect(result.stderr).toContain('holds the 100 users written so far');
    expect(result.stderr).toContain('--resume');
    expect(readFileSync(`${out}.partial`, 'utf8').trimEnd().split('\n')).toHaveLength(100);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 1 on a 404 (a --base-url at a path the server does not serve)', async () => {
    fake = await startFakeClerk({ users: 7 });
    const result = await runCli(['count', '--base-url', `${fake.url}/wrong/v1`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^clerk-users: 404 resource_not_found/);
    expect(result.stderr).toMatch(/clerk trace id: fake_trace_/);
  });

  it('exports through the client-side rate limiter with --rate-limit', async () => {
    fake = await startFakeClerk({ users: 30, seed: 5 });
    for (const budget of ['auto', '20/1']) {
      fake.reset();
      const result = await runCli([
        'export',
        '--base-url',
        fake.baseUrl,
        '--limit',
        '10',
        '--rate-limit',
        budget,
        '--quiet',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout.trim().split('\n')).toHaveLength(30);
      expect(fake.requests.filter((r) => r.path === '/users').length).toBeGreaterThanOrEqual(3);
    }
  });
});

describe('clerk-users --help', () => {
  it('prints the help of a command on stdout', async () => {
    const result = await runCli(['export', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Examples:\n  clerk-users export');
    expect(result.stdout).toContain('--order-by -created_at');
  });
});

const linesOf = (text: string) => text.split('\n').filter((l) => l !== '');
const idsIn = (file: string) => linesOf(readFileSync(file, 'utf8')).map((l) => (JSON.parse(l) as { id: string }).id);
const stateOf = (out: string) =>
  JSON.parse(readFileSync(`${out}.partial.state`, 'utf8')) as { written: number; bytes: number; lastId: string };

describe('files: complete or clearly not', () => {
  it('after a write failure (file size limit: EFBIG) keeps whole lines, a state that describes them, prints the error once, and --resume completes exactly once', async () => {
    fake = await startFakeClerk({ users: 600, seed: 9 });
    const out = join(work, 'full-disk.jsonl');
    const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out, '--quiet'];
    // 128 KiB: a few pages fit, and the page that crosses the limit is written in part, then fails.
    const failed = await runShell(`ulimit -f 128; exec "$NODE" "$CLI" ${args.map((a) => `'${a}'`).join(' ')}`);
    expect(failed.code, failed.stderr).toBe(1);
    const errorLine = `clerk-users: cannot write to ${out}.partial: the file is larger than the system allows (EFBIG)`;
    expect(failed.stderr.split('\n').filter((l) => l.includes('cannot write'))).toEqual([errorLine]);
    expect(failed.stderr).not.toMatch(/\n\s+at |Unhandled/);
    expect(failed.stderr).toContain('--resume');
    const partial = readFileSync(`${out}.partial`, 'utf8');
    expect(partial.endsWith('\n')).toBe(true);
    const before = idsIn(`${out}.partial`);
    const state = stateOf(out);
    expect(state.written).toBe(before.length);
    expect(state.bytes).toBe(Buffer.byteLength(partial));
    expect(state.lastId).toBe(before.at(-1));
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(600);

    const resumed = await runCli([...args, '--resume']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(idsIn(out)).toEqual(
      fake
        .users()
        .sort(newestFirst)
        .map((u) => u.id),
    );
    expect(existsSync(`${out}.partial.state`)).toBe(false);
  });

  it('never writes through a symlink placed at FILE.partial or FILE.partial.state', async () => {
    fake = await startFakeClerk({ users: 300, seed: 4 });
    const victim = join(work, 'victim.txt');
    writeFileSync(victim, 'precious\n');
    const out = join(work, 'linked.jsonl');
    symlinkSync(victim, `${out}.partial`);
    const refused = await runCli(['export', '--base-url', fake.baseUrl, '--out', out, '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/partial exists, left by an interrupted export/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');

    // With --force the link is removed, not followed; a link at the state's name is replaced, not followed.
    symlinkSync(victim, `${out}.partial.state`);
    let pages = 0;
    fake.onRequest((req) => {
      if (req.path === '/users' && ++pages === 3) req.query.set('limit', '9999');
    });
    const failed = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--limit',
      '50',
      '--out',
      out,
      '--quiet',
      '--force',
    ]);
    expect(failed.code).toBe(1);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
    expect(lstatSync(`${out}.partial`).isSymbolicLink()).toBe(false);
    expect(stateOf(out).written).toBe(100);

    // A link put in place of FILE.partial before --resume is refused.
    rmSync(`${out}.partial`);
    symlinkSync(victim, `${out}.partial`);
    const resumed = await runCli([
      'export',
      '--base-url',
      fake.baseUrl,
      '--limit',
      '50',
      '--out',
      out,
      '--quiet',
      '--resume',
    ]);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toMatch(/is a symbolic link, which the export does not write through/);
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('creates FILE, FILE.partial and the state readable by the owner only (0600)', async () => {
    fake = await startFakeClerk({ users: 600, seed: 4, pageDelayMs: 15 });
    const out = join(work, 'modes.jsonl');
    const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out];
    await interruptExport(args, out);
    expect(statSync(`${out}.partial`).mode & 0o777).toBe(0o600);
    expect(statSync(`${out}.partial.state`).mode & 0o777).toBe(0o600);
    const resumed = await runCli([...args, '--resume', '--quiet']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });

  it.each(['SIGTERM', 'SIGHUP'] as const)(
    'treats %s like Ctrl-C: whole lines, state saved, resume command printed, exit 130',
    async (signal) => {
      fake = await startFakeClerk({ users: 600, seed: 4, pageDelayMs: 15 });
      const out = join(work, `signal-${signal}.jsonl`);
      const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out];
      const interrupted = await interruptExport(args, out, signal);
      expect(interrupted.code).toBe(130);
      expect(interrupted.stderr).toContain(
        `clerk-users export --base-url ${fake.baseUrl} --limit 20 --out ${out} --resume`,
      );
      expect(readFileSync(`${out}.partial`, 'utf8').endsWith('\n')).toBe(true);
      expect(stateOf(out).written).toBe(idsIn(`${out}.partial`).length);
      const resumed = await runCli([...args, '--resume', '--quiet']);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(idsIn(out)).toEqual(
        fake
          .users()
          .sort(newestFirst)
          .map((u) => u.id),
      );
    },
  );
});

describe('streams', () => {
  it('ends quietly when stdout is closed by the reader: count | true, --help | head -1, export | head -1', async () => {
    fake = await startFakeClerk({ users: 2000, seed: 3 });
    const result = await runShell(
      `"$NODE" "$CLI" count --base-url ${fake.baseUrl} | true; a=\${PIPESTATUS[0]}
       "$NODE" "$CLI" --help | head -1 >/dev/null; b=\${PIPESTATUS[0]}
       "$NODE" "$CLI" export --base-url ${fake.baseUrl} --limit 10 --quiet | head -1 >/dev/null; c=\${PIPESTATUS[0]}
       echo "$a $b $c"`,
    );
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('0 0 0\n');
  });

  it('says once that stdout cannot be written (a full device), exit 1', async () => {
    fake = await startFakeClerk({ users: 30, seed: 3 });
    const result = await runShell(
      `"$NODE" "$CLI" count --base-url ${fake.baseUrl} > /dev/full; echo "count $?" >&2
       "$NODE" "$CLI" export --base-url ${fake.baseUrl} --quiet > /dev/full; echo "export $?" >&2`,
    );
    expect(result.stderr).toBe(
      'clerk-users: cannot write to stdout: no space left on the device (ENOSPC)\ncount 1\n' +
        'clerk-users: cannot write to stdout: no space left on the device (ENOSPC)\nexport 1\n',
    );
  });
});
