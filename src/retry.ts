/**
 * Retries beneath openapi-fetch: which failures are retried, back-off and `Retry-After`, one
 * cool-down per client after a 429, and an optional client-side rate limiter. Each attempt is sent
 * by src/transport.ts (timeout, typed network errors).
 *
 * createClerkClient sends every call through it, so openapi-fetch's middleware sees one request and
 * one final response however many attempts were made. The success path costs no timer of its own
 * and no Request copy when the body is empty.
 */
import { ClerkInputError, ClerkNetworkError, ClerkTimeoutError, parseRetryAfter } from './errors.ts';
import { Deadlines, discard, sendOnce, type BaseFetch, type CallerSignal } from './transport.ts';

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
  requests: number;
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
  maxRetries?: number;
  /**
   * Abort an attempt with {@link ClerkTimeoutError} when its response (headers and body) has not
   * arrived within this many ms. Default 30 000; `0` or `Infinity` turns it off. Per call: `{ timeoutMs }`.
   */
  timeoutMs?: number;
  /**
   * The longest `Retry-After` the client waits out, in ms (default 30 000). A 429 asking for longer
   * is returned at once (with `unwrap`, a {@link ClerkRateLimitError} carrying `retryAfter`).
   */
  maxRetryAfterMs?: number;
  /** Back-off without `Retry-After`: a random wait in [0, min(maxMs, baseMs × 2^(attempt−1))]. Defaults 500 and 8 000. */
  backoff?: { baseMs?: number; maxMs?: number };
  /** Called before each wait, for logging and metrics. Its errors are ignored. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * Space requests to stay within a budget: `{ requests: 100, perMs: 10_000 }`, or `'auto'` for
   * Clerk's documented per-instance limit by key (`sk_live_` 1000 / 10 s, otherwise 100 / 10 s). Off by default.
   */
  rateLimit?: RateLimit | 'auto';
}

/** Options a single call accepts next to `params` and `body`: `client.GET(path, { params, maxRetries: 0 })`. */
export interface ClerkCallOptions {
  /** Retries for this call only (overrides the client's `maxRetries`). */
  maxRetries?: number;
  /** Per-attempt timeout for this call only, in ms (`0` or `Infinity`: none). */
  timeoutMs?: number;
}

/** The defaults, in one place so the README and the code cannot drift apart silently. */
export const RETRY_DEFAULTS = Object.freeze({
  maxRetries: 2,
  timeoutMs: 30_000,
  maxRetryAfterMs: 30_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
});

/** Clerk's documented per-instance budgets. */
export const CLERK_RATE_LIMITS = Object.freeze({
  production: Object.freeze({ requests: 1000, perMs: 10_000 }),
  development: Object.freeze({ requests: 100, perMs: 10_000 }),
});

interface Settings {
  maxRetries: number;
  timeoutMs: number | undefined;
  maxRetryAfterMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  onRetry: ((event: RetryEvent) => void) | undefined;
  rateLimit: RateLimit | undefined;
}

/** How many attempts produced a response, for the error that `unwrap` builds from it. */
const attemptsByResponse = new WeakMap<Response, number>();

/** The number of attempts behind a response that came through a client (1 when unknown). */
export function attemptsOf(response: Response): number {
  return attemptsByResponse.get(response) ?? 1;
}

/** Validates and normalises the options once, at client creation. */
export function resolveResilienceOptions(options: ClerkClientResilienceOptions, secretKey: string): Settings {
  const maxRetries = checkRetries(options.maxRetries, 'maxRetries') ?? RETRY_DEFAULTS.maxRetries;
  const timeoutMs = checkTimeout(options.timeoutMs, 'timeoutMs', RETRY_DEFAULTS.timeoutMs);
  const maxRetryAfterMs = checkNonNegative(options.maxRetryAfterMs, 'maxRetryAfterMs') ?? RETRY_DEFAULTS.maxRetryAfterMs;
  const backoffBaseMs = checkNonNegative(options.backoff?.baseMs, 'backoff.baseMs') ?? RETRY_DEFAULTS.backoffBaseMs;
  const backoffMaxMs = checkNonNegative(options.backoff?.maxMs, 'backoff.maxMs') ?? Math.max(RETRY_DEFAULTS.backoffMaxMs, backoffBaseMs);
  if (options.onRetry !== undefined && typeof options.onRetry !== 'function') {
    throw new ClerkInputError('invalid_on_retry', 'onRetry', 'onRetry must be a function');
  }
  let rateLimit: RateLimit | undefined;
  if (options.rateLimit === 'auto') {
    rateLimit = secretKey.startsWith('sk_live_') ? CLERK_RATE_LIMITS.production : CLERK_RATE_LIMITS.development;
  } else if (options.rateLimit !== undefined) {
    const { requests, perMs } = options.rateLimit as Partial<RateLimit>;
    if (!Number.isSafeInteger(requests) || (requests as number) < 1 || !Number.isFinite(perMs) || (perMs as number) <= 0) {
      throw new ClerkInputError(
        'invalid_rate_limit',
        'rateLimit',
        "rateLimit must be 'auto' or { requests, perMs } with a positive whole number of requests and a positive perMs, e.g. { requests: 100, perMs: 10_000 }",
      );
    }
    rateLimit = { requests: requests as number, perMs: perMs as number };
  }
  return { maxRetries, timeoutMs, maxRetryAfterMs, backoffBaseMs, backoffMaxMs, onRetry: options.onRetry, rateLimit };
}

