/**
 * Every check made before a request is sent, used by the client on each call, by `paginate` before
 * its walk and by the command line. A failed check throws {@link ClerkInputError} naming the
 * parameter, and nothing reaches the network.
 *
 * Decision: an empty list (`user_id: include()`, `email_address: []`) is an error, never "no filter".
 */
import { describeValue, hasLoneSurrogate } from './describe-value.ts';
import { ClerkInputError } from './errors/classes.ts';
import { isFilterBuilder, isFilterList, MAX_FILTER_IDS } from './filters.ts';
import type { GeneratedQueryOf, PathsWithQueryParameter } from './schema-types.ts';

/** The smallest and largest page size (`limit`) the API accepts. */
export const LIMIT_RANGE = Object.freeze({ min: 1, max: 500 } as const);

/** The largest `concurrency` of `paginate`: more parallel requests than this only meet the rate limit sooner. */
export const MAX_CONCURRENCY = 32;

/** Paths whose GET declares `limit`: the ones {@link checkQuery} range-checks. */
type LimitPath = PathsWithQueryParameter<'limit'>;

/** The paths whose `user_id` / `external_id` / `organization_id` take `+`/`-` prefixed values. */
const FILTER_PATHS: ReadonlySet<string> = new Set([
  '/users',
  '/users/count',
] satisfies PathsWithQueryParameter<'user_id'>[]);

/** The parameters that take `+`/`-` prefixed values, declared on both paths above. */
const FILTER_PARAMETERS: ReadonlySet<string> = new Set([
  'user_id',
  'external_id',
  'organization_id',
] satisfies (keyof GeneratedQueryOf<'/users'> & keyof GeneratedQueryOf<'/users/count'>)[]);

/** Paths where the spec declares `limit`; `satisfies` keeps this in step with the generated `paths`. */
const LIMIT_PATHS = {
  '/users': true,
  '/organization_memberships': true,
  '/users/{user_id}/oauth_access_tokens/{provider}': true,
  '/users/{user_id}/organization_invitations': true,
  '/users/{user_id}/organization_memberships': true,
} as const satisfies Record<LimitPath, true>;

/**
 * Checks a request's query before it is sent; the client runs it on every call, so a bad query never
 * reaches the network. Throws {@link ClerkInputError}, with
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
 *   value is an error, never silently capped;
 * - a string holds a lone UTF-16 surrogate, which no URL can carry (`invalid_query_value`);
 * - `starting_after` comes with a non-zero `offset` (`cursor_with_offset`): the API answers 422.
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
        `${name} is an empty list: openapi-fetch leaves empty lists out of the URL, so an empty list would match every user; ` +
          `omit the parameter or pass at least one value (${schemaPath})`,
      );
    }
    const isPrefixed = takesFilters && FILTER_PARAMETERS.has(name);
    if (isFilterList(value) && !isPrefixed) {
      throw new ClerkInputError(
        'filter_not_supported',
        name,
        `${name} does not take include()/exclude() values on ${schemaPath}: they add a "+"/"-" prefix that only ` +
          'user_id, external_id and organization_id of /users and /users/count understand; ' +
          `pass plain values instead`,
      );
    }
    if (isPrefixed) checkPrefixedValues(schemaPath, name, value);
    if (name === 'limit' && Object.hasOwn(LIMIT_PATHS, schemaPath)) checkLimit(schemaPath, value);
    // Percent-encoding a lone surrogate would throw a bare URIError while the URL is built.
    if (typeof value === 'string' ? hasLoneSurrogate(value) : Array.isArray(value) && value.some(isUnencodable)) {
      throw new ClerkInputError(
        'invalid_query_value',
        name,
        `query parameter ${name} holds a lone UTF-16 surrogate, which no URL can carry`,
      );
    }
  }
  checkCursorAndOffset(query);
}

function checkPrefixedValues(schemaPath: string, name: string, value: unknown): void {
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  if (values.length > MAX_FILTER_IDS) {
    throw new ClerkInputError(
      'too_many_filter_ids',
      name,
      `${name} has ${values.length} values, but the API accepts at most ${MAX_FILTER_IDS} ` +
        `(value ${MAX_FILTER_IDS + 1} is ${describeValue(values[MAX_FILTER_IDS])}); ` +
        `split the IDs into batches of ${MAX_FILTER_IDS} and make one request per batch (${schemaPath})`,
    );
  }
  values.forEach((item, index) => {
    const where = Array.isArray(value) ? `${name}[${index}]` : name;
    if (typeof item !== 'string' && typeof item !== 'number') {
      throw new ClerkInputError(
        'invalid_filter_id',
        name,
        `${where} is ${describeValue(item)}; pass an ID string such as "user_2abc" (${schemaPath})`,
      );
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
        `${where} is ${JSON.stringify(text)}, a bare prefix with no ID; ` +
          `write "+id" / "-id" or use include()/exclude() (${schemaPath})`,
      );
    }
  });
}

/**
 * Throws `invalid_limit` unless `value` is an integer page size the API accepts.
 * @example
 * checkLimit('/users', 500); // ok
 */
function checkLimit(schemaPath: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < LIMIT_RANGE.min || value > LIMIT_RANGE.max) {
    throw new ClerkInputError(
      'invalid_limit',
      'limit',
      `limit is ${describeValue(value)}, but the API takes an integer from ${LIMIT_RANGE.min} to ${LIMIT_RANGE.max}; ` +
        `larger pages are an error, never silently capped (${schemaPath})`,
    );
  }
}

