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
