// importUsers() against the stateful fake Clerk server, with failures injected by a fetch that
// stands between the client and the server (so "applied, then a 500" is exactly that).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import type { ClerkClientOptions } from '../../src/client-options.ts';
import { ClerkAuthenticationError } from '../../src/errors/classes.ts';
import type { CreateUserBody } from '../../src/import/create-body.ts';
import { importUsers } from '../../src/import/import-users.ts';
import { type ImportResult, UnreadableRecord } from '../../src/import/results.ts';
import { caught } from '../support/caught.ts';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';

const KEY = 'sk_test_fake';
let fake: FakeClerk;

beforeEach(async () => {
  fake = await startFakeClerk({ users: 0 });
});
afterEach(async () => {
  await fake.stop();
});

/** What a test does to one request on its way: pass it on, or fail it before or after the server saw it. */
type Fault = 'pass' | 'apply-then-500' | 'apply-then-reset' | 'reset-before' | '500-before' | Response;

function client(fault: (request: Request, n: number) => Fault = () => 'pass', options: ClerkClientOptions = {}) {
  let n = 0;
  return createClerkClient({
    secretKey: KEY,
    baseUrl: fake.baseUrl,
    backoff: { baseMs: 1, maxMs: 5 },
    fetch: async (request) => {
      const what = fault(request, ++n);
      if (what instanceof Response) return what;
      if (what === 'reset-before')
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      if (what === '500-before')
        return Response.json({ errors: [{ code: 'internal', message: 'boom' }] }, { status: 500 });
      const response = await fetch(request);
      if (what === 'apply-then-500') {
        await response.arrayBuffer();
        return Response.json({ errors: [{ code: 'internal', message: 'boom' }] }, { status: 500 });
      }
      if (what === 'apply-then-reset') {
        await response.arrayBuffer();
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
        });
      }
      return response;
    },
    ...options,
  });
}

const records = (count: number, from = 0): CreateUserBody[] =>
  Array.from({ length: count }, (_, i) => ({ external_id: `ext_${from + i}`, first_name: `User ${from + i}` }));

async function collect(iterable: AsyncIterable<ImportResult>): Promise<ImportResult[]> {
  const out: ImportResult[] = [];
  for await (const result of iterable) out.push(result);
  return out;
}

const creates = () => fake.applied.filter((w) => w.method === 'POST' && w.path.endsWith('/users'));
const externalIds = () => fake.users().map((u) => u.external_id);
const countBy = (results: ImportResult[]) =>
  results.reduce<Record<string, number>>((acc, r) => {
    acc[r.outcome] = (acc[r.outcome] ?? 0) + 1;
    return acc;
  }, {});

