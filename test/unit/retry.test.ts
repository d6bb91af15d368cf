import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import type { ClerkClientOptions } from '../../src/client-options.ts';
import {
  ClerkAPIError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkNotFoundError,
  ClerkRateLimitError,
  ClerkTimeoutError,
  ClerkValidationError,
} from '../../src/errors/classes.ts';
import { CLERK_RATE_LIMITS, RETRY_DEFAULTS, type RetryEvent } from '../../src/retry/options.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';

const SECRET_KEY = `sk_test_${'R'.repeat(40)}`;
const USER = { object: 'user', id: 'user_1' };

/** One arrival at the scripted server: what was asked, when, and with which body. */
interface Arrival {
  method: string;
  path: string;
  body: string;
  contentType: string | undefined;
  at: number;
}

type Step = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Step =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const ok = json(200, USER);
const clerkError = (status: number, code: string, headers: Record<string, string> = {}) =>
  json(status, { errors: [{ code, message: code, long_message: code }] }, headers);
/** Reads the request, then drops the connection without answering: the write may have happened. */
const resetAfterRead: Step = (_req, res) => res.socket?.destroy();
/** Never answers. */
const hang: Step = () => {};

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/**
 * A server that plays `steps` in order (the last one repeats) and counts "applied" writes: a write
 * is applied when a step that answers 2xx, or drops the connection after reading, handled it.
 */
async function scripted(steps: Step[]) {
  const arrivals: Arrival[] = [];
  let applied = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('latin1')));
    req.on('end', () => {
      const step = steps[Math.min(arrivals.length, steps.length - 1)] as Step;
      arrivals.push({
        method: req.method ?? '',
        path: req.url ?? '',
        body,
        contentType: req.headers['content-type'],
        at: Date.now(),
      });
      if (req.method !== 'GET' && (step === ok || step === resetAfterRead || step === hang)) applied++;
      step(req, res, body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, arrivals, applied: () => applied };
}

/** Fast back-off so failing attempts do not slow the suite; everything else is the defaults. */
function clientFor(url: string, options: ClerkClientOptions = {}) {
  const events: RetryEvent[] = [];
  const client = createClerkClient({
    secretKey: SECRET_KEY,
    baseUrl: `${url}/v1`,
    backoff: { baseMs: 1, maxMs: 5 },
    onRetry: (event) => events.push(event),
    ...options,
  });
  return { client, events };
}

const getUser = (client: ReturnType<typeof clientFor>['client'], init: Record<string, unknown> = {}) =>
  unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_secret_id' } }, ...init }));
const updateUser = (client: ReturnType<typeof clientFor>['client'], init: Record<string, unknown> = {}) =>
  unwrap(
    client.PATCH('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, body: { first_name: 'Ada' }, ...init }),
  );
const createUser = (client: ReturnType<typeof clientFor>['client']) =>
  unwrap(client.POST('/users', { body: { first_name: 'Ada' } }));

describe('defaults', () => {
  it('retries twice and times an attempt out after 30 s unless told otherwise', () => {
    expect(RETRY_DEFAULTS.maxRetries).toBe(2);
    expect(RETRY_DEFAULTS.timeoutMs).toBeGreaterThanOrEqual(30_000);
    expect(RETRY_DEFAULTS.timeoutMs).toBeLessThanOrEqual(60_000);
    expect(RETRY_DEFAULTS.maxRetryAfterMs).toBeLessThanOrEqual(60_000);
  });
});

describe('reads (GET, PUT, DELETE) are retried on 429, 5xx, network errors and timeouts', () => {
  it.each([429, 500, 502, 503, 504])('retries a GET answered %i and returns the later success', async (status) => {
    const server = await scripted([clerkError(status, 'try_again'), ok]);
    const { client, events } = clientFor(server.url);
    await expect(getUser(client)).resolves.toEqual(USER);
    expect(server.arrivals).toHaveLength(2);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ attempt: 1, method: 'GET', path: '/users/{user_id}', status });
  });

  it('reports the path template to onRetry, never the id, query or key', async () => {
    const server = await scripted([clerkError(503, 'unavailable'), ok]);
    const { client, events } = clientFor(server.url);
    await unwrap(client.GET('/users', { params: { query: { email_address: ['ada@example.com'] } } }));
    const text = JSON.stringify(events);
    expect(events[0]?.path).toBe('/users');
    expect(text).not.toContain('ada@example.com');
    expect(text).not.toContain(SECRET_KEY);
    expect(Object.keys(events[0] as object).sort()).toEqual(['attempt', 'delayMs', 'method', 'path', 'status']);
  });

  it('retries a GET whose connection was reset, and one that timed out', async () => {
    const server = await scripted([resetAfterRead, hang, ok]);
    const { client, events } = clientFor(server.url, { timeoutMs: 100 });
    await expect(getUser(client)).resolves.toEqual(USER);
    expect(events.map((e) => (e.error as Error).constructor.name)).toEqual(['ClerkNetworkError', 'ClerkTimeoutError']);
  });

  it('surfaces the last attempt’s typed error with the number of attempts', async () => {
    const server = await scripted([clerkError(502, 'bad_gateway'), clerkError(503, 'unavailable')]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client))) as ClerkAPIError;
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect(err.status).toBe(503);
    expect(err.attempts).toBe(3);
    expect(server.arrivals).toHaveLength(3);
  });

  it('gives a network error that outlived its retries the number of attempts', async () => {
    const server = await scripted([resetAfterRead]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client))) as ClerkNetworkError;
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expect(err.attempts).toBe(3);
  });

  // Every status is in the policy table (test/unit/retry-policy.test.ts); one end to end here.
  it.each([404])('does not retry a %i', async (status) => {
    const server = await scripted([clerkError(status, 'nope'), ok]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client))) as ClerkAPIError;
    expect(err.status).toBe(status);
    expect(err.attempts).toBe(1);
    expect(server.arrivals).toHaveLength(1);
  });

  it('surfaces a DELETE that finds the user gone after an ambiguous failure as ClerkNotFoundError with attempts > 1', async () => {
    // The first attempt was applied, but its answer was lost; the retry finds nothing to delete.
    const server = await scripted([resetAfterRead, clerkError(404, 'resource_not_found')]);
    const { client } = clientFor(server.url);
    const err = (await caught(
      unwrap(client.DELETE('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })),
    )) as ClerkNotFoundError;
    expect(err).toBeInstanceOf(ClerkNotFoundError);
    expect(err.attempts).toBe(2);
  });
});

