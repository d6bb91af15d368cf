import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import * as errors from '../../src/errors/classes.ts';
import {
  ClerkAPIError,
  ClerkAuthenticationError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkNotFoundError,
  ClerkRateLimitError,
  ClerkResponseError,
  ClerkTimeoutError,
  ClerkUsersError,
  ClerkValidationError,
  isClerkAPIError,
  isClerkAuthenticationError,
  isClerkInputError,
  isClerkNetworkError,
  isClerkNotFoundError,
  isClerkRateLimitError,
  isClerkResponseError,
  isClerkTimeoutError,
  isClerkUsersError,
  isClerkValidationError,
} from '../../src/errors/classes.ts';
import { clerkErrorFromResponse } from '../../src/errors/from-response.ts';
import { parseRetryAfter } from '../../src/retry/retry-after.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';
import { STATUS_CASES } from '../support/status-cases.ts';

const SECRET_KEY = `sk_test_${'X'.repeat(40)}`;

/**
 * A client whose injected fetch answers every request with the given status, body and headers.
 * Retries are off: these tests are about how one response becomes an error (test/unit/retry.test.ts covers retries).
 */
function clientAnswering(
  status: number,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  return createClerkClient({
    secretKey: SECRET_KEY,
    baseUrl: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async () => new Response(body, { status, headers }),
  });
}

function clerkBody(code: string, message: string, longMessage: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ errors: [{ code, message, long_message: longMessage }], ...extra });
}

