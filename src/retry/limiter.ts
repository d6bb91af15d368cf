/**
 * What holds a client's requests back: the cool-down after a 429 (one per client, so a 429 slows every
 * request of the client rather than each discovering it alone) and the optional sliding-window limiter;
 * on the routes Clerk limits per user, that user's own cool-down and limiter first (src/retry/per-user.ts).
 */
import type { RateLimit } from './options.ts';
import { PerUserGates } from './per-user.ts';
import { SlidingWindowLimiter, waitOutCoolDown } from './window.ts';

/**
 * The cool-down and the limiter of one client. `user` is the user a call counts against on a route
 * Clerk limits per user (undefined on every other route): its requests wait for that user's cool-down
 * and window too, and a 429 there cools down that user only.
 */
export interface Gate {
  /** True while a request need not wait at all (no cool-down ever set, no limiter, nothing for the user): no need to call {@link enter}. */
  isOpen(user: string | undefined): boolean;
  /** Waits for the cool-downs and limiter slots; resolves to what to call when the attempt's answer arrived. */
  enter(signal: AbortSignal | null, user: string | undefined): Promise<() => void>;
  /** Holds requests back for `ms` from now: every request of the client, or with `user` that user's (extends, never shortens). */
  coolDown(ms: number, user: string | undefined): void;
}

const NOTHING = () => {};

/**
 * The gate of one client: like Clerk's limit, which is per instance (per key), the cool-down and the
 * limiter are per client; `perUser` is the budget per user on the per-user routes (with `'auto'`).
 */
export function createGate(rateLimit: RateLimit | undefined, perUser?: RateLimit): Gate {
  const limiter = rateLimit ? new SlidingWindowLimiter(rateLimit) : undefined;
  const users = new PerUserGates(perUser);
  /** Until when (epoch ms) every request of this client holds back after a 429. */
  let coolDownUntil = 0;
  const instanceCoolDown = () => coolDownUntil;
  const enterInstance = async (signal: AbortSignal | null) => {
    await waitOutCoolDown(instanceCoolDown, signal);
    if (!limiter) return NOTHING;
    const slot = await limiter.acquire(signal);
    // A 429 may have arrived while this request queued in the limiter.
    try {
      await waitOutCoolDown(instanceCoolDown, signal);
    } catch (error) {
      slot.release();
      throw error;
    }
    return slot.release;
  };
  return {
    isOpen(user) {
      return coolDownUntil === 0 && limiter === undefined && (user === undefined || users.isOpen(user));
    },
    async enter(signal, user) {
      if (user === undefined) return enterInstance(signal);
      // The user's wait comes first: a request must not hold a place in the instance's window while
      // it waits out its user's, or it would delay every request queued behind it.
      const releaseUser = await users.enter(user, signal);
      try {
        const releaseInstance = await enterInstance(signal);
        return () => {
          releaseInstance();
          releaseUser();
        };
      } catch (error) {
        releaseUser();
        throw error;
      }
    },
    coolDown(ms, user) {
      if (user !== undefined) users.coolDown(user, ms);
      else coolDownUntil = Math.max(coolDownUntil, Date.now() + ms);
    },
  };
}
