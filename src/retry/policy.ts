/**
 * The retry policy as one pure function: what failed, on which method, at which attempt → whether to
 * retry, how long to wait first, and how long the whole client should hold back (after a 429).
 */
import { ClerkNetworkError, ClerkTimeoutError } from '../errors/classes.ts';
import type { RetrySettings } from './options.ts';

/**
 * How an attempt failed without a response: it timed out, the network failed (perhaps after the
 * request was sent), or the connection was refused before anything was sent.
 */
export type FailureKind = 'timeout' | 'network' | 'not-sent';

/** What the policy decides from. */
export interface RetryInput {
  /** HTTP method in upper case. */
  method: string;
  /** The attempt that just ended (1 for the first). */
  attempt: number;
  /** Retries allowed for the call. */
  maxRetries: number;
  /** The response's status, when one arrived. */
  status?: number | undefined;
  /** The response's `Retry-After` in seconds, when it had a valid one. */
  retryAfterSeconds?: number | undefined;
  /** How the attempt failed, when no response arrived; undefined for a failure that is never retried. */
  failure?: FailureKind | undefined;
}

/** What the policy decided. */
export interface RetryDecision {
  retry: boolean;
  /** How long to wait before the next attempt. */
  delayMs: number;
  /** How long every request of the client holds back (a 429 that is retried); 0 for none. */
  coolDownMs: number;
}

/** The settings the policy reads. */
export type PolicySettings = Pick<RetrySettings, 'maxRetryAfterMs' | 'backoffBaseMs' | 'backoffMaxMs'>;

const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Methods safe to repeat: sending twice has the effect of sending once. */
const IDEMPOTENT: ReadonlySet<string> = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);
/** Writes: retried only when the server surely did nothing (429, nothing sent). */
const WRITES: ReadonlySet<string> = new Set(['POST', 'PATCH']);

const NO_RETRY: RetryDecision = Object.freeze({ retry: false, delayMs: 0, coolDownMs: 0 });

/**
 * The retries a call of `method` may make: none for methods that are never retried.
 * @example
 * retriesFor('OPTIONS', 2); // 0
 */
export function retriesFor(method: string, maxRetries: number): number {
  return IDEMPOTENT.has(method) || WRITES.has(method) ? maxRetries : 0;
}

/**
 * Decides about the attempt that just ended. `random` returns a number in [0, 1) for the jitter
 * (injected, so a test can fix it).
 * @example
 * decideRetry({ method: 'GET', attempt: 1, maxRetries: 2, status: 503 }, settings, () => 0.5);
 * // { retry: true, delayMs: 250, coolDownMs: 0 } with backoffBaseMs 500
 */
export function decideRetry(input: RetryInput, settings: PolicySettings, random: () => number): RetryDecision {
  const { method, attempt, status, failure } = input;
  if (attempt > retriesFor(method, input.maxRetries)) return NO_RETRY;
  const idempotent = IDEMPOTENT.has(method);
  let retryable: boolean;
  if (status !== undefined) retryable = RETRIED_STATUSES.has(status) && (idempotent || status === 429);
  else if (failure === 'timeout' || failure === 'network') retryable = idempotent;
  else retryable = failure === 'not-sent';
  if (!retryable) return NO_RETRY;

  if (status !== undefined && input.retryAfterSeconds !== undefined) {
    const delayMs = input.retryAfterSeconds * 1000;
    // Too long to hold the call: hand the answer (with its retryAfter) to the caller now.
    if (delayMs > settings.maxRetryAfterMs) return NO_RETRY;
    return { retry: true, delayMs, coolDownMs: status === 429 ? delayMs : 0 };
  }
  // Full jitter: spreads clients that failed together.
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (attempt - 1));
  const delayMs = Math.round(random() * ceiling);
  return { retry: true, delayMs, coolDownMs: status === 429 ? delayMs : 0 };
}

/** Error codes that mean no connection existed, so nothing of the request reached the server. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * How an attempt that got no response failed, for {@link decideRetry}; undefined for anything that
 * is not a network failure or a timeout (the caller's abort, a bug), which is never retried.
 * @example
 * failureOf(new ClerkTimeoutError('GET', url, 50)); // 'timeout'
 */
export function failureOf(error: unknown): FailureKind | undefined {
  if (error instanceof ClerkTimeoutError) return 'timeout';
  if (!(error instanceof ClerkNetworkError)) return undefined;
  for (let cause: unknown = error.cause, depth = 0; cause && depth < 5; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' && NOT_SENT_CODES.has(code)) return 'not-sent';
    cause = (cause as { cause?: unknown }).cause;
  }
  return 'network';
}
