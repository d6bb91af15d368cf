// Tests of paginate(…, { concurrency }) against the stateful fake Clerk server. The fake is run with
// strict created_at bounds (its default) and with inclusive ones, since the API does not say which it
// has: every exactly-once test passes under both. Expected sets come from fake.users(), never from
// the walker.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type Range, splitRange } from '../../src/concurrent.ts';
import {
  ClerkInputError,
  type ClerkUsersClient,
  ClerkValidationError,
  createClerkClient,
  type Page,
  paginate,
} from '../../src/index.ts';
import {
  churn,
  type FakeClerk,
  type FakeClerkOptions,
  type FakeUser,
  type RecordedRequest,
  startFakeClerk,
} from '../support/fake-clerk.ts';

const KEY = 'sk_test_fake';
const BOUNDS = ['strict', 'inclusive'] as const;

const clientFor = (url: string): ClerkUsersClient => createClerkClient({ secretKey: KEY, baseUrl: url });

async function pagesOf<T>(pages: AsyncIterable<Page<T>>): Promise<Page<T>[]> {
  const out: Page<T>[] = [];
  for await (const page of pages) out.push(page);
  return out;
}

function duplicatesOf(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    if (seen.has(id)) return true;
    seen.add(id);
    return false;
  });
}

const listRequests = (fake: FakeClerk): RecordedRequest[] =>
  fake.requests.filter((r) => r.method === 'GET' && r.path === '/users');

/** (created_at, id) descending: the API's default order. */
const newestFirst = (a: FakeUser, b: FakeUser) =>
  b.created_at - a.created_at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Each page must be in the walk's order on its own (pages of different ranges may interleave). */
function expectPagesInOrder(pages: Page<{ id: string; created_at: number }>[], direction: 1 | -1) {
  for (const page of pages) {
    for (let i = 1; i < page.items.length; i++) {
      const a = page.items[i - 1] as { id: string; created_at: number };
      const b = page.items[i] as { id: string; created_at: number };
      const c = (a.created_at - b.created_at || (a.id < b.id ? -1 : 1)) * direction;
      expect(c, `page ${page.index}: ${a.id} before ${b.id}`).toBeLessThan(0);
    }
  }
}

/**
 * Counts requests in flight at the fake. Each request is held until `expected` are waiting (or 50 ms
 * passed), so the count does not depend on how fast this machine happens to be.
 */
function trackInFlight(fake: FakeClerk, expected: number): { max: () => number } {
  let now = 0;
  let max = 0;
  let waiters: (() => void)[] = [];
  fake.onRequest(async () => {
    now++;
    max = Math.max(max, now);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      if (waiters.length >= expected) {
        for (const go of waiters) go();
        waiters = [];
        return;
      }
      setTimeout(() => {
        waiters = waiters.filter((w) => w !== resolve);
        resolve();
      }, 50);
    });
    now--;
  });
  return { max: () => max };
}

let fake: FakeClerk | undefined;
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

async function start(options: FakeClerkOptions): Promise<FakeClerk> {
  fake = await startFakeClerk(options);
  return fake;
}

