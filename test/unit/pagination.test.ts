// Tests of paginate() against the stateful fake Clerk server (test/support/fake-clerk.ts), and a tiny
// local server for the `{ data, total_count }` endpoints the fake does not serve. Expected orders and
// sets are computed here from `fake.users()` with the test's own comparator, never from the walker.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  ClerkAPIError,
  ClerkInputError,
  ClerkResponseError,
  type ClerkUsersClient,
  ClerkValidationError,
  createClerkClient,
  DEFAULT_PAGE_SIZE,
  exclude,
  include,
  type ListItem,
  orderBy,
  type Page,
  paginate,
} from '../../src/index.ts';
import { type FakeClerk, type FakeUser, type RecordedRequest, startFakeClerk } from '../support/fake-clerk.ts';

const KEY = 'sk_test_fake';

function clientFor(url: string): ClerkUsersClient {
  // The fake serves the API's paths at its root, as Prism does.
  return createClerkClient({ secretKey: KEY, baseUrl: url, allowUnversionedBaseUrl: true });
}

async function idsOf(items: AsyncIterable<{ id: string }>): Promise<string[]> {
  const ids: string[] = [];
  for await (const item of items) ids.push(item.id);
  return ids;
}

async function pagesOf<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

/** Runs the walk to its end and returns what it rejected with (fails when it does not reject). */
async function rejectionOf(items: AsyncIterable<unknown>): Promise<unknown> {
  try {
    for await (const _ of items) {
      // drain
    }
  } catch (error) {
    return error;
  }
  throw new Error('expected the walk to reject, but it completed');
}

/** A request's query as an object; a repeated key becomes an array of its values (decoded). */
function queryOf(request: RecordedRequest): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const name of new Set(request.query.keys())) {
    const values = request.query.getAll(name);
    out[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return out;
}

/** The `GET /users` page requests the fake received, in order. */
function listRequests(fake: FakeClerk): RecordedRequest[] {
  return fake.requests.filter((r) => r.method === 'GET' && r.path === '/users');
}

type Key = string | number | null;

/**
 * The order Clerk documents, written independently of the fake: by key in `direction`, nulls last
 * in both directions, equal keys by id in the same direction.
 */
function comparator(read: (u: FakeUser) => Key, direction: 1 | -1) {
  return (a: FakeUser, b: FakeUser): number => {
    const ka = read(a);
    const kb = read(b);
    if (ka !== kb) {
      if (ka === null) return 1;
      if (kb === null) return -1;
      return (ka < kb ? -1 : 1) * direction;
    }
    return (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) * direction;
  };
}
const newestFirst = comparator((u) => u.created_at, -1);
const oldestFirst = comparator((u) => u.created_at, 1);

function sortedIds(users: FakeUser[], compare: (a: FakeUser, b: FakeUser) => number): string[] {
  return [...users].sort(compare).map((u) => u.id);
}

function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of ids) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

/** Fails unless every consecutive pair of `ids` is in the order of `compare` over `known` users. */
function expectInOrder(
  ids: readonly string[],
  known: ReadonlyMap<string, FakeUser>,
  compare: (a: FakeUser, b: FakeUser) => number,
) {
  for (let i = 1; i < ids.length; i++) {
    const a = known.get(ids[i - 1] as string);
    const b = known.get(ids[i] as string);
    expect(a && b, `ids at ${i - 1} and ${i} are known users`).toBeTruthy();
    expect(compare(a as FakeUser, b as FakeUser), `${ids[i - 1]} comes before ${ids[i]}`).toBeLessThan(0);
  }
}

/** Page k + 1's `starting_after` is the last id of page k; page 1 has neither cursor nor offset. */
function expectCursorChain(
  requests: RecordedRequest[],
  pages: Page<{ id: string }>[],
  limit: number,
  extra: Record<string, string> = {},
) {
  expect(requests).toHaveLength(pages.length);
  requests.forEach((request, k) => {
    const previous = pages[k - 1];
    const expected: Record<string, string> = { ...extra, limit: String(limit) };
    if (previous !== undefined) expected.starting_after = previous.items.at(-1)?.id as string;
    expect(queryOf(request), `query of page request ${k + 1}`).toEqual(expected);
  });
}

// ---------------------------------------------------------------------------------------------

