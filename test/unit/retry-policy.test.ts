// The retry policy (src/retry/policy.ts) as a table: what failed, on which method, at which attempt →
// retry or not, the wait and the client's cool-down. Jitter is fixed by an injected random number.
// test/unit/retry.test.ts keeps end-to-end examples of each rule against a scripted server.
import { describe, expect, it } from 'vitest';
import { ClerkNetworkError, ClerkTimeoutError } from '../../src/errors/classes.ts';
import { decideRetry, failureOf, type RetryDecision, type RetryInput, retriesFor } from '../../src/retry/policy.ts';

const settings = { maxRetryAfterMs: 30_000, backoffBaseMs: 500, backoffMaxMs: 8_000 };
/** The jitter draws the top of the range, so the wait is the back-off ceiling itself. */
const top = () => 1;

const NO: RetryDecision = { retry: false, delayMs: 0, coolDownMs: 0 };
const wait = (delayMs: number, coolDownMs = 0): RetryDecision => ({ retry: true, delayMs, coolDownMs });

type Row = [label: string, input: Omit<RetryInput, 'maxRetries'> & { maxRetries?: number }, expected: RetryDecision];

const rows: Row[] = [
  // Reads: 429 and the retried 5xx, network errors, timeouts.
  [
    'GET 429 without Retry-After: back-off, and the client cools down as long',
    { method: 'GET', attempt: 1, status: 429 },
    wait(500, 500),
  ],
  ['GET 500', { method: 'GET', attempt: 1, status: 500 }, wait(500)],
  ['GET 502', { method: 'GET', attempt: 1, status: 502 }, wait(500)],
  ['GET 503', { method: 'GET', attempt: 1, status: 503 }, wait(500)],
  ['GET 504', { method: 'GET', attempt: 1, status: 504 }, wait(500)],
  ['PUT 503', { method: 'PUT', attempt: 1, status: 503 }, wait(500)],
  ['DELETE 503', { method: 'DELETE', attempt: 1, status: 503 }, wait(500)],
  ['HEAD 503', { method: 'HEAD', attempt: 1, status: 503 }, wait(500)],
  ['GET network error', { method: 'GET', attempt: 1, failure: 'network' }, wait(500)],
  ['GET timeout', { method: 'GET', attempt: 1, failure: 'timeout' }, wait(500)],
  ['GET refused before sending', { method: 'GET', attempt: 1, failure: 'not-sent' }, wait(500)],
  // Statuses that are never retried.
  ['GET 400', { method: 'GET', attempt: 1, status: 400 }, NO],
  ['GET 401', { method: 'GET', attempt: 1, status: 401 }, NO],
  ['GET 403', { method: 'GET', attempt: 1, status: 403 }, NO],
  ['GET 404', { method: 'GET', attempt: 1, status: 404 }, NO],
  ['GET 422', { method: 'GET', attempt: 1, status: 422 }, NO],
  ['GET 501', { method: 'GET', attempt: 1, status: 501 }, NO],
  ['GET 200', { method: 'GET', attempt: 1, status: 200 }, NO],
  ['GET failure that is no network error (the caller aborted)', { method: 'GET', attempt: 1 }, NO],
  // Writes: only when the server surely did nothing.
  ['PATCH 500', { method: 'PATCH', attempt: 1, status: 500 }, NO],
  ['PATCH 502', { method: 'PATCH', attempt: 1, status: 502 }, NO],
  ['PATCH 503', { method: 'PATCH', attempt: 1, status: 503 }, NO],
  ['PATCH 504', { method: 'PATCH', attempt: 1, status: 504 }, NO],
  ['POST 503', { method: 'POST', attempt: 1, status: 503 }, NO],
  ['POST network error after sending', { method: 'POST', attempt: 1, failure: 'network' }, NO],
  ['POST timeout', { method: 'POST', attempt: 1, failure: 'timeout' }, NO],
  ['POST 429', { method: 'POST', attempt: 1, status: 429 }, wait(500, 500)],
  ['PATCH 429', { method: 'PATCH', attempt: 1, status: 429 }, wait(500, 500)],
  ['POST refused before sending', { method: 'POST', attempt: 1, failure: 'not-sent' }, wait(500)],
  // Methods never retried.
  ['OPTIONS 503', { method: 'OPTIONS', attempt: 1, status: 503 }, NO],
  ['TRACE network error', { method: 'TRACE', attempt: 1, failure: 'network' }, NO],
  // Retry-After: waited out, up to the cap.
  [
    'GET 429 Retry-After 2: wait it, cool down as long',
    { method: 'GET', attempt: 1, status: 429, retryAfterSeconds: 2 },
    wait(2000, 2000),
  ],
  [
    'GET 503 Retry-After 2: wait it, no cool-down',
    { method: 'GET', attempt: 1, status: 503, retryAfterSeconds: 2 },
    wait(2000),
  ],
  ['GET 429 Retry-After 0', { method: 'GET', attempt: 1, status: 429, retryAfterSeconds: 0 }, wait(0, 0)],
  [
    'GET 429 Retry-After 30 (the cap)',
    { method: 'GET', attempt: 1, status: 429, retryAfterSeconds: 30 },
    wait(30_000, 30_000),
  ],
  [
    'GET 429 Retry-After 31: past the cap, handed to the caller',
    { method: 'GET', attempt: 1, status: 429, retryAfterSeconds: 31 },
    NO,
  ],
  ['POST 503 with Retry-After: still a write', { method: 'POST', attempt: 1, status: 503, retryAfterSeconds: 1 }, NO],
  // Back-off ceilings: base × 2^(attempt−1), capped.
  ['GET 503, attempt 2', { method: 'GET', attempt: 2, status: 503, maxRetries: 10 }, wait(1000)],
  ['GET 503, attempt 3', { method: 'GET', attempt: 3, status: 503, maxRetries: 10 }, wait(2000)],
  ['GET 503, attempt 5', { method: 'GET', attempt: 5, status: 503, maxRetries: 10 }, wait(8000)],
  ['GET 503, attempt 6: capped', { method: 'GET', attempt: 6, status: 503, maxRetries: 10 }, wait(8000)],
  // Out of retries.
  ['GET 503, attempt 3 of maxRetries 2', { method: 'GET', attempt: 3, status: 503 }, NO],
  ['GET 503 with maxRetries 0', { method: 'GET', attempt: 1, status: 503, maxRetries: 0 }, NO],
  ['POST 429 with maxRetries 0', { method: 'POST', attempt: 1, status: 429, maxRetries: 0 }, NO],
];