describe.each(BOUNDS)('paginate() with concurrency, %s created_at bounds at the fake', (createdAtBounds) => {
  it('yields each of 3,000 users exactly once, newest first within each page, with 4 requests in flight', async () => {
    const f = await start({ users: 3000, seed: 3, createdAtBounds });
    const inFlight = trackInFlight(f, 4);
    const pages = await pagesOf(
      paginate.pages(clientFor(f.baseUrl), '/users', { params: { query: { limit: 100 } }, concurrency: 4 }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));

    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
    expectPagesInOrder(pages, -1);
    expect(pages.map((p) => p.index)).toEqual(pages.map((_, i) => i));
    expect(pages.every((p) => p.mode === 'cursor' && p.totalCount === undefined)).toBe(true);
    expect(inFlight.max()).toBe(4);
    // One planning request (the oldest user, limit=1), sent with the first page.
    const planning = listRequests(f).filter((r) => r.query.get('limit') === '1');
    expect(planning.map((r) => r.query.get('order_by'))).toEqual(['+created_at']);
  });

  it('walks +created_at oldest first within each page, every user once', async () => {
    const f = await start({ users: 1500, seed: 4, createdAtBounds });
    const pages = await pagesOf(
      paginate.pages(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 50, order_by: '+created_at' } },
        concurrency: 3,
      }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
    expectPagesInOrder(pages, 1);
    expect(
      listRequests(f)
        .filter((r) => r.query.get('limit') === '1')
        .map((r) => r.query.get('order_by')),
    ).toEqual(['-created_at']);
  });

  it('is exactly once when hundreds of users share a millisecond, also at the edges of the ranges', async () => {
    const f = await start({ users: 0, createdAtBounds });
    // 2,000 users on 12 distinct milliseconds, with a block of 600 on one of them.
    const base = 1_750_000_000_000;
    for (let i = 0; i < 1400; i++) f.createUser({ created_at: base + (i % 11) * 1000 });
    for (let i = 0; i < 600; i++) f.createUser({ created_at: base + 5500 });
    const ids = (
      await paginate.collect(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 100 } },
        concurrency: 4,
        maxItems: 5000,
      })
    ).map((u) => u.id);
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
  });

  it('is exactly once on neighbouring milliseconds, where the one-millisecond overlap of ranges lies', async () => {
    const f = await start({ users: 0, createdAtBounds });
    const base = 1_760_000_000_000;
    // Every millisecond of a short stretch holds users, so each cut has users on both sides of it.
    for (let i = 0; i < 1200; i++) f.createUser({ created_at: base + (i % 40) });
    const pages = await pagesOf(
      paginate.pages(clientFor(f.baseUrl), '/users', { params: { query: { limit: 20 } }, concurrency: 6 }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
    // The ranges did overlap: some requests returned users another range owns, and they were dropped.
    const bounded = listRequests(f).filter((r) => r.query.has('created_at_after') || r.query.has('created_at_before'));
    expect(bounded.length).toBeGreaterThan(6);
  });

  it('balances a skewed list: 90% of the users in the newest 1% of the time are shared out by splitting', async () => {
    const f = await start({ users: 0, createdAtBounds });
    const base = 1_700_000_000_000;
    const span = 100 * 86_400_000;
    for (let i = 0; i < 300; i++) f.createUser({ created_at: base + Math.floor((i / 300) * span * 0.99) });
    for (let i = 0; i < 2700; i++)
      f.createUser({ created_at: base + span * 0.99 + Math.floor((i / 2700) * span * 0.01) });
    const inFlight = trackInFlight(f, 4);
    const pages = await pagesOf(
      paginate.pages(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 100, order_by: '+created_at' } },
        concurrency: 4,
      }),
    );
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
    // More ranges than workers were walked: the crowded stretch was cut again as it was found.
    const ranges = new Set(
      listRequests(f)
        .filter((r) => r.query.get('limit') !== '1')
        .map((r) => `${r.query.get('created_at_after')}..${r.query.get('created_at_before')}`),
    );
    expect(ranges.size).toBeGreaterThan(4);
    expect(inFlight.max()).toBe(4);
    // Splitting costs little: at most a handful of requests over the 31 a sequential walk needs.
    expect(listRequests(f).length).toBeLessThanOrEqual(31 + 16);
  });

  it('exactly once while users are created and deleted between requests', async () => {
    const f = await start({ users: 2000, seed: 9, createdAtBounds });
    const initial = f.users();
    const deleted = new Set<string>();
    const created = new Set<string>();
    let n = 0;
    f.onRequest((req, fk) => {
      if (req.path !== '/users') return;
      n++;
      const step = churn(fk, n);
      if (step.deleted !== undefined) deleted.add(step.deleted);
      for (const id of step.created) created.add(id);
    });
    const ids = (
      await paginate.collect(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 50 } },
        concurrency: 4,
        maxItems: 10_000,
      })
    ).map((u) => u.id);
    const yielded = new Set(ids);
    expect(deleted.size).toBeGreaterThan(20);
    expect(duplicatesOf(ids)).toEqual([]);
    const throughout = initial.filter((u) => !deleted.has(u.id));
    expect(throughout.filter((u) => !yielded.has(u.id)).map((u) => u.id)).toEqual([]);
    // Nothing that never existed, and nobody outside the initial users and those created meanwhile.
    const known = new Set([...initial.map((u) => u.id), ...created]);
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
  });

  it('applies filters and bounds the whole walk by the caller’s created_at_after / created_at_before', async () => {
    const f = await start({ users: 2000, seed: 11, createdAtBounds });
    const sorted = f.users().sort(newestFirst);
    const after = (sorted[1500] as FakeUser).created_at;
    const before = (sorted[200] as FakeUser).created_at;
    const query = { limit: 40, banned: false, created_at_after: after, created_at_before: before };
    const sequential = (
      await paginate.collect(clientFor(f.baseUrl), '/users', { params: { query }, maxItems: 5000 })
    ).map((u) => u.id);
    const concurrent = (
      await paginate.collect(clientFor(f.baseUrl), '/users', { params: { query }, concurrency: 5, maxItems: 5000 })
    ).map((u) => u.id);
    expect(sequential.length).toBeGreaterThan(1000);
    expect(duplicatesOf(concurrent)).toEqual([]);
    expect(new Set(concurrent)).toEqual(new Set(sequential));
    // Every request kept the filter and stayed within the caller's bounds.
    for (const r of listRequests(f)) {
      expect(r.query.get('banned')).toBe('false');
      expect(Number(r.query.get('created_at_after'))).toBeGreaterThanOrEqual(after);
      expect(Number(r.query.get('created_at_before'))).toBeLessThanOrEqual(before);
    }
  });

  it('stops at maxItems with that many distinct users', async () => {
    const f = await start({ users: 1000, seed: 5, createdAtBounds });
    const ids: string[] = [];
    for await (const user of paginate(clientFor(f.baseUrl), '/users', {
      params: { query: { limit: 100 } },
      concurrency: 4,
      maxItems: 345,
    }))
      ids.push(user.id);
    expect(ids).toHaveLength(345);
    expect(duplicatesOf(ids)).toEqual([]);
    const all = new Set(f.users().map((u) => u.id));
    expect(ids.every((id) => all.has(id))).toBe(true);
  });
});