describe('importUsers', () => {
  it('creates every user once, in input order, and a second run finds them all existing', async () => {
    const input = records(230);
    const first = await collect(importUsers(client(), input, { concurrency: 8 }));
    expect(first.map((r) => r.line)).toEqual(input.map((_, i) => i + 1));
    expect(first.every((r) => r.outcome === 'created' && r.user_id?.startsWith('user_'))).toBe(true);
    expect(new Set(externalIds()).size).toBe(230);

    const second = await collect(importUsers(client(), input));
    expect(countBy(second)).toEqual({ existing: 230 });
    expect(second.map((r) => r.user_id)).toEqual(first.map((r) => r.user_id));
    expect(creates()).toHaveLength(230);
  });

  it('looks external ids up in batches of at most 100, each value with the + prefix', async () => {
    fake.createUser({ external_id: '-starts-with-minus' });
    const input = [...records(150), { external_id: '-starts-with-minus' }];
    const results = await collect(importUsers(client(), input));
    expect(results.at(-1)).toMatchObject({ outcome: 'existing', external_id: '-starts-with-minus' });
    const lookups = fake.requests.filter((r) => r.method === 'GET' && r.path === '/users');
    expect(lookups.length).toBeGreaterThanOrEqual(2);
    for (const lookup of lookups) {
      const values = lookup.query.getAll('external_id');
      expect(values.length).toBeLessThanOrEqual(100);
      expect(values.every((v) => v.startsWith('+'))).toBe(true);
    }
  });

  it('creates no duplicate when a create was applied and then answered 500 or reset, and finds it created', async () => {
    const results = await collect(
      importUsers(
        client((request, n) =>
          request.method === 'POST'
            ? n % 3 === 0
              ? 'apply-then-500'
              : n % 3 === 1
                ? 'apply-then-reset'
                : 'pass'
            : 'pass',
        ),
        records(120),
      ),
    );
    expect(countBy(results)).toEqual({ created: 120 });
    expect(creates()).toHaveLength(120);
    expect(new Set(externalIds()).size).toBe(120);
  });

  it('sends a create again when the look-up after an ambiguous failure does not find the user', async () => {
    let failed = 0;
    const results = await collect(
      importUsers(
        client((request) =>
          request.method === 'POST' && failed++ < 5 ? (failed % 2 ? '500-before' : 'reset-before') : 'pass',
        ),
        records(10),
      ),
    );
    expect(countBy(results)).toEqual({ created: 10 });
    expect(creates()).toHaveLength(10);
  });

  it('waits out a 429 and goes on', async () => {
    let limited = 0;
    const tooMany = () =>
      Response.json(
        { errors: [{ code: 'too_many_requests', message: 'slow down' }] },
        { status: 429, headers: { 'retry-after': '0' } },
      );
    const results = await collect(
      importUsers(
        client((request) => (request.method === 'POST' && limited++ < 6 ? tooMany() : 'pass')),
        records(5),
      ),
    );
    expect(countBy(results)).toEqual({ created: 5 });
    expect(creates()).toHaveLength(5);
  });

  it("reports a 422 as that record's failure with Clerk's code and message, and imports the rest", async () => {
    const taken = () =>
      Response.json(
        {
          errors: [
            {
              code: 'form_identifier_exists',
              message: 'taken',
              long_message: 'That email address is taken.',
              meta: { param_name: 'email_address' },
            },
          ],
        },
        { status: 422 },
      );
    const input = records(5);
    input[2] = {
      ...input[2],
      email_address: ['taken@example.com'],
      password: 'correct horse battery',
    } as CreateUserBody;
    const results = await collect(
      importUsers(
        createClerkClient({
          secretKey: KEY,
          baseUrl: fake.baseUrl,
          fetch: async (request) => {
            const text = request.method === 'POST' ? await request.clone().text() : '';
            return text.includes('taken@example.com') ? taken() : fetch(request);
          },
        }),
        input,
      ),
    );
    expect(results[2]).toEqual({
      line: 3,
      external_id: 'ext_2',
      outcome: 'failed',
      error: { code: 'form_identifier_exists', message: 'That email address is taken.' },
    });
    expect(countBy(results)).toEqual({ created: 4, failed: 1 });
    expect(JSON.stringify(results)).not.toContain('correct horse');
  });

  it('refuses invalid, id-less and repeated records without sending them, and keeps one result per record', async () => {
    const input: (CreateUserBody | UnreadableRecord)[] = [
      { external_id: 'a' },
      { first_name: 'no id' },
      { external_id: 'a', first_name: 'again' },
      { external_id: 'b', password_hasher: 'rot13' } as unknown as CreateUserBody,
      new UnreadableRecord('invalid_json', 'line 5 is not JSON'),
      { external_id: 'c', surname: 'x' } as unknown as CreateUserBody,
      { external_id: 'd' },
    ];
    const results = await collect(importUsers(client(), input));
    expect(results.map((r) => [r.line, r.outcome, r.error?.code])).toEqual([
      [1, 'created', undefined],
      [2, 'invalid', 'missing_external_id'],
      [3, 'invalid', 'repeated_external_id'],
      [4, 'invalid', 'invalid_value'],
      [5, 'invalid', 'invalid_json'],
      [6, 'invalid', 'unknown_field'],
      [7, 'created', undefined],
    ]);
    expect(
      fake
        .users()
        .map((u) => u.external_id)
        .sort(),
    ).toEqual(['a', 'd']);
  });

  it("with onExisting 'update', sends the record's fields to the existing user and reports it updated", async () => {
    const existing = fake.createUser({ external_id: 'ext_1', first_name: 'Old' });
    const results = await collect(importUsers(client(), records(3), { onExisting: 'update' }));
    expect(results.map((r) => r.outcome)).toEqual(['created', 'updated', 'created']);
    expect(results[1]?.user_id).toBe(existing.id);
    expect(fake.users().find((u) => u.id === existing.id)?.first_name).toBe('User 1');
    expect(fake.applied.filter((w) => w.method === 'PATCH')).toHaveLength(1);
  });

  it('in a dry run, looks up and validates but writes nothing', async () => {
    fake.createUser({ external_id: 'ext_0' });
    const input = [...records(3), { external_id: 'x', nope: 1 } as unknown as CreateUserBody];
    const results = await collect(importUsers(client(), input, { dryRun: true }));
    expect(results.map((r) => r.outcome)).toEqual(['existing', 'new', 'new', 'invalid']);
    expect(fake.applied).toHaveLength(0);
    expect(fake.requests.every((r) => r.method === 'GET')).toBe(true);

    const offline = await collect(importUsers(null, input, { dryRun: true }));
    expect(offline.map((r) => r.outcome)).toEqual(['valid', 'valid', 'valid', 'invalid']);
  });

  it('rejects when the key is refused, after sending no create', async () => {
    const wrong = createClerkClient({ secretKey: 'sk_test_wrong', baseUrl: fake.baseUrl });
    const error = await caught(collect(importUsers(wrong, records(3))));
    expect(error).toBeInstanceOf(ClerkAuthenticationError);
    expect(fake.requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('stops on abort, and a rerun imports the rest exactly once', async () => {
    const controller = new AbortController();
    let posts = 0;
    const slow = client((request) => {
      if (request.method === 'POST' && ++posts === 40) controller.abort(new Error('stop'));
      return 'pass';
    });
    const input = records(200);
    const error = await caught(collect(importUsers(slow, input, { signal: controller.signal, concurrency: 4 })));
    expect((error as Error).message).toBe('stop');
    const partial = fake.users().length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(200);
    // Creates in flight at the abort may still land after it: the rerun finds those as existing.
    const rest = countBy(await collect(importUsers(client(), input)));
    expect((rest.created ?? 0) + (rest.existing ?? 0)).toBe(200);
    expect(rest.existing).toBeGreaterThanOrEqual(partial);
    expect(new Set(externalIds()).size).toBe(200);
    expect(creates()).toHaveLength(200);
  });

  it('rejects at once when aborted while it waits for a slow source', async () => {
    const controller = new AbortController();
    async function* slow() {
      yield { external_id: 'ext_0' };
      await new Promise((resolve) => setTimeout(resolve, 60_000));
      yield { external_id: 'ext_1' };
    }
    const iterator = importUsers(client(), slow(), { signal: controller.signal });
    expect((await iterator.next()).value).toMatchObject({ external_id: 'ext_0', outcome: 'created' });
    const next = iterator.next();
    controller.abort(new Error('stop'));
    expect(((await caught(next)) as Error).message).toBe('stop');
  });

  it('reads the source only a bounded window ahead of the results taken', async () => {
    let read = 0;
    function* endless() {
      for (let i = 0; ; i++) {
        read++;
        yield { external_id: `ext_${i}` };
      }
    }
    const iterator = importUsers(client(), endless(), { dryRun: true });
    for (let i = 0; i < 10; i++) await iterator.next();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(read).toBeLessThan(400);
    await iterator.return();
  });
});
