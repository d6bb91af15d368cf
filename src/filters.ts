/**
 * Filter and sort helpers for the list endpoints, plus the query checks the client runs before
 * every request.
 *
 * - {@link include} / {@link exclude} / {@link filter} build the `+id` / `-id` values of the
 *   `user_id`, `external_id` and `organization_id` parameters of `GET /users` and `GET /users/count`.
 * - {@link orderBy} / {@link asc} / {@link desc} build an `order_by` value whose field is checked
 *   against the endpoint at compile time and at run time.
 * - {@link checkQuery} rejects queries that openapi-fetch would send in a misleading form (an empty
 *   list is dropped from the URL, so it would filter nothing).
 *
 * Decision: an empty list (`user_id: include()`, `email_address: []`) is an error when the request
 * is made, never "no filter". Omit the parameter to list everyone.
 */
import type { paths } from '../generated/schema.ts';
import { ClerkInputError } from './errors.ts';
import type { GetQueryOf, PathsWithQueryParameter } from './path-types.ts';

/** The most values the API accepts in one `user_id`, `external_id` or `organization_id` parameter. */
export const MAX_FILTER_IDS = 100;

/** The smallest and largest page size (`limit`) the API accepts. */
export const LIMIT_RANGE = Object.freeze({ min: 1, max: 500 } as const);

// ---------------------------------------------------------------------------------------------
// Types derived from the generated `paths`
// ---------------------------------------------------------------------------------------------

/**
 * Every path of the spec whose GET takes an `order_by` query parameter (derived from the generated
 * `paths`, so a misspelt path is a compile error).
 * @example
 * const path: OrderByPath = '/users';
 */
export type OrderByPath = PathsWithQueryParameter<'order_by'>;

/** Paths whose GET declares `limit`: the ones {@link checkQuery} range-checks. */
type LimitPath = PathsWithQueryParameter<'limit'>;

// ---------------------------------------------------------------------------------------------
// include / exclude / filter
// ---------------------------------------------------------------------------------------------

// Symbol.for, like the error brand: a list made by another copy of this package is still recognised.
const FILTER_LIST = Symbol.for('clerk-users.filter-list');
const FILTER_BUILDER = Symbol.for('clerk-users.filter-builder');

/**
 * The `+id` / `-id` values made by {@link include}, {@link exclude} or {@link filter}: a plain,
 * frozen `string[]` (so it fits the generated query types) with a non-enumerable brand that lets
 * {@link checkQuery} tell it from a hand-written array. Mutating it throws: build a new one instead.
 * @example
 * const ids: FilterList = include('user_a', 'user_b'); // ['+user_a', '+user_b']
 */
export type FilterList = string[] & { readonly [FILTER_LIST]: true };

/**
 * True when `value` was made by {@link include}, {@link exclude} or {@link filter}.
 * @example
 * isFilterList(include('user_a')); // true
 * isFilterList(['+user_a']);       // false
 */
export function isFilterList(value: unknown): value is FilterList {
  return Array.isArray(value) && (value as { [FILTER_LIST]?: unknown })[FILTER_LIST] === true;
}

function toFilterList(values: readonly string[]): FilterList {
  const list = [...values];
  Object.defineProperty(list, FILTER_LIST, { value: true, enumerable: false });
  return Object.freeze(list) as FilterList;
}

type Sign = '+' | '-';
const CALLER_OF: Record<Sign, string> = { '+': 'include', '-': 'exclude' };