describe('paginate() with concurrency: edges and failures', () => {
  it('yields one empty page when nothing matches', async () => {
    const f = await start({ users: 100 });
    const pages = await pagesOf(
      paginate.pages(clientFor(f.baseUrl), '/users', { params: { query: { username: ['nobody'] } }, concurrency: 4 }),
    );
    expect(pages.map((p) => p.items.length)).toEqual([0]);
  });

  it('needs no more than the first page and the planning request for a list that fits in one page', async () => {
    const f = await start({ users: 30 });
    const ids = (
      await paginate.collect(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 100 } },
        concurrency: 4,
        maxItems: 100,
      })
    ).map((u) => u.id);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
    expect(listRequests(f)).toHaveLength(2);
  });

  /** A client whose fetch counts the requests it starts. */
  function countingClient(url: string) {
    const counter = { started: 0 };
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: url,
      fetch: (request) => {
        counter.started++;
        return globalThis.fetch(request);
      },
    });
    return { client, counter };
  }

  it('rejects with the AbortError when aborted mid-walk and starts no request afterwards', async () => {
    const f = await start({ users: 2000, pageDelayMs: 10 });
    const { client, counter } = countingClient(f.baseUrl);
    const controller = new AbortController();
    let seen = 0;
    let startedAtAbort = -1;
    let error: unknown;
    try {
      for await (const _ of paginate(client, '/users', {
        params: { query: { limit: 50 } },
        concurrency: 4,
        signal: controller.signal,
      })) {
        if (++seen === 120) {
          controller.abort();
          startedAtAbort = counter.started;
        }
      }
    } catch (e) {
      error = e;
    }
    expect((error as Error).name).toBe('AbortError');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counter.started).toBe(startedAtAbort);
    expect(counter.started).toBeLessThan(20);
  });

  it('stops the other requests when the consumer breaks early', async () => {
    const f = await start({ users: 2000, pageDelayMs: 10 });
    const { client, counter } = countingClient(f.baseUrl);
    let startedAtBreak = -1;
    for await (const _ of paginate(client, '/users', { params: { query: { limit: 50 } }, concurrency: 4 })) {
      startedAtBreak = counter.started;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counter.started).toBe(startedAtBreak);
    expect(counter.started).toBeLessThanOrEqual(6);
  });

  it('loses no page when several requests settle at the same moment', async () => {
    const f = await start({ users: 1500, seed: 12 });
    // Hold every response and release them together once three are waiting (or after 20 ms).
    let held: (() => void)[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const release = () => {
      clearTimeout(timer);
      timer = undefined;
      const now = held;
      held = [];
      for (const go of now) go();
    };
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: f.baseUrl,
      fetch: async (request) => {
        const response = await globalThis.fetch(request);
        const body = await response.arrayBuffer();
        await new Promise<void>((resolve) => {
          held.push(resolve);
          if (held.length >= 3) release();
          else timer ??= setTimeout(release, 20);
        });
        return new Response(body, { status: response.status, headers: response.headers });
      },
    });
    const ids = (
      await paginate.collect(client, '/users', { params: { query: { limit: 40 } }, concurrency: 3, maxItems: 5000 })
    ).map((u) => u.id);
    expect(duplicatesOf(ids)).toEqual([]);
    expect(new Set(ids)).toEqual(new Set(f.users().map((u) => u.id)));
  });

  it('rejects with the typed error of a failing page request', async () => {
    const f = await start({ users: 1000 });
    let pageRequests = 0;
    f.onRequest((req) => {
      if (req.query.get('limit') !== '1' && ++pageRequests === 4) req.query.set('limit', '9999'); // the fake answers 422
    });
    let error: unknown;
    try {
      await paginate.collect(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 50 } },
        concurrency: 3,
        maxItems: 5000,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClerkValidationError);
    expect((error as ClerkValidationError).status).toBe(422);
  });

  it.each([
    [{ concurrency: 0 }, 'invalid_concurrency'],
    [{ concurrency: 2.5 }, 'invalid_concurrency'],
    [{ concurrency: 33 }, 'invalid_concurrency'],
    [{ concurrency: 2, params: { query: { order_by: '+username' } } }, 'concurrency_needs_created_at_order'],
    [{ concurrency: 2, params: { query: { starting_after: 'user_x' } } }, 'concurrency_with_cursor'],
    [{ concurrency: 2, params: { query: { offset: 10 } } }, 'concurrency_with_cursor'],
  ] as const)('refuses %j with %s before any request', async (init, code) => {
    const f = await start({ users: 10 });
    let error: unknown;
    try {
      for await (const _ of paginate(clientFor(f.baseUrl), '/users', init)) {
        // drain
      }
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClerkInputError);
    expect((error as ClerkInputError).code).toBe(code);
    expect(f.requests).toHaveLength(0);
  });
});

