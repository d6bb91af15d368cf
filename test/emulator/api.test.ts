// The public API of clerk-users/testing: keys, seeds and reset, fault injection, rate limits.
import { describe, expect, it } from 'vitest';
import { createClerkClient, unwrap } from '../../src/index.ts';
import { createFakeClerk, generateUsers } from '../../src/testing/index.ts';
import { call, KEY } from './support.ts';

describe('authentication', () => {
  it("answers Clerk's 401 without the configured key, and serves with it", async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    expect((await call(fake, 'GET', '/users', undefined, null)).status).toBe(401);
    const wrong = await call(fake, 'GET', '/users', undefined, 'sk_test_other');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ errors: [{ code: 'authentication_invalid' }] });
    expect((await call(fake, 'GET', '/users')).status).toBe(200);
    expect(JSON.stringify(fake.requests)).not.toContain(KEY);
  });
});

describe('seed, reset and users()', () => {
  it("keeps seeded ids and timestamps, fills the spec's defaults, and serves the users as seeded", async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([{ id: 'user_x', created_at: 1_600_000_000_000, email_addresses: [{ email_address: 'x@example.com' }] }]);
    const [user] = fake.users();
    expect(user).toMatchObject({
      id: 'user_x',
      created_at: 1_600_000_000_000,
      updated_at: 1_600_000_000_000,
      banned: false,
      public_metadata: {},
      object: 'user',
    });
    expect(user?.primary_email_address_id).toBe(user?.email_addresses[0]?.id);
    expect((await call(fake, 'GET', '/users/user_x')).body).toEqual(user);
  });

  it('refuses a seed whose identifiers collide, naming the identifier, and adds none of it', () => {
    const fake = createFakeClerk();
    fake.seed([{ username: 'Taken' }]);
    expect(() => fake.seed([{ username: 'fresh' }, { username: 'taken' }])).toThrow(
      expect.objectContaining({ code: 'form_identifier_exists', meta: { param_name: 'username' } }),
    );
    expect(fake.users().map((u) => u.username)).toEqual(['Taken']);
  });

  it('goes back to the seeded state on reset(), undoing creates, updates and deletes', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed(generateUsers(5, { seed: 3 }));
    const seeded = fake.users();
    const first = seeded[0]?.id as string;
    await call(fake, 'POST', '/users', { first_name: 'Extra' });
    await call(fake, 'PATCH', `/users/${first}`, { first_name: 'Changed' });
    await call(fake, 'DELETE', `/users/${seeded[1]?.id}`);
    expect(fake.users()).not.toEqual(seeded);
    fake.reset();
    expect(fake.users()).toEqual(seeded);
    expect(fake.requests).toHaveLength(0);
  });

  it('hands out copies: changing one does not change the emulator', () => {
    const fake = createFakeClerk();
    fake.seed([{ first_name: 'Ada' }]);
    const copy = fake.users()[0] as { first_name: string | null };
    copy.first_name = 'Mallory';
    expect(fake.users()[0]?.first_name).toBe('Ada');
  });
});

describe('inject()', () => {
  it('fails the next matching requests with the status, Retry-After and body given, then serves again', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([{ id: 'user_1' }]);
    fake.inject({ method: 'GET', path: '/users/{user_id}', status: 429, retryAfter: 7, times: 2 });
    const first = await call(fake, 'GET', '/users/user_1');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body).toMatchObject({ errors: [{ code: 'too_many_requests' }] });
    expect((await call(fake, 'GET', '/users')).status).toBe(200);
    expect((await call(fake, 'GET', '/users/user_1')).status).toBe(429);
    expect((await call(fake, 'GET', '/users/user_1')).status).toBe(200);
  });

  it("lets the client's retry ride out an injected 503", async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([{ id: 'user_1', first_name: 'Ada' }]);
    fake.inject({
      path: '/users/{user_id}',
      status: 503,
      body: { errors: [{ code: 'service_unavailable', message: 'down', long_message: 'down' }] },
    });
    const client = createClerkClient({ secretKey: KEY, fetch: fake.fetch });
    const user = await unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
    expect(user.first_name).toBe('Ada');
    expect(fake.requests.filter((r) => r.path === '/users/user_1')).toHaveLength(2);
  });

  it('refuses a rule with a path that is not a template of the API', () => {
    expect(() => createFakeClerk().inject({ path: '/users/user_1', status: 500 })).toThrow(/not a path template/);
  });
});

describe('rate limits', () => {
  it('is off by default', async () => {
    const fake = createFakeClerk({ secretKey: KEY, now: () => 0 });
    for (let i = 0; i < 120; i++) expect((await call(fake, 'GET', '/users/count')).status).toBe(200);
  });

  it("answers 100 requests per 10 s in development, then a 429 with Retry-After and Clerk's body", async () => {
    let now = 1_000_000;
    const fake = createFakeClerk({ secretKey: KEY, now: () => now, rateLimit: 'development' });
    for (let i = 0; i < 100; i++) {
      expect((await call(fake, 'GET', '/users/count')).status).toBe(200);
      now += 10;
    }
    const limited = await call(fake, 'GET', '/users/count');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ errors: [{ code: 'too_many_requests' }], clerk_trace_id: expect.any(String) });
    now += 10_000;
    expect((await call(fake, 'GET', '/users/count')).status).toBe(200);
  });

  it('limits PATCH /users/{user_id} and metadata writes to 10 per 10 s per user', async () => {
    const fake = createFakeClerk({ secretKey: KEY, now: () => 5_000_000, rateLimit: 'production' });
    fake.seed([{ id: 'user_1' }, { id: 'user_2' }]);
    for (let i = 0; i < 5; i++) {
      expect((await call(fake, 'PATCH', '/users/user_1', { first_name: `n${i}` })).status).toBe(200);
      expect((await call(fake, 'PATCH', '/users/user_1/metadata', { public_metadata: { i } })).status).toBe(200);
    }
    expect((await call(fake, 'PUT', '/users/user_1/metadata', { public_metadata: {} })).status).toBe(429);
    expect((await call(fake, 'PATCH', '/users/user_2', { first_name: 'other' })).status).toBe(200);
    expect((await call(fake, 'GET', '/users/user_1')).status).toBe(200);
  });

  it('refuses a malformed rateLimit option when created', () => {
    expect(() => createFakeClerk({ rateLimit: { requests: 0, perMs: 1000 } })).toThrow(/rateLimit/);
  });
});

describe('GET /users query layer through the emulator', () => {
  it('implements the organization_id include/exclude filter and counts with the same filters', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([
      { id: 'user_1', organization_ids: ['org_a'], created_at: 1 },
      { id: 'user_2', organization_ids: ['org_a', 'org_b'], created_at: 2 },
      { id: 'user_3', organization_ids: [], created_at: 3 },
    ]);
    const ids = async (query: string) =>
      ((await call(fake, 'GET', `/users?${query}`)).body as { id: string }[]).map((u) => u.id);
    expect(await ids('organization_id=org_a&organization_id=-org_b')).toEqual(['user_1']);
    expect(await ids('order_by=%2Bcreated_at')).toEqual(['user_1', 'user_2', 'user_3']);
    expect((await call(fake, 'GET', '/users/count?organization_id=org_a')).body).toEqual({
      object: 'total_count',
      total_count: 2,
    });
  });
});
