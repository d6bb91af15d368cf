/**
 * Clerk's rate limits as the emulator enforces them when `rateLimit` is on: one budget per
 * instance (`development`: 100 requests per 10 s, `production`: 1000) and 10 per 10 s per user on
 * `PATCH /users/{user_id}` and `PATCH`/`PUT /users/{user_id}/metadata`. Sliding windows on the
 * emulator's clock; a refused request does not count.
 */
import { FakeClerkError } from './errors.ts';

/** How many requests an instance answers per window. */
export type RateLimitOption = 'development' | 'production' | { requests: number; perMs: number };

/** One budget: `requests` per `perMs` milliseconds. */
export interface RateBudget {
  requests: number;
  perMs: number;
}

const PER_USER: RateBudget = { requests: 10, perMs: 10_000 };
const PER_USER_ROUTES = new Set([
  'PATCH /users/{user_id}',
  'PATCH /users/{user_id}/metadata',
  'PUT /users/{user_id}/metadata',
]);

/** The budget of a `rateLimit` option, checked once. */
export function rateBudget(option: RateLimitOption): RateBudget {
  if (option === 'development') return { requests: 100, perMs: 10_000 };
  if (option === 'production') return { requests: 1000, perMs: 10_000 };
  const { requests, perMs } = option;
  if (!Number.isInteger(requests) || requests < 1 || !Number.isFinite(perMs) || perMs <= 0) {
    throw new TypeError(
      `rateLimit must be 'development', 'production' or { requests, perMs } with a positive integer and a positive duration, got ${JSON.stringify(option)}`,
    );
  }
  return { requests, perMs };
}

/** Arrival times per budget key, oldest first. */
export type RateWindows = Map<string, number[]>;

function take(windows: RateWindows, key: string, budget: RateBudget, now: number): number | undefined {
  const arrivals = (windows.get(key) ?? []).filter((t) => t > now - budget.perMs);
  windows.set(key, arrivals);
  if (arrivals.length >= budget.requests) return (arrivals[0] as number) + budget.perMs - now;
  arrivals.push(now);
  return undefined;
}

/** Counts a request against the instance's and, where Clerk has one, the user's budget; a 429 when spent. */
export function checkRateLimit(
  windows: RateWindows,
  budget: RateBudget,
  route: { method: string; template: string; userId?: string | undefined },
  now: number,
): void {
  let waitMs = take(windows, 'instance', budget, now);
  if (waitMs === undefined && route.userId !== undefined && PER_USER_ROUTES.has(`${route.method} ${route.template}`)) {
    waitMs = take(windows, `user:${route.userId}`, PER_USER, now);
    // The instance budget was taken for a request that is refused: give it back.
    if (waitMs !== undefined) windows.get('instance')?.pop();
  }
  if (waitMs !== undefined) throw tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
}

/** Clerk's 429, with the seconds to wait in `meta` for the handler to put in `Retry-After`. */
function tooManyRequests(retryAfterSeconds: number): FakeClerkError {
  return new FakeClerkError(429, 'too_many_requests', 'Too many requests', 'Too many requests, please retry later.', {
    retry_after: retryAfterSeconds,
  });
}
