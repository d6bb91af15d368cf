/**
 * What holds a client's requests back: the cool-down after a 429 (one per client, so a 429 slows every
 * request of the client rather than each discovering it alone) and the optional sliding-window limiter.
 */
import type { RateLimit } from './options.ts';
import { abortable, sleep } from './sleep.ts';

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
    const slot: Slot = {
      time: Number.POSITIVE_INFINITY,
      settled: new Promise<void>((resolve) => (release = resolve)),
      release: () => {},
    };
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

/** The cool-down and the limiter of one client. */
export interface Gate {
  /** True while neither a cool-down has ever been set nor a limiter is on: no need to call {@link enter}. */
  readonly isOpen: boolean;
  /** Waits for the cool-down and a limiter slot; resolves to what to call when the attempt's answer arrived. */
  enter(signal: AbortSignal | null): Promise<() => void>;
  /** Holds every request of the client back for `ms` from now (extends, never shortens, a cool-down). */
  coolDown(ms: number): void;
}

const NOTHING = () => {};

/**
 * The gate of one client: like Clerk's limit, which is per instance (per key), the cool-down and the
 * limiter are per client.
 */
export function createGate(rateLimit: RateLimit | undefined): Gate {
  const limiter = rateLimit ? new SlidingWindowLimiter(rateLimit) : undefined;
  /** Until when (epoch ms) every request of this client holds back after a 429. */
  let coolDownUntil = 0;
  const waitOutCoolDown = async (signal: AbortSignal | null) => {
    // Re-check after each wait: another 429 may have pushed the cool-down further.
    for (let now = Date.now(); coolDownUntil > now; now = Date.now()) await sleep(coolDownUntil - now, signal);
  };
  return {
    get isOpen() {
      return coolDownUntil === 0 && limiter === undefined;
    },
    async enter(signal) {
      await waitOutCoolDown(signal);
      if (!limiter) return NOTHING;
      const slot = await limiter.acquire(signal);
      // A 429 may have arrived while this request queued in the limiter.
      try {
        await waitOutCoolDown(signal);
      } catch (error) {
        slot.release();
        throw error;
      }
      return slot.release;
    },
    coolDown(ms) {
      coolDownUntil = Math.max(coolDownUntil, Date.now() + ms);
    },
  };
}
