/**
 * Clerk's per-user limit: besides the instance's budget, `PATCH /users/{user_id}` and
 * `PATCH`/`PUT /users/{user_id}/metadata` allow 10 requests per 10 s per user. A 429 on one of those
 * routes holds back that user's requests only (another user's, and every other route, go on), and
 * with `rateLimit: 'auto'` each user's requests on them are spaced to that budget.
 */
import type { RateLimit } from './options.ts';
import { SlidingWindowLimiter, waitOutCoolDown } from './window.ts';

/** The routes Clerk limits per user, as `METHOD template`. */
const PER_USER_ROUTES: ReadonlySet<string> = new Set([
  'PATCH /users/{user_id}',
  'PATCH /users/{user_id}/metadata',
  'PUT /users/{user_id}/metadata',
]);

/**
 * The user whose own budget a call counts against: its `user_id` on a per-user route, else undefined.
 * @example
 * perUserScope('PATCH', '/users/{user_id}', { user_id: 'user_1' }); // 'user_1'
 * perUserScope('GET', '/users/{user_id}', { user_id: 'user_1' });   // undefined
 */
export function perUserScope(
  method: string,
  path: string,
  pathParams: Record<string, unknown> | undefined,
): string | undefined {
  if (!PER_USER_ROUTES.has(`${method} ${path}`)) return undefined;
  const id = pathParams?.user_id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** One user's state: until when it cools down, its limiter (with `'auto'`), and its requests under way. */
interface UserState {
  coolDownUntil: number;
  limiter: SlidingWindowLimiter | undefined;
  busy: number;
  /** When its last request's answer arrived (epoch ms). */
  lastSettled: number;
}

const NOTHING = () => {};

/**
 * The per-user cool-downs and limiters of one client. A user's entry is dropped once nothing of it is
 * pending (no request under way, no cool-down, its window passed), so a run over a million users
 * keeps only the busy ones.
 */
export class PerUserGates {
  private readonly users = new Map<string, UserState>();
  /** The map's size at which idle entries are next swept out. */
  private sweepAt = 64;

  constructor(private readonly limit: RateLimit | undefined) {}

  /** True when a request for `user` need not wait here. */
  isOpen(user: string): boolean {
    if (this.limit !== undefined) return false;
    const state = this.users.get(user);
    return state === undefined || state.coolDownUntil <= Date.now();
  }

  /** Waits for the user's cool-down and a place in its window; resolves to what to call when the answer arrived. */
  async enter(user: string, signal: AbortSignal | null): Promise<() => void> {
    const state = this.stateOf(user);
    state.busy++;
    let release = NOTHING;
    const done = () => {
      release();
      state.busy--;
      state.lastSettled = Date.now();
    };
    try {
      await waitOutCoolDown(() => state.coolDownUntil, signal);
      if (state.limiter !== undefined) {
        release = (await state.limiter.acquire(signal)).release;
        // A 429 may have arrived while this request queued in the user's window.
        await waitOutCoolDown(() => state.coolDownUntil, signal);
      }
    } catch (error) {
      done();
      throw error;
    }
    return done;
  }

  /** Holds the user's requests on the per-user routes back for `ms` from now. */
  coolDown(user: string, ms: number): void {
    const state = this.stateOf(user);
    state.coolDownUntil = Math.max(state.coolDownUntil, Date.now() + ms);
  }

  private stateOf(user: string): UserState {
    let state = this.users.get(user);
    if (state === undefined) {
      if (this.users.size >= this.sweepAt) this.sweep();
      state = {
        coolDownUntil: 0,
        limiter: this.limit && new SlidingWindowLimiter(this.limit),
        busy: 0,
        lastSettled: 0,
      };
      this.users.set(user, state);
    }
    return state;
  }

  /** Drops the users with nothing pending; the next sweep waits until the map has doubled again. */
  private sweep(): void {
    const now = Date.now();
    const windowMs = this.limit?.perMs ?? 0;
    for (const [user, state] of this.users) {
      if (state.busy === 0 && state.coolDownUntil <= now && state.lastSettled + windowMs <= now)
        this.users.delete(user);
    }
    this.sweepAt = Math.max(64, this.users.size * 2);
  }

  /** How many users have an entry (for tests). */
  get size(): number {
    return this.users.size;
  }
}