describe('splitRange', () => {
  it('cuts the unwalked part evenly in time; the piece with the cursor keeps it and comes first', () => {
    const range: Range = { lo: 100, hi: 200, cursor: { id: 'user_c', createdAt: 120 } };
    const asc = splitRange(range, 4, 0, 1000, true);
    expect(asc).toEqual([
      { lo: 100, hi: 140, cursor: { id: 'user_c', createdAt: 120 } },
      { lo: 140, hi: 160 },
      { lo: 160, hi: 180 },
      { lo: 180, hi: 200 },
    ]);
    const desc = splitRange({ lo: 100, hi: 200, cursor: { id: 'user_c', createdAt: 179 } }, 4, 0, 1000, false);
    expect(desc).toEqual([
      { lo: 160, hi: 200, cursor: { id: 'user_c', createdAt: 179 } },
      { lo: 140, hi: 160 },
      { lo: 120, hi: 140 },
      { lo: 100, hi: 120 },
    ]);
  });

  it('keeps open ends open and cuts only within the known oldest..newest', () => {
    const pieces = splitRange({ lo: -Infinity, hi: Infinity }, 2, 1000, 1999, true);
    expect(pieces).toEqual([
      { lo: -Infinity, hi: 1500 },
      { lo: 1500, hi: Infinity },
    ]);
  });

  it('does not split a single millisecond', () => {
    const range: Range = { lo: 5, hi: 50, cursor: { id: 'u', createdAt: 49 } };
    expect(splitRange(range, 4, 0, 100, true)).toEqual([range]);
  });
});

// ---------------------------------------------------------------------------------------------

