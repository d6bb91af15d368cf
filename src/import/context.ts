/**
 * The options of {@link importUsers}, checked once, and the per-run state every step shares: the
 * client, the concurrency slots, the run's abort signal, and the first fatal error.
 */
import type { ClerkUsersClient } from '../client.ts';
import { ClerkInputError } from '../errors/classes.ts';

/** Options of {@link importUsers}. */
export interface ImportOptions {
  /**
   * What to do with a record whose `external_id` already belongs to a user: `'skip'` (default)
   * reports it `existing`; `'update'` sends its fields with `PATCH /users/{user_id}` (and its
   * metadata with `PATCH /users/{user_id}/metadata`, which merges) and reports it `updated`.
   * Identifiers (email addresses, phone numbers, web3 wallets) are not changed by an update.
   */
  onExisting?: 'skip' | 'update' | undefined;
  /**
   * Requests in flight at once (1 to {@link MAX_IMPORT_CONCURRENCY}, default
   * {@link DEFAULT_IMPORT_CONCURRENCY}). The pace is the client's: give it `rateLimit: 'auto'`
   * (or a budget) so creates and look-ups stay under Clerk's limit instead of meeting 429s.
   */
  concurrency?: number | undefined;
  /**
   * Check and look up only: records are validated, and (with a client) their `external_id`s looked
   * up, but nothing is written. Results are `invalid`, `existing`, `new`, or `valid` without a client.
   */
  dryRun?: boolean | undefined;
  /**
   * How many times one record's request is sent before the record is reported `failed` (default
   * {@link DEFAULT_IMPORT_ATTEMPTS}). Each 429, 5xx or network failure counts one.
   */
  maxAttempts?: number | undefined;
  /** Stops the import: requests in flight are aborted, and the iteration rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/** Requests in flight by default: enough to keep Clerk's development budget busy at ordinary latencies. */
export const DEFAULT_IMPORT_CONCURRENCY = 8;
/** The most requests in flight {@link importUsers} allows. */
export const MAX_IMPORT_CONCURRENCY = 64;
/** Attempts per record by default. */
export const DEFAULT_IMPORT_ATTEMPTS = 10;
/** `external_id`s per look-up: the API's limit on values of one filter parameter. */
export const LOOKUP_BATCH = 100;

/** The state of one import run. */
export interface ImportContext {
  client: ClerkUsersClient | null;
  onExisting: 'skip' | 'update';
  dryRun: boolean;
  maxAttempts: number;
  slots: Slots;
  /** Aborts every request of the run: on the caller's signal, on a fatal error, or when the caller stops iterating. */
  controller: AbortController;
  /** The error that stopped the run, if one did. */
  fatal: { error: unknown } | undefined;
  /** The requests in flight, each with its own controller: aborting the run aborts them (one listener for the run, none per request). */
  inFlight: Set<AbortController>;
}

/** Checks the options and sets up a run. */
export function createContext(client: ClerkUsersClient | null, options: ImportOptions): ImportContext {
  const onExisting = options.onExisting ?? 'skip';
  if (onExisting !== 'skip' && onExisting !== 'update') {
    throw new ClerkInputError(
      'invalid_on_existing',
      'onExisting',
      `onExisting must be 'skip' or 'update', got ${JSON.stringify(onExisting)}`,
    );
  }
  const concurrency = options.concurrency ?? DEFAULT_IMPORT_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > MAX_IMPORT_CONCURRENCY) {
    throw new ClerkInputError(
      'invalid_concurrency',
      'concurrency',
      `concurrency must be a whole number from 1 to ${MAX_IMPORT_CONCURRENCY}, got ${String(concurrency)}`,
    );
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_IMPORT_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new ClerkInputError(
      'invalid_max_attempts',
      'maxAttempts',
      `maxAttempts must be a whole number 1 or more, got ${String(maxAttempts)}`,
    );
  }
  const dryRun = options.dryRun === true;
  if (client === null && !dryRun) {
    throw new ClerkInputError(
      'missing_client',
      'client',
      'importUsers needs a client to write with; only a dry run ({ dryRun: true }) can go without one',
    );
  }
  const controller = new AbortController();
  const context: ImportContext = {
    client,
    onExisting,
    dryRun,
    maxAttempts,
    slots: new Slots(concurrency),
    controller,
    fatal: undefined,
    inFlight: new Set(),
  };
  controller.signal.addEventListener('abort', () => {
    for (const request of context.inFlight) request.abort(controller.signal.reason);
  });
  const signal = options.signal;
  if (signal?.aborted) controller.abort(signal.reason);
  else
    signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  return context;
}

/** Stops the run for good: the first fatal error wins, and every request in flight is aborted. */
export function stopRun(context: ImportContext, error: unknown): void {
  context.fatal ??= { error };
  context.controller.abort(error);
}

/** A counting semaphore: at most `size` holders at once, served in arrival order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  /** Runs `task` when a slot is free, and frees it when the task settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Waits `ms`, or rejects with the run's abort reason as soon as it stops. The wait is listed in
 * {@link ImportContext.inFlight} like a request, so no listener is added to the run's signal.
 */
export function sleep(context: ImportContext, ms: number): Promise<void> {
  const run = context.controller.signal;
  if (run.aborted) return Promise.reject(run.reason);
  const own = new AbortController();
  context.inFlight.add(own);
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    own.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(own.signal.reason);
    });
  }).finally(() => context.inFlight.delete(own));
}

/** The wait before attempt `attempt + 1` when the server gave no `Retry-After`: full jitter, 250 ms doubling to 8 s. */
export function backoffMs(attempt: number): number {
  return Math.round(Math.random() * Math.min(8000, 250 * 2 ** (attempt - 1)));
}
