/**
 * `createFakeClerk()`: one emulated Clerk instance, answering in-process through `fetch` or over
 * HTTP through `listen()`. The state lives in a store; the fetch handler serves the operations.
 */
import { activateFault, type FaultRule } from './faults.ts';
import { createHandler } from './handler.ts';
import { loadServer } from './listen.ts';
import { operations } from './operations/index.ts';
import type { QueryOptions } from './query.ts';
import { type RateLimitOption, rateBudget } from './rate-limit.ts';
import type { EmulatorState, RecordedRequest, RequestHook } from './state.ts';
import { Store } from './store.ts';
import { type User, type UserInput, type UserRecord, userFromInput } from './user-record.ts';

/** Options of {@link createFakeClerk}. */
export interface FakeClerkOptions {
  /**
   * The secret key requests must send as `Authorization: Bearer <key>`; others get Clerk's 401.
   * Default `sk_test_fake`.
   */
  secretKey?: string | undefined;
  /** The clock for every timestamp the emulator writes, in milliseconds since the epoch (default `Date.now`). */
  now?: (() => number) | undefined;
  /** Delay before every answer, in milliseconds (default 0): lets a test abort a request in flight. */
  latencyMs?: number | undefined;
  /**
   * Clerk's rate limits (off by default): `'development'` 100 requests per 10 s, `'production'`
   * 1000 per 10 s, or `{ requests, perMs }`; plus, whenever on, 10 per 10 s per user on
   * `PATCH /users/{user_id}` and `PATCH`/`PUT /users/{user_id}/metadata`. A 429 carries `Retry-After`.
   */
  rateLimit?: RateLimitOption | undefined;
}

/** One emulated Clerk instance. */
export interface FakeClerk {
  /** A fetch function answering in-process, with no socket: pass it as `createClerkClient({ fetch })`. Serves under `/v1` at any origin. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Serves the emulator over HTTP (Node); `url` is the base URL with `/v1`, e.g. `http://127.0.0.1:PORT/v1`. */
  listen(options?: { port?: number; host?: string }): Promise<{ url: string }>;
  /** Stops the HTTP server, if any, and drops requests still waiting for an answer. */
  close(): Promise<void>;
  /** Adds users as the API returns them (ids and timestamps kept, missing fields filled); identifiers must be unique. */
  seed(users: readonly UserInput[]): void;
  /** Back to the seeded state: later writes undone, injected faults, rate-limit windows and the request log cleared. */
  reset(): void;
  /** A copy of the current users, in insertion order, as `GET /users/{user_id}` would return them. */
  users(): User[];
  /**
   * Makes the next `times` (default 1) requests matching `method` and `path` (a template such as
   * `/users/{user_id}`) fail with `status`, `Retry-After` and `body` (default: Clerk's error envelope).
   */
  inject(rule: FaultRule): void;
  /** Every request received, in order (rejected ones included); the `authorization` value is redacted. */
  readonly requests: readonly RecordedRequest[];
  /** Runs `hook` for every request after it is recorded and before it is answered (awaited, in order). */
  onRequest(hook: RequestHook): void;
}

/** Options the repository's own tests use beyond the public ones. */
export interface EmulatorOptions extends FakeClerkOptions {
  queryOptions?: QueryOptions;
}

/** The emulator with its internals, for this repository's test harness. */
export interface Emulator {
  fake: FakeClerk;
  state: EmulatorState;
  /** Inserts one user (not part of the seeded state). */
  insert(input: UserInput): UserRecord;
}

const DEFAULT_SECRET_KEY = 'sk_test_fake';

/** Builds an emulator and exposes its state: what {@link createFakeClerk} wraps. */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const state: EmulatorState = {
    store: new Store(),
    secretKey: options.secretKey ?? DEFAULT_SECRET_KEY,
    now: options.now ?? Date.now,
    queryOptions: options.queryOptions ?? {},
    requests: [],
    applied: [],
    hooks: [],
    delayMs: options.latencyMs ?? 0,
    closed: false,
    traceCounter: 0,
    wireTexts: new WeakMap(),
    pendingDelays: new Set(),
    rateLimit: options.rateLimit === undefined ? undefined : rateBudget(options.rateLimit),
    rateWindows: new Map(),
    faults: [],
  };
  const handle = createHandler(state, operations);
  let seeded: UserRecord[] = [];
  let server: { close(): Promise<void> } | undefined;

  const toRecord = (input: UserInput): UserRecord => {
    const user = userFromInput(input, {
      id: input.id ?? state.store.newId('user'),
      now: state.now(),
      newId: (p) => state.store.newId(p),
    });
    const record: UserRecord = { user, organization_ids: [...(input.organization_ids ?? [])] };
    if (input.trusted_devices !== undefined) record.trustedDevices = structuredClone(input.trusted_devices);
    if (input.billing_subscription !== undefined) record.subscription = structuredClone(input.billing_subscription);
    if (input.password_digest !== undefined) {
      record.password = { hasher: input.password_hasher ?? 'bcrypt', digest: input.password_digest };
      record.user = { ...user, password_enabled: true };
    }
    return record;
  };
  const insert = (input: UserInput): UserRecord => {
    const record = toRecord(input);
    state.store.insert(record);
    return record;
  };

  const fake: FakeClerk = {
    async fetch(input, init) {
      const response = await handle(new Request(input, init));
      if (response === undefined)
        throw new TypeError('fetch failed: the fake Clerk instance was closed before it answered');
      return response;
    },
    async listen(listenOptions = {}) {
      if (server !== undefined) throw new Error('fake Clerk: listen() was called twice; close() first');
      // Loaded on demand: the node:http adapter must not reach runtimes that only use `fetch`.
      const serveNode = await loadServer();
      state.closed = false;
      const started = await serveNode(handle, listenOptions);
      server = started;
      return { url: `${started.url}/v1` };
    },
    async close() {
      state.closed = true;
      for (const wake of [...state.pendingDelays]) wake();
      const running = server;
      server = undefined;
      await running?.close();
    },
    seed(users) {
      const records = users.map(toRecord);
      const added: string[] = [];
      try {
        for (const record of records) {
          state.store.insert(record);
          added.push(record.user.id);
        }
      } catch (error) {
        for (const id of added) state.store.remove(id);
        throw error;
      }
      seeded = [...seeded, ...records];
    },
    reset() {
      state.store.clear();
      for (const record of seeded) state.store.insert(record);
      state.requests.length = 0;
      state.applied.length = 0;
      state.faults.length = 0;
      state.rateWindows.clear();
    },
    inject(rule) {
      state.faults.push(
        activateFault(
          rule,
          operations.map((o) => o.template),
        ),
      );
    },
    users: () => [...state.store.values()].map((r) => structuredClone(r.user)),
    requests: state.requests,
    onRequest(hook) {
      state.hooks.push(hook);
    },
  };
  return { fake, state, insert };
}

/**
 * A stateful, local emulator of Clerk's `/users` Backend API for tests.
 *
 * @example
 * ```ts
 * const fake = createFakeClerk();
 * fake.seed([{ email_addresses: [{ email_address: 'ada@example.com' }] }]);
 * const clerk = createClerkClient({ secretKey: 'sk_test_fake', fetch: fake.fetch });
 * ```
 */
export function createFakeClerk(options: FakeClerkOptions = {}): FakeClerk {
  // Only the public options: a caller's extra keys never reach the internals.
  const { secretKey, now, latencyMs, rateLimit } = options;
  return createEmulator({ secretKey, now, latencyMs, rateLimit }).fake;
}
