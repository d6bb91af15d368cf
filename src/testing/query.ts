/**
 * The query layer of `GET /users` and `GET /users/count`: filters, ordering and paging, as
 * functions of (the users, the query). No I/O; the only state is the store's memo of sorted lists.
 *
 * Decisions where the spec is silent (each one is something a test can rely on):
 * - Within one array parameter the values are alternatives (OR); different parameters combine
 *   with AND. `+value`/`value` includes and `-value` excludes for `user_id`, `external_id` and
 *   `organization_id`. A raw `+` in a query string is a space (form decoding): send `%2B`.
 * - String orderings compare UTF-16 code units; `null` sorts last in both directions; equal keys
 *   are ordered by `id` in the key's direction, so every ordering is total.
 * - `starting_after` is keyset pagination over (`created_at`, `id`) of the cursor user, which need
 *   not match the filters and may have been deleted since (a tombstone keeps its key).
 * - `created_at_before`/`_after` are strict unless `inclusiveCreatedAt`; they combine with
 *   `starting_after`.
 * - `provider`/`provider_user_id` match external accounts by provider and provider user id.
 */
import { invalidParam } from './errors.ts';
import type { Store } from './store.ts';
import type { User, UserRecord } from './user-record.ts';

/** The `order_by` fields Clerk accepts for listing users (written out here: the server's own list, not the client's). */
export const ORDER_BY_FIELDS = [
  'created_at',
  'updated_at',
  'email_address',
  'web3wallet',
  'first_name',
  'last_name',
  'phone_number',
  'username',
  'last_active_at',
  'last_sign_in_at',
] as const;
/** One of {@link ORDER_BY_FIELDS}. */
export type OrderByField = (typeof ORDER_BY_FIELDS)[number];

const MAX_ARRAY_VALUES = 100;
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 10;

/** Array parameters of the list and count endpoints (repeated query keys). */
const ARRAY_PARAMS = [
  'email_address',
  'phone_number',
  'external_id',
  'username',
  'web3_wallet',
  'user_id',
  'organization_id',
  'provider_user_id',
] as const;

/** How the query layer reads its options. */
export interface QueryOptions {
  /** Whether `created_at_before`/`created_at_after` include the bound (default: strict). */
  inclusiveCreatedAt?: boolean;
}

/** A value users are ordered by. */
export type SortKey = string | number | null;
type Predicate = (record: UserRecord) => boolean;
interface Ordering {
  field: OrderByField;
  direction: 1 | -1;
}

function primaryValue<T extends { id?: string }>(
  items: T[],
  primaryId: string | null,
  read: (item: T) => string,
): string | null {
  const item = items.find((i) => i.id === primaryId);
  return item === undefined ? null : read(item);
}

/** The value a user sorts by for `field` (the primary identifier for identifier fields). */
export function userSortKey(user: User, field: OrderByField): SortKey {
  switch (field) {
    case 'email_address':
      return primaryValue(user.email_addresses, user.primary_email_address_id, (e) => e.email_address);
    case 'phone_number':
      return primaryValue(user.phone_numbers, user.primary_phone_number_id, (p) => p.phone_number);
    case 'web3wallet':
      return primaryValue(user.web3_wallets, user.primary_web3_wallet_id, (w) => w.web3_wallet);
    default:
      return user[field];
  }
}

/** Compares (key, id) pairs: nulls last whatever the direction, equal keys ordered by id in `direction`. */
export function compareKeys(keyA: SortKey, idA: string, keyB: SortKey, idB: string, direction: 1 | -1): number {
  if (keyA === null && keyB !== null) return 1;
  if (keyB === null && keyA !== null) return -1;
  let c = keyA === keyB ? 0 : (keyA as string | number) < (keyB as string | number) ? -1 : 1;
  if (c === 0) c = idA === idB ? 0 : idA < idB ? -1 : 1;
  return c * direction;
}

function parseOrderBy(raw: string): Ordering | undefined {
  const direction = raw.startsWith('-') ? -1 : 1;
  const field = raw.startsWith('-') || raw.startsWith('+') ? raw.slice(1) : raw;
  return (ORDER_BY_FIELDS as readonly string[]).includes(field)
    ? { field: field as OrderByField, direction }
    : undefined;
}

function parseInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value))
    throw invalidParam(name, `${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** `+value` or `value` includes, `-value` excludes; with any include, only included values qualify. */
function includeExclude(values: string[]): { include: Set<string>; exclude: Set<string> } {
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const value of values) {
    if (value.startsWith('-')) exclude.add(value.slice(1));
    else include.add(value.startsWith('+') ? value.slice(1) : value);
  }
  return { include, exclude };
}

function containsFolded(haystack: (string | null | undefined)[], needle: string): boolean {
  const n = needle.toLowerCase();
  return haystack.some((h) => typeof h === 'string' && h.toLowerCase().includes(n));
}

/** The filters shared by `GET /users` and `GET /users/count`; throws a 422 on a bad value. */
function parseFilters(query: URLSearchParams, options: QueryOptions): Predicate[] {
  const predicates: Predicate[] = [];
  for (const name of ARRAY_PARAMS) {
    const count = query.getAll(name).length;
    if (count > MAX_ARRAY_VALUES)
      throw invalidParam(name, `${name} accepts at most ${MAX_ARRAY_VALUES} values, got ${count}`);
  }

  const exact = (name: string, read: (u: User) => (string | null | undefined)[], fold = false) => {
    const values = query.getAll(name);
    if (values.length === 0) return;
    const wanted = new Set(fold ? values.map((v) => v.toLowerCase()) : values);
    predicates.push(({ user }) =>
      read(user).some((v) => typeof v === 'string' && wanted.has(fold ? v.toLowerCase() : v)),
    );
  };
  exact('email_address', (u) => u.email_addresses.map((e) => e.email_address));
  exact('phone_number', (u) => u.phone_numbers.map((p) => p.phone_number));
  exact('username', (u) => [u.username]);
  exact('web3_wallet', (u) => u.web3_wallets.map((w) => w.web3_wallet));

  const signed = (name: string, read: (r: UserRecord) => (string | null | undefined)[]) => {
    const values = query.getAll(name);
    if (values.length === 0) return;
    const { include, exclude } = includeExclude(values);
    if (include.size > 0) predicates.push((r) => read(r).some((v) => typeof v === 'string' && include.has(v)));
    if (exclude.size > 0) predicates.push((r) => !read(r).some((v) => typeof v === 'string' && exclude.has(v)));
  };
  signed('user_id', (r) => [r.user.id]);
  signed('external_id', (r) => [r.user.external_id]);
  signed('organization_id', (r) => r.organization_ids);

  const partial = (name: string, read: (u: User) => (string | null | undefined)[]) => {
    const value = query.get(name);
    if (value !== null) predicates.push(({ user }) => containsFolded(read(user), value));
  };
  partial('query', (u) => [
    u.id,
    u.username,
    u.first_name,
    u.last_name,
    ...u.email_addresses.map((e) => e.email_address),
    ...u.phone_numbers.map((p) => p.phone_number),
    ...u.web3_wallets.map((w) => w.web3_wallet),
  ]);
  partial('email_address_query', (u) => u.email_addresses.map((e) => e.email_address));
  partial('phone_number_query', (u) => u.phone_numbers.map((p) => p.phone_number));
  partial('username_query', (u) => [u.username]);
  partial('name_query', (u) => [u.first_name, u.last_name, [u.first_name, u.last_name].filter(Boolean).join(' ')]);

  const banned = query.get('banned');
  if (banned !== null) {
    if (banned !== 'true' && banned !== 'false')
      throw invalidParam('banned', `banned must be true or false, got ${JSON.stringify(banned)}`);
    const want = banned === 'true';
    predicates.push(({ user }) => user.banned === want);
  }

  const range = (
    name: string,
    read: (u: User) => number | null | undefined,
    test: (value: number, bound: number) => boolean,
  ) => {
    const bound = parseInteger(query, name);
    if (bound === undefined) return;
    predicates.push(({ user }) => {
      const value = read(user);
      return typeof value === 'number' && test(value, bound);
    });
  };
  const before = (v: number, b: number) => v < b;
  const after = (v: number, b: number) => v > b;
  const inclusive = options.inclusiveCreatedAt === true;
  range('created_at_before', (u) => u.created_at, inclusive ? (v, b) => v <= b : before);
  range('created_at_after', (u) => u.created_at, inclusive ? (v, b) => v >= b : after);
  range('last_active_at_before', (u) => u.last_active_at, before);
  range('last_active_at_after', (u) => u.last_active_at, after);
  range(
    'last_active_at_since',
    (u) => u.last_active_at,
    (v, b) => v >= b,
  );
  range('last_sign_in_at_before', (u) => u.last_sign_in_at, before);
  range('last_sign_in_at_after', (u) => u.last_sign_in_at, after);

  const provider = query.get('provider');
  const providerUserIds = query.getAll('provider_user_id');
  if ((provider === null) !== (providerUserIds.length === 0)) {
    throw invalidParam(
      provider === null ? 'provider' : 'provider_user_id',
      'provider and provider_user_id must be given together',
    );
  }
  if (provider !== null) {
    const wanted = new Set(providerUserIds);
    const names = new Set([provider, `oauth_${provider}`, provider.replace(/^oauth_/, '')]);
    predicates.push(({ user }) =>
      user.external_accounts.some((a) => names.has(a.provider) && wanted.has(a.provider_user_id)),
    );
  }
  return predicates;
}

interface Paging {
  ordering: Ordering;
  limit: number;
  offset: number;
  startingAfter: string | undefined;
}

function parsePaging(query: URLSearchParams): Paging {
  // Only the first order_by counts; later ones are ignored, even invalid ones.
  const rawOrder = query.getAll('order_by')[0] ?? '-created_at';
  const ordering = parseOrderBy(rawOrder);
  if (ordering === undefined) {
    throw invalidParam(
      'order_by',
      `order_by ${JSON.stringify(rawOrder)} is not supported; use one of ${ORDER_BY_FIELDS.join(', ')}, optionally prefixed with + or -`,
    );
  }
  const limit = parseInteger(query, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT)
    throw invalidParam('limit', `limit must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  const offset = parseInteger(query, 'offset') ?? 0;
  if (offset < 0) throw invalidParam('offset', `offset must be 0 or more, got ${offset}`);
  const startingAfter = query.get('starting_after') ?? undefined;
  if (startingAfter !== undefined) {
    if (ordering.field !== 'created_at') {
      throw invalidParam(
        'starting_after',
        `starting_after requires ordering by created_at, but order_by is ${JSON.stringify(rawOrder)}`,
      );
    }
    if (offset !== 0)
      throw invalidParam(
        'starting_after',
        `starting_after cannot be combined with a non-zero offset (got offset=${offset})`,
      );
  }
  return { ordering, limit, offset, startingAfter };
}

