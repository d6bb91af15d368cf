/**
 * The state of one emulated instance, shared by the fetch handler and the public API: the store,
 * the clock, the logs a test can read, and the hooks that run before an answer.
 */
import type { ActiveFault } from './faults.ts';
import type { QueryOptions } from './query.ts';
import type { RateBudget, RateWindows } from './rate-limit.ts';
import type { Store } from './store.ts';
import type { User } from './user-record.ts';

/** A request as the emulator received it. The `authorization` value is always redacted. */
export interface RecordedRequest {
  method: string;
  /** Path without the query and without a leading `/v1`, as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
}

/** One write the emulator applied: the method, the path as sent, and the raw request body. */
export interface AppliedWrite {
  method: string;
  path: string;
  body: string;
}

/** Runs for every request after it is recorded and before it is answered (awaited, in order). */
export type RequestHook = (request: RecordedRequest) => void | Promise<void>;

/** Everything one instance holds; one object, handed to every operation. */
export interface EmulatorState {
  readonly store: Store;
  readonly secretKey: string;
  /** The clock for every timestamp the emulator writes (milliseconds since the epoch). */
  readonly now: () => number;
  readonly queryOptions: QueryOptions;
  /** Every request received, in order (rejected ones included). */
  readonly requests: RecordedRequest[];
  /** Every write that changed the store, in order. */
  readonly applied: AppliedWrite[];
  readonly hooks: RequestHook[];
  /** Delay before every answer, after the hooks ran. */
  readonly delayMs: number;
  /** Set by `close()`: delayed requests still pending are then dropped without an answer. */
  closed: boolean;
  traceCounter: number;
  /** Each user's JSON as UTF-8, made once per version of the user (records are replaced on change). */
  readonly wireTexts: WeakMap<User, Uint8Array<ArrayBuffer>>;
  /** Wakes every pending delay, so `close()` never waits for one. */
  readonly pendingDelays: Set<() => void>;
  /** The instance's request budget, when rate limiting is on. */
  readonly rateLimit: RateBudget | undefined;
  readonly rateWindows: RateWindows;
  /** Injected faults still to fire, in order of injection. */
  readonly faults: ActiveFault[];
}