describe('writes (POST, PATCH) are retried only when the server cannot have applied them', () => {
  // Every status is in the policy table (test/unit/retry-policy.test.ts); one end to end here.
  it.each([503])('sends a PATCH answered %i exactly once', async (status) => {
    const server = await scripted([clerkError(status, 'oops'), ok]);
    const { client, events } = clientFor(server.url);
    const err = (await caught(updateUser(client))) as ClerkAPIError;
    expect(err.status).toBe(status);
    expect(err.attempts).toBe(1);
    expect(server.arrivals).toHaveLength(1);
    expect(events).toHaveLength(0);
  });

  it('sends a POST whose connection dropped after the server read it exactly once', async () => {
    const server = await scripted([resetAfterRead, ok]);
    const { client } = clientFor(server.url);
    const err = await caught(createUser(client));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expect(server.arrivals).toHaveLength(1);
    expect(server.applied()).toBe(1);
  });

  it('sends a POST that timed out exactly once', async () => {
    const server = await scripted([hang, ok]);
    const { client } = clientFor(server.url, { timeoutMs: 100 });
    const err = await caught(createUser(client));
    expect(err).toBeInstanceOf(ClerkTimeoutError);
    expect(server.arrivals).toHaveLength(1);
  });

  it('retries a POST refused with 429 and applies it once, with the same body', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '0' }), ok]);
    const { client } = clientFor(server.url);
    await expect(createUser(client)).resolves.toEqual(USER);
    expect(server.arrivals.map((a) => a.body)).toEqual(['{"first_name":"Ada"}', '{"first_name":"Ada"}']);
    expect(server.applied()).toBe(1);
  });

  it('retries a POST whose connection was refused before anything was sent', async () => {
    const server = await scripted([ok]);
    let calls = 0;
    const { client, events } = clientFor(server.url, {
      fetch: (request) => {
        calls++;
        if (calls === 1)
          return Promise.reject(
            new TypeError('fetch failed', {
              cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
            }),
          );
        return fetch(request);
      },
    });
    await expect(createUser(client)).resolves.toEqual(USER);
    expect(server.arrivals).toHaveLength(1);
    expect(events[0]?.error).toBeInstanceOf(ClerkNetworkError);
  });

  it('replays a multipart body byte for byte', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '0' }), ok]);
    const { client } = clientFor(server.url);
    const file = new Blob([new Uint8Array([0, 1, 2, 255, 254])], { type: 'image/png' });
    await unwrap(
      client.POST('/users/{user_id}/profile_image', { params: { path: { user_id: 'user_1' } }, body: { file } }),
    );
    const [first, second] = server.arrivals;
    expect(first?.contentType).toMatch(/^multipart\/form-data; boundary=/);
    expect(second?.body).toBe(first?.body);
    expect(second?.contentType).toBe(first?.contentType);
    expect(first?.body).toContain('\u0000\u0001\u0002\u00ff\u00fe');
  });
});

