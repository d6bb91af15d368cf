/**
 * The two waits of a gate: a sliding-window log of requests (the client-side limiter), and waiting out
 * a cool-down that a 429 may push further while one waits.
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
export class SlidingWindowLimiter {
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

/** Waits until the cool-down `until()` reads has passed, re-reading it after each wait (a 429 may push it further). */
export async function waitOutCoolDown(until: () => number, signal: AbortSignal | null): Promise<void> {
  for (let now = Date.now(); until() > now; now = Date.now()) await sleep(until() - now, signal);
}