/** Throws `cursor_with_offset` when `starting_after` comes with a non-zero `offset` (the API answers 422). */
function checkCursorAndOffset(query: Record<string, unknown>): void {
  const offset = query.offset;
  if (query.starting_after !== undefined && query.starting_after !== null && typeof offset === 'number' && offset > 0) {
    throw new ClerkInputError(
      'cursor_with_offset',
      'offset',
      'starting_after and a non-zero offset cannot be combined (the API answers 422); pass one of them',
    );
  }
}

/**
 * Rejects path values that URL parsing would collapse or drop (missing, blank, `.`, `..`) or that no URL
 * can carry (a lone surrogate): without this, `user_id: '..'` would address the API root and `''` the
 * list endpoint.
 * @example
 * checkPathParameters('/users/{user_id}', { user_id: 'user_1' }); // ok
 */
export function checkPathParameters(pathname: string, pathParams: Record<string, unknown> | undefined): void {
  for (const name of pathParameterNames(pathname)) {
    const value = pathParams?.[name];
    if (value === undefined || value === null) {
      throw new ClerkInputError('missing_path_parameter', name, `path parameter ${name} is missing for ${pathname}`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ClerkInputError(
        'invalid_path_parameter',
        name,
        `path parameter ${name} must be a string, got ${typeof value} (${pathname})`,
      );
    }
    const text = String(value);
    if (text.trim() === '') {
      throw new ClerkInputError(
        'invalid_path_parameter',
        name,
        `path parameter ${name} is empty or blank (${pathname})`,
      );
    }
    if (text === '.' || text === '..') {
      throw new ClerkInputError(
        'invalid_path_parameter',
        name,
        `path parameter ${name} is ${JSON.stringify(text)}, which URL parsing would remove (${pathname})`,
      );
    }
    if (hasLoneSurrogate(text)) {
      throw new ClerkInputError(
        'invalid_path_parameter',
        name,
        `path parameter ${name} holds a lone UTF-16 surrogate, which no URL can carry (${pathname})`,
      );
    }
  }
}

const parameterNamesByPath = new Map<string, readonly string[]>();
/** The `{name}`s of a path template, parsed once per template. */
function pathParameterNames(pathname: string): readonly string[] {
  let names = parameterNamesByPath.get(pathname);
  if (names === undefined) {
    names = Array.from(pathname.matchAll(/\{([^}]+)\}/g), (match) => match[1] as string);
    // Templates come from the typed paths; the bound only guards against untyped callers.
    if (parameterNamesByPath.size < 1000) parameterNamesByPath.set(pathname, names);
  }
  return names;
}

function isUnencodable(value: unknown): boolean {
  return typeof value === 'string' && hasLoneSurrogate(value);
}

/** What `paginate` checks before its first request, besides the query itself. */
export interface PaginateInput {
  path: string;
  query: Record<string, unknown>;
  maxItems: number;
  concurrency: number;
  /** Whether the walk follows the `starting_after` cursor. */
  cursorMode: boolean;
}

/**
 * The checks of a `paginate` walk: page size, `maxItems`, `offset`, `concurrency` and what a
 * concurrent walk of `/users` cannot start from.
 * @example
 * checkPaginate({ path: '/users', query: {}, maxItems: Infinity, concurrency: 4, cursorMode: true }); // ok
 */
export function checkPaginate({ path, query, maxItems, concurrency, cursorMode }: PaginateInput): void {
  if (query.limit !== undefined) checkLimit(path, query.limit);
  checkMaxItems(maxItems);
  const offset = query.offset ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0) {
    throw new ClerkInputError(
      'invalid_offset',
      'offset',
      `offset must be a whole number of at least 0, got ${String(offset)}`,
    );
  }
  checkCursorAndOffset(query);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new ClerkInputError(
      'invalid_concurrency',
      'concurrency',
      `concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(concurrency)}`,
    );
  }
  if (concurrency > 1 && path === '/users') {
    if (!cursorMode) {
      throw new ClerkInputError(
        'concurrency_needs_created_at_order',
        'concurrency',
        'a concurrent walk of /users splits it by created_at, so it needs a created_at ordering ' +
          `(order_by is ${JSON.stringify(query.order_by)}); ` +
          `drop concurrency or order by created_at`,
      );
    }
    if (query.starting_after !== undefined || offset > 0) {
      throw new ClerkInputError(
        'concurrency_with_cursor',
        query.starting_after !== undefined ? 'starting_after' : 'offset',
        'a concurrent walk of /users cannot start from starting_after or an offset (it has no single position); ' +
          'use created_at_after to bound it, or walk with concurrency 1',
      );
    }
  }
}

/**
 * Throws `invalid_max_items` unless `value` is a whole number of at least 1. `paginate` also takes
 * Infinity (no cap); `collect()` (named by `caller`) needs a real bound.
 * @example
 * checkMaxItems(1000); // ok
 */
export function checkMaxItems(value: unknown, caller?: string): void {
  if (value === Number.POSITIVE_INFINITY && caller === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    const who = caller === undefined ? 'maxItems must be' : `${caller} needs maxItems,`;
    throw new ClerkInputError(
      'invalid_max_items',
      'maxItems',
      `${who} a whole number of at least 1, got ${String(value)}`,
    );
  }
}