async function getUserError(status: number, body: string, headers?: Record<string, string>): Promise<unknown> {
  const client = clientAnswering(status, body, headers);
  return caught(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_123' } } })));
}

describe('status → error class', () => {
  it.each(STATUS_CASES)('maps a %i response to %O with the first error code', async (status, Class, code) => {
    const err = await getUserError(
      status,
      JSON.stringify({
        errors: [
          { code, message: 'short', long_message: 'long explanation' },
          { code: 'second_code', message: 'second', long_message: 'second long' },
        ],
      }),
    );
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect(err).toBeInstanceOf(ClerkUsersError);
    expect(err).toBeInstanceOf(Error);
    const apiError = err as ClerkAPIError;
    expect(apiError.status).toBe(status);
    expect(apiError.code).toBe(code);
    expect(apiError.name).toBe(Class.name);
    expect(apiError.errors.map((e) => e.code)).toEqual([code, 'second_code']);
  });

  it('uses the plain ClerkAPIError class, not a subclass, for 500 and 502', async () => {
    for (const status of [500, 502]) {
      const err = await getUserError(status, clerkBody('internal_clerk_error', 'oops', 'Something went wrong'));
      expect(Object.getPrototypeOf(err)).toBe(ClerkAPIError.prototype);
      expect(isClerkAPIError(err)).toBe(true);
      for (const guard of [
        isClerkAuthenticationError,
        isClerkNotFoundError,
        isClerkValidationError,
        isClerkRateLimitError,
      ]) {
        expect(guard(err)).toBe(false);
      }
    }
  });

  it('falls back to http_<status> as the code when the body has no errors', async () => {
    const err = (await getUserError(503, JSON.stringify({ errors: [] }))) as ClerkAPIError;
    expect(err.code).toBe('http_503');
    expect(err.errors).toEqual([]);
  });
});

describe('error details', () => {
  it('formats the message as "<status> <code>: <long message> (<method> <path template>)"', async () => {
    const err = (await getUserError(
      404,
      clerkBody('resource_not_found', 'not found', 'User not found'),
    )) as ClerkNotFoundError;
    expect(err.message).toBe('404 resource_not_found: User not found (GET /users/{user_id})');
    expect(err.method).toBe('GET');
    expect(err.path).toBe('/users/{user_id}');
    // The path template, never the user ID that was requested.
    expect(err.message).not.toContain('user_123');
  });

  it('maps Clerk errors to camelCase, including the keys of meta', async () => {
    const body = JSON.stringify({
      errors: [
        {
          code: 'form_param_format_invalid',
          message: 'is invalid',
          long_message: 'email_address must be a valid email address.',
          meta: { param_name: 'email_address', session_id: 'sess_1' },
        },
        { code: 'form_param_missing', message: 'missing', long_message: 'first_name is required' },
      ],
    });
    const err = (await getUserError(422, body)) as ClerkValidationError;
    expect(err.errors).toEqual([
      {
        code: 'form_param_format_invalid',
        message: 'is invalid',
        longMessage: 'email_address must be a valid email address.',
        meta: { paramName: 'email_address', sessionId: 'sess_1' },
      },
      { code: 'form_param_missing', message: 'missing', longMessage: 'first_name is required' },
    ]);
    expect(err.errors[0]).not.toHaveProperty('long_message');
    expect(Object.isFrozen(err.errors)).toBe(true);
  });

  it('takes clerkTraceId from the body before the cf-ray header', async () => {
    const err = (await getUserError(
      404,
      clerkBody('resource_not_found', 'nf', 'User not found', { clerk_trace_id: 'trace_body' }),
      {
        'content-type': 'application/json',
        'cf-ray': 'ray_header',
      },
    )) as ClerkAPIError;
    expect(err.clerkTraceId).toBe('trace_body');
  });

  it('falls back to the cf-ray header for clerkTraceId', async () => {
    const err = (await getUserError(500, clerkBody('internal_clerk_error', 'x', 'x'), {
      'content-type': 'application/json',
      'cf-ray': '8f1e2d3c4b5a6978-FRA',
    })) as ClerkAPIError;
    expect(err.clerkTraceId).toBe('8f1e2d3c4b5a6978-FRA');
    const none = (await getUserError(500, clerkBody('internal_clerk_error', 'x', 'x'))) as ClerkAPIError;
    expect(none.clerkTraceId).toBeUndefined();
  });

  it('reads Retry-After given in seconds', async () => {
    const err = (await getUserError(429, clerkBody('too_many_requests', 'slow down', 'Too many requests'), {
      'content-type': 'application/json',
      'retry-after': '17',
    })) as ClerkRateLimitError;
    expect(err).toBeInstanceOf(ClerkRateLimitError);
    expect(err.retryAfter).toBe(17);
  });

  describe('Retry-After as an HTTP date', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('turns the date into seconds from now', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date('2026-05-12T10:00:00Z'));
      const err = (await getUserError(429, clerkBody('too_many_requests', 'slow down', 'Too many requests'), {
        'content-type': 'application/json',
        'retry-after': 'Tue, 12 May 2026 10:01:30 GMT',
      })) as ClerkRateLimitError;
      expect(err.retryAfter).toBe(90);
    });
  });

  it('leaves retryAfter undefined without the header', async () => {
    const err = (await getUserError(
      429,
      clerkBody('too_many_requests', 'slow down', 'Too many requests'),
    )) as ClerkRateLimitError;
    expect(err.retryAfter).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-05-12T10:00:00Z');

  it('reads delta seconds, trimming whitespace', () => {
    expect(parseRetryAfter('120', now)).toBe(120);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date relative to the injected now, rounding up', () => {
    expect(parseRetryAfter('Tue, 12 May 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue, 12 May 2026 10:00:30 GMT', now + 500)).toBe(30);
    expect(parseRetryAfter('Tue, 12 May 2026 10:00:30 GMT', now + 1500)).toBe(29);
  });

  it('never returns a negative wait for a date in the past', () => {
    expect(parseRetryAfter('Tue, 12 May 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('returns undefined for a missing or unreadable header', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('not a date', now)).toBeUndefined();
  });

  it('returns undefined for negative or fractional seconds and for dates not in an HTTP form, so back-off applies', () => {
    for (const value of ['-5', '0.5', '1.5', '1e3', '+3', '2026-05-12T10:00:30Z', '5 seconds', 'Tue, 12 May 2026']) {
      expect(parseRetryAfter(value, now), value).toBeUndefined();
    }
  });

  it('reads the obsolete HTTP date forms (RFC 850 and asctime) as GMT', () => {
    expect(parseRetryAfter('Tuesday, 12-May-26 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Tue May 12 10:00:30 2026', now)).toBe(30);
  });
});

describe('bodies that are not Clerk JSON', () => {
  it('keeps an HTML 502 page from a proxy as rawBody', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>';
    const err = await getUserError(502, html, { 'content-type': 'text/html' });
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(err).toBeInstanceOf(ClerkAPIError);
    const apiError = err as ClerkAPIError;
    expect(apiError.status).toBe(502);
    expect(apiError.code).toBe('http_502');
    expect(apiError.rawBody).toBe(html);
    expect(apiError.errors).toEqual([]);
    expect(apiError.message).toBe('502 http_502: response body is not a Clerk error object (GET /users/{user_id})');
  });

  it('handles an empty body with content-length 0', async () => {
    const err = await getUserError(500, '', { 'content-length': '0' });
    expect(err).toBeInstanceOf(ClerkAPIError);
    const apiError = err as ClerkAPIError;
    expect(apiError.status).toBe(500);
    expect(apiError.rawBody).toBe('');
    expect(apiError.message).toBe('500 http_500: empty response body (GET /users/{user_id})');
  });

  it('handles an empty body without content-length', async () => {
    const err = await getUserError(503, '', {});
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect((err as ClerkAPIError).status).toBe(503);
    expect((err as ClerkAPIError).rawBody).toBe('');
    expect((err as ClerkAPIError).message).toContain('empty response body');
  });

  it('keeps truncated JSON as rawBody instead of throwing a SyntaxError', async () => {
    const truncated = '{"errors":[{"code":';
    const err = await getUserError(500, truncated);
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect((err as ClerkAPIError).status).toBe(500);
    expect((err as ClerkAPIError).rawBody).toBe(truncated);
  });

  it('keeps JSON that is not the Clerk error shape as rawBody, picking the class by status', async () => {
    const err = await getUserError(422, '{"message":"bad"}');
    expect(err).toBeInstanceOf(ClerkValidationError);
    expect((err as ClerkAPIError).rawBody).toBe('{"message":"bad"}');
    expect((err as ClerkAPIError).code).toBe('http_422');
  });

  it.each([
    ['JSON that is not a Clerk error', '{"message":"no route"}', 'application/json'],
    ['an HTML page', '<html>Not Found</html>', 'text/html'],
    ['an empty body', '', 'application/json'],
    ['an empty Clerk error list', '{"errors":[]}', 'application/json'],
  ])('turns a 404 with %s into endpoint_not_found, not ClerkNotFoundError', async (_what, body, type) => {
    const err = await getUserError(404, body, { 'content-type': type });
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect(err).not.toBeInstanceOf(ClerkNotFoundError);
    expect(isClerkNotFoundError(err)).toBe(false);
    const apiError = err as ClerkAPIError;
    expect(apiError.code).toBe('endpoint_not_found');
    expect(apiError.status).toBe(404);
    expect(apiError.message).toContain('/v1');
    expect(apiError.rawBody).toBe(body);
  });

  it('keeps an empty 404 a ClerkNotFoundError where the spec documents a bodiless 404 (verify_password)', async () => {
    const client = clientAnswering(404, '');
    const err = await caught(
      unwrap(
        client.POST('/users/{user_id}/verify_password', {
          params: { path: { user_id: 'user_1' } },
          body: { password: 'x' },
        }),
      ),
    );
    expect(err).toBeInstanceOf(ClerkNotFoundError);
    // The same path with a proxy's page is still no Clerk answer.
    const proxied = clientAnswering(404, '<html>Not Found</html>', { 'content-type': 'text/html' });
    const err2 = await caught(
      unwrap(
        proxied.POST('/users/{user_id}/verify_password', {
          params: { path: { user_id: 'user_1' } },
          body: { password: 'x' },
        }),
      ),
    );
    expect((err2 as ClerkAPIError).code).toBe('endpoint_not_found');
  });

  it("keeps a 404 with Clerk's error body a ClerkNotFoundError", async () => {
    const err = await getUserError(404, clerkBody('resource_not_found', 'not found', 'User not found'));
    expect(err).toBeInstanceOf(ClerkNotFoundError);
    expect((err as ClerkNotFoundError).code).toBe('resource_not_found');
  });

  it('caps rawBody at 2 KB', async () => {
    const err = (await getUserError(502, 'x'.repeat(10_000), { 'content-type': 'text/plain' })) as ClerkAPIError;
    expect(err.rawBody).toHaveLength(2048);
  });

  it('turns a 200 with an HTML body into ClerkResponseError unexpected_content_type, not a ClerkAPIError', async () => {
    const client = clientAnswering(200, '<html>login page</html>', { 'content-type': 'text/html; charset=utf-8' });
    const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_123' } } }));
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(err).not.toBeInstanceOf(ClerkAPIError);
    expect(err).toBeInstanceOf(ClerkResponseError);
    expect(isClerkResponseError(err)).toBe(true);
    const responseError = err as ClerkResponseError;
    expect(responseError.code).toBe('unexpected_content_type');
    expect(responseError.status).toBe(200);
    expect(responseError.rawBody).toBe('<html>login page</html>');
    expect(responseError.message).toContain('text/html');
    expect(responseError.path).toBe('/users/{user_id}');
    expect(responseError.method).toBe('GET');
  });

  it.each([
    ['with Content-Length', true],
    ['without Content-Length', false],
  ])(
    'turns a 200 whose JSON is cut short (%s) into ClerkResponseError invalid_json, from a raw call and from unwrap',
    async (_what, withLength) => {
      const truncated = '{"id":"user_1","first_name":"Ad';
      const client = createClerkClient({
        secretKey: SECRET_KEY,
        baseUrl: 'http://127.0.0.1:9/v1',
        maxRetries: 0,
        fetch: async () => {
          // A stream has no Content-Length of its own: the header decides which path openapi-fetch takes.
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (withLength) headers['content-length'] = String(truncated.length);
          return new Response(new Blob([truncated]).stream(), { status: 200, headers });
        },
      });
      for (const call of [
        () => client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }),
        () => unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })),
      ]) {
        const err = await caught(call());
        expect(err).not.toBeInstanceOf(SyntaxError);
        expect(err).toBeInstanceOf(ClerkResponseError);
        const responseError = err as ClerkResponseError;
        expect(responseError.code).toBe('invalid_json');
        expect(responseError.status).toBe(200);
        expect(responseError.rawBody).toBe(truncated);
        expect(responseError.path).toBe('/users/{user_id}');
        expect(responseError.cause).toBeInstanceOf(SyntaxError);
      }
    },
  );
});