describe('paginate() over 5,000 users of the fake (read-only walks)', () => {
  let fake: FakeClerk;
  let fake4999: FakeClerk;
  let client: ClerkUsersClient;
  let users: FakeUser[];

  beforeAll(async () => {
    [fake, fake4999] = await Promise.all([
      startFakeClerk({ users: 5000, seed: 7 }),
      startFakeClerk({ users: 4999, seed: 8 }),
    ]);
    client = clientFor(fake.url);
    users = fake.users();
  });
  afterAll(async () => {
    await Promise.all([fake?.stop(), fake4999?.stop()]);
  });
  beforeEach(() => {
    fake.reset();
    fake4999.reset();
  });

  it('yields every user exactly once, newest first with ties by id, in 11 requests when the 10th page is full', async () => {
    const expected = sortedIds(users, newestFirst);
    // The data has created_at ties, so the id tie-break is really exercised.
    expect(new Set(users.map((u) => u.created_at)).size).toBeLessThan(users.length);

    const pages = await pagesOf(paginate.pages(client, '/users', { params: { query: { limit: 500 } } }));
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(ids).toHaveLength(5000);
    expect(duplicatesOf(ids)).toEqual([]);
    expect(ids).toEqual(expected);
    // 10 full pages, then one empty page that proves the end.
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 0]);
    const requests = listRequests(fake);
    expect(requests).toHaveLength(11);
    expect(fake.requests).toHaveLength(11);
    expect(requests[0]?.query.has('starting_after')).toBe(false);
    expect(requests[0]?.query.has('offset')).toBe(false);
    expectCursorChain(requests, pages, 500);
    expect(requests.some((r) => r.query.has('offset'))).toBe(false);
  });

  it('ends on the short 10th page when there are 4,999 users: exactly 10 requests', async () => {
    const expected = sortedIds(fake4999.users(), newestFirst);
    const pages = await pagesOf(
      paginate.pages(clientFor(fake4999.url), '/users', { params: { query: { limit: 500 } } }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(ids).toEqual(expected);
    expect(pages.map((p) => p.items.length)).toEqual([500, 500, 500, 500, 500, 500, 500, 500, 500, 499]);
    const requests = listRequests(fake4999);
    expect(requests).toHaveLength(10);
    expectCursorChain(requests, pages, 500);
  });

  it('walks +created_at oldest first with the cursor: every user once, 11 requests', async () => {
    const order_by = orderBy('/users', 'created_at', 'asc');
    expect(order_by).toBe('+created_at');
    const pages = await pagesOf(paginate.pages(client, '/users', { params: { query: { limit: 500, order_by } } }));
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(ids).toEqual(sortedIds(users, oldestFirst));
    expect(pages.every((p) => p.mode === 'cursor')).toBe(true);
    expectCursorChain(listRequests(fake), pages, 500, { order_by: '+created_at' });
  });

  it('pages() reports items, totalCount, mode and a zero-based index for each page', async () => {
    const pages = await pagesOf(
      paginate.pages(client, '/users', { params: { query: { limit: 500 } }, maxItems: 1200 }),
    );
    expect(
      pages.map(({ totalCount, mode, index, items }) => ({ totalCount, mode, index, count: items.length })),
    ).toEqual([
      { totalCount: undefined, mode: 'cursor', index: 0, count: 500 },
      { totalCount: undefined, mode: 'cursor', index: 1, count: 500 },
      { totalCount: undefined, mode: 'cursor', index: 2, count: 200 },
    ]);
    expect(pages[0]?.items[0]?.object).toBe('user');

    fake.reset();
    const offsetPages = await pagesOf(
      paginate.pages(client, '/users', {
        params: { query: { limit: 500, order_by: orderBy('/users', 'username') } },
        maxItems: 600,
      }),
    );
    expect(offsetPages.map(({ mode, index, items }) => ({ mode, index, count: items.length }))).toEqual([
      { mode: 'offset', index: 0, count: 500 },
      { mode: 'offset', index: 1, count: 100 },
    ]);
  });

  describe('stop rules', () => {
    it('stops at maxItems 1,234 with page limits 500, 500, 234 and no fourth request', async () => {
      const ids = await idsOf(paginate(client, '/users', { params: { query: { limit: 500 } }, maxItems: 1234 }));
      expect(ids).toEqual(sortedIds(users, newestFirst).slice(0, 1234));
      const requests = listRequests(fake);
      expect(requests.map((r) => r.query.get('limit'))).toEqual(['500', '500', '234']);
      expect(requests[2]?.query.get('starting_after')).toBe(ids[999]);
    });

    it('makes no request past a maxItems that ends exactly on a full page (1,000 at 500: 2 requests)', async () => {
      const ids = await idsOf(paginate(client, '/users', { params: { query: { limit: 500 } }, maxItems: 1000 }));
      expect(ids).toHaveLength(1000);
      expect(listRequests(fake).map((r) => r.query.get('limit'))).toEqual(['500', '500']);
    });

    it('uses the default page size of 100 when the query sets no limit', async () => {
      expect(DEFAULT_PAGE_SIZE).toBe(100);
      const ids = await idsOf(paginate(client, '/users', { maxItems: 250 }));
      expect(ids).toEqual(sortedIds(users, newestFirst).slice(0, 250));
      expect(listRequests(fake).map((r) => r.query.get('limit'))).toEqual(['100', '100', '50']);
    });

    it('stops after one empty first page when nothing matches', async () => {
      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { limit: 500, user_id: include('user_never_existed') } } }),
      );
      expect(ids).toEqual([]);
      expect(listRequests(fake)).toHaveLength(1);
    });

    it('stops on a short first page without asking again', async () => {
      const chosen = sortedIds(users, newestFirst).slice(100, 103);
      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { limit: 4, user_id: include(...chosen) } } }),
      );
      expect(ids).toEqual(chosen);
      expect(listRequests(fake)).toHaveLength(1);
    });

    it('stops a maxItems walk early when the server runs out first', async () => {
      const ids = await idsOf(
        paginate(clientFor(fake4999.url), '/users', { params: { query: { limit: 500 } }, maxItems: 10_000 }),
      );
      expect(ids).toHaveLength(4999);
      expect(listRequests(fake4999).map((r) => r.query.get('limit'))).toEqual(Array.from({ length: 10 }, () => '500'));
    });
  });

  describe('offset mode for orderings other than created_at', () => {
    it('walks +username by offset, never with starting_after, in the server order', async () => {
      const order_by = orderBy('/users', 'username', 'asc');
      const pages = await pagesOf(paginate.pages(client, '/users', { params: { query: { limit: 500, order_by } } }));
      const ids = pages.flatMap((p) => p.items.map((u) => u.id));

      expect(ids).toEqual(
        sortedIds(
          users,
          comparator((u) => u.username, 1),
        ),
      );
      expect(pages.every((p) => p.mode === 'offset')).toBe(true);
      const requests = listRequests(fake);
      // 10 full pages and the empty 11th.
      expect(requests.map(queryOf)).toEqual(
        Array.from({ length: 11 }, (_, k) => ({ limit: '500', offset: String(500 * k), order_by: '+username' })),
      );
    });

    it('walks -last_sign_in_at (nulls last) by offset up to maxItems', async () => {
      const order_by = orderBy('/users', 'last_sign_in_at', 'desc');
      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { limit: 500, order_by } }, maxItems: 1200 }),
      );

      expect(ids).toEqual(
        sortedIds(
          users,
          comparator((u) => u.last_sign_in_at, -1),
        ).slice(0, 1200),
      );
      expect(listRequests(fake).map(queryOf)).toEqual([
        { limit: '500', offset: '0', order_by: '-last_sign_in_at' },
        { limit: '500', offset: '500', order_by: '-last_sign_in_at' },
        { limit: '200', offset: '1000', order_by: '-last_sign_in_at' },
      ]);
    });

    it('starts from a given offset', async () => {
      const order_by = orderBy('/users', 'username', 'asc');
      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { limit: 500, offset: 4800, order_by } } }),
      );
      expect(ids).toEqual(
        sortedIds(
          users,
          comparator((u) => u.username, 1),
        ).slice(4800),
      );
      expect(listRequests(fake).map((r) => r.query.get('offset'))).toEqual(['4800']);
    });
  });

  describe('filters through paginate', () => {
    it('user_id: include() of 3 ids yields exactly those users, sent as +id values', async () => {
      const chosen = [users[17], users[2345], users[4999]].map((u) => (u as FakeUser).id);
      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { user_id: include(...chosen), limit: 500 } } }),
      );

      expect([...ids].sort()).toEqual([...chosen].sort());
      expect(ids).toEqual(
        sortedIds(
          users.filter((u) => chosen.includes(u.id)),
          newestFirst,
        ),
      );
      const requests = listRequests(fake);
      expect(requests).toHaveLength(1);
      expect(requests[0]?.query.getAll('user_id')).toEqual(chosen.map((id) => `+${id}`));
    });

    it('organization_id: exclude("org_1") yields every user outside org_1 and nobody inside', async () => {
      const expected = sortedIds(
        users.filter((u) => !u.organization_ids.includes('org_1')),
        newestFirst,
      );
      // The filter must really remove someone and keep someone.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(users.length);

      const ids = await idsOf(
        paginate(client, '/users', { params: { query: { organization_id: exclude('org_1'), limit: 500 } } }),
      );
      expect(ids).toEqual(expected);
      const inOrg1 = new Set(users.filter((u) => u.organization_ids.includes('org_1')).map((u) => u.id));
      expect(ids.filter((id) => inOrg1.has(id))).toEqual([]);

      const requests = listRequests(fake);
      expect(requests).toHaveLength(Math.floor(expected.length / 500) + 1);
      expect(requests.every((r) => r.query.getAll('organization_id').join() === '-org_1')).toBe(true);
    });

    it('rejects include() with no ids before any request', async () => {
      const error = await rejectionOf(paginate(client, '/users', { params: { query: { user_id: include() } } }));
      expect(error).toBeInstanceOf(ClerkInputError);
      expect((error as ClerkInputError).code).toBe('empty_filter_list');
      expect((error as ClerkInputError).parameter).toBe('user_id');
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('collect()', () => {
    it('returns every item when the list is under maxItems', async () => {
      const chosen = sortedIds(users, newestFirst).slice(10, 20);
      const all = await paginate.collect(client, '/users', {
        params: { query: { user_id: include(...chosen) } },
        maxItems: 50,
      });
      expect(all.map((u) => u.id)).toEqual(chosen);
      expect(listRequests(fake)).toHaveLength(1);
    });

    it('returns the whole list when it has exactly maxItems items', async () => {
      const chosen = sortedIds(users, newestFirst).slice(0, 3);
      const all = await paginate.collect(client, '/users', {
        params: { query: { user_id: include(...chosen), limit: 2 } },
        maxItems: 3,
      });
      expect(all.map((u) => u.id)).toEqual(chosen);
    });

    it('throws max_items_exceeded instead of truncating when the list is larger', async () => {
      let caught: unknown;
      try {
        await paginate.collect(client, '/users', { params: { query: { limit: 500 } }, maxItems: 1000 });
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ClerkInputError);
      expect((caught as ClerkInputError).code).toBe('max_items_exceeded');
      expect((caught as ClerkInputError).parameter).toBe('maxItems');
      // Two pages of 500, then one item more to learn the list is larger.
      expect(listRequests(fake).map((r) => r.query.get('limit'))).toEqual(['500', '500', '1']);
    });

    it.each([0, -1, 2.5, Number.NaN, undefined])('rejects maxItems %s before any request', async (maxItems) => {
      const init = { params: { query: { limit: 10 } }, maxItems } as unknown as Parameters<
        typeof paginate.collect<'/users'>
      >[2];
      await expect(paginate.collect(client, '/users', init)).rejects.toMatchObject({
        name: 'ClerkInputError',
        code: 'invalid_max_items',
      });
      expect(fake.requests).toHaveLength(0);
    });
  });

  describe('input checks before any request', () => {
    it.each([0, 501, 1.5, -3])('rejects limit %s with ClerkInputError and sends nothing', async (limit) => {
      const error = await rejectionOf(paginate(client, '/users', { params: { query: { limit } } }));
      expect(error).toBeInstanceOf(ClerkInputError);
      expect((error as ClerkInputError).code).toBe('invalid_limit');
      expect((error as ClerkInputError).parameter).toBe('limit');
      await expect(pagesOf(paginate.pages(client, '/users', { params: { query: { limit } } }))).rejects.toBeInstanceOf(
        ClerkInputError,
      );
      await expect(
        paginate.collect(client, '/users', { params: { query: { limit } }, maxItems: 10 }),
      ).rejects.toBeInstanceOf(ClerkInputError);
      expect(fake.requests).toHaveLength(0);
    });

    it.each([0, -5, 2.5, Number.NaN])(
      'rejects maxItems %s with ClerkInputError and sends nothing',
      async (maxItems) => {
        const error = await rejectionOf(paginate(client, '/users', { maxItems }));
        expect(error).toBeInstanceOf(ClerkInputError);
        expect((error as ClerkInputError).code).toBe('invalid_max_items');
        expect(fake.requests).toHaveLength(0);
      },
    );

    it('rejects starting_after with a non-zero offset (the API would 422) and sends nothing', async () => {
      const error = await rejectionOf(
        paginate(client, '/users', { params: { query: { starting_after: 'user_x', offset: 10 } } }),
      );
      expect(error).toBeInstanceOf(ClerkInputError);
      expect((error as ClerkInputError).code).toBe('cursor_with_offset');
      expect((error as ClerkInputError).parameter).toBe('offset');
      expect(fake.requests).toHaveLength(0);
    });

    it('rejects a negative offset with ClerkInputError and sends nothing', async () => {
      const error = await rejectionOf(
        paginate(client, '/users', { params: { query: { offset: -1, order_by: '+username' } } }),
      );
      expect(error).toBeInstanceOf(ClerkInputError);
      expect((error as ClerkInputError).code).toBe('invalid_offset');
      expect(fake.requests).toHaveLength(0);
    });
  });

  it('rejects with ClerkValidationError when the server answers 422 (an unknown starting_after)', async () => {
    const error = await rejectionOf(
      paginate(client, '/users', { params: { query: { starting_after: 'user_never_existed', limit: 500 } } }),
    );
    expect(error).toBeInstanceOf(ClerkValidationError);
    expect((error as ClerkValidationError).status).toBe(422);
    expect((error as ClerkValidationError).errors[0]?.meta?.paramName).toBe('starting_after');
    expect(listRequests(fake)).toHaveLength(1);
    expect(queryOf(listRequests(fake)[0] as RecordedRequest)).toEqual({
      limit: '500',
      starting_after: 'user_never_existed',
    });
  });

  it('types each item by the path: users have a string id', async () => {
    const chosen = (users[0] as FakeUser).id;
    let seen = 0;
    for await (const u of paginate(client, '/users', { params: { query: { user_id: include(chosen) } } })) {
      expectTypeOf(u.id).toEqualTypeOf<string>();
      expectTypeOf(u).toEqualTypeOf<ListItem<'/users'>>();
      expect(u.id).toBe(chosen);
      seen++;
    }
    expect(seen).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('paginate() while users are created and deleted mid-walk', () => {
  let fake: FakeClerk | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('cursor mode (-created_at): users present throughout are yielded exactly once, in order; deleted-before-visit never', async () => {
    fake = await startFakeClerk({ users: 1000, seed: 21 });
    const initial = fake.users();
    const known = new Map(initial.map((u) => [u.id, u]));
    const deletedBeforeVisit = new Set<string>();
    const deletedAfterVisit = new Set<string>();
    const insertedAhead = new Set<string>();
    const insertedNewest = new Set<string>();

    fake.onRequest((req, f) => {
      const cursorId = req.query.get('starting_after');
      if (req.path !== '/users' || cursorId === null) return;
      const cursor = known.get(cursorId) as FakeUser;
      const current = f.users().sort(newestFirst);
      const visited = current.filter((u) => newestFirst(u, cursor) <= 0);
      const unvisited = current.filter((u) => newestFirst(u, cursor) > 0);
      // Delete a user the walk has not reached yet, and one it has already yielded (not the cursor).
      const ahead = unvisited[10];
      if (ahead !== undefined && f.deleteUser(ahead.id)) deletedBeforeVisit.add(ahead.id);
      const behind = visited.filter((u) => u.id !== cursorId).at(-3);
      if (behind !== undefined && f.deleteUser(behind.id)) deletedAfterVisit.add(behind.id);
      // A brand-new user sorts first (newest), behind the cursor; one back-dated just past the cursor lies ahead.
      const newest = f.createUser({ username: `new_${insertedNewest.size}` });
      insertedNewest.add(newest.id);
      known.set(newest.id, newest);
      const backDated = f.createUser({ created_at: cursor.created_at - 1 });
      insertedAhead.add(backDated.id);
      known.set(backDated.id, backDated);
    });

    const pages = await pagesOf(paginate.pages(clientFor(fake.url), '/users', { params: { query: { limit: 100 } } }));
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(deletedBeforeVisit.size).toBeGreaterThan(5);
    expect(duplicatesOf(ids)).toEqual([]);
    expectInOrder(ids, known, newestFirst);
    const yielded = new Set(ids);
    const presentThroughout = initial.filter((u) => !deletedBeforeVisit.has(u.id) && !deletedAfterVisit.has(u.id));
    expect(presentThroughout.filter((u) => !yielded.has(u.id)).map((u) => u.id)).toEqual([]);
    expect([...deletedBeforeVisit].filter((id) => yielded.has(id))).toEqual([]);
    expect([...deletedAfterVisit].filter((id) => !yielded.has(id))).toEqual([]);
    expect([...insertedAhead].filter((id) => !yielded.has(id))).toEqual([]);
    expect([...insertedNewest].filter((id) => yielded.has(id))).toEqual([]);
    // Exactly: the initial users, minus those deleted before their turn, plus those inserted ahead.
    expect(ids.length).toBe(initial.length - deletedBeforeVisit.size + insertedAhead.size);

    const requests = listRequests(fake);
    expect(requests).toHaveLength(Math.floor(ids.length / 100) + 1);
    expectCursorChain(requests, pages, 100);
  });

  it('cursor mode: a walk continues when the cursor user itself is deleted before the next request', async () => {
    fake = await startFakeClerk({ users: 1000, seed: 22 });
    const expected = sortedIds(fake.users(), newestFirst);
    const deletedCursors: string[] = [];
    fake.onRequest((req, f) => {
      const cursorId = req.query.get('starting_after');
      if (cursorId !== null && f.deleteUser(cursorId)) deletedCursors.push(cursorId);
    });

    const pages = await pagesOf(paginate.pages(clientFor(fake.url), '/users', { params: { query: { limit: 100 } } }));
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(ids).toEqual(expected);
    // Every page after the first continued from a user deleted just before the request was answered.
    expect(deletedCursors).toEqual(pages.slice(0, -1).map((p) => p.items.at(-1)?.id));
    expect(deletedCursors).toHaveLength(10);
    const requests = listRequests(fake);
    expect(requests).toHaveLength(11);
    expectCursorChain(requests, pages, 100);
  });

  it('cursor mode (+created_at): users created mid-walk are newest, come last and are yielded exactly once', async () => {
    fake = await startFakeClerk({ users: 1000, seed: 23 });
    const initial = fake.users();
    const known = new Map(initial.map((u) => [u.id, u]));
    const created: string[] = [];
    const deletedBeforeVisit = new Set<string>();
    fake.onRequest((req, f) => {
      const cursorId = req.query.get('starting_after');
      if (req.path !== '/users' || cursorId === null) return;
      const cursor = known.get(cursorId) as FakeUser;
      const unvisited = f
        .users()
        .sort(oldestFirst)
        .filter((u) => oldestFirst(u, cursor) > 0 && !created.includes(u.id));
      const ahead = unvisited[20];
      if (ahead !== undefined && f.deleteUser(ahead.id)) deletedBeforeVisit.add(ahead.id);
      for (let i = 0; i < 3; i++) {
        const user = f.createUser();
        created.push(user.id);
        known.set(user.id, user);
      }
    });

    const order_by = orderBy('/users', 'created_at', 'asc');
    const pages = await pagesOf(
      paginate.pages(clientFor(fake.url), '/users', { params: { query: { limit: 100, order_by } } }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(created.length).toBeGreaterThan(20);
    expect(duplicatesOf(ids)).toEqual([]);
    expectInOrder(ids, known, oldestFirst);
    const survivors = initial
      .filter((u) => !deletedBeforeVisit.has(u.id))
      .sort(oldestFirst)
      .map((u) => u.id);
    // The survivors in order, then every user created during the walk, in creation order.
    expect(ids).toEqual([...survivors, ...created]);
    const requests = listRequests(fake);
    expect(requests).toHaveLength(Math.floor(ids.length / 100) + 1);
    expectCursorChain(requests, pages, 100, { order_by: '+created_at' });
  });

  it('offset mode: a user inserted at the front mid-walk shifts the list, and the item seen twice is yielded once', async () => {
    fake = await startFakeClerk({ users: 1000, seed: 24 });
    const initial = fake.users();
    const byUsername = comparator((u) => u.username, 1);
    const expected = sortedIds(initial, byUsername);
    let inserted: FakeUser | undefined;
    fake.onRequest((req, f) => {
      if (req.path === '/users' && req.query.get('offset') === '100') {
        inserted = f.createUser({ username: '0000_first' });
      }
    });

    const order_by = orderBy('/users', 'username', 'asc');
    const pages = await pagesOf(
      paginate.pages(clientFor(fake.url), '/users', { params: { query: { limit: 100, order_by } } }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(inserted).toBeDefined();
    // The new user now sorts first, so it is never reached by offset; nobody is yielded twice.
    expect(sortedIds(fake.users(), byUsername)[0]).toBe(inserted?.id);
    expect(ids).toEqual(expected);
    // Page 2 repeated page 1's last user (dropped); the server's list is now 1,001 long.
    expect(pages[1]?.items).toHaveLength(99);
    expect(pages[1]?.items[0]?.id).toBe(expected[100]);
    const requests = listRequests(fake);
    expect(requests.map(queryOf)).toEqual(
      Array.from({ length: 11 }, (_, k) => ({ limit: '100', offset: String(100 * k), order_by: '+username' })),
    );
    expect(pages.at(-1)?.items.map((u) => u.id)).toEqual([expected[999]]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('paginate() abort', () => {
  let fake: FakeClerk | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it('rejects with an AbortError when aborted while a page request is in flight, and sends nothing more', async () => {
    fake = await startFakeClerk({ users: 200, seed: 31, pageDelayMs: 50 });
    const controller = new AbortController();
    fake.onRequest(() => {
      // The third page request has arrived; abort before the delayed answer.
      if (fake?.requests.length === 3) controller.abort();
    });
    const iterator = paginate(clientFor(fake.url), '/users', {
      params: { query: { limit: 20 } },
      signal: controller.signal,
    })[Symbol.asyncIterator]();
    const received: string[] = [];
    let caught: unknown;
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        received.push(next.value.id);
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'AbortError' });
    expect(received).toHaveLength(40);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    expect(fake.requests).toHaveLength(3);
  });

  it('rejects with an AbortError on the next item when aborted between items, without another request', async () => {
    fake = await startFakeClerk({ users: 200, seed: 32, pageDelayMs: 20 });
    const controller = new AbortController();
    const received: string[] = [];
    const error = await (async () => {
      try {
        for await (const user of paginate(clientFor(fake!.url), '/users', {
          params: { query: { limit: 20 } },
          signal: controller.signal,
        })) {
          received.push(user.id);
          if (received.length === 25) controller.abort();
        }
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(received).toHaveLength(25);
    expect(fake.requests).toHaveLength(2);
  });

  it('rejects at once, with zero requests, when the signal is already aborted', async () => {
    fake = await startFakeClerk({ users: 20, seed: 33, pageDelayMs: 20 });
    const signal = AbortSignal.abort();
    const client = clientFor(fake.url);
    expect(await rejectionOf(paginate(client, '/users', { signal }))).toMatchObject({ name: 'AbortError' });
    await expect(pagesOf(paginate.pages(client, '/users', { signal }))).rejects.toMatchObject({ name: 'AbortError' });
    await expect(paginate.collect(client, '/users', { signal, maxItems: 10 })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(fake.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

/** A local stand-in for a `{ data, total_count }` endpoint: GET /users/{user_id}/organization_memberships. */
interface MembershipServer {
  url: string;
  requests: URLSearchParams[];
  stop(): Promise<void>;
}

async function startMembershipServer(
  total: number,
  options: { failAtOffset?: number } = {},
): Promise<MembershipServer> {
  const requests: URLSearchParams[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'GET' || !/^\/users\/[^/]+\/organization_memberships$/.test(url.pathname)) {
      return send(404, { errors: [{ code: 'resource_not_found', message: 'not found' }] });
    }
    requests.push(url.searchParams);
    const limit = Number(url.searchParams.get('limit') ?? '10');
    const offset = Number(url.searchParams.get('offset') ?? '0');
    if (offset === options.failAtOffset) {
      return send(422, {
        errors: [
          {
            code: 'form_param_value_invalid',
            message: 'is invalid',
            long_message: 'offset is out of range',
            meta: { param_name: 'offset' },
          },
        ],
        clerk_trace_id: 'trace_local',
      });
    }
    const data = [];
    for (let i = offset; i < Math.min(offset + limit, total); i++) {
      data.push({ id: `orgmem_${String(i).padStart(5, '0')}`, object: 'organization_membership', role: 'org:member' });
    }
    send(200, { data, total_count: total });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('paginate() over a { data, total_count } endpoint', () => {
  let server: MembershipServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('stops when offset + page length reaches total_count: 1,000 at 500 is exactly 2 requests', async () => {
    server = await startMembershipServer(1000);
    const pages = await pagesOf(
      paginate.pages(clientFor(server.url), '/users/{user_id}/organization_memberships', {
        params: { path: { user_id: 'user_1' }, query: { limit: 500 } },
      }),
    );
    const ids = pages.flatMap((p) => p.items.map((m) => m.id));

    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => `orgmem_${String(i).padStart(5, '0')}`));
    expect(
      pages.map(({ totalCount, mode, index, items }) => ({ totalCount, mode, index, count: items.length })),
    ).toEqual([
      { totalCount: 1000, mode: 'offset', index: 0, count: 500 },
      { totalCount: 1000, mode: 'offset', index: 1, count: 500 },
    ]);
    expect(server.requests.map((q) => Object.fromEntries(q))).toEqual([
      { limit: '500', offset: '0' },
      { limit: '500', offset: '500' },
    ]);
  });

  it('counts total_count from a starting offset (offset 250 of 1,000 at 250: 3 requests)', async () => {
    server = await startMembershipServer(1000);
    const ids = await idsOf(
      paginate(clientFor(server.url), '/users/{user_id}/organization_memberships', {
        params: { path: { user_id: 'user_1' }, query: { limit: 250, offset: 250 } },
      }),
    );
    expect(ids).toHaveLength(750);
    expect(server.requests.map((q) => q.get('offset'))).toEqual(['250', '500', '750']);
  });

  it('rejects with ClerkValidationError when a later page answers 422, after yielding the earlier page', async () => {
    server = await startMembershipServer(1500, { failAtOffset: 500 });
    const received: string[] = [];
    let caught: unknown;
    try {
      for await (const m of paginate(clientFor(server.url), '/users/{user_id}/organization_memberships', {
        params: { path: { user_id: 'user_1' }, query: { limit: 500 } },
      })) {
        received.push(m.id);
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClerkValidationError);
    expect((caught as ClerkValidationError).status).toBe(422);
    expect((caught as ClerkValidationError).path).toBe('/users/{user_id}/organization_memberships');
    expect(received).toHaveLength(500);
    expect(server.requests).toHaveLength(2);
  });
});

describe('paginate() against a server that repeats the same full page', () => {
  it('stops with cursor_not_advancing after the second request instead of walking forever', async () => {
    const requests: string[] = [];
    const page = JSON.stringify([
      { id: 'user_same_1', object: 'user' },
      { id: 'user_same_2', object: 'user' },
    ]);
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const error = await rejectionOf(paginate(clientFor(url), '/users', { params: { query: { limit: 2 } } }));
      expect(error).toBeInstanceOf(ClerkResponseError);
      expect(error).not.toBeInstanceOf(ClerkAPIError);
      expect((error as ClerkResponseError).code).toBe('cursor_not_advancing');
      expect(requests).toEqual(['/users?limit=2', '/users?limit=2&starting_after=user_same_2']);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('paginate() against a 2xx it cannot use', () => {
  function answering(body: string): ClerkUsersClient {
    return createClerkClient({
      secretKey: KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
      fetch: async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } }),
    });
  }

  it.each([
    ['an object that is not a page', '{"object":"user","id":"user_1"}', 'unexpected_list_shape'],
    ['JSON cut short', '[{"id":"user_1","object":"us', 'invalid_json'],
  ])('rejects with ClerkResponseError, not a ClerkAPIError with status 200, for %s', async (_what, body, code) => {
    const error = await rejectionOf(paginate(answering(body), '/users'));
    expect(error).toBeInstanceOf(ClerkResponseError);
    expect(error).not.toBeInstanceOf(ClerkAPIError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as ClerkResponseError).code).toBe(code);
    expect((error as ClerkResponseError).path).toBe('/users');
  });
});
