// The exact key a client holds never survives in an error, whatever its shape and wherever it comes
// back from: the base URL, an echoing server, a custom fetch's error holding the Request, a parser's
// excerpt of a body that began with it, the ids a list walk quotes.
import { describe, expect, it } from 'vitest';
import { Redactor } from '../../src/cli/redact.ts';
import { createClerkClient } from '../../src/client.ts';
import { ClerkAPIError, ClerkNetworkError, ClerkResponseError, ClerkTimeoutError } from '../../src/errors/classes.ts';
import { redactSecrets } from '../../src/errors/redact.ts';
import { paginate } from '../../src/pagination.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';
import { placesHolding } from '../support/no-secret.ts';

/** Keys the client accepts: Clerk's shape, shapes the old pattern missed, and one no pattern can guess. */
const KEYS = {
  test: 'sk_test_A1b2C3d4E5f6G7h8I9j0K1l2',
  prod: 'sk_prod_abc-def-123456789xyz',
  odd: 'sk_Odd.Key~With:Chars.0123',
};

/** The part of a key that is secret: everything after what the marker may keep (`sk_`, `sk_test_`). */
function secretPart(key: string): string {
  return key.replace(/^sk_(?:live_|test_)?/, '');
}

function expectClean(err: unknown, key: string): void {
  expect(err).toBeInstanceOf(Error);
  for (const needle of [key, secretPart(key), secretPart(key).slice(0, 8)]) {
    expect(placesHolding(err, needle), `${JSON.stringify(needle)} found`).toEqual([]);
  }
}

function answering(key: string, status: number, body: string, headers: Record<string, string> = {}) {
  return createClerkClient({
    secretKey: key,
    baseUrl: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json', ...headers } }),
  });
}

describe.each(Object.entries(KEYS))('the %s key never survives in an error', (_name, key) => {
  it('when it is part of the base URL path (network error url, message, toJSON, inspect)', async () => {
    const client = createClerkClient({
      secretKey: key,
      baseUrl: `http://127.0.0.1:9/${key}/v1`,
      fetch: async () => {
        throw new TypeError('connection refused');
      },
    });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expect((err as ClerkNetworkError).url).toContain('/v1/users');
    expectClean(err, key);
  });

  it('when it is part of the base URL path of a call that times out', async () => {
    const client = createClerkClient({
      secretKey: key,
      baseUrl: `http://127.0.0.1:9/${key}/v1`,
      timeoutMs: 20,
      maxRetries: 0,
      fetch: (request) =>
        new Promise((_resolve, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason)),
        ),
    });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkTimeoutError);
    expectClean(err, key);
  });

  it('when a custom fetch throws an error carrying the Request and its Authorization header', async () => {
    const client = createClerkClient({
      secretKey: key,
      baseUrl: 'http://127.0.0.1:9/v1',
      maxRetries: 0,
      fetch: async (request) => {
        const inner = Object.assign(new Error('socket hang up'), {
          request,
          headers: request.headers,
          code: 'ECONNRESET',
        });
        throw Object.assign(new TypeError('fetch failed', { cause: inner }), {
          request,
          config: { headers: { authorization: request.headers.get('authorization') } },
        });
      },
    });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expectClean(err, key);
    // What the cause says is kept: its class, message and code.
    const cause = (err as ClerkNetworkError).cause as TypeError & { cause: { code: string } };
    expect(cause).toBeInstanceOf(TypeError);
    expect(cause.message).toBe('fetch failed');
    expect(cause.cause.code).toBe('ECONNRESET');
  });

  it('when an echoing server puts it anywhere in an error body, right after a word character too', async () => {
    const body = JSON.stringify({
      errors: [
        {
          code: `bad_${key}`,
          message: `bad_${key}`,
          long_message: `The key x${key}y is not valid`,
          meta: { [key]: `Bearer ${key}`, nested: [{ header: `bad_${key}` }] },
        },
      ],
      clerk_trace_id: `trace_${key}`,
    });
    const err = await caught(unwrap(answering(key, 401, body).GET('/users')));
    expect(err).toBeInstanceOf(ClerkAPIError);
    expectClean(err, key);
  });

  it('when a body that is not Clerk JSON echoes it (rawBody)', async () => {
    const err = await caught(
      unwrap(answering(key, 502, `<p>upstream said bad_${key}</p>`, { 'content-type': 'text/html' }).GET('/users')),
    );
    expect(err).toBeInstanceOf(ClerkAPIError);
    expectClean(err, key);
  });

  it('when a malformed 2xx starts with it (the parser quotes the first characters)', async () => {
    const err = await caught(answering(key, 200, `${key}{"object":"user"}`).GET('/users'));
    expect(err).toBeInstanceOf(ClerkResponseError);
    expect((err as ClerkResponseError).code).toBe('invalid_json');
    expect((err as ClerkResponseError).cause).toBeInstanceOf(SyntaxError);
    expectClean(err, key);
  });

  it('when a 2xx of the wrong shape is the key itself (unexpected_body)', async () => {
    const err = await caught(unwrap(answering(key, 200, JSON.stringify(`bad_${key}`)).GET('/users')));
    expect(err).toBeInstanceOf(ClerkResponseError);
    expect((err as ClerkResponseError).code).toBe('unexpected_body');
    expectClean(err, key);
  });

  it('when a list walk quotes a cursor id that is the key', async () => {
    const page = JSON.stringify([{ id: `user_${key}`, object: 'user' }]);
    const err = await caught(
      paginate.collect(answering(key, 200, page), '/users', { params: { query: { limit: 1 } }, maxItems: 10 }),
    );
    expect(err).toBeInstanceOf(ClerkResponseError);
    expect((err as ClerkResponseError).code).toBe('cursor_not_advancing');
    expectClean(err, key);
  });

  it('when the base URL that holds it is refused before any request', () => {
    let err: unknown;
    try {
      createClerkClient({ secretKey: key, baseUrl: `http://127.0.0.1:9/${key}` });
    } catch (error) {
      err = error;
    }
    expect((err as { code?: string }).code).toBe('base_url_without_version');
    expectClean(err, key);
  });
});

describe('the one redaction both the library and the command use', () => {
  it.each([
    ['bad_sk_test_abcdef123456', 'abcdef123456'],
    ['sk_prod_abc-def-123456', 'abc-def-123456'],
    ['see https://example.com/sk_live_abcdef123456/v1', 'abcdef123456'],
    ['"sk_test_abcdefgh"... is not valid JSON', 'abcdefgh'],
  ])('replaces key-shaped text in %j', (text, secret) => {
    expect(redactSecrets(text)).not.toContain(secret);
    expect(new Redactor().redact(text)).toBe(redactSecrets(text));
  });

  it('leaves words that merely contain sk_ alone', () => {
    expect(redactSecrets('task_list and disk_usage_report')).toBe('task_list and disk_usage_report');
  });

  it('keeps the kind of a Clerk key visible, not the key', () => {
    expect(redactSecrets('Bearer sk_live_abcdef123456')).toBe('Bearer sk_live_[REDACTED]');
  });

  it('replaces a cut piece of an exact key that no pattern would find', () => {
    const key = 'sk_Odd.Key~With:Chars';
    expect(redactSecrets('"sk_Odd.Key"... is not valid JSON', [key])).not.toContain('Odd.Key');
    expect(redactSecrets('…LongTail.0 was cut', ['sk_Odd.Key~With:LongTail.0'])).not.toContain('Tail.0');
  });
});