describe('clerkErrorFromResponse', () => {
  it('accepts an already parsed body', () => {
    const response = new Response(null, { status: 401, headers: { 'cf-ray': 'ray1' } });
    const err = clerkErrorFromResponse(
      response,
      { errors: [{ code: 'authentication_invalid', message: 'bad key', long_message: 'The secret key is invalid' }] },
      { method: 'DELETE', path: '/users/{user_id}' },
    );
    expect(err).toBeInstanceOf(ClerkAuthenticationError);
    expect(err.message).toBe('401 authentication_invalid: The secret key is invalid (DELETE /users/{user_id})');
    expect(err.clerkTraceId).toBe('ray1');
  });

  it('parses a body given as JSON text', () => {
    const err = clerkErrorFromResponse(
      new Response(null, { status: 422 }),
      clerkBody('form_identifier_exists', 'taken', 'That email address is taken.'),
      {
        method: 'POST',
        path: '/users',
      },
    );
    expect(err).toBeInstanceOf(ClerkValidationError);
    expect(err.code).toBe('form_identifier_exists');
    expect(err.rawBody).toBeUndefined();
  });
});

describe('type guards and instanceof', () => {
  const samples = () => ({
    api: new ClerkAPIError({ status: 500, errors: [], method: 'GET', path: '/users' }),
    auth: new ClerkAuthenticationError({ status: 401, errors: [], method: 'GET', path: '/users' }),
    notFound: new ClerkNotFoundError({ status: 404, errors: [], method: 'GET', path: '/users/{user_id}' }),
    validation: new ClerkValidationError({ status: 422, errors: [], method: 'POST', path: '/users' }),
    rateLimit: new ClerkRateLimitError({ status: 429, errors: [], method: 'GET', path: '/users' }),
    network: new ClerkNetworkError('GET', 'http://127.0.0.1:9/v1/users', new TypeError('fetch failed')),
    timeout: new ClerkTimeoutError('GET', 'http://127.0.0.1:9/v1/users', 50),
    input: new ClerkInputError('invalid_path_parameter', 'user_id', 'path parameter user_id is empty'),
    response: new ClerkResponseError({
      code: 'invalid_json',
      message: 'cut short',
      status: 200,
      method: 'GET',
      path: '/users',
    }),
  });

  const guards = {
    api: isClerkAPIError,
    auth: isClerkAuthenticationError,
    notFound: isClerkNotFoundError,
    validation: isClerkValidationError,
    rateLimit: isClerkRateLimitError,
    network: isClerkNetworkError,
    timeout: isClerkTimeoutError,
    input: isClerkInputError,
    response: isClerkResponseError,
  };

  it('each guard matches its own class (and API subclasses match isClerkAPIError) and nothing else', () => {
    const all = samples();
    const apiKinds = new Set(['api', 'auth', 'notFound', 'validation', 'rateLimit']);
    for (const [sampleName, error] of Object.entries(all)) {
      expect(isClerkUsersError(error)).toBe(true);
      for (const [guardName, guard] of Object.entries(guards)) {
        const expected = guardName === sampleName || (guardName === 'api' && apiKinds.has(sampleName));
        expect(guard(error), `${guardName} guard on ${sampleName}`).toBe(expected);
      }
    }
  });

  it('guards reject plain errors and non-errors', () => {
    const impostors = [
      new Error('x'),
      new TypeError('x'),
      null,
      undefined,
      'ClerkAPIError',
      404,
      { code: 'resource_not_found', status: 404 },
    ];
    for (const value of impostors) {
      expect(isClerkUsersError(value)).toBe(false);
      expect(isClerkAPIError(value)).toBe(false);
      expect(value instanceof ClerkUsersError).toBe(false);
    }
  });

  it('instanceof follows the class hierarchy', () => {
    const { notFound, network } = samples();
    expect(notFound).toBeInstanceOf(ClerkNotFoundError);
    expect(notFound).toBeInstanceOf(ClerkAPIError);
    expect(notFound).not.toBeInstanceOf(ClerkValidationError);
    expect(network).not.toBeInstanceOf(ClerkAPIError);
    expect(network).toBeInstanceOf(ClerkUsersError);
  });

  it('works across two copies of the package', async () => {
    // A query suffix makes the module runner load the classes a second time: a separate copy with its own classes.
    const specifier = '../../src/errors/classes.ts?copy=2';
    const copy = (await import(specifier)) as typeof errors;
    expect(copy.ClerkNotFoundError).not.toBe(errors.ClerkNotFoundError);
    expect(copy.ClerkAPIError).not.toBe(errors.ClerkAPIError);

    const fromCopy = new copy.ClerkNotFoundError({ status: 404, errors: [], method: 'GET', path: '/users/{user_id}' });
    expect(Object.getPrototypeOf(fromCopy)).not.toBe(errors.ClerkNotFoundError.prototype);
    expect(fromCopy instanceof errors.ClerkNotFoundError).toBe(true);
    expect(fromCopy instanceof errors.ClerkAPIError).toBe(true);
    expect(fromCopy instanceof errors.ClerkUsersError).toBe(true);
    expect(fromCopy instanceof errors.ClerkValidationError).toBe(false);
    expect(errors.isClerkNotFoundError(fromCopy)).toBe(true);
    expect(errors.isClerkAPIError(fromCopy)).toBe(true);
    expect(errors.isClerkRateLimitError(fromCopy)).toBe(false);

    const fromHere = new errors.ClerkTimeoutError('GET', 'http://127.0.0.1:9/v1/users', 50);
    expect(fromHere instanceof copy.ClerkTimeoutError).toBe(true);
    expect(fromHere instanceof copy.ClerkNetworkError).toBe(false);
    expect(copy.isClerkTimeoutError(fromHere)).toBe(true);
    expect(copy.isClerkUsersError(fromHere)).toBe(true);
  });
});

