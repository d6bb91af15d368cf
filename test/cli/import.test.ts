// `clerk-users import`, run as a subprocess against the stateful fake Clerk server, with ambiguous
// failures injected by a proxy in between (applied, then a 500 or a cut connection).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';
import { type FaultyProxy, type ProxyAction, startFaultyProxy } from '../support/faulty-proxy.ts';
import { type BuiltCli, buildCli, finish } from './built-cli.ts';

const KEY = 'sk_test_fake';
/** Where pacing is not what a test is about: a budget the fake never minds, instead of Clerk's 100 per 10 s. */
const FAST = ['--rate-limit', '1000/1'];
const env = { CLERK_SECRET_KEY: KEY };
let cli: BuiltCli;
let fake: FakeClerk | undefined;
let proxy: FaultyProxy | undefined;

beforeAll(async () => {
  cli = await buildCli('import-cli-test');
}, 60_000);
afterAll(() => cli.remove());
afterEach(async () => {
  await proxy?.stop();
  await fake?.stop();
  proxy = undefined;
  fake = undefined;
});

/** Writes `records` as JSON Lines into the scratch directory; returns the path. */
function jsonl(name: string, records: unknown[]): string {
  const path = join(cli.work, name);
  writeFileSync(path, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return path;
}

const people = (count: number, prefix = 'ext') =>
  Array.from({ length: count }, (_, i) => ({
    external_id: `${prefix}_${i}`,
    first_name: `Person ${i}`,
    email_address: [`${prefix}${i}@example.com`],
  }));

function reportOf(path: string): {
  line: number;
  external_id: string | null;
  outcome: string;
  user_id?: string;
  error?: { code: string; message: string };
}[] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
}

/** Users by external_id on the server; fails the test on any external_id held twice. */
function usersByExternalId(server: FakeClerk): Map<string, string> {
  const byId = new Map<string, string>();
  for (const user of server.users()) {
    if (user.external_id === null) continue;
    expect(byId.has(user.external_id), `external_id ${user.external_id} held by two users`).toBe(false);
    byId.set(user.external_id, user.id);
  }
  return byId;
}

const createsApplied = (server: FakeClerk) =>
  server.applied.filter((w) => w.method === 'POST' && w.path.replace(/^\/v1/, '') === '/users').length;

