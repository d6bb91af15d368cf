// The command run in-process through its entry function, run(argv, io), against the stateful fake
// Clerk server: usage errors, what the library refuses, the output file checks, count and export.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClerk, type FakeUser, startFakeClerk } from '../support/fake-clerk.ts';
import { runInProcess } from './fake-io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let work: string;
let fake: FakeClerk | undefined;

beforeAll(() => {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  work = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'cli-run-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

const newestFirst = (a: FakeUser, b: FakeUser) =>
  b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
const idsOf = (jsonl: string) =>
  jsonl
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { id: string }).id);

describe('usage errors (exit 2, one line and a hint, nothing on stdout)', () => {
  it.each([
    [['export', '--nope'], /^clerk-users: unknown flag --nope for clerk-users export$/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['export', '--created-after', 'yesterday'], /--created-after "yesterday" is not a date/],
    [['export', '--fields', 'id'], /--fields chooses CSV columns/],
    [['export', '--format', 'csv', '--fields', 'id,nonsense'], /"nonsense" is not a user field/],
    [['export', '--banned', '--not-banned'], /exclude each other/],
    [['export', '--resume'], /--resume continues a file export/],
    [['export', '--rate-limit', '100'], /--rate-limit must be auto or REQUESTS\/SECONDS/],
  ])('%j', async (argv, message) => {
    const result = await runInProcess(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(/--help|Give|Run/);
  });

  it('exits 2 without a secret key, and reads one from --secret-key-file', async () => {
    fake = await startFakeClerk({ users: 7 });
    const missing = await runInProcess(['count', '--base-url', fake.baseUrl], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^clerk-users: no secret key: set CLERK_SECRET_KEY or pass --secret-key-file FILE/);
    const keyFile = join(work, 'key.txt');
    writeFileSync(keyFile, 'sk_test_fake\n');
    expect(await runInProcess(['count', '--base-url', fake.baseUrl, '--secret-key-file', keyFile], {})).toEqual({
      code: 0,
      stdout: '7\n',
      stderr: '',
    });
  });
});

describe('what the library refuses surfaces as exit 2 with its message and the flag', () => {
  it.each([
    [
      ['export', '--limit', '9999'],
      /limit is 9999, but the API takes an integer from 1 to 500/,
      /^Check --limit \(e\.g\. --limit 100\)/,
    ],
    [
      ['export', '--concurrency', '0'],
      /concurrency must be a whole number from 1 to 32, got 0/,
      /^Check --concurrency/,
    ],
    [['export', '--order-by', 'username', '--concurrency', '2'], /needs a created_at ordering/, /^Check --concurrency/],
    [['export', '--max-items', '0'], /maxItems must be a whole number of at least 1/, /^Check --max-items/],
    [
      ['export', '--rate-limit', '0/10'],
      /rateLimit must be 'auto' or/,
      /^Check --rate-limit \(e\.g\. --rate-limit 50\/10\)/,
    ],
    [['count', '--user-id=+'], /user_id\[0\] is "\+", a bare prefix with no ID/, /^Check --user-id/],
    [['export', '--user-id', 'a,,b'], /user_id\[1\] is "", which is empty or blank/, /^Check --user-id/],
  ])('%j', async (argv, message, hint) => {
    fake = await startFakeClerk({ users: 3 });
    const result = await runInProcess([...argv, '--base-url', fake.baseUrl, '--quiet']);
    expect(result.code, result.stderr).toBe(2);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toMatch(hint);
    expect(fake.requests.filter((r) => r.path === '/users')).toEqual([]);
  });

  it('removes the FILE.partial it created when the library refuses before the first request', async () => {
    fake = await startFakeClerk({ users: 3 });
    const out = join(work, 'refused.jsonl');
    const result = await runInProcess(['export', '--limit', '0', '--out', out, '--base-url', fake.baseUrl, '--quiet']);
    expect(result.code).toBe(2);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--base-url of a mock served at the root (npm run mock)', () => {
  it('is refused with a message that names --allow-unversioned-base-url', async () => {
    fake = await startFakeClerk({ users: 4 });
    const result = await runInProcess(['count', '--base-url', fake.url]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^clerk-users: --base-url "http:\/\/127\.0\.0\.1:\d+" does not end in an API version segment/,
    );
    expect(result.stderr).toContain('--allow-unversioned-base-url');
    expect(result.stderr).not.toContain('allowUnversionedBaseUrl');
  });

  it('is accepted with --allow-unversioned-base-url', async () => {
    fake = await startFakeClerk({ users: 4 });
    const count = await runInProcess(['count', '--base-url', fake.url, '--allow-unversioned-base-url']);
    expect(count).toEqual({ code: 0, stdout: '4\n', stderr: '' });
    const exported = await runInProcess(['export', '--base-url', fake.url, '--allow-unversioned-base-url', '--quiet']);
    expect(exported.code).toBe(0);
    expect(idsOf(exported.stdout)).toHaveLength(4);
  });
});

describe('export', () => {
  it('takes --order-by -created_at as documented (a value starting with -)', async () => {
    fake = await startFakeClerk({ users: 30, seed: 3 });
    for (const argv of [['--order-by', '-created_at'], ['--order-by=-created_at'], ['--order-by', '+created_at']]) {
      fake.reset();
      const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--limit', '10', '--quiet', ...argv]);
      expect(result.code, result.stderr).toBe(0);
      const expected = fake
        .users()
        .sort(newestFirst)
        .map((u) => u.id);
      expect(idsOf(result.stdout)).toEqual(argv.join('=').includes('+') ? expected.reverse() : expected);
      expect(fake.requests.find((r) => r.path === '/users')?.query.get('order_by')).toBe(
        argv.join('=').split('=').at(-1),
      );
    }
  });

  it('excludes a user given as --user-id -ID', async () => {
    fake = await startFakeClerk({ users: 5, seed: 2 });
    const [first] = fake.users();
    const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--quiet', '--user-id', `-${first?.id}`]);
    expect(result.code, result.stderr).toBe(0);
    expect(idsOf(result.stdout)).toHaveLength(4);
    expect(idsOf(result.stdout)).not.toContain(first?.id);
  });

  it('says "wrote 1 user" and "wrote 2 users", and ends progress at what was written when the list is shorter than the count', async () => {
    fake = await startFakeClerk({ users: 2, seed: 2 });
    const out1 = join(work, 'one.jsonl');
    const one = await runInProcess(['export', '--base-url', fake.baseUrl, '--max-items', '1', '--out', out1]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stderr).toMatch(/wrote 1 user to .*one\.jsonl\n$/);
    const out2 = join(work, 'two.jsonl');
    const two = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', out2]);
    expect(two.stderr).toMatch(/wrote 2 users to .*two\.jsonl\n$/);
    expect(`${one.stderr}${two.stderr}`).not.toMatch(/NaN|Inf/);
  });
});

describe('--out checks, before the first request', () => {
  it('refuses a path in a directory that does not exist: exit 2, one line naming the path', async () => {
    fake = await startFakeClerk({ users: 3 });
    const out = join(work, 'nonexistent', 'dir', 'u.jsonl');
    const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n')[0]).toBe(
      `clerk-users: --out ${out}: the directory ${join(work, 'nonexistent', 'dir')} does not exist`,
    );
    expect(result.stderr).not.toMatch(/ENOENT|\n\s+at /);
    expect(fake.requests).toEqual([]);
  });

  it('refuses a directory as the target', async () => {
    fake = await startFakeClerk({ users: 3 });
    const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', work]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^clerk-users: --out ${work} is a directory\n`));
    expect(fake.requests).toEqual([]);
  });

  it('refuses a directory it cannot write in', async () => {
    if (process.getuid?.() === 0) return; // root writes anywhere: nothing to check
    fake = await startFakeClerk({ users: 3 });
    const locked = join(work, 'locked');
    mkdirSync(locked, { mode: 0o500 });
    const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', join(locked, 'u.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/is not writable/);
  });

  it('refuses to replace an existing file unless --force', async () => {
    fake = await startFakeClerk({ users: 3 });
    const out = join(work, 'existing.jsonl');
    writeFileSync(out, 'keep me\n');
    const refused = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', out, '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `clerk-users: --out ${out} already exists\nAdd --force to replace it, or give another path.\n`,
    );
    expect(readFileSync(out, 'utf8')).toBe('keep me\n');
    expect(fake.requests).toEqual([]);
    const forced = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', out, '--quiet', '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(idsOf(readFileSync(out, 'utf8'))).toHaveLength(3);
  });

  it('creates the file readable by its owner only', async () => {
    fake = await startFakeClerk({ users: 3 });
    const out = join(work, 'private.jsonl');
    const result = await runInProcess(['export', '--base-url', fake.baseUrl, '--out', out, '--quiet']);
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});

describe('count', () => {
  it('prints the number of matching users', async () => {
    fake = await startFakeClerk({ users: 300, seed: 3 });
    const result = await runInProcess(['count', '--base-url', fake.baseUrl, '--banned']);
    expect(result).toEqual({ code: 0, stdout: `${fake.users().filter((u) => u.banned).length}\n`, stderr: '' });
  });
});