describe('decideRetry()', () => {
  it.each(rows)('%s', (_label, input, expected) => {
    expect(decideRetry({ maxRetries: 2, ...input }, settings, top)).toEqual(expected);
  });

  it('draws the wait uniformly below the ceiling (full jitter)', () => {
    const input: RetryInput = { method: 'GET', attempt: 3, maxRetries: 5, status: 503 };
    expect(decideRetry(input, settings, () => 0).delayMs).toBe(0);
    expect(decideRetry(input, settings, () => 0.25).delayMs).toBe(500);
    expect(decideRetry(input, { ...settings, backoffMaxMs: 1000 }, () => 0.5).delayMs).toBe(500);
  });
});

describe('retriesFor()', () => {
  it('allows the retries to reads and writes, and none to methods never retried', () => {
    for (const method of ['GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'PATCH']) expect(retriesFor(method, 3)).toBe(3);
    for (const method of ['OPTIONS', 'TRACE', 'CONNECT']) expect(retriesFor(method, 3)).toBe(0);
  });
});

describe('failureOf()', () => {
  const url = 'http://127.0.0.1:9/v1/users';
  const withCode = (code: string) => Object.assign(new Error('connect failed'), { code });

  it('tells a timeout, a refused connection and any other network error apart', () => {
    expect(failureOf(new ClerkTimeoutError('GET', url, 50))).toBe('timeout');
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) {
      expect(
        failureOf(new ClerkNetworkError('POST', url, new TypeError('fetch failed', { cause: withCode(code) }))),
      ).toBe('not-sent');
    }
    expect(
      failureOf(new ClerkNetworkError('POST', url, new TypeError('fetch failed', { cause: withCode('ECONNRESET') }))),
    ).toBe('network');
    expect(failureOf(new ClerkNetworkError('POST', url, new TypeError('terminated')))).toBe('network');
  });

  it('gives nothing for errors that are never retried', () => {
    expect(failureOf(new DOMException('aborted', 'AbortError'))).toBeUndefined();
    expect(failureOf(new TypeError('a bug'))).toBeUndefined();
  });
});
