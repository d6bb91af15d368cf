// Tests of the fake Clerk server itself, with plain fetch: later pagination and filter tests rely on
// it being right. Expected results are computed here from `fake.users()` with their own logic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { components } from '../../generated/schema.ts';
import {
  type FakeClerk,
  type FakeUser,
  ORDER_BY_FIELDS,
  type OrderByField,
  startFakeClerk,
} from '../support/fake-clerk.ts';

type WireUser = components['schemas']['User'];
type WireErrors = components['schemas']['ClerkErrors'];
type Query = Record<string, string | number | boolean | readonly (string | number)[]>;

const KEY = 'sk_test_fake';

function toSearch(query: Query = {}): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value)) for (const v of value) search.append(name, String(v));
    else search.append(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

async function call<T = unknown>(
  fake: FakeClerk,
  method: string,
  pathAndQuery: string,
  init: { body?: unknown; key?: string | null } = {},
) {
  const headers: Record<string, string> = {};
  const key = init.key === undefined ? KEY : init.key;
  if (key !== null) headers.authorization = `Bearer ${key}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${fake.url}${pathAndQuery}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
  });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as T };
}

const list = (fake: FakeClerk, query?: Query) => call<WireUser[]>(fake, 'GET', `/users${toSearch(query)}`);
const count = (fake: FakeClerk, query?: Query) =>
  call<{ object: string; total_count: number }>(fake, 'GET', `/users/count${toSearch(query)}`);

/** Ids of every user matching `query` (one page of 500), sorted for set comparison. */
async function idsOf(fake: FakeClerk, query: Query = {}): Promise<string[]> {
  const { status, body } = await list(fake, { ...query, limit: 500 });
  expect(status).toBe(200);
  return body.map((u) => u.id).sort();
}

function idsWhere(fake: FakeClerk, keep: (u: FakeUser) => boolean): string[] {
  return fake
    .users()
    .filter(keep)
    .map((u) => u.id)
    .sort();
}

function expectParamError(
  result: { status: number; body: unknown },
  param: string,
  status = 422,
  code = 'form_param_value_invalid',
) {
  expect(result.status).toBe(status);
  const body = result.body as WireErrors;
  expect(body.errors).toHaveLength(1);
  expect(body.errors[0]?.meta?.param_name).toBe(param);
  expect(body.errors[0]?.code).toBe(code);
  expect(body.errors[0]?.long_message).toMatch(/\S/);
}

/** Walks `/users` with `starting_after` until a short page; returns every id in order. */
async function walkByCursor(fake: FakeClerk, query: Query, limit: number): Promise<string[]> {
  const seen: string[] = [];
  for (let guard = 0; guard < 10_000; guard++) {
    const cursor = seen.at(-1);
    const { status, body } = await list(fake, {
      ...query,
      limit,
      ...(cursor === undefined ? {} : { starting_after: cursor }),
    });
    expect(status).toBe(200);
    seen.push(...body.map((u) => u.id));
    if (body.length < limit) return seen;
  }
  throw new Error('cursor walk did not end');
}

/** The order Clerk documents, written independently of the fake: key, nulls last, then id, in one direction. */
function orderKey(user: WireUser, field: OrderByField): string | number | null {
  switch (field) {
    case 'email_address':
      return user.email_addresses.find((e) => e.id === user.primary_email_address_id)?.email_address ?? null;
    case 'phone_number':
      return user.phone_numbers.find((p) => p.id === user.primary_phone_number_id)?.phone_number ?? null;
    case 'web3wallet':
      return user.web3_wallets.find((w) => w.id === user.primary_web3_wallet_id)?.web3_wallet ?? null;
    default:
      return user[field];
  }
}

function assertOrdered(users: WireUser[], field: OrderByField, descending: boolean) {
  for (let i = 1; i < users.length; i++) {
    const a = users[i - 1] as WireUser;
    const b = users[i] as WireUser;
    const ka = orderKey(a, field);
    const kb = orderKey(b, field);
    const where = `${field} ${descending ? 'desc' : 'asc'} at ${i}: ${JSON.stringify([ka, a.id])} before ${JSON.stringify([kb, b.id])}`;
    if (ka === null) {
      expect(kb, where).toBeNull();
    } else if (kb !== null && ka !== kb) {
      expect(descending ? ka > kb : ka < kb, where).toBe(true);
      continue;
    } else if (kb === null) {
      continue;
    }
    // Equal keys (or both null): ordered by id in the same direction.
    expect(descending ? a.id > b.id : a.id < b.id, where).toBe(true);
  }
}

describe('authentication', () => {
  let fake: FakeClerk;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 5 });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('rejects a request without Authorization with a 401 in Clerk error shape', async () => {
    const result = await call<WireErrors>(fake, 'GET', '/users', { key: null });
    expect(result.status).toBe(401);
    expect(result.body.errors[0]).toMatchObject({
      code: 'authentication_invalid',
      message: expect.any(String),
      long_message: expect.any(String),
    });
    expect(result.body.clerk_trace_id).toEqual(expect.any(String));
  });

  it('rejects a wrong secret key without echoing it', async () => {
    const result = await call<WireErrors>(fake, 'GET', '/users/count', { key: 'sk_test_wrongwrong' });
    expect(result.status).toBe(401);
    expect(result.text).not.toContain('sk_test_wrongwrong');
  });

  it('rejects a key sent without the Bearer scheme', async () => {
    const response = await fetch(`${fake.url}/users`, { headers: { authorization: KEY } });
    expect(response.status).toBe(401);
  });

  it('accepts the configured secret key and rejects the default one', async () => {
    const custom = await startFakeClerk({ users: 3, secretKey: 'sk_test_custom' });
    try {
      expect((await call(custom, 'GET', '/users', { key: 'sk_test_custom' })).status).toBe(200);
      expect((await call(custom, 'GET', '/users', { key: KEY })).status).toBe(401);
    } finally {
      await custom.stop();
    }
  });

  it('records requests in order with the authorization value redacted', async () => {
    fake.reset();
    await call(fake, 'GET', '/users?limit=2&user_id=a&user_id=b');
    await call(fake, 'GET', '/users/count', { key: 'sk_test_other' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /users', 'GET /users/count']);
    expect(fake.requests[0]?.query.getAll('user_id')).toEqual(['a', 'b']);
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer [REDACTED]');
    const logged = JSON.stringify(fake.requests.map((r) => r.headers));
    expect(logged).not.toContain(KEY);
    expect(logged).not.toContain('sk_test_other');
    fake.reset();
    expect(fake.requests).toHaveLength(0);
  });

  it('serves the same API under /v1, like Clerk, and records the path without it', async () => {
    fake.reset();
    const atRoot = await call<WireUser[]>(fake, 'GET', '/users?limit=3');
    const underV1 = await call<WireUser[]>(fake, 'GET', '/v1/users?limit=3');
    expect(underV1.status).toBe(200);
    expect(underV1.body.map((u) => u.id)).toEqual(atRoot.body.map((u) => u.id));
    expect(fake.baseUrl).toBe(`${fake.url}/v1`);
    expect(fake.requests.map((r) => r.path)).toEqual(['/users', '/users']);
    expect((await call(fake, 'GET', '/v2/users')).status).toBe(404);
  });
});

describe('GET /users filters', () => {
  let fake: FakeClerk;
  let all: FakeUser[];
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 300, seed: 42 });
    all = fake.users();
  });
  afterAll(async () => {
    await fake.stop();
  });

  const pick = (n: number, keep: (u: FakeUser) => boolean = () => true) => {
    const found = all.filter(keep).slice(0, n);
    expect(found).toHaveLength(n);
    return found;
  };

  it('returns a bare JSON array of users', async () => {
    const { status, body } = await list(fake, { limit: 3 });
    expect(status).toBe(200);
    expect(Array.isArray(body)).toBe(true);
    expect(body).toHaveLength(3);
    expect(body[0]).toMatchObject({ object: 'user', id: expect.stringMatching(/^user_/), public_metadata: {} });
    expect(body[0]).not.toHaveProperty('organization_ids');
  });

  it('includes only the user ids given, with or without the + prefix', async () => {
    const [a, b, c] = pick(3);
    expect(await idsOf(fake, { user_id: [a!.id, `+${b!.id}`, c!.id] })).toEqual([a!.id, b!.id, c!.id].sort());
  });

  it('excludes user ids prefixed with -', async () => {
    const [a, b] = pick(2);
    const ids = await idsOf(fake, { user_id: [`-${a!.id}`, `-${b!.id}`] });
    expect(ids).toEqual(idsWhere(fake, (u) => u.id !== a!.id && u.id !== b!.id));
    expect(ids).toHaveLength(all.length - 2);
  });

  it('applies exclusions after inclusions', async () => {
    const [a, b, c] = pick(3);
    expect(await idsOf(fake, { user_id: [a!.id, b!.id, c!.id, `-${b!.id}`] })).toEqual([a!.id, c!.id].sort());
  });

  it('ignores user ids that do not exist', async () => {
    const [a] = pick(1);
    expect(await idsOf(fake, { user_id: [a!.id, 'user_doesnotexist'] })).toEqual([a!.id]);
  });

  it('decodes a raw + as a space, so an unencoded include prefix matches nobody', async () => {
    const [a] = pick(1);
    const { status, body } = await call<WireUser[]>(fake, 'GET', `/users?user_id=+${a!.id}`);
    expect(status).toBe(200);
    expect(body).toEqual([]);
  });

  it('filters by external id with + and - semantics', async () => {
    const withExternal = pick(3, (u) => u.external_id !== null);
    const [x, y, z] = withExternal.map((u) => u.external_id as string);
    expect(await idsOf(fake, { external_id: [`+${x}`, y!] })).toEqual(
      idsWhere(fake, (u) => u.external_id === x || u.external_id === y),
    );
    expect(await idsOf(fake, { external_id: [x!, y!, `-${y}`] })).toEqual(idsWhere(fake, (u) => u.external_id === x));
    expect(await idsOf(fake, { external_id: [`-${z}`] })).toEqual(idsWhere(fake, (u) => u.external_id !== z));
  });

  it('filters by organization membership with + and - semantics', async () => {
    const inOrg = (org: string) => (u: FakeUser) => u.organization_ids.includes(org);
    const org1 = idsWhere(fake, inOrg('org_1'));
    expect(org1.length).toBeGreaterThan(0);
    expect(org1.length).toBeLessThan(all.length);
    expect(await idsOf(fake, { organization_id: ['org_1'] })).toEqual(org1);
    expect(await idsOf(fake, { organization_id: ['+org_1', 'org_2'] })).toEqual(
      idsWhere(fake, (u) => inOrg('org_1')(u) || inOrg('org_2')(u)),
    );
    expect(await idsOf(fake, { organization_id: ['-org_1'] })).toEqual(idsWhere(fake, (u) => !inOrg('org_1')(u)));
    const both = await idsOf(fake, { organization_id: ['org_2', '-org_3'] });
    expect(both).toEqual(idsWhere(fake, (u) => inOrg('org_2')(u) && !inOrg('org_3')(u)));
    // The data set must have users in both org_2 and org_3, or the exclusion proved nothing.
    expect(idsWhere(fake, (u) => inOrg('org_2')(u) && inOrg('org_3')(u)).length).toBeGreaterThan(0);
  });

  it.each(['user_id', 'external_id', 'organization_id', 'email_address', 'username'])(
    'rejects more than 100 values of %s with a 422 naming it',
    async (param) => {
      const values = Array.from({ length: 101 }, (_, i) => `value_${i}`);
      expectParamError(await list(fake, { [param]: values }), param);
      expectParamError(await count(fake, { [param]: values }), param);
      expect((await list(fake, { [param]: values.slice(0, 100) })).status).toBe(200);
    },
  );

  it('matches email addresses exactly, one of several repeated keys', async () => {
    const [a, b] = pick(2, (u) => u.email_addresses.length > 0);
    const emailA = a!.email_addresses[0]!.email_address;
    const emailB = b!.email_addresses.at(-1)!.email_address;
    expect(await idsOf(fake, { email_address: [emailA, emailB] })).toEqual([a!.id, b!.id].sort());
    expect(await idsOf(fake, { email_address: [emailA.slice(0, -1)] })).toEqual([]);
  });

  it('matches phone numbers, usernames and web3 wallets exactly', async () => {
    const [p] = pick(1, (u) => u.phone_numbers.length > 0);
    const [n1, n2] = pick(2, (u) => u.username !== null);
    const [w] = pick(1, (u) => u.web3_wallets.length > 0);
    expect(await idsOf(fake, { phone_number: [p!.phone_numbers[0]!.phone_number] })).toEqual([p!.id]);
    expect(await idsOf(fake, { username: [n1!.username!, n2!.username!] })).toEqual([n1!.id, n2!.id].sort());
    expect(await idsOf(fake, { username: [n1!.username!.toUpperCase()] })).toEqual([]);
    expect(await idsOf(fake, { web3_wallet: [w!.web3_wallets[0]!.web3_wallet] })).toEqual([w!.id]);
  });

  const searchable = (u: FakeUser) => [
    u.id,
    u.username,
    u.first_name,
    u.last_name,
    ...u.email_addresses.map((e) => e.email_address),
    ...u.phone_numbers.map((p) => p.phone_number),
    ...u.web3_wallets.map((w) => w.web3_wallet),
  ];
  const matches = (q: string) => (u: FakeUser) => searchable(u).some((f) => f?.toLowerCase().includes(q.toLowerCase()));

  it('matches query case-insensitively and partially across identifiers and names', async () => {
    const [u] = pick(1, (x) => x.email_addresses.length > 0);
    const email = u!.email_addresses[0]!.email_address;
    const fragment = email.slice(1, 8).toUpperCase();
    const byEmail = await idsOf(fake, { query: fragment });
    expect(byEmail).toContain(u!.id);
    expect(byEmail).toEqual(idsWhere(fake, matches(fragment)));
    const byName = await idsOf(fake, { query: 'ROSS' });
    expect(byName.length).toBeGreaterThan(0);
    expect(byName).toEqual(idsWhere(fake, matches('ross')));
    expect(await idsOf(fake, { query: u!.id.slice(5, 15) })).toEqual([u!.id]);
  });

  it('filters by banned=true and banned=false and rejects other values', async () => {
    const banned = await idsOf(fake, { banned: true });
    const notBanned = await idsOf(fake, { banned: false });
    expect(banned.length).toBeGreaterThan(0);
    expect(banned).toEqual(idsWhere(fake, (u) => u.banned));
    expect(notBanned).toEqual(idsWhere(fake, (u) => !u.banned));
    expectParamError(await list(fake, { banned: 'yes' }), 'banned');
  });

  it('filters by created_at before and after, exclusive of the bound', async () => {
    const middle = [...all].sort((a, b) => a.created_at - b.created_at)[150]!.created_at;
    expect(await idsOf(fake, { created_at_before: middle })).toEqual(idsWhere(fake, (u) => u.created_at < middle));
    expect(await idsOf(fake, { created_at_after: middle })).toEqual(idsWhere(fake, (u) => u.created_at > middle));
    expect(await idsOf(fake, { created_at_after: middle - 1, created_at_before: middle + 1 })).toEqual(
      idsWhere(fake, (u) => u.created_at === middle),
    );
    expectParamError(await list(fake, { created_at_before: 'yesterday' }), 'created_at_before');
  });

  it('filters by last_active_at before and after, leaving out users never active', async () => {
    const active = all.filter((u) => u.last_active_at !== null);
    expect(active.length).toBeLessThan(all.length);
    const bound = [...active].sort((a, b) => a.last_active_at! - b.last_active_at!)[100]!.last_active_at!;
    expect(await idsOf(fake, { last_active_at_before: bound })).toEqual(
      idsWhere(fake, (u) => u.last_active_at !== null && u.last_active_at < bound),
    );
    expect(await idsOf(fake, { last_active_at_after: bound })).toEqual(
      idsWhere(fake, (u) => u.last_active_at !== null && u.last_active_at > bound),
    );
  });

  it('combines different filters with AND', async () => {
    const ids = await idsOf(fake, { organization_id: ['org_4'], banned: false, query: 'an' });
    const expected = idsWhere(fake, (u) => u.organization_ids.includes('org_4') && !u.banned && matches('an')(u));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(idsWhere(fake, (u) => u.organization_ids.includes('org_4')).length);
    expect(ids).toEqual(expected);
  });
});

describe('GET /users ordering and offset paging', () => {
  let fake: FakeClerk;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 300, seed: 7 });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it.each(ORDER_BY_FIELDS.flatMap((field) => [`+${field}`, `-${field}`]))(
    'sorts every user by order_by=%s, nulls last, ties by id',
    async (orderBy) => {
      const { status, body } = await list(fake, { order_by: orderBy, limit: 500 });
      expect(status).toBe(200);
      expect(body.map((u) => u.id).sort()).toEqual(
        fake
          .users()
          .map((u) => u.id)
          .sort(),
      );
      assertOrdered(body, orderBy.slice(1) as OrderByField, orderBy.startsWith('-'));
    },
  );

  it('has ties and nulls in the data, so the tie and null rules are exercised', () => {
    const users = fake.users();
    const createdAt = users.map((u) => u.created_at);
    expect(new Set(createdAt).size).toBeLessThan(createdAt.length);
    const lastActive = users.map((u) => u.last_active_at);
    expect(lastActive).toContain(null);
    expect(new Set(lastActive).size).toBeLessThan(lastActive.length - 1);
    expect(users.some((u) => u.web3_wallets.length > 0) && users.some((u) => u.web3_wallets.length === 0)).toBe(true);
  });

  it('treats an order_by without prefix as ascending', async () => {
    const plain = await list(fake, { order_by: 'username', limit: 500 });
    const ascending = await list(fake, { order_by: '+username', limit: 500 });
    expect(plain.body.map((u) => u.id)).toEqual(ascending.body.map((u) => u.id));
  });

  it('orders by -created_at by default', async () => {
    const { body } = await list(fake, { limit: 500 });
    assertOrdered(body, 'created_at', true);
  });

  it('keeps only the first order_by, even when a later one is invalid', async () => {
    const { status, body } = await list(fake, { order_by: ['last_name', 'nonsense'], limit: 500 });
    expect(status).toBe(200);
    assertOrdered(body, 'last_name', false);
  });

  it('rejects an unknown order_by field with a 422', async () => {
    expectParamError(await list(fake, { order_by: 'age' }), 'order_by');
    expectParamError(await list(fake, { order_by: '-web3_wallet' }), 'order_by');
  });

  it('returns 10 users by default and accepts limits from 1 to 500', async () => {
    expect((await list(fake)).body).toHaveLength(10);
    expect((await list(fake, { limit: 1 })).body).toHaveLength(1);
    expect((await list(fake, { limit: 500 })).body).toHaveLength(300);
  });

  it.each([0, 501, -1, 'ten', '2.5'])('rejects limit=%s with a 422', async (limit) => {
    expectParamError(await list(fake, { limit }), 'limit');
  });

  it.each([-1, 'x'])('rejects offset=%s with a 422', async (offset) => {
    expectParamError(await list(fake, { offset }), 'offset');
  });

  it('pages with limit and offset through the same order as one big page', async () => {
    const full = (await list(fake, { order_by: '-last_active_at', limit: 500 })).body.map((u) => u.id);
    const paged: string[] = [];
    for (let offset = 0; offset < 320; offset += 70) {
      const { body } = await list(fake, { order_by: '-last_active_at', limit: 70, offset });
      paged.push(...body.map((u) => u.id));
    }
    expect(paged).toEqual(full);
  });
});

describe('GET /users starting_after cursor', () => {
  let fake: FakeClerk;
  let someId: string;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 0, seed: 3 });
    // 60 users in tie groups of 7 sharing one created_at millisecond; random ids order each group.
    for (let i = 0; i < 60; i++)
      fake.createUser({ created_at: 1_700_000_000_000 + Math.floor(i / 7) * 1000, banned: i % 5 === 0 });
    someId = fake.users()[10]!.id;
  });
  afterAll(async () => {
    await fake.stop();
  });

  const expectedOrder = (descending: boolean, keep: (u: FakeUser) => boolean = () => true) =>
    fake
      .users()
      .filter(keep)
      .sort((a, b) => (a.created_at - b.created_at || (a.id < b.id ? -1 : 1)) * (descending ? -1 : 1))
      .map((u) => u.id);

  it.each(['username', '-updated_at', '+last_active_at'])(
    'rejects starting_after with order_by=%s',
    async (orderBy) => {
      expectParamError(await list(fake, { starting_after: someId, order_by: orderBy }), 'starting_after');
    },
  );

  it('rejects starting_after with a non-zero offset and accepts offset=0', async () => {
    expectParamError(await list(fake, { starting_after: someId, offset: 5 }), 'starting_after');
    expect((await list(fake, { starting_after: someId, offset: 0 })).status).toBe(200);
  });

  it('rejects a cursor id that never existed with a clear 422', async () => {
    const result = await list(fake, { starting_after: 'user_neverexisted' });
    expectParamError(result, 'starting_after');
    expect(result.text).toContain('user_neverexisted');
  });

  it.each(['created_at', '+created_at', '-created_at'])('accepts starting_after with order_by=%s', async (orderBy) => {
    expect((await list(fake, { starting_after: someId, order_by: orderBy })).status).toBe(200);
  });

  it.each([
    ['-created_at', true, 4],
    ['+created_at', false, 4],
    ['created_at', false, 9],
  ] as const)(
    'walks order_by=%s across created_at ties, returning each user exactly once',
    async (orderBy, descending, limit) => {
      const walked = await walkByCursor(fake, { order_by: orderBy }, limit);
      expect(walked).toEqual(expectedOrder(descending));
      expect(new Set(walked).size).toBe(60);
    },
  );

  it('walks by cursor with filters, whether or not the cursor user matches them', async () => {
    const walked = await walkByCursor(fake, { banned: false }, 5);
    expect(walked).toEqual(expectedOrder(true, (u) => !u.banned));
    // A banned cursor user (not in the filtered list) still positions the page.
    const order = expectedOrder(true);
    const bannedIndex = order.findIndex((id, i) => i > 0 && fake.users().find((u) => u.id === id)!.banned);
    const { body } = await list(fake, { banned: false, starting_after: order[bannedIndex]!, limit: 3 });
    expect(body.map((u) => u.id)).toEqual(
      order
        .slice(bannedIndex + 1)
        .filter((id) => !fake.users().find((u) => u.id === id)!.banned)
        .slice(0, 3),
    );
  });

  it('returns an empty page after the last user', async () => {
    const last = expectedOrder(true).at(-1)!;
    expect((await list(fake, { starting_after: last })).body).toEqual([]);
  });
});

describe('cursor walks while users change', () => {
  let fake: FakeClerk;
  let insertDuringWalk = false;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 40, seed: 11 });
    fake.onRequest((req, f) => {
      if (insertDuringWalk && req.path === '/users' && req.query.has('starting_after'))
        f.createUser({ first_name: 'Inserted' });
    });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('still resolves a cursor naming a user deleted since the previous page', async () => {
    const before = (await list(fake, { limit: 500 })).body.map((u) => u.id);
    const first = (await list(fake, { limit: 5 })).body.map((u) => u.id);
    const cursor = first.at(-1)!;
    expect(fake.deleteUser(cursor)).toBe(true);
    expect(fake.deleteUser(cursor)).toBe(false);
    const next = await list(fake, { limit: 5, starting_after: cursor });
    expect(next.status).toBe(200);
    expect(next.body.map((u) => u.id)).toEqual(before.slice(5, 10));
    expect((await call(fake, 'GET', `/users/${cursor}`)).status).toBe(404);
  });

  it('does not repeat or skip existing users when an onRequest hook inserts users between pages', async () => {
    const snapshot = (await list(fake, { limit: 500 })).body.map((u) => u.id);
    insertDuringWalk = true;
    try {
      // Newest first: users inserted mid-walk are newer than the cursor and never show up.
      expect(await walkByCursor(fake, {}, 6)).toEqual(snapshot);
      // Oldest first: they come after everything else, each once.
      const ascending = await walkByCursor(fake, { order_by: '+created_at' }, 6);
      expect(ascending.slice(0, snapshot.length)).toEqual([...snapshot].reverse());
      const inserted = ascending.slice(snapshot.length);
      expect(inserted.length).toBeGreaterThan(0);
      expect(new Set(ascending).size).toBe(ascending.length);
      expect(
        fake
          .users()
          .filter((u) => inserted.includes(u.id))
          .every((u) => u.first_name === 'Inserted'),
      ).toBe(true);
    } finally {
      insertDuringWalk = false;
    }
  });

  it('gives created users a created_at later than every existing one unless one is given', () => {
    const maxBefore = Math.max(...fake.users().map((u) => u.created_at));
    const a = fake.createUser();
    const b = fake.createUser();
    expect(a.created_at).toBeGreaterThan(maxBefore);
    expect(b.created_at).toBeGreaterThan(a.created_at);
    expect(fake.createUser({ created_at: 5 }).created_at).toBe(5);
    expect(() => fake.createUser({ id: a.id })).toThrow(/exists/);
  });

  it('hands out copies, so changing them does not change the server', async () => {
    const copy = fake.users()[0]!;
    copy.first_name = 'Mutated';
    copy.organization_ids.push('org_99');
    const served = (await call<WireUser>(fake, 'GET', `/users/${copy.id}`)).body;
    expect(served.first_name).not.toBe('Mutated');
    expect(await idsOf(fake, { organization_id: ['org_99'] })).toEqual([]);
  });
});

describe('a large generated instance', () => {
  let fake: FakeClerk;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 5000, seed: 2026 });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('pages through 5,000 users by cursor, each exactly once', async () => {
    const walked = await walkByCursor(fake, {}, 250);
    expect(walked).toHaveLength(5000);
    expect(new Set(walked).size).toBe(5000);
    const total = (await count(fake)).body.total_count;
    expect(total).toBe(5000);
  });

  it('generates the same users from the same seed and different ones from another', async () => {
    const same = await startFakeClerk({ users: 5000, seed: 2026 });
    const other = await startFakeClerk({ users: 50, seed: 2027 });
    try {
      expect(same.users()).toEqual(fake.users());
      expect(other.users().map((u) => u.id)).not.toEqual(
        fake
          .users()
          .slice(0, 50)
          .map((u) => u.id),
      );
    } finally {
      await Promise.all([same.stop(), other.stop()]);
    }
  });
});

describe('GET /users/count, GET /users/{user_id}, bulk ban and unban', () => {
  let fake: FakeClerk;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 120, seed: 5 });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('counts every user', async () => {
    const { status, body } = await count(fake);
    expect(status).toBe(200);
    expect(body).toEqual({ object: 'total_count', total_count: 120 });
  });

  it('refuses limit on the count, a parameter it does not take, naming it', async () => {
    expectParamError(await count(fake, { limit: 2 }), 'limit', 422, 'form_param_unknown');
  });

  it('counts with the same filters as the list', async () => {
    const query = { organization_id: ['org_1', '-org_2'], banned: false };
    expect((await count(fake, query)).body.total_count).toBe((await idsOf(fake, query)).length);
    expect((await count(fake, query)).body.total_count).toBe(
      idsWhere(fake, (u) => u.organization_ids.includes('org_1') && !u.organization_ids.includes('org_2') && !u.banned)
        .length,
    );
    expectParamError(await count(fake, { banned: 'maybe' }), 'banned');
  });

  it('returns one user by id with the fields Clerk requires', async () => {
    const user = fake.users()[3]!;
    const { status, body } = await call<WireUser>(fake, 'GET', `/users/${encodeURIComponent(user.id)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      id: user.id,
      object: 'user',
      username: user.username,
      created_at: user.created_at,
      banned: user.banned,
      external_accounts: [],
      passkeys: [],
    });
    expect(body).not.toHaveProperty('organization_ids');
  });

  it('answers 404 resource_not_found for an unknown user', async () => {
    const result = await call<WireErrors>(fake, 'GET', '/users/user_missing');
    expect(result.status).toBe(404);
    expect(result.body.errors[0]?.code).toBe('resource_not_found');
  });

  it('answers 404 in Clerk error shape for paths and methods it does not serve', async () => {
    for (const [method, path] of [
      ['GET', '/organizations'],
      ['DELETE', '/users'],
      ['GET', '/users/a/b'],
      ['PATCH', '/users/user_x'],
    ] as const) {
      const result = await call<WireErrors>(fake, method, path);
      expect(result.status, `${method} ${path}`).toBe(404);
      expect(result.body.errors[0]?.code).toBe('resource_not_found');
    }
  });

  it('bans and unbans users in bulk, ignoring unknown ids', async () => {
    const targets = fake
      .users()
      .filter((u) => !u.banned)
      .slice(0, 3)
      .map((u) => u.id);
    const banned = await call<WireUser[]>(fake, 'POST', '/users/ban', {
      body: { user_ids: [...targets, 'user_unknown'] },
    });
    expect(banned.status).toBe(200);
    expect(banned.body.map((u) => u.id).sort()).toEqual([...targets].sort());
    expect(banned.body.every((u) => u.banned)).toBe(true);
    expect(await idsOf(fake, { user_id: targets, banned: true })).toEqual([...targets].sort());

    const unbanned = await call<WireUser[]>(fake, 'POST', '/users/unban', { body: { user_ids: targets.slice(0, 2) } });
    expect(unbanned.status).toBe(200);
    expect(unbanned.body.every((u) => !u.banned)).toBe(true);
    expect(await idsOf(fake, { user_id: targets, banned: true })).toEqual([targets[2]]);
    expect((await call<WireUser>(fake, 'GET', `/users/${targets[0]}`)).body.banned).toBe(false);
  });

  it.each([
    ['an empty list', { user_ids: [] }],
    ['more than 50 ids', { user_ids: Array.from({ length: 51 }, (_, i) => `user_${i}`) }],
    ['non-string ids', { user_ids: [1, 2] }],
  ])('rejects a bulk ban with %s with a 400', async (_label, body) => {
    expectParamError(await call(fake, 'POST', '/users/ban', { body }), 'user_ids', 400);
  });

  it('rejects a bulk ban without user_ids with a 400 naming the missing parameter', async () => {
    expectParamError(await call(fake, 'POST', '/users/ban', { body: {} }), 'user_ids', 400, 'form_param_missing');
  });

  it('rejects a bulk unban body that is not JSON with a 400', async () => {
    const result = await call<WireErrors>(fake, 'POST', '/users/unban', { body: '{not json' });
    expect(result.status).toBe(400);
    expect(result.body.errors[0]?.code).toEqual(expect.any(String));
  });
});

