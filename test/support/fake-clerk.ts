/**
 * The harness this repository's tests, benches and `npm start` use around the emulator of
 * src/testing (`clerk-users/testing`): an instance filled with deterministic users, served on
 * 127.0.0.1 on an ephemeral port, with the test-only conveniences (`createUser`, `deleteUser`,
 * `applied`, `churn`) and a clock that moves one second per write.
 */
import { createEmulator } from '../../src/testing/fake-clerk.ts';
import { generateUsers } from '../../src/testing/generate-users.ts';
import type { AppliedWrite, RecordedRequest } from '../../src/testing/state.ts';
import type { User, UserInput, UserRecord } from '../../src/testing/user-record.ts';

export { ORDER_BY_FIELDS, type OrderByField } from '../../src/testing/query.ts';
export type { AppliedWrite, RecordedRequest };

/** One user as the harness hands it out: the wire user plus the organizations it belongs to. */
export type FakeUser = User & { organization_ids: string[] };

export interface FakeClerk {
  /** Root URL, e.g. `http://127.0.0.1:PORT`. The API is served at it and under `/v1`. */
  url: string;
  /** `url` + `/v1`: a base URL like Clerk's. */
  baseUrl: string;
  /** Every write that changed the store (create, update, delete, ban, unban, …), in order. */
  applied: AppliedWrite[];
  /** Every request received, in order of arrival (including rejected ones). */
  requests: RecordedRequest[];
  /** A copy of the current users, in insertion order. */
  users(): FakeUser[];
  /** Inserts a user now; `created_at` defaults to a new timestamp later than every existing one. */
  createUser(partial?: UserInput): FakeUser;
  /** Removes a user; `false` if there was none. Its id stays valid as a `starting_after` cursor. */
  deleteUser(id: string): boolean;
  /** Runs `hook` for every request after it is recorded and before it is answered (awaited, in order). */
  onRequest(hook: (req: RecordedRequest, fake: FakeClerk) => void | Promise<void>): void;
  /** Clears the request log (the same `requests` array, emptied). */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeClerkOptions {
  /** How many users to generate (default 50). */
  users?: number;
  /** Seed of the generator: the same seed gives the same users (default 1). */
  seed?: number;
  /** The only secret key accepted as `Authorization: Bearer <key>` (default `sk_test_fake`). */
  secretKey?: string;
  /** Number of organizations `org_1`…`org_N` users are spread over (default 5). */
  organizations?: number;
  /** Delay before every answer, in milliseconds (default 0). */
  pageDelayMs?: number;
  /** Whether `created_at_before` / `created_at_after` exclude (`'strict'`, default) or include the bound. */
  createdAtBounds?: 'strict' | 'inclusive';
}

function harnessUser(record: UserRecord): FakeUser {
  return { ...structuredClone(record.user), organization_ids: [...record.organization_ids] };
}

/**
 * One step of churn for exactly-once checks, meant for an `onRequest` hook (step `n` = 1, 2, …):
 * deletes a user spread over the list, adds a newest one and one back-dated onto an existing user's
 * `created_at` (a tie, landing inside a range a concurrent walk may already have cut).
 */
export function churn(fake: FakeClerk, n: number): { deleted: string | undefined; created: string[] } {
  const users = fake.users();
  const victim = users[(n * 7919) % users.length] as FakeUser;
  const deleted = fake.deleteUser(victim.id) ? victim.id : undefined;
  const twin = users[(n * 104_729) % users.length] as FakeUser;
  return { deleted, created: [fake.createUser().id, fake.createUser({ created_at: twin.created_at }).id] };
}

/** Starts the emulator with generated users on 127.0.0.1 and an ephemeral port. Stop it with `stop()`. */
export async function startFakeClerk(options: FakeClerkOptions = {}): Promise<FakeClerk> {
  const seedUsers = generateUsers(options.users ?? 50, {
    seed: options.seed ?? 1,
    organizations: options.organizations ?? 5,
  });
  // A clock that only moves forward, starting after every generated timestamp: deterministic, and
  // each created user is strictly newer than all before it.
  let clock = 0;
  for (const u of seedUsers)
    clock = Math.max(clock, u.created_at ?? 0, u.updated_at ?? 0, u.last_active_at ?? 0, u.last_sign_in_at ?? 0);
  const emulator = createEmulator({
    secretKey: options.secretKey ?? 'sk_test_fake',
    now: () => (clock += 1000),
    latencyMs: options.pageDelayMs ?? 0,
    queryOptions: { inclusiveCreatedAt: options.createdAtBounds === 'inclusive' },
  });
  emulator.fake.seed(seedUsers);
  const { url } = await emulator.fake.listen();
  const root = url.slice(0, -'/v1'.length);
  const { state } = emulator;

  const fake: FakeClerk = {
    url: root,
    baseUrl: url,
    applied: state.applied,
    requests: state.requests,
    users: () => [...state.store.values()].map(harnessUser),
    createUser(given = {}) {
      // An explicit `undefined` means "not given", not "set to undefined".
      const partial = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as UserInput;
      if (partial.created_at !== undefined) clock = Math.max(clock, partial.created_at);
      return harnessUser(emulator.insert(partial));
    },
    deleteUser: (id) => state.store.remove(id) !== undefined,
    onRequest(hook) {
      emulator.fake.onRequest((req) => hook(req, fake));
    },
    reset() {
      state.requests.length = 0;
    },
    stop: () => emulator.fake.close(),
  };
  return fake;
}