describe('waits', () => {
  it('waits the Retry-After seconds before the next attempt', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '1' }), ok]);
    const { client, events } = clientFor(server.url);
    await getUser(client);
    expect(events[0]?.delayMs).toBe(1000);
    const [first, second] = server.arrivals as [Arrival, Arrival];
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const inTwoSeconds = () => new Date(Date.now() + 2000).toUTCString();
    const server = await scripted([
      (req, res, body) => clerkError(503, 'unavailable', { 'retry-after': inTwoSeconds() })(req, res, body),
      ok,
    ]);
    const { client, events } = clientFor(server.url);
    await getUser(client);
    // HTTP dates have whole seconds: 1 or 2 s from now.
    expect(events[0]?.delayMs).toBeGreaterThanOrEqual(1000);
    expect(events[0]?.delayMs).toBeLessThanOrEqual(2000);
  });

  it('throws ClerkRateLimitError at once when Retry-After is longer than the cap', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '120' }), ok]);
    const { client, events } = clientFor(server.url);
    const err = (await caught(getUser(client))) as ClerkRateLimitError;
    expect(err).toBeInstanceOf(ClerkRateLimitError);
    expect(err.retryAfter).toBe(120);
    expect(err.attempts).toBe(1);
    expect(events).toHaveLength(0);
  });

  it('uses capped exponential back-off with jitter without Retry-After', async () => {
    const server = await scripted([
      clerkError(503, 'unavailable'),
      clerkError(503, 'unavailable'),
      clerkError(503, 'unavailable'),
      clerkError(503, 'unavailable'),
      ok,
    ]);
    const { client, events } = clientFor(server.url, { maxRetries: 4, backoff: { baseMs: 10, maxMs: 25 } });
    await getUser(client);
    const ceilings = [10, 20, 25, 25];
    expect(events.map((e) => e.delayMs <= (ceilings[e.attempt - 1] as number) && e.delayMs >= 0)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it("rejects at once with the caller's abort reason when aborted during a back-off", async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '20' }), ok]);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const { client } = clientFor(server.url, { onRetry: () => setTimeout(() => controller.abort(reason), 20) });
    const err = await caught(getUser(client, { signal: controller.signal }));
    expect(err).toBe(reason);
    expect(server.arrivals).toHaveLength(1);
  });
});

