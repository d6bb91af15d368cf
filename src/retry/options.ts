/**
 * The retry, timeout and rate-limit options: their types and documentation, the defaults in one
 * object, one shared number validator, and their normalisation (once per client, and per call for the
 * two options a call may override).
 */
import { ClerkInputError } from '../errors/classes.ts';

/** What {@link ClerkClientResilienceOptions.onRetry} receives before each wait. */
export interface RetryEvent {
  /** The attempt that just failed (1 for the first request). */
  attempt: number;
  /** How long the client waits before the next attempt, in milliseconds. */
  delayMs: number;
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** The path template, e.g. `/users/{user_id}`: never ids, query values, headers or the key. */
  path: string;
  /** The status that caused the retry, when a response arrived (429, 500, 502, 503, 504). */
  status?: number;
  /** The error that caused the retry ({@link ClerkNetworkError} or {@link ClerkTimeoutError}), when no response arrived. */
  error?: unknown;
}

/** A request budget: at most `requests` requests started in any window of `perMs` milliseconds. */
export interface RateLimit {
  /** Requests allowed per window. */
  requests: number;
  /** The window, in ms. */
  perMs: number;
}

/** The retry, timeout and rate-limit options of createClerkClient (documented in the README's "Reliability"). */
export interface ClerkClientResilienceOptions {
  /**
   * How many times a failed request is retried (default 2; 0 turns retries off). Reads (`GET`,
   * `HEAD`, `PUT`, `DELETE`) are retried on 429, 500, 502, 503, 504, network errors and timeouts;
   * `POST` and `PATCH` only on 429 and on a connection that was refused before anything was sent.
   * Per call: `client.GET(path, { …, maxRetries: 0 })`.
   */
  maxRetries?: number | undefined;
  /**
   * Abort an attempt with {@link ClerkTimeoutError} when its response (headers and body) has not
   * arrived within this many ms. Default 30 000; `0` or `Infinity` turns it off. Per call: `{ timeoutMs }`.
   */
  timeoutMs?: number | undefined;
  /**
   * The longest `Retry-After` the client waits out, in ms (default 30 000). A 429 asking for longer
   * is returned at once (with `unwrap`, a {@link ClerkRateLimitError} carrying `retryAfter`).
   */
  maxRetryAfterMs?: number | undefined;
  /** Back-off without `Retry-After`: a random wait in [0, min(maxMs, baseMs × 2^(attempt−1))]. Defaults 500 and 8 000. */
  backoff?: { baseMs?: number | undefined; maxMs?: number | undefined } | undefined;
  /** Called before each wait, for logging and metrics. Its errors are ignored. */
  onRetry?: ((event: RetryEvent) => void) | undefined;
  /**
   * Space requests to stay within a budget: `{ requests: 100, perMs: 10_000 }`, or `'auto'` for
   * Clerk's documented per-instance limit by key (`sk_live_` 1000 / 10 s, otherwise 100 / 10 s), and
   * on the routes Clerk limits per user (`PATCH /users/{user_id}`, `PATCH`/`PUT /users/{user_id}/metadata`)
   * its 10 requests per 10 s per user. Off by default.
   */
  rateLimit?: RateLimit | 'auto' | undefined;
}

/** Options a single call accepts next to `params` and `body`: `client.GET(path, { params, maxRetries: 0 })`. */
export interface ClerkCallOptions {
  /** Retries for this call only (overrides the client's `maxRetries`). */
  maxRetries?: number | undefined;
  /** Per-attempt timeout for this call only, in ms (`0` or `Infinity`: none). */
  timeoutMs?: number | undefined;
}

/**
 * The defaults, in one place so the README and the code cannot drift apart silently.
 * @example
 * createClerkClient({ maxRetries: RETRY_DEFAULTS.maxRetries + 1 });
 */
export const RETRY_DEFAULTS = Object.freeze({
  maxRetries: 2,
  timeoutMs: 30_000,
  maxRetryAfterMs: 30_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
});

/**
 * Clerk's documented per-instance budgets.
 * @example
 * createClerkClient({ rateLimit: CLERK_RATE_LIMITS.development });
 */
export const CLERK_RATE_LIMITS = Object.freeze({
  production: Object.freeze({ requests: 1000, perMs: 10_000 }),
  development: Object.freeze({ requests: 100, perMs: 10_000 }),
});

/**
 * Clerk's documented budget per user on the routes it limits per user (`PATCH /users/{user_id}`,
 * `PATCH`/`PUT /users/{user_id}/metadata`), on top of the instance's: what `rateLimit: 'auto'` spaces
 * each user's requests on those routes to.
 * @example
 * CLERK_PER_USER_LIMIT; // { requests: 10, perMs: 10_000 }
 */
export const CLERK_PER_USER_LIMIT: RateLimit = Object.freeze({ requests: 10, perMs: 10_000 });