function checkRetries(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new ClerkInputError('invalid_max_retries', name, `${name} must be a whole number 0 or more, got ${String(value)}`);
  }
  return value;
}

function checkNonNegative(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ClerkInputError('invalid_retry_option', name, `${name} must be a finite number of milliseconds 0 or more, got ${String(value)}`);
  }
  return value;
}

/** `undefined` means no timeout: `0` and `Infinity` turn it off. */
function checkTimeout(value: unknown, name: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  if (value === 0 || value === Number.POSITIVE_INFINITY) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ClerkInputError('invalid_timeout', name, `${name} must be a positive number of milliseconds (0 or Infinity for none), got ${String(value)}`);
  }
  return value;
}

/** How a method may be retried. */
type Policy = 'idempotent' | 'write' | 'never';

function policyOf(method: string): Policy {
  switch (method) {
    case 'GET':
    case 'HEAD':
    case 'PUT':
    case 'DELETE':
      return 'idempotent';
    case 'POST':
    case 'PATCH':
      return 'write';
    default:
      return 'never';
  }
}

const RETRIED_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Error codes that mean no connection existed, so nothing of the request reached the server. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/** True when a network error happened before any byte of the request could have left. */
function failedBeforeSending(error: ClerkNetworkError): boolean {
  for (let cause: unknown = error.cause, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return true;
    cause = (cause as { cause?: unknown }).cause;
  }
  return false;
}

/** Sets how many attempts an error took (the property is declared on ClerkUsersError). */
function withAttempts<T>(error: T, attempts: number): T {
  if (error instanceof ClerkNetworkError || error instanceof ClerkTimeoutError) {
    Object.defineProperty(error, 'attempts', { value: attempts, enumerable: true, configurable: true, writable: false });
  }
  return error;
}

/** A promise that resolves after `ms` (checked against the clock, so it never ends early) or rejects with the signal's reason. */
function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // Timers may fire a millisecond early against the wall clock: wait again until the deadline passed.
    const arm = (wait: number) => {
      timer = setTimeout(() => {
        const left = deadline - Date.now();
        if (left > 0) return arm(left);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, wait);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(ms);
  });
}

/** One request's place in the limiter's log. */
interface Slot {
  /** When the request started, then when its answer arrived: the latest the server can have counted it. */
  time: number;
  /** Resolves when the request's answer (or failure) arrived. */
  settled: Promise<void>;
  release: () => void;
}

/**
 * A sliding-window log: at most `requests` requests in any `perMs` window. Each caller takes the
 * next place in the log when it asks, so concurrent callers queue in order, and waits until the
 * request `requests` places earlier is `perMs` old. That age is counted from when its answer
 * arrived, not from when it started: the server counted it somewhere in between, so this never
 * overshoots whatever the latency. An aborted waiter's place stays used (at worst a slot is wasted).
 */
class SlidingWindowLimiter {
  private readonly log: (Slot | undefined)[];
  private next = 0;

  constructor(private readonly limit: RateLimit) {
    this.log = new Array<Slot | undefined>(limit.requests).fill(undefined);
  }