describe('options', () => {
  it('lets a call turn retries off with maxRetries: 0', async () => {
    const server = await scripted([clerkError(503, 'unavailable'), ok]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client, { maxRetries: 0 }))) as ClerkAPIError;
    expect(err.status).toBe(503);
    expect(server.arrivals).toHaveLength(1);
  });

  it('lets a call allow more retries than the client', async () => {
    const server = await scripted([clerkError(503, 'a'), clerkError(503, 'b'), clerkError(503, 'c'), ok]);
    const { client } = clientFor(server.url, { maxRetries: 0 });
    await expect(getUser(client, { maxRetries: 3 })).resolves.toEqual(USER);
    expect(server.arrivals).toHaveLength(4);
  });

  it('lets a call set its own timeout', async () => {
    const server = await scripted([hang]);
    const { client } = clientFor(server.url, { maxRetries: 0 });
    const err = (await caught(getUser(client, { timeoutMs: 50 }))) as ClerkTimeoutError;
    expect(err).toBeInstanceOf(ClerkTimeoutError);
    expect(err.timeoutMs).toBe(50);
  });

  it('rejects a bad per-call maxRetries before sending', async () => {
    const server = await scripted([ok]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client, { maxRetries: -1 }))) as ClerkInputError;
    expect(err).toBeInstanceOf(ClerkInputError);
    expect(err.parameter).toBe('maxRetries');
    expect(server.arrivals).toHaveLength(0);
  });

  it('rejects bad client options at creation', () => {
    const bad: ClerkClientOptions[] = [
      { maxRetries: 1.5 },
      { maxRetries: -1 },
      { maxRetryAfterMs: -1 },
      { backoff: { baseMs: Number.NaN } },
      { rateLimit: { requests: 0, perMs: 1000 } },
      { rateLimit: { requests: 10, perMs: 0 } },
      { rateLimit: 'fast' as 'auto' },
    ];
    for (const options of bad) {
      expect(() => createClerkClient({ secretKey: SECRET_KEY, ...options })).toThrow(ClerkInputError);
    }
  });

  it.each([
    [{ maxRetries: 1.5 }, 'invalid_max_retries', 'maxRetries'],
    [{ maxRetries: Number.POSITIVE_INFINITY }, 'invalid_max_retries', 'maxRetries'],
    [{ timeoutMs: -1 }, 'invalid_timeout', 'timeoutMs'],
    [{ timeoutMs: Number.NaN }, 'invalid_timeout', 'timeoutMs'],
    [{ maxRetryAfterMs: Number.POSITIVE_INFINITY }, 'invalid_retry_option', 'maxRetryAfterMs'],
    [{ backoff: { baseMs: -5 } }, 'invalid_retry_option', 'backoff.baseMs'],
    [{ backoff: { maxMs: Number.NaN } }, 'invalid_retry_option', 'backoff.maxMs'],
  ] as [ClerkClientOptions, string, string][])(
    'names the option and the rule for %o (%s)',
    (options, code, parameter) => {
      let error: unknown;
      try {
        createClerkClient({ secretKey: SECRET_KEY, ...options });
      } catch (caughtError) {
        error = caughtError;
      }
      expect(error).toBeInstanceOf(ClerkInputError);
      expect((error as ClerkInputError).code).toBe(code);
      expect((error as ClerkInputError).parameter).toBe(parameter);
      expect((error as ClerkInputError).message).toMatch(
        new RegExp(`^${parameter.replace('.', '\\.')} must be .*, got `),
      );
    },
  );

  it('rejects a bad per-call timeoutMs before sending', async () => {
    const server = await scripted([ok]);
    const { client } = clientFor(server.url);
    const err = (await caught(getUser(client, { timeoutMs: -5 }))) as ClerkInputError;
    expect(err).toBeInstanceOf(ClerkInputError);
    expect(err.code).toBe('invalid_timeout');
    expect(server.arrivals).toHaveLength(0);
  });

  it('accepts undefined for every option, meaning the default (as process.env.X may be)', () => {
    expect(() =>
      createClerkClient({
        secretKey: SECRET_KEY,
        maxRetries: undefined,
        timeoutMs: undefined,
        backoff: { baseMs: undefined },
        rateLimit: undefined,
      }),
    ).not.toThrow();
  });

  it('turns the timeout off with 0 and with Infinity', async () => {
    const server = await scripted([(req, res, body) => setTimeout(() => ok(req, res, body), 150)]);
    for (const timeoutMs of [0, Number.POSITIVE_INFINITY]) {
      const { client } = clientFor(server.url, { timeoutMs, maxRetries: 0 });
      await expect(getUser(client)).resolves.toEqual(USER);
    }
  });
});

describe('one cool-down per client', () => {
  it('holds a request started during the cool-down until Retry-After has passed, and then sends it', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '1' }), ok]);
    let second: Promise<unknown> | undefined;
    // Start a second call the moment the first one learned about the 429 (onRetry runs before the wait).
    const { client } = clientFor(server.url, { onRetry: () => (second = getUser(client)) });
    await expect(getUser(client)).resolves.toEqual(USER);
    await expect(second).resolves.toEqual(USER);
    const [rateLimited, ...later] = server.arrivals as [Arrival, ...Arrival[]];
    expect(later).toHaveLength(2);
    for (const arrival of later) expect(arrival.at - rateLimited.at).toBeGreaterThanOrEqual(1000);
  });

  it('does not hold requests of another client', async () => {
    const server = await scripted([clerkError(429, 'too_many_requests', { 'retry-after': '2' }), ok]);
    const a = clientFor(server.url);
    const b = clientFor(server.url);
    const first = getUser(a.client);
    while (server.arrivals.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await getUser(b.client);
    // b's call arrived while a was still cooling down.
    expect(server.arrivals).toHaveLength(2);
    await first;
  });
});

