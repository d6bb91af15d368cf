// The retry layer at its edges: waits longer than a timer can hold, timeouts that fire while a body
// is read, and many requests in flight on one signal, each without a process warning.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { MAX_TIMER_MS, sleep } from '../../src/retry/sleep.ts';
import { caught } from '../support/caught.ts';

/** Collects the process warnings emitted while a test runs. */
let warnings: Error[] = [];
const onWarning = (warning: Error) => warnings.push(warning);
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
  vi.restoreAllMocks();
});

/** Lets queued warnings (emitted on the next tick) arrive. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('waits longer than the timer limit', () => {
  it('sleep() arms one timer of at most 2^31 − 1 ms and emits no TimeoutOverflowWarning', async () => {
    const armed: number[] = [];
    const real = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      armed.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    const controller = new AbortController();
    const slept = sleep(2 ** 33, controller.signal).catch((error: unknown) => error);
    await new Promise((resolve) => real(resolve, 50));
    controller.abort(new Error('stop'));
    expect(await slept).toEqual(new Error('stop'));
    vi.restoreAllMocks();
    await settle();
    expect(armed).toEqual([MAX_TIMER_MS]);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it('a Retry-After above the timer limit, allowed by maxRetryAfterMs, waits instead of spinning', async () => {
    let requests = 0;
    const controller = new AbortController();
    const client = createClerkClient({
      secretKey: 'sk_test_long_wait',
      baseUrl: 'http://127.0.0.1:9/v1',
      maxRetryAfterMs: 2 ** 40,
      fetch: async () => {
        requests++;
        return new Response('{"errors":[{"code":"too_many_requests"}]}', {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': String(3 * 10 ** 6) },
        });
      },
    });
    const call = caught(client.GET('/users', { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort(new Error('gave up'));
    expect(await call).toEqual(new Error('gave up'));
    await settle();
    expect(requests).toBe(1);
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });

  it('a timeoutMs above the timer limit does not fire at once', async () => {
    const client = createClerkClient({
      secretKey: 'sk_test_long_timeout',
      baseUrl: 'http://127.0.0.1:9/v1',
      timeoutMs: 2 ** 32,
      fetch: async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        return Response.json([]);
      },
    });
    const { data } = await client.GET('/users');
    expect(data).toEqual([]);
    await settle();
    expect(warnings.map((w) => w.name)).not.toContain('TimeoutOverflowWarning');
  });
});

describe('a timeout or a broken connection while a read reads its body', () => {
  type Behaviour = 'stall' | 'cut' | 'whole';
  /** A server whose n-th answer (from 0) behaves as `plan[n]` (then 'whole'): headers at once, then the body. */
  async function serverWith(plan: Behaviour[]) {
    const { createServer } = await import('node:http');
    let served = 0;
    const body = JSON.stringify([{ object: 'user', id: 'user_1' }]);
    const server = createServer((_req, res) => {
      const behaviour = plan[served++] ?? 'whole';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.write(body.slice(0, 5));
      if (behaviour === 'whole') res.end(body.slice(5));
      else if (behaviour === 'cut') setTimeout(() => res.destroy(), 10);
      // 'stall': the rest never comes.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}/v1`,
      served: () => served,
      close: () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  }
  const options = { secretKey: 'sk_test_body_reads', timeoutMs: 100, backoff: { baseMs: 1, maxMs: 1 } };

  it.each([
    ['stalls', 'stall'],
    ['is cut short', 'cut'],
  ] as const)('retries a GET whose body %s, as the README promises for reads', async (_what, behaviour) => {
    const server = await serverWith([behaviour]);
    try {
      const client = createClerkClient({ ...options, baseUrl: server.url });
      const { data } = await client.GET('/users');
      expect(data).toEqual([{ object: 'user', id: 'user_1' }]);
      expect(server.served()).toBe(2);
    } finally {
      await server.close();
    }
  });

  it('gives up with ClerkTimeoutError once the retries are spent, naming the attempts', async () => {
    const server = await serverWith(['stall', 'stall', 'stall']);
    try {
      const client = createClerkClient({ ...options, baseUrl: server.url, maxRetries: 2 });
      const err = await caught(client.GET('/users'));
      expect((err as { code?: string }).code).toBe('timeout');
      expect((err as { attempts?: number }).attempts).toBe(3);
      expect(server.served()).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('does not retry a POST whose body stalls (the server may have acted)', async () => {
    const server = await serverWith(['stall']);
    try {
      const client = createClerkClient({ ...options, baseUrl: server.url });
      const err = await caught(client.POST('/users', { body: { first_name: 'Ada' } }));
      expect((err as { code?: string }).code).toBe('timeout');
      expect(server.served()).toBe(1);
    } finally {
      await server.close();
    }
  });
});

describe('32 requests in flight on one signal, through the whole paginate path', () => {
  it('emits no MaxListenersExceededWarning with the limiter on and 429s cooling the client', async () => {
    const { paginate } = await import('../../src/pagination.ts');
    let requests = 0;
    const client = createClerkClient({
      secretKey: 'sk_test_listeners',
      baseUrl: 'http://127.0.0.1:9/v1',
      rateLimit: { requests: 10_000, perMs: 1_000 },
      backoff: { baseMs: 1, maxMs: 1 },
      fetch: async (request) => {
        requests++;
        if (requests % 7 === 0) return new Response('{"errors":[]}', { status: 429, headers: { 'retry-after': '0' } });
        const url = new URL(request.url);
        const offset = Number(url.searchParams.get('offset') ?? 0);
        const limit = Number(url.searchParams.get('limit'));
        const data = Array.from({ length: Math.max(0, Math.min(limit, 3200 - offset)) }, (_, i) => ({
          object: 'organization_membership',
          id: `orgmem_${offset + i}`,
        }));
        return Response.json({ data, total_count: 3200 });
      },
    });
    const controller = new AbortController();
    let count = 0;
    for await (const _ of paginate(client, '/users/{user_id}/organization_memberships', {
      params: { path: { user_id: 'user_1' }, query: { limit: 10 } },
      concurrency: 32,
      signal: controller.signal,
    })) {
      count++;
    }
    expect(count).toBe(3200);
    await settle();
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});

describe('a body read inside the attempt', () => {
  it('can still be cloned and read by a middleware, and is what the call returns', async () => {
    const client = createClerkClient({
      secretKey: 'sk_test_middleware',
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async () => Response.json([{ object: 'user', id: 'user_1' }]),
    });
    const seen: unknown[] = [];
    client.use({
      async onResponse({ response }) {
        seen.push(await response.clone().json());
        return undefined;
      },
    });
    const { data } = await client.GET('/users');
    expect(data).toEqual([{ object: 'user', id: 'user_1' }]);
    expect(seen).toEqual([[{ object: 'user', id: 'user_1' }]]);
  });
});