describe('slow responses', () => {
  let fake: FakeClerk;
  let abortOnArrival: AbortController | undefined;
  beforeAll(async () => {
    fake = await startFakeClerk({ users: 20, pageDelayMs: 150 });
    // Abort once the server has the request, so the abort lands while the answer is delayed.
    fake.onRequest(() => {
      abortOnArrival?.abort();
    });
  });
  afterAll(async () => {
    await fake.stop();
  });

  it('lets a client abort a delayed request and keeps serving afterwards', async () => {
    abortOnArrival = new AbortController();
    const aborted = fetch(`${fake.url}/users`, {
      headers: { authorization: `Bearer ${KEY}` },
      signal: abortOnArrival.signal,
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    abortOnArrival = undefined;
    const { status, body } = await list(fake, { limit: 2 });
    expect(status).toBe(200);
    expect(body).toHaveLength(2);
  });

  it('answers with a 500 naming the failure when an onRequest hook throws', async () => {
    const broken = await startFakeClerk({ users: 1 });
    try {
      broken.onRequest(() => {
        throw new Error('hook exploded');
      });
      const result = await call<WireErrors>(broken, 'GET', '/users');
      expect(result.status).toBe(500);
      expect(result.body.errors[0]?.long_message).toContain('hook exploded');
    } finally {
      await broken.stop();
    }
  });
});