describe('toJSON', () => {
  it('gives every field of an API error', () => {
    const err = new ClerkRateLimitError({
      status: 429,
      errors: [{ code: 'too_many_requests', message: 'slow', longMessage: 'Too many requests', meta: { limit: 100 } }],
      method: 'GET',
      path: '/users',
      clerkTraceId: 'trace_1',
      retryAfter: 5,
    });
    expect(err.toJSON()).toEqual({
      name: 'ClerkRateLimitError',
      code: 'too_many_requests',
      message: '429 too_many_requests: Too many requests (GET /users)',
      status: 429,
      errors: [{ code: 'too_many_requests', message: 'slow', longMessage: 'Too many requests', meta: { limit: 100 } }],
      clerkTraceId: 'trace_1',
      retryAfter: 5,
      method: 'GET',
      path: '/users',
      rawBody: undefined,
      attempts: 1,
    });
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ name: 'ClerkRateLimitError', status: 429, retryAfter: 5 });
  });

  it('gives method, url and timeoutMs for network and timeout errors, and parameter for input errors', () => {
    const network = new ClerkNetworkError('POST', 'http://127.0.0.1:9/v1/users', new TypeError('fetch failed'));
    expect(network.toJSON()).toEqual({
      name: 'ClerkNetworkError',
      code: 'network_error',
      message: network.message,
      method: 'POST',
      url: 'http://127.0.0.1:9/v1/users',
      attempts: 1,
    });
    const timeout = new ClerkTimeoutError('GET', 'http://127.0.0.1:9/v1/users', 50);
    expect(timeout.toJSON()).toEqual({
      name: 'ClerkTimeoutError',
      code: 'timeout',
      message: 'timeout: GET http://127.0.0.1:9/v1/users got no response within 50 ms',
      method: 'GET',
      url: 'http://127.0.0.1:9/v1/users',
      timeoutMs: 50,
      attempts: 1,
    });
    expect(new ClerkTimeoutError('GET', 'http://127.0.0.1:9/v1/users', 50, { attempts: 3 }).attempts).toBe(3);
    expect(
      new ClerkNetworkError('GET', 'http://127.0.0.1:9/v1/users', new TypeError('x'), { attempts: 2 }).toJSON()
        .attempts,
    ).toBe(2);
    const response = new ClerkResponseError({
      code: 'invalid_json',
      message: 'cut short',
      status: 200,
      method: 'GET',
      path: '/users',
      rawBody: '{"a',
      attempts: 2,
    });
    expect(response.toJSON()).toEqual({
      name: 'ClerkResponseError',
      code: 'invalid_json',
      message: '200 invalid_json: cut short (GET /users)',
      status: 200,
      method: 'GET',
      path: '/users',
      rawBody: '{"a',
      clerkTraceId: undefined,
      attempts: 2,
    });
    const input = new ClerkInputError('missing_secret_key', 'secretKey', 'No Clerk secret key');
    expect(input.toJSON()).toEqual({
      name: 'ClerkInputError',
      code: 'missing_secret_key',
      message: 'No Clerk secret key',
      parameter: 'secretKey',
    });
  });
});