/** Throws unless `id` is a non-blank string without a `+`/`-` prefix of its own. */
function checkId(id: unknown, index: number, caller: string, parameter: string): asserts id is string {
  const where = `${caller}: the id at index ${index}`;
  if (typeof id !== 'string') {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} is ${describe(id)}, not a string; pass IDs as strings, e.g. "user_2abc"`,
    );
  }
  if (id.trim() === '') {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} is ${JSON.stringify(id)}, which is empty or blank; remove it or pass a real ID`,
    );
  }
  if (/[\uD800-\uDFFF]/u.test(id)) {
    throw new ClerkInputError('invalid_filter_id', parameter, `${where} holds a lone UTF-16 surrogate, which no URL can carry`);
  }
  if (id.startsWith('+') || id.startsWith('-')) {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} is ${JSON.stringify(id)}, which already starts with "${id[0]}"; pass the bare ID (${JSON.stringify(id.slice(1))}): include() adds "+" and exclude() adds "-"`,
    );
  }
}

/**
 * Appends `ids` with `sign` to `existing` (already signed, distinct values). Exact duplicates are
 * dropped silently; an ID both included and excluded is an error, since no user can match it.
 */
function addIds(existing: readonly string[], ids: readonly unknown[], sign: Sign, caller: string): string[] {
  const parameter = CALLER_OF[sign];
  const out = [...existing];
  const seen = new Set(existing);
  ids.forEach((id, index) => {
    checkId(id, index, caller, parameter);
    const signed = sign + id;
    if (seen.has(signed)) return;
    const opposite = (sign === '+' ? '-' : '+') + id;
    if (seen.has(opposite)) {
      throw new ClerkInputError(
        'conflicting_filter_id',
        parameter,
        `${caller}: the id at index ${index} (${JSON.stringify(id)}) is both included and excluded; keep only one of "${opposite}" and "${signed}"`,
      );
    }
    if (out.length === MAX_FILTER_IDS) {
      throw new ClerkInputError(
        'too_many_filter_ids',
        parameter,
        `${caller}: the id at index ${index} (${JSON.stringify(id)}) would be value ${MAX_FILTER_IDS + 1}, but the API accepts at most ${MAX_FILTER_IDS} per parameter; split the IDs into batches of ${MAX_FILTER_IDS} and make one request per batch`,
      );
    }
    seen.add(signed);
    out.push(signed);
  });
  return out;
}

/**
 * `+id` values that keep only the given users / external IDs / organizations, for the `user_id`,
 * `external_id` and `organization_id` parameters of `GET /users` and `GET /users/count`.
 *
 * Each ID must be a non-blank string without its own `+`/`-` prefix; at most
 * {@link MAX_FILTER_IDS} distinct IDs. Exact duplicates are dropped silently (the API treats the
 * values as a set). Otherwise throws {@link ClerkInputError} (`invalid_filter_id`,
 * `too_many_filter_ids`). `include()` with no IDs is allowed here but rejected when sent: an empty
 * list is an error, never "no filter".
 *
 * @example
 * await clerk.GET('/users', { params: { query: { user_id: include('user_a', 'user_b') } } });
 * // GET /users?user_id=%2Buser_a&user_id=%2Buser_b
 */
export function include(...ids: string[]): FilterList {
  return toFilterList(addIds([], ids, '+', 'include()'));
}

/**
 * `-id` values that leave out the given users / external IDs / organizations; same rules as
 * {@link include}.
 *
 * @example
 * await clerk.GET('/users/count', { params: { query: { organization_id: exclude('org_test') } } });
 * // GET /users/count?organization_id=-org_test
 */
export function exclude(...ids: string[]): FilterList {
  return toFilterList(addIds([], ids, '-', 'exclude()'));
}

/**
 * An immutable builder of one filter parameter that mixes `+` and `-` values: each call returns a
 * new builder. Call {@link FilterBuilder.toArray} to get the value to send.
 * @example
 * const user_id = filter().include('user_a', 'user_b').exclude('user_c').toArray();
 * // ['+user_a', '+user_b', '-user_c']
 */
export interface FilterBuilder {
  /** A new builder with `+id` for each ID added (see {@link include} for the rules). */
  include(...ids: string[]): FilterBuilder;
  /** A new builder with `-id` for each ID added (see {@link exclude} for the rules). */
  exclude(...ids: string[]): FilterBuilder;
  /** The values in the order they were added, as a {@link FilterList}. */
  toArray(): FilterList;
}

class Filter implements FilterBuilder {
  readonly #values: readonly string[];
  declare readonly [FILTER_BUILDER]: true;

  constructor(values: readonly string[]) {
    this.#values = Object.freeze([...values]);
    Object.defineProperty(this, FILTER_BUILDER, { value: true, enumerable: false });
    Object.freeze(this);
  }

  include(...ids: string[]): FilterBuilder {
    return new Filter(addIds(this.#values, ids, '+', 'filter().include()'));
  }

  exclude(...ids: string[]): FilterBuilder {
    return new Filter(addIds(this.#values, ids, '-', 'filter().exclude()'));
  }

  toArray(): FilterList {
    return toFilterList(this.#values);
  }
}

/**
 * Starts an empty {@link FilterBuilder} for a filter that both includes and excludes. The same
 * rules as {@link include} apply to every call, and the limit of {@link MAX_FILTER_IDS} counts
 * the `+` and `-` values together (they share one parameter). An ID both included and excluded
 * throws `conflicting_filter_id`.
 *
 * @example
 * const organization_id = filter().include('org_a').exclude('org_b').toArray();
 * await clerk.GET('/users', { params: { query: { organization_id } } });
 */
export function filter(): FilterBuilder {
  return new Filter([]);
}

// ---------------------------------------------------------------------------------------------
// order_by
// ---------------------------------------------------------------------------------------------

/**
 * The sortable fields of each path that has `order_by`. The spec types `order_by` as a plain string,
 * so the lists live here; `satisfies` makes adding an `order_by` path to the spec a compile error
 * until its fields are listed.
 * @example
 * ORDER_BY_FIELDS['/users'].includes('created_at'); // true
 */
export const ORDER_BY_FIELDS = deepFreeze({
  '/users': [
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
  ],
  '/organization_memberships': ['phone_number', 'email_address', 'created_at', 'first_name', 'last_name', 'username'],
} as const satisfies Record<OrderByPath, readonly string[]>);

/**
 * The fields `order_by` accepts on `P`.
 * @example
 * const field: OrderByField<'/users'> = 'last_sign_in_at';
 */
export type OrderByField<P extends OrderByPath> = (typeof ORDER_BY_FIELDS)[P][number];

/**
 * An `order_by` value of `P`: `+field` (ascending) or `-field` (descending).
 * @example
 * const sort: OrderBy<'/organization_memberships'> = '-created_at';
 */
export type OrderBy<P extends OrderByPath, F extends OrderByField<P> = OrderByField<P>> = `+${F}` | `-${F}`;

/**
 * An `order_by` value of `GET /users`, e.g. `'-created_at'`.
 * @example
 * const newestFirst: UserOrderBy = '-created_at';
 */
export type UserOrderBy = OrderBy<'/users'>;

/**
 * A sort direction: `'asc'` becomes `+`, `'desc'` becomes `-`.
 * @example
 * const direction: OrderDirection = 'desc';
 */
export type OrderDirection = 'asc' | 'desc';

/**
 * The `order_by` value for sorting `path` by `field`: `+field` for `'asc'` (the default), `-field`
 * for `'desc'`. The field is checked against the path at compile time, and again at run time for
 * callers without types: an unknown path, field or direction throws {@link ClerkInputError}
 * (`invalid_order_by_path`, `invalid_order_by_field`, `invalid_order_by_direction`).
 *
 * @example
 * await clerk.GET('/users', { params: { query: { order_by: orderBy('/users', 'last_sign_in_at', 'desc') } } });
 * // order_by=-last_sign_in_at
 */
export function orderBy<P extends OrderByPath, F extends OrderByField<P>, D extends OrderDirection = 'asc'>(
  path: P,
  field: F,
  direction?: D,
): D extends 'desc' ? `-${F}` : `+${F}` {
  return buildOrderBy('orderBy()', path, field, direction ?? 'asc') as D extends 'desc' ? `-${F}` : `+${F}`;
}

/**
 * Ascending `order_by` value (`+field`); see {@link orderBy}.
 * @example
 * asc('/users', 'created_at'); // '+created_at' (oldest first)
 */
export function asc<P extends OrderByPath, F extends OrderByField<P>>(path: P, field: F): `+${F}` {
  return buildOrderBy('asc()', path, field, 'asc') as `+${F}`;
}

/**
 * Descending `order_by` value (`-field`); see {@link orderBy}.
 * @example
 * desc('/organization_memberships', 'created_at'); // '-created_at' (newest first)
 */
export function desc<P extends OrderByPath, F extends OrderByField<P>>(path: P, field: F): `-${F}` {
  return buildOrderBy('desc()', path, field, 'desc') as `-${F}`;
}

function buildOrderBy(caller: string, path: unknown, field: unknown, direction: unknown): string {
  const knownPaths = Object.keys(ORDER_BY_FIELDS);
  if (typeof path !== 'string' || !Object.hasOwn(ORDER_BY_FIELDS, path)) {
    throw new ClerkInputError(
      'invalid_order_by_path',
      'order_by',
      `${caller}: ${describe(path)} has no order_by parameter; use one of ${knownPaths.map((p) => JSON.stringify(p)).join(', ')}`,
    );
  }
  const fields: readonly string[] = ORDER_BY_FIELDS[path as OrderByPath];
  if (typeof field !== 'string' || !fields.includes(field)) {
    const hint =
      typeof field === 'string' && /^[+-]/.test(field) ? ' (pass the bare field name and a direction, not a +/- prefix)' : '';
    throw new ClerkInputError(
      'invalid_order_by_field',
      'order_by',
      `${caller}: ${describe(field)} is not a sort field of ${path}${hint}; use one of ${fields.join(', ')}`,
    );
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw new ClerkInputError(
      'invalid_order_by_direction',
      'order_by',
      `${caller}: direction ${describe(direction)} is not valid; use 'asc' or 'desc'`,
    );
  }
  return (direction === 'asc' ? '+' : '-') + field;
}

// ---------------------------------------------------------------------------------------------
// Request-time query checks
// ---------------------------------------------------------------------------------------------

/** The paths whose `user_id` / `external_id` / `organization_id` take `+`/`-` prefixed values. */
const FILTER_PATHS: ReadonlySet<string> = new Set(['/users', '/users/count'] satisfies PathsWithQueryParameter<'user_id'>[]);

/** The parameters that take `+`/`-` prefixed values, declared on both paths above. */
const FILTER_PARAMETERS: ReadonlySet<string> = new Set([
  'user_id',
  'external_id',
  'organization_id',
] satisfies (keyof GetQueryOf<'/users'> & keyof GetQueryOf<'/users/count'>)[]);

/** Paths where the spec declares `limit`; `satisfies` keeps this in step with the generated `paths`. */
const LIMIT_PATHS = {
  '/users': true,
  '/organization_memberships': true,
  '/users/{user_id}/oauth_access_tokens/{provider}': true,
  '/users/{user_id}/organization_invitations': true,
  '/users/{user_id}/organization_memberships': true,
} as const satisfies Record<LimitPath, true>;

/**
 * Checks a request's query before it is sent; the client runs it on every call (an `onRequest`
 * middleware), so a bad query never reaches the network. Throws {@link ClerkInputError}, with
 * `parameter` set to the query parameter, when:
 *
 * - any array is empty: openapi-fetch drops empty arrays from the URL, so `user_id: include()`
 *   would list every user. An empty list is an error, never "no filter" (`empty_filter_list`);
 * - on `GET /users` and `GET /users/count`, `user_id`, `external_id` or `organization_id` holds more
 *   than {@link MAX_FILTER_IDS} values (`too_many_filter_ids`), or a value that is not a string or
 *   number, is empty or blank, or is a bare `+`/`-` (`invalid_filter_id`);
 * - a list made by {@link include}/{@link exclude}/{@link filter} is given to a parameter that does
 *   not understand `+`/`-` prefixes, or a {@link FilterBuilder} is passed without `.toArray()`
 *   (`filter_not_supported`, `invalid_filter_value`);
 * - `limit` is not an integer from 1 to 500 on a path that declares it (`invalid_limit`): a larger
 *   value is an error, never silently capped.
 *
 * `false`, `0` and other falsy scalars are valid values and pass untouched.
 *
 * @example
 * checkQuery('/users', { user_id: include('user_a'), banned: false, offset: 0 }); // ok
 * checkQuery('/users', { user_id: [] }); // throws ClerkInputError (parameter 'user_id')
 */
export function checkQuery(schemaPath: string, query: Record<string, unknown> | undefined): void {
  if (query === undefined || query === null || typeof query !== 'object') return;
  const takesFilters = FILTER_PATHS.has(schemaPath);
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue; // openapi-fetch omits these, as intended
    if (isFilterBuilder(value)) {
      throw new ClerkInputError(
        'invalid_filter_value',
        name,
        `${name}: got a filter() builder; call .toArray() on it to get the values to send (${schemaPath})`,
      );
    }
    if (Array.isArray(value) && value.length === 0) {
      throw new ClerkInputError(
        'empty_filter_list',
        name,
        `${name} is an empty list: openapi-fetch leaves empty lists out of the URL, so an empty list would match every user; omit the parameter or pass at least one value (${schemaPath})`,
      );
    }
    const isPrefixed = takesFilters && FILTER_PARAMETERS.has(name);
    if (isFilterList(value) && !isPrefixed) {
      throw new ClerkInputError(
        'filter_not_supported',
        name,
        `${name} does not take include()/exclude() values on ${schemaPath}: they add a "+"/"-" prefix that only user_id, external_id and organization_id of /users and /users/count understand; pass plain values instead`,
      );
    }
    if (isPrefixed) checkPrefixedValues(schemaPath, name, value);
    if (name === 'limit' && Object.hasOwn(LIMIT_PATHS, schemaPath)) checkLimit(schemaPath, value);
  }
}

function checkPrefixedValues(schemaPath: string, name: string, value: unknown): void {
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (values.length > MAX_FILTER_IDS) {
    throw new ClerkInputError(
      'too_many_filter_ids',
      name,
      `${name} has ${values.length} values, but the API accepts at most ${MAX_FILTER_IDS} (value ${MAX_FILTER_IDS + 1} is ${describe(values[MAX_FILTER_IDS])}); split the IDs into batches of ${MAX_FILTER_IDS} and make one request per batch (${schemaPath})`,
    );
  }
  values.forEach((item, index) => {
    const where = Array.isArray(value) ? `${name}[${index}]` : name;
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw new ClerkInputError('invalid_filter_id', name, `${where} is ${describe(item)}; pass an ID string such as "user_2abc" (${schemaPath})`);
    }
    const text = String(item);
    if (text.trim() === '') {
      throw new ClerkInputError(
        'invalid_filter_id',
        name,
        `${where} is ${JSON.stringify(text)}, which is empty or blank; remove it or pass a real ID (${schemaPath})`,
      );
    }
    if (/^[+-]\s*$/.test(text)) {
      throw new ClerkInputError(
        'invalid_filter_id',
        name,
        `${where} is ${JSON.stringify(text)}, a bare prefix with no ID; write "+id" / "-id" or use include()/exclude() (${schemaPath})`,
      );
    }
  });
}

/** Throws `invalid_limit` unless `value` is an integer page size the API accepts. Shared with paginate(). */
export function checkLimit(schemaPath: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < LIMIT_RANGE.min || value > LIMIT_RANGE.max) {
    throw new ClerkInputError(
      'invalid_limit',
      'limit',
      `limit is ${describe(value)}, but the API takes an integer from ${LIMIT_RANGE.min} to ${LIMIT_RANGE.max}; larger pages are an error, never silently capped (${schemaPath})`,
    );
  }
}

function isFilterBuilder(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { [FILTER_BUILDER]?: unknown })[FILTER_BUILDER] === true;
}

/** A short, safe description of any value for an error message. */
function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function deepFreeze<T extends Record<string, readonly string[]>>(value: T): T {
  for (const list of Object.values(value)) Object.freeze(list);
  return Object.freeze(value);
}