describe('the client-side rate limiter', () => {
  it('starts at most `requests` requests in any `perMs` window', async () => {
    const server = await scripted([ok]);
    const { client } = clientFor(server.url, { rateLimit: { requests: 2, perMs: 300 } });
    await Promise.all(Array.from({ length: 5 }, () => getUser(client)));
    const at = server.arrivals.map((a) => a.at);
    for (let i = 2; i < at.length; i++) expect((at[i] as number) - (at[i - 2] as number)).toBeGreaterThanOrEqual(300);
  });

  it('lets a queued request be aborted, and never sends it', async () => {
    const server = await scripted([ok]);
    const { client } = clientFor(server.url, { rateLimit: { requests: 1, perMs: 10_000 } });
    await getUser(client);
    const controller = new AbortController();
    const reason = new Error('no longer needed');
    const queued = getUser(client, { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    expect(await caught(queued)).toBe(reason);
    expect(server.arrivals).toHaveLength(1);
  });

  it("picks Clerk's documented budget from the key with 'auto': 100 per 10 s for sk_test_, 1000 for sk_live_", async () => {
    expect(CLERK_RATE_LIMITS.development).toEqual({ requests: 100, perMs: 10_000 });
    expect(CLERK_RATE_LIMITS.production).toEqual({ requests: 1000, perMs: 10_000 });
    const sentWith = async (secretKey: string) => {
      let sent = 0;
      const client = createClerkClient({
        secretKey,
        baseUrl: 'https://api.clerk.com/v1',
        rateLimit: 'auto',
        fetch: async () => {
          sent++;
          return Response.json(USER);
        },
      });
      const controller = new AbortController();
      const calls = Array.from({ length: 101 }, () =>
        unwrap(
          client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, signal: controller.signal }),
        ).catch((e: unknown) => e),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      const sentSoon = sent;
      controller.abort(new Error('done'));
      await Promise.all(calls);
      return sentSoon;
    };
    expect(await sentWith(SECRET_KEY)).toBe(100);
    expect(await sentWith(`sk_live_${'L'.repeat(40)}`)).toBe(101);
  });
});

describe('keys on the wire', () => {
  const LIVE = `sk_live_${'L'.repeat(40)}`;

  it('refuses a live key over plain http to a host that is not loopback', () => {
    for (const baseUrl of ['http://api.clerk.com/v1', 'http://10.0.0.5:8080/v1', 'http://mock:4010/v1']) {
      const err = (() => {
        try {
          createClerkClient({ secretKey: LIVE, baseUrl });
        } catch (error) {
          return error as ClerkInputError;
        }
        throw new Error(`accepted ${baseUrl}`);
      })();
      expect(err).toBeInstanceOf(ClerkInputError);
      expect(err.code).toBe('insecure_base_url');
      expect(err.message).not.toContain(LIVE);
    }
  });

  it('allows a live key over https and to loopback, and a test key anywhere', () => {
    for (const baseUrl of [
      'https://api.clerk.com/v1',
      'http://127.0.0.1:4010/v1',
      'http://localhost:4010/v1',
      'http://[::1]:4010/v1',
    ]) {
      expect(() => createClerkClient({ secretKey: LIVE, baseUrl })).not.toThrow();
    }
    expect(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl: 'http://mock:4010/v1' })).not.toThrow();
  });

  it('fails at creation for a key that is not sk_…', () => {
    for (const secretKey of ['my-api-key', 'Bearer sk_test_abc', 'ak_test_123']) {
      const err = (() => {
        try {
          createClerkClient({ secretKey });
        } catch (error) {
          return error as ClerkInputError;
        }
        throw new Error(`accepted ${secretKey}`);
      })();
      expect(err).toBeInstanceOf(ClerkInputError);
      expect(err.code === 'invalid_secret_key').toBe(true);
    }
  });
});

describe('unchanged behaviour', () => {
  it('does not retry a 422', async () => {
    const server = await scripted([clerkError(422, 'form_param_value_invalid'), ok]);
    const { client } = clientFor(server.url);
    expect(await caught(updateUser(client))).toBeInstanceOf(ClerkValidationError);
    expect(server.arrivals).toHaveLength(1);
  });
});