describe('the secret key never appears in an error', () => {
  function startServer(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
    const server = createServer(handler);
    return new Promise((resolve) => {
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({ server, url: `http://127.0.0.1:${port}` });
      });
    });
  }

  function stopServer(server: Server): Promise<void> {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  /** Every way an error can end up in a log, an issue or a crash report. */
  function expectNoSecret(err: unknown): void {
    expect(err).toBeInstanceOf(Error);
    const error = err as Error;
    const places: Record<string, string> = {
      message: error.message,
      stack: String(error.stack),
      json: JSON.stringify(error),
      inspect: inspect(error, { depth: 10, showHidden: true }),
      string: String(error),
    };
    for (const key of Reflect.ownKeys(error)) {
      places[`property ${String(key)}`] = inspect((error as unknown as Record<PropertyKey, unknown>)[key], {
        depth: 10,
        showHidden: true,
      });
    }
    const cause = (error as { cause?: unknown }).cause;
    if (cause !== undefined) {
      places['cause message'] = cause instanceof Error ? cause.message : String(cause);
      places['cause inspect'] = inspect(cause, { depth: 10, showHidden: true });
    }
    for (const [where, text] of Object.entries(places)) {
      expect(text.includes(SECRET_KEY), `secret key found in ${where}`).toBe(false);
    }
  }

  it('redacts a key that the API echoes in its error body', async () => {
    const echoed = JSON.stringify({
      errors: [
        {
          code: 'authentication_invalid',
          message: `invalid key ${SECRET_KEY}`,
          long_message: `The secret key ${SECRET_KEY} is not valid`,
          meta: { key: SECRET_KEY, nested: { header: `Bearer ${SECRET_KEY}` } },
        },
      ],
      clerk_trace_id: `trace ${SECRET_KEY}`,
    });
    const err = await getUserError(401, echoed);
    expect(err).toBeInstanceOf(ClerkAuthenticationError);
    expectNoSecret(err);
    expect((err as ClerkAPIError).message).toContain('[REDACTED]');
  });

  it('redacts a key echoed in a body that is not Clerk JSON', async () => {
    const err = await getUserError(502, `<html>upstream rejected Authorization: Bearer ${SECRET_KEY}</html>`, {
      'content-type': 'text/html',
    });
    expectNoSecret(err);
    expect((err as ClerkAPIError).rawBody).toContain('[REDACTED]');
  });

  it('redacts a key echoed in a 200 that is not JSON', async () => {
    const client = clientAnswering(200, `<p>${SECRET_KEY}</p>`, { 'content-type': 'text/html' });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkResponseError);
    expectNoSecret(err);
  });

  it('keeps the key out of network errors', async () => {
    const { server, url } = await startServer(() => {});
    await stopServer(server); // the port is now closed
    const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1` });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expectNoSecret(err);
  });

  it('keeps the key out of network errors whose cause quotes it', async () => {
    const client = createClerkClient({
      secretKey: SECRET_KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async (request) => {
        throw new TypeError(`proxy refused request with ${request.headers.get('authorization')}`);
      },
    });
    const err = await caught(client.GET('/users'));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expectNoSecret(err);
  });

  it('keeps the key out of timeout errors', async () => {
    const { server, url } = await startServer(() => {
      // never answers
    });
    try {
      const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, timeoutMs: 50 });
      const err = await caught(client.GET('/users'));
      expect(err).toBeInstanceOf(ClerkTimeoutError);
      expectNoSecret(err);
    } finally {
      await stopServer(server);
    }
  });

  it('keeps the key out of input errors', async () => {
    const inputErrors: unknown[] = [];
    const attempt = (make: () => unknown) => {
      try {
        make();
      } catch (error) {
        inputErrors.push(error);
      }
    };
    attempt(() => createClerkClient({ secretKey: `${SECRET_KEY} extra` }));
    attempt(() => createClerkClient({ secretKey: `${SECRET_KEY}\n${SECRET_KEY}` }));
    attempt(() => createClerkClient({ secretKey: SECRET_KEY, headers: { Authorization: `Bearer ${SECRET_KEY}` } }));
    attempt(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl: 'not a url' }));
    attempt(() => createClerkClient({ secretKey: SECRET_KEY, timeoutMs: -1 }));
    const client = createClerkClient({
      secretKey: SECRET_KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async () => new Response('{}'),
    });
    inputErrors.push(await caught(client.GET('/users/{user_id}', { params: { path: { user_id: '..' } } })));
    inputErrors.push(await caught(client.GET('/users/{user_id}', { params: { path: { user_id: '' } } })));
    expect(inputErrors).toHaveLength(7);
    for (const err of inputErrors) {
      expect(err).toBeInstanceOf(ClerkInputError);
      expectNoSecret(err);
    }
  });
});