describe('clerk-users import', () => {
  it('creates every record once, writes a report line per record in input order, and a rerun finds them all existing', async () => {
    fake = await startFakeClerk({ users: 0 });
    const file = jsonl('people.jsonl', people(150));
    const report = join(cli.work, 'report.jsonl');
    const first = await cli.run(['import', file, '--base-url', fake.baseUrl, '--report', report, ...FAST], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('imported 150 records');
    expect(first.stderr).toContain('150 created');
    const lines = reportOf(report);
    expect(lines.map((l) => l.line)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(lines.every((l) => l.outcome === 'created' && l.user_id?.startsWith('user_'))).toBe(true);
    expect(usersByExternalId(fake).size).toBe(150);

    const again = await cli.run(
      ['import', file, '--base-url', fake.baseUrl, '--report', report, '--quiet', ...FAST],
      env,
    );
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('150 existing');
    expect(reportOf(report).every((l) => l.outcome === 'existing')).toBe(true);
    expect(createsApplied(fake)).toBe(150);
  });

  it('creates no user twice when creates are applied and then answered 500 or cut off', async () => {
    fake = await startFakeClerk({ users: 0 });
    let posts = 0;
    proxy = await startFaultyProxy(fake.url, (request): ProxyAction => {
      if (request.method !== 'POST') return 'pass';
      posts++;
      return posts % 4 === 1 ? 'apply-then-500' : posts % 4 === 2 ? 'apply-then-reset' : 'pass';
    });
    const file = jsonl('ambiguous.jsonl', people(60));
    const result = await cli.run(['import', file, '--base-url', proxy.baseUrl, '--quiet', ...FAST], env);
    expect(result.code).toBe(0);
    expect(proxy.injected['apply-then-500']).toBeGreaterThan(5);
    expect(proxy.injected['apply-then-reset']).toBeGreaterThan(5);
    expect(usersByExternalId(fake).size).toBe(60);
    expect(createsApplied(fake)).toBe(60);
  });

  it('after kill -9 mid-run, a rerun creates the rest and no user twice', async () => {
    fake = await startFakeClerk({ users: 0, pageDelayMs: 15 });
    const file = jsonl('killed.jsonl', people(300));
    const child = cli.spawn(
      ['import', file, '--base-url', fake.baseUrl, '--concurrency', '8', '--rate-limit', '1000/1'],
      env,
    );
    const ended = finish(child);
    while (fake.users().length < 60 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGKILL');
    const killed = await ended;
    expect(killed.signal).toBe('SIGKILL');
    const before = fake.users().length;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(300);

    const rerun = await cli.run(['import', file, '--base-url', fake.baseUrl, '--quiet', ...FAST], env);
    expect(rerun.code).toBe(0);
    expect(usersByExternalId(fake).size).toBe(300);
    expect(createsApplied(fake)).toBe(300);
  });

  it('--dry-run looks up and checks, writes nothing, and exits 1 for an invalid record', async () => {
    fake = await startFakeClerk({ users: 0 });
    fake.createUser({ external_id: 'ext_0' });
    const file = jsonl('dry.jsonl', [...people(3), { external_id: 'bad', password_hasher: 'rot13' }]);
    const report = join(cli.work, 'dry-report.jsonl');
    const result = await cli.run(['import', file, '--base-url', fake.baseUrl, '--dry-run', '--report', report], env);
    expect(result.code).toBe(1);
    expect(reportOf(report).map((l) => l.outcome)).toEqual(['existing', 'new', 'new', 'invalid']);
    expect(fake.applied).toHaveLength(0);
    expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(result.stderr).toContain('1 invalid');
    expect(result.stderr).toContain(report);
  });

  it('imports CSV, dotted columns building metadata objects', async () => {
    fake = await startFakeClerk({ users: 0 });
    const path = join(cli.work, 'people.csv');
    writeFileSync(
      path,
      'external_id,first_name,email_address,public_metadata.plan\ncsv_1,"Doe, Jane",jane@example.com,pro\ncsv_2,Bob,bob@example.com,\n',
    );
    const result = await cli.run(['import', path, '--format', 'csv', '--base-url', fake.baseUrl, '--quiet'], env);
    expect(result.code).toBe(0);
    const users = fake.users();
    const jane = users.find((u) => u.external_id === 'csv_1');
    expect(jane?.first_name).toBe('Doe, Jane');
    expect(jane?.public_metadata).toEqual({ plan: 'pro' });
    expect(jane?.email_addresses.map((e) => e.email_address)).toEqual(['jane@example.com']);
    expect(users.find((u) => u.external_id === 'csv_2')?.public_metadata).toEqual({});
  });

  it('--on-existing update updates the users that exist and reports them updated', async () => {
    fake = await startFakeClerk({ users: 0 });
    const existing = fake.createUser({ external_id: 'ext_1', first_name: 'Old' });
    const file = jsonl('update.jsonl', people(3));
    const report = join(cli.work, 'update-report.jsonl');
    const result = await cli.run(
      ['import', file, '--base-url', fake.baseUrl, '--on-existing', 'update', '--report', report, '--quiet'],
      env,
    );
    expect(result.code).toBe(0);
    expect(reportOf(report).map((l) => l.outcome)).toEqual(['created', 'updated', 'created']);
    expect(fake.users().find((u) => u.id === existing.id)?.first_name).toBe('Person 1');
  });

  it("reports a record Clerk refuses with Clerk's code, imports the rest, and exits 1 without printing the password", async () => {
    fake = await startFakeClerk({ users: 0 });
    proxy = await startFaultyProxy(fake.url, (request) =>
      request.method === 'POST' && request.body.includes('taken@example.com')
        ? {
            status: 422,
            body: {
              errors: [
                {
                  code: 'form_identifier_exists',
                  message: 'taken',
                  long_message: 'That email address is taken.',
                  meta: { param_name: 'email_address' },
                },
              ],
            },
          }
        : 'pass',
    );
    const file = jsonl('refused.jsonl', [
      ...people(2),
      { external_id: 'taken', email_address: ['taken@example.com'], password: 'correct horse battery staple' },
    ]);
    const result = await cli.run(['import', file, '--base-url', proxy.baseUrl], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('line 3 (taken): failed: form_identifier_exists: That email address is taken.');
    expect(result.stderr).not.toContain('correct horse');
    expect(usersByExternalId(fake).size).toBe(2);
  });

  it("with --on-existing update, a 429 on one user's update holds back that user only", async () => {
    fake = await startFakeClerk({ users: 0 });
    const ids = Array.from({ length: 20 }, (_, i) => fake?.createUser({ external_id: `ext_${i}` }).id as string);
    const first = `/v1/users/${ids[0]}`;
    const patched: string[] = [];
    let refused = false;
    proxy = await startFaultyProxy(fake.url, (request) => {
      if (request.method !== 'PATCH') return 'pass';
      patched.push(request.url);
      if (request.url === first && !refused) {
        refused = true;
        return {
          status: 429,
          headers: { 'retry-after': '2' },
          body: { errors: [{ code: 'too_many_requests', message: 'Too many requests' }] },
        };
      }
      return 'pass';
    });
    const result = await cli.run(
      [
        'import',
        jsonl('busy.jsonl', people(20)),
        '--base-url',
        proxy.baseUrl,
        '--on-existing',
        'update',
        '--quiet',
        ...FAST,
      ],
      env,
    );
    expect(result.code).toBe(0);
    // Every other user was updated while the first one's Retry-After ran: its retry came last.
    expect(patched).toHaveLength(21);
    expect(patched.filter((url) => url === first)).toHaveLength(2);
    expect(patched.at(-1)).toBe(first);
  });

  it('stops on Ctrl-C with exit 130 and prints the command that continues the import', async () => {
    fake = await startFakeClerk({ users: 0, pageDelayMs: 20 });
    const file = jsonl('interrupted.jsonl', people(400));
    const child = cli.spawn(['import', file, '--base-url', fake.baseUrl, '--rate-limit', '1000/1'], env);
    const ended = finish(child);
    while (fake.users().length < 20 && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
    child.kill('SIGINT');
    const result = await ended;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('interrupted after');
    expect(result.stderr).toContain(`clerk-users import ${file} --base-url ${fake.baseUrl} --rate-limit 1000/1`);
  });

  it('refuses a missing FILE, an unknown CSV column and --from export with CSV as usage errors (exit 2)', async () => {
    const missing = await cli.run(['import', join(cli.work, 'nope.jsonl')], env);
    expect(missing.code).toBe(2);
    const path = join(cli.work, 'bad-header.csv');
    writeFileSync(path, 'external_id,mail\nx,y\n');
    const header = await cli.run(['import', path, '--format', 'csv', '--base-url', 'http://127.0.0.1:9/v1'], env);
    expect(header.code).toBe(2);
    expect(header.stderr).toContain('"mail"');
    expect(header.stderr).not.toContain('run the same command again');
    const both = await cli.run(['import', path, '--format', 'csv', '--from', 'export'], env);
    expect(both.code).toBe(2);
    const none = await cli.run(['import'], env);
    expect(none.code).toBe(2);
  });
});