/** The options after checking, with every default filled in. */
export interface RetrySettings {
  maxRetries: number;
  /** undefined: no timeout. */
  timeoutMs: number | undefined;
  maxRetryAfterMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  rateLimit: RateLimit | undefined;
  /** The budget per user on the routes Clerk limits per user: Clerk's, with `rateLimit: 'auto'`; else none. */
  perUserRateLimit: RateLimit | undefined;
}

/** What {@link validateNumberOption} accepts. */
interface NumberRule {
  /** The error code when the value is refused. */
  code: string;
  /** The smallest value allowed. */
  min: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** `Infinity` allowed (it means "none"). */
  allowInfinity?: boolean;
  /** What the number counts, for the message: "a whole number 0 or more", "milliseconds". */
  unit: string;
}

/** Throws {@link ClerkInputError} unless `value` is a number that follows `rule`; returns it. */
function validateNumberOption(name: string, value: unknown, rule: NumberRule): number {
  const ok =
    typeof value === 'number' &&
    value >= rule.min &&
    (Number.isFinite(value) ? !rule.integer || Number.isSafeInteger(value) : rule.allowInfinity === true && value > 0);
  if (!ok) throw new ClerkInputError(rule.code, name, `${name} must be ${rule.unit}, got ${String(value)}`);
  return value;
}

const RETRIES: NumberRule = { code: 'invalid_max_retries', min: 0, integer: true, unit: 'a whole number 0 or more' };
const TIMEOUT: NumberRule = {
  code: 'invalid_timeout',
  min: 0,
  allowInfinity: true,
  unit: 'a positive number of milliseconds (0 or Infinity for none)',
};
const MILLISECONDS: NumberRule = {
  code: 'invalid_retry_option',
  min: 0,
  unit: 'a finite number of milliseconds 0 or more',
};

/** `timeoutMs` as the client uses it: `0` and `Infinity` mean none (undefined). */
function timeoutOf(value: unknown): number | undefined {
  const ms = validateNumberOption('timeoutMs', value, TIMEOUT);
  return ms === 0 || ms === Number.POSITIVE_INFINITY ? undefined : ms;
}

/** Validates and normalises the options once, at client creation. */
export function resolveRetrySettings(options: ClerkClientResilienceOptions, secretKey: string): RetrySettings {
  const optional = (name: string, value: unknown, rule: NumberRule, fallback: number) =>
    value === undefined ? fallback : validateNumberOption(name, value, rule);
  const backoffBaseMs = optional('backoff.baseMs', options.backoff?.baseMs, MILLISECONDS, RETRY_DEFAULTS.backoffBaseMs);
  const settings: RetrySettings = {
    maxRetries: optional('maxRetries', options.maxRetries, RETRIES, RETRY_DEFAULTS.maxRetries),
    timeoutMs: options.timeoutMs === undefined ? RETRY_DEFAULTS.timeoutMs : timeoutOf(options.timeoutMs),
    maxRetryAfterMs: optional('maxRetryAfterMs', options.maxRetryAfterMs, MILLISECONDS, RETRY_DEFAULTS.maxRetryAfterMs),
    backoffBaseMs,
    backoffMaxMs: optional(
      'backoff.maxMs',
      options.backoff?.maxMs,
      MILLISECONDS,
      Math.max(RETRY_DEFAULTS.backoffMaxMs, backoffBaseMs),
    ),
    onRetry: options.onRetry,
    rateLimit: rateLimitOf(options.rateLimit, secretKey),
    perUserRateLimit: options.rateLimit === 'auto' ? CLERK_PER_USER_LIMIT : undefined,
  };
  if (settings.onRetry !== undefined && typeof settings.onRetry !== 'function') {
    throw new ClerkInputError('invalid_on_retry', 'onRetry', 'onRetry must be a function');
  }
  return settings;
}

function rateLimitOf(value: ClerkClientResilienceOptions['rateLimit'], secretKey: string): RateLimit | undefined {
  if (value === undefined) return undefined;
  if (value === 'auto')
    return secretKey.startsWith('sk_live_') ? CLERK_RATE_LIMITS.production : CLERK_RATE_LIMITS.development;
  const { requests, perMs } = (value ?? {}) as Partial<RateLimit>;
  if (
    !Number.isSafeInteger(requests) ||
    (requests as number) < 1 ||
    !Number.isFinite(perMs) ||
    (perMs as number) <= 0
  ) {
    throw new ClerkInputError(
      'invalid_rate_limit',
      'rateLimit',
      "rateLimit must be 'auto' or { requests, perMs } with a positive whole number of requests and a positive perMs, " +
        'e.g. { requests: 100, perMs: 10_000 }',
    );
  }
  return { requests: requests as number, perMs: perMs as number };
}

/** A call's own `maxRetries` option, checked. */
export function callMaxRetries(value: unknown): number {
  return validateNumberOption('maxRetries', value, RETRIES);
}

/** A call's own `timeoutMs` option, checked; undefined: none. */
export function callTimeoutMs(value: unknown): number | undefined {
  return timeoutOf(value);
}