  async acquire(signal: AbortSignal | null): Promise<Slot> {
    const previous = this.log[this.next];
    let release!: () => void;
    const slot: Slot = { time: Number.POSITIVE_INFINITY, settled: new Promise<void>((resolve) => (release = resolve)), release: () => {} };
    slot.release = () => {
      slot.time = Date.now();
      release();
    };
    this.log[this.next] = slot;
    this.next = (this.next + 1) % this.limit.requests;
    try {
      if (previous !== undefined) {
        await abortable(previous.settled, signal);
        await sleep(previous.time + this.limit.perMs - Date.now(), signal);
      } else if (signal?.aborted) {
        throw signal.reason;
      }
    } catch (error) {
      slot.release(); // an abandoned place must not block the queue behind it
      throw error;
    }
    slot.time = Date.now();
    return slot;
  }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable(promise: Promise<void>, signal: AbortSignal | null): Promise<void> {
  if (signal === null) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** Reads a per-call option that openapi-fetch copied from the call's init onto the Request. */
function perCall(request: Request, name: keyof ClerkCallOptions): unknown {
  return (request as unknown as Record<string, unknown>)[name];
}

/**
 * Builds the `fetch` that createClerkClient gives openapi-fetch: timeouts, retries, the shared
 * cool-down after a 429, and the optional limiter. One instance per client: the cool-down and the
 * limiter are per client, like Clerk's limit is per instance (per key).
 */
export function createResilientFetch(
  settings: Settings,
): (request: Request, baseFetch: BaseFetch | undefined, path: string | undefined, callerSignal?: CallerSignal) => Promise<Response> {
  const limiter = settings.rateLimit ? new SlidingWindowLimiter(settings.rateLimit) : undefined;
  const deadlines = new Deadlines();
  /** Until when (epoch ms) every request of this client holds back after a 429. */
  let coolDownUntil = 0;

  const gate = async (signal: AbortSignal | null): Promise<Slot | undefined> => {
    // Re-check after each wait: another 429 may have pushed the cool-down further.
    for (let now = Date.now(); coolDownUntil > now; now = Date.now()) await sleep(coolDownUntil - now, signal);
    if (!limiter) return undefined;
    const slot = await limiter.acquire(signal);
    // A 429 may have arrived while this request queued in the limiter.
    try {
      for (let now = Date.now(); coolDownUntil > now; now = Date.now()) await sleep(coolDownUntil - now, signal);
    } catch (error) {
      slot.release();
      throw error;
    }
    return slot;
  };

  const backoff = (attempt: number): number => {
    const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempt - 1));
    return Math.round(Math.random() * ceiling); // full jitter: spreads clients that failed together
  };

  return async function resilientFetch(
    request: Request,
    baseFetch: BaseFetch | undefined,
    path: string | undefined,
    callerSignal?: CallerSignal,
  ): Promise<Response> {
    const callRetries = perCall(request, 'maxRetries');
    const callTimeout = perCall(request, 'timeoutMs');
    const maxRetries = callRetries === undefined ? settings.maxRetries : (checkRetries(callRetries, 'maxRetries') as number);
    const timeoutMs = callTimeout === undefined ? settings.timeoutMs : checkTimeout(callTimeout, 'timeoutMs', undefined);
    const policy = policyOf(request.method);
    const retries = policy === 'never' ? 0 : maxRetries;
    const signal = request.signal;

    // A body can be sent once: keep an unsent copy while another attempt may follow.
    let spare = retries > 0 && request.body !== null ? request.clone() : undefined;
    let current = request;
    for (let attempt = 1; ; attempt++) {
      const slot = coolDownUntil !== 0 || limiter ? await gate(signal) : undefined;
      let response: Response | undefined;
      let error: unknown;
      try {
        response = await sendOnce(current, baseFetch, timeoutMs, deadlines, callerSignal);
      } catch (caught) {
        error = caught;
      }
      slot?.release();
      if (signal.aborted && error !== undefined) throw error;

      let retryable = false;
      let delayMs = 0;
      if (attempt <= retries) {
        if (response !== undefined) {
          retryable = RETRIED_STATUSES.has(response.status) && (policy === 'idempotent' || response.status === 429);
        } else if (error instanceof ClerkTimeoutError) {
          retryable = policy === 'idempotent';
        } else if (error instanceof ClerkNetworkError) {
          retryable = policy === 'idempotent' || failedBeforeSending(error);
        }
      }
      if (retryable && response !== undefined) {
        const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
        if (retryAfter !== undefined) {
          delayMs = retryAfter * 1000;
          // Too long to hold the call: hand the 429 (with its retryAfter) to the caller now.
          if (delayMs > settings.maxRetryAfterMs) retryable = false;
        } else {
          delayMs = backoff(attempt);
        }
        if (retryable && response.status === 429) coolDownUntil = Math.max(coolDownUntil, Date.now() + delayMs);
      } else if (retryable) {
        delayMs = backoff(attempt);
      }
      if (!retryable) {
        if (response !== undefined) {
          if (attempt > 1) attemptsByResponse.set(response, attempt);
          return response;
        }
        throw withAttempts(error, attempt);
      }

      // This answer is dropped: free its connection.
      if (response !== undefined) discard(response);
      if (settings.onRetry) {
        const event: RetryEvent = { attempt, delayMs, method: request.method, path: path ?? '' };
        if (response !== undefined) event.status = response.status;
        else event.error = error;
        try {
          settings.onRetry(event);
        } catch {
          // A logging hook must not change what the call does.
        }
      }
      await sleep(delayMs, signal);
      if (spare !== undefined) {
        current = spare;
        spare = attempt < retries ? spare.clone() : undefined;
      }
    }
  };
}
