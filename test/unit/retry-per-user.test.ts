// Clerk's per-user limit (10 requests per 10 s per user on PATCH /users/{user_id} and PATCH/PUT
// /users/{user_id}/metadata): a 429 there holds back that user's requests only, an instance-wide 429
// still holds back all, and rateLimit: 'auto' spaces each user's requests on those routes. Against
// the emulator in-process, which enforces both limits.
import { describe, expect, it, vi } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { PerUserGates, perUserScope } from '../../src/retry/per-user.ts';
import { createFakeClerk, type FakeClerk } from '../../src/testing/index.ts';
import { caught } from '../support/caught.ts';

const KEY = 'sk_test_fake';

function emulator(): FakeClerk {
  const fake = createFakeClerk({ rateLimit: { requests: 1000, perMs: 1000 } });
  fake.seed([{ id: 'user_a' }, { id: 'user_b' }]);
  return fake;
}

/** A client of `fake`, and a promise that resolves when it first waits to retry (a 429 met). */
function clientOf(fake: FakeClerk) {
  let retrying!: () => void;
  const cooling = new Promise<void>((resolve) => {
    retrying = resolve;
  });
  const client = createClerkClient({
    secretKey: KEY,
    baseUrl: 'http://emulator.test/v1',
    fetch: fake.fetch,
    onRetry: () => retrying(),
  });
  return { client, cooling };
}

const patches = (fake: FakeClerk, user: string) =>
  fake.requests.filter((r) => r.method === 'PATCH' && r.path === `/users/${user}`).length;
const patch = (client: ReturnType<typeof createClerkClient>, user: string, signal?: AbortSignal) =>
  client.PATCH('/users/{user_id}', {
    params: { path: { user_id: user } },
    body: { first_name: 'x' },
    ...(signal ? { signal } : {}),
  });

/** Whether `promise` settles within a few hundred turns of the event loop (setImmediate is never faked here). */
async function settlesSoon(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let turn = 0; turn < 500 && !settled; turn++) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('perUserScope', () => {
  it('names the user on the routes Clerk limits per user, and no one elsewhere', () => {
    expect(perUserScope('PATCH', '/users/{user_id}', { user_id: 'user_a' })).toBe('user_a');
    expect(perUserScope('PATCH', '/users/{user_id}/metadata', { user_id: 'user_a' })).toBe('user_a');
    expect(perUserScope('PUT', '/users/{user_id}/metadata', { user_id: 'user_a' })).toBe('user_a');
    expect(perUserScope('GET', '/users/{user_id}', { user_id: 'user_a' })).toBeUndefined();
    expect(perUserScope('DELETE', '/users/{user_id}', { user_id: 'user_a' })).toBeUndefined();
    expect(perUserScope('POST', '/users', undefined)).toBeUndefined();
  });
});

describe("Clerk's per-user limit", () => {
  it("holds back only that user's requests after a 429 on its PATCH", async () => {
    // Timers and the clock stand still: a request held by any cool-down could never go out.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const fake = emulator();
      const { client, cooling } = clientOf(fake);
      for (let i = 0; i < 10; i++) expect((await patch(client, 'user_a')).response.status).toBe(200);
      // The 11th within 10 s is refused with Retry-After; the client waits it out for user_a only.
      const controller = new AbortController();
      const held = patch(client, 'user_a', controller.signal);
      await cooling;

      expect(await settlesSoon(patch(client, 'user_b'))).toBe(true);
      expect(await settlesSoon(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_b' } } }))).toBe(true);
      expect(await settlesSoon(client.GET('/users/count', {}))).toBe(true);
      expect(await settlesSoon(held)).toBe(false);
      expect(patches(fake, 'user_a')).toBe(11);
      controller.abort(new Error('done'));
      expect(((await caught(held)) as Error).message).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });

  it('still holds back every request, a per-user route included, after an instance-wide 429', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const fake = emulator();
      fake.inject({ method: 'GET', path: '/users/count', status: 429, retryAfter: 1 });
      const { client, cooling } = clientOf(fake);
      const controller = new AbortController();
      const count = client.GET('/users/count', { signal: controller.signal });
      await cooling;
      const held = patch(client, 'user_b', controller.signal);
      expect(await settlesSoon(held)).toBe(false);
      expect(patches(fake, 'user_b')).toBe(0);
      controller.abort(new Error('done'));
      expect(((await caught(held)) as Error).message).toBe('done');
      expect(((await caught(count)) as Error).message).toBe('done');
    } finally {
      vi.useRealTimers();
    }
  });

  it("with rateLimit 'auto', spaces one user's PATCHes to 10 per 10 s without holding other users back", async () => {
    const fake = emulator();
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: 'http://emulator.test/v1',
      fetch: fake.fetch,
      rateLimit: 'auto',
    });
    const controller = new AbortController();
    const calls = Array.from({ length: 11 }, () => patch(client, 'user_a', controller.signal));
    const other = await patch(client, 'user_b');
    expect(other.response.status).toBe(200);
    await Promise.all(calls.slice(0, 10));
    // The 11th waits for user_a's window instead of meeting Clerk's 429.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(patches(fake, 'user_a')).toBe(10);
    controller.abort(new Error('done'));
    expect(((await caught(calls[10] as Promise<unknown>)) as Error).message).toBe('done');
    const statuses = await Promise.all(calls.slice(0, 10).map(async (c) => (await c).response.status));
    expect(statuses.every((s) => s === 200)).toBe(true);
  });

  it('keeps an entry only for users with something pending', async () => {
    const gates = new PerUserGates({ requests: 10, perMs: 1 });
    for (let i = 0; i < 500; i++) {
      const release = await gates.enter(`user_${i}`, null);
      release();
      if (i % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 3));
    }
    expect(gates.size).toBeLessThan(200);
  });
});
