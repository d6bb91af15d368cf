/**
 * The import's decisions, as pure functions of what one request returned: whether a create
 * happened, may have happened, surely did not, or cannot happen. src/import/record.ts acts on them.
 */
import {
  ClerkAuthenticationError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkTimeoutError,
  ClerkUsersError,
} from '../errors/classes.ts';
import { parseRetryAfter } from '../retry/retry-after.ts';

/** What one request returned: a response (with its parsed body), or what it threw. */
export type Attempt = { response: Response; data?: unknown; error?: unknown } | { thrown: unknown };

/**
 * What to do after a `POST /users`:
 * - `done`: the user was created (2xx).
 * - `wait`: refused by the rate limit, so surely not applied: send again after `delayMs`
 *   (`undefined`: no `Retry-After`, back off).
 * - `look-up`: it may or may not have been applied (a 5xx, a reset connection, a timeout after the
 *   request left): look the `external_id` up before sending again.
 * - `taken`: Clerk says the `external_id` is taken: someone (perhaps an earlier ambiguous attempt)
 *   created it; look it up.
 * - `failed`: Clerk refused this record (400, 402, 404, 422): report it and go on.
 * - `fatal`: no record can succeed (the key is refused) or the caller aborted: stop the import.
 */
export type CreateDecision =
  | { kind: 'done' }
  | { kind: 'wait'; delayMs: number | undefined }
  | { kind: 'look-up' }
  | { kind: 'taken' }
  | { kind: 'failed' }
  | { kind: 'fatal' };

/** Decides what a `POST /users` attempt means for its record. */
export function decideCreate(attempt: Attempt): CreateDecision {
  if ('thrown' in attempt) return decideThrown(attempt.thrown);
  const { response } = attempt;
  if (response.ok) return { kind: 'done' };
  if (response.status === 429) return { kind: 'wait', delayMs: retryAfterMs(response) };
  if (response.status === 401 || response.status === 403) return { kind: 'fatal' };
  // A 5xx (or a proxy's 408) may come after the write was applied.
  if (response.status >= 500 || response.status === 408) return { kind: 'look-up' };
  if (isExternalIdTaken(attempt.error)) return { kind: 'taken' };
  return { kind: 'failed' };
}

/**
 * What to do after an idempotent request (a look-up, or an update's `PATCH`): `done`, `wait` (429),
 * `retry` (a 5xx or a failure on the way: sending it again is harmless), `failed`, `fatal`.
 */
export type RetryDecision =
  | { kind: 'done' }
  | { kind: 'wait'; delayMs: number | undefined }
  | { kind: 'retry' }
  | { kind: 'failed' }
  | { kind: 'fatal' };

/** Decides what an idempotent request's attempt means. */
export function decideIdempotent(attempt: Attempt): RetryDecision {
  const create = decideCreate(attempt);
  switch (create.kind) {
    case 'look-up':
      return { kind: 'retry' };
    case 'taken':
      return { kind: 'failed' };
    default:
      return create;
  }
}

/**
 * A thrown error: the caller's abort and refused input stop the import; a timeout or a network
 * failure may have happened after the request left, so the create must be looked up.
 */
function decideThrown(thrown: unknown): CreateDecision {
  if (thrown instanceof ClerkAuthenticationError || thrown instanceof ClerkInputError) return { kind: 'fatal' };
  if (thrown instanceof ClerkTimeoutError || thrown instanceof ClerkNetworkError) return { kind: 'look-up' };
  // Anything else is the caller's abort (an AbortError) or a bug: not something to retry.
  if (!(thrown instanceof ClerkUsersError)) return { kind: 'fatal' };
  return { kind: 'look-up' };
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = parseRetryAfter(response.headers.get('retry-after'));
  return seconds === undefined ? undefined : seconds * 1000;
}

/** Clerk's 422 for an `external_id` another user has (`form_identifier_exists` on `external_id`). */
function isExternalIdTaken(body: unknown): boolean {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(errors)) return false;
  return errors.some(
    (e: { code?: unknown; meta?: { param_name?: unknown } } | null) =>
      e?.code === 'form_identifier_exists' && e.meta?.param_name === 'external_id',
  );
}