/** The users sorted by one ordering, memoized by the store until its next change. */
function sorted(store: Store, ordering: Ordering): UserRecord[] {
  return store.derived(`sorted:${ordering.direction}${ordering.field}`, () => {
    const decorated = [...store.values()].map((record) => ({ record, key: userSortKey(record.user, ordering.field) }));
    decorated.sort((a, b) => compareKeys(a.key, a.record.user.id, b.key, b.record.user.id, ordering.direction));
    return decorated.map((d) => d.record);
  });
}

/** One page of `GET /users`. O(log n + page) on `created_at` orderings with `starting_after` or date bounds. */
export function listUsers(store: Store, query: URLSearchParams, options: QueryOptions = {}): UserRecord[] {
  const predicates = parseFilters(query, options);
  const { ordering, limit, offset, startingAfter } = parsePaging(query);
  const candidates = sorted(store, ordering);
  const inclusive = options.inclusiveCreatedAt === true;
  // `from`..`to` is the stretch of the sorted list that can match: binary searches only skip, the filters still decide.
  let from = 0;
  let to = candidates.length;
  const firstIndex = (after: (u: User) => boolean) => {
    let lo = from;
    let hi = to;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after((candidates[mid] as UserRecord).user)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  if (startingAfter !== undefined) {
    const cursorCreatedAt = store.get(startingAfter)?.user.created_at ?? store.tombstone(startingAfter);
    if (cursorCreatedAt === undefined) {
      throw invalidParam(
        'starting_after',
        `starting_after ${JSON.stringify(startingAfter)} is not the id of a user of this instance`,
      );
    }
    from = firstIndex((u) => compareKeys(u.created_at, u.id, cursorCreatedAt, startingAfter, ordering.direction) > 0);
  }
  if (ordering.field === 'created_at') {
    const after = parseInteger(query, 'created_at_after');
    const before = parseInteger(query, 'created_at_before');
    const low =
      after === undefined ? undefined : (u: User) => (inclusive ? u.created_at >= after : u.created_at > after);
    const high =
      before === undefined ? undefined : (u: User) => (inclusive ? u.created_at > before : u.created_at >= before);
    if (ordering.direction === 1) {
      if (low) from = firstIndex(low);
      if (high) to = firstIndex(high);
    } else {
      if (high) from = firstIndex((u) => !high(u));
      if (low) to = firstIndex((u) => !low(u));
    }
  }
  const page: UserRecord[] = [];
  let skipped = 0;
  for (let i = from; i < to; i++) {
    const record = candidates[i] as UserRecord;
    if (!predicates.every((p) => p(record))) continue;
    if (skipped < offset) {
      skipped++;
      continue;
    }
    page.push(record);
    if (page.length === limit) break;
  }
  return page;
}

/** `GET /users/count`: how many users match the same filters as `GET /users`. */
export function countUsers(store: Store, query: URLSearchParams, options: QueryOptions = {}): number {
  const predicates = parseFilters(query, options);
  let count = 0;
  for (const record of store.values()) if (predicates.every((p) => p(record))) count++;
  return count;
}