/** A local `{ data, total_count }` endpoint (GET /users/{user_id}/organization_memberships) that counts requests in flight. */
async function startMembershipServer(total: number, delayMs: number) {
  const offsets: number[] = [];
  let now = 0;
  let max = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const limit = Number(url.searchParams.get('limit') ?? '10');
    const offset = Number(url.searchParams.get('offset') ?? '0');
    offsets.push(offset);
    now++;
    max = Math.max(max, now);
    // Later offsets answer sooner, so pages arrive out of order.
    setTimeout(
      () => {
        now--;
        const data = [];
        for (let i = offset; i < Math.min(offset + limit, total); i++)
          data.push({ id: `orgmem_${String(i).padStart(5, '0')}`, object: 'organization_membership' });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ data, total_count: total }));
      },
      Math.max(1, delayMs - offset / 100),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    offsets,
    maxInFlight: () => max,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('paginate() with concurrency over a { data, total_count } endpoint', () => {
  it('fetches offset pages 3 at a time once total_count is known and yields them in order', async () => {
    const server = await startMembershipServer(1050, 20);
    try {
      const pages = await pagesOf(
        paginate.pages(clientFor(`${server.url}/v1`), '/users/{user_id}/organization_memberships', {
          params: { path: { user_id: 'user_1' }, query: { limit: 100 } },
          concurrency: 3,
        }),
      );
      const ids = pages.flatMap((p) => p.items.map((m) => m.id));
      expect(ids).toEqual(Array.from({ length: 1050 }, (_, i) => `orgmem_${String(i).padStart(5, '0')}`));
      expect(pages.map((p) => p.index)).toEqual(pages.map((_, i) => i));
      expect(server.offsets.sort((a, b) => a - b)).toEqual(Array.from({ length: 11 }, (_, i) => i * 100));
      expect(server.maxInFlight()).toBe(3);
    } finally {
      await server.stop();
    }
  });

  it('honours maxItems: no request past it, exactly that many items', async () => {
    const server = await startMembershipServer(1050, 5);
    try {
      const items = await paginate
        .collect(clientFor(`${server.url}/v1`), '/users/{user_id}/organization_memberships', {
          params: { path: { user_id: 'user_1' }, query: { limit: 100 } },
          concurrency: 4,
          maxItems: 250,
        })
        .catch((e: unknown) => e);
      // collect() asks for one more than maxItems to know the list is larger: it throws rather than truncates.
      expect((items as ClerkInputError).code).toBe('max_items_exceeded');
      const ids: string[] = [];
      server.offsets.length = 0;
      for await (const m of paginate(clientFor(`${server.url}/v1`), '/users/{user_id}/organization_memberships', {
        params: { path: { user_id: 'user_1' }, query: { limit: 100 } },
        concurrency: 4,
        maxItems: 250,
      }))
        ids.push(m.id);
      expect(ids).toHaveLength(250);
      expect(server.offsets.sort((a, b) => a - b)).toEqual([0, 100, 200]);
    } finally {
      await server.stop();
    }
  });
});

describe('abort listeners', () => {
  it('leaves no MaxListenersExceededWarning with 32 requests in flight on one caller signal, and removes its listeners', async () => {
    const f = await start({ users: 2000, seed: 9 });
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      let count = 0;
      for await (const _ of paginate(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 10 } },
        concurrency: 32,
        signal: controller.signal,
      })) {
        count += 1;
      }
      expect(count).toBe(2000);
      // The sequential walk hands the caller's signal itself to every request.
      const sequentialController = new AbortController();
      const added = countListeners(sequentialController.signal);
      const before = listRequests(f).length;
      let sequential = 0;
      for await (const _ of paginate(clientFor(f.baseUrl), '/users', {
        params: { query: { limit: 20 } },
        signal: sequentialController.signal,
      })) {
        sequential += 1;
      }
      expect(sequential).toBe(2000);
      const requests = listRequests(f).length - before;
      expect(requests).toBeGreaterThanOrEqual(100);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((w) => w.startsWith('MaxListenersExceededWarning'))).toEqual([]);
      // Each attempt's listener is removed when it settles. What stays is at most the runtime's own, one per
      // Request object built with the signal, which it drops when the Request is collected.
      expect(added.total()).toBeGreaterThan(requests);
      expect(added.open()).toBeLessThanOrEqual(requests);
    } finally {
      process.off('warning', onWarning);
    }
  });
});

/** Counts the abort listeners the client's own code adds to `signal` and has not removed yet. */
function countListeners(signal: AbortSignal): { open: () => number; total: () => number } {
  const open = new Set<unknown>();
  let total = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: AddEventListenerOptions | boolean,
  ) => {
    if (type === 'abort') {
      open.add(listener);
      total += 1;
    }
    add(type, listener, options);
  }) as typeof signal.addEventListener;
  signal.removeEventListener = ((
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: EventListenerOptions | boolean,
  ) => {
    if (type === 'abort') open.delete(listener);
    remove(type, listener, options);
  }) as typeof signal.removeEventListener;
  return { open: () => open.size, total: () => total };
}
