/**
 * The `+`/`-` list builder for the `user_id`, `external_id` and `organization_id` parameters of
 * `GET /users` and `GET /users/count`: {@link include}, {@link exclude} and {@link filter}.
 *
 * Decision: an empty list (`user_id: include()`) is an error when the request is made (see
 * src/input-checks.ts), never "no filter". Omit the parameter to list everyone.
 */
import { describeValue, hasLoneSurrogate } from './describe-value.ts';
import { ClerkInputError } from './errors/classes.ts';

/** The most values the API accepts in one `user_id`, `external_id` or `organization_id` parameter. */
export const MAX_FILTER_IDS = 100;

// Symbol.for, like the error brand: a list made by another copy of this package is still recognised.
const FILTER_LIST = Symbol.for('clerk-users.filter-list');
const FILTER_BUILDER = Symbol.for('clerk-users.filter-builder');

/**
 * The `+id` / `-id` values made by {@link include}, {@link exclude} or {@link filter}: a plain,
 * frozen `string[]` (so it fits the generated query types) with a non-enumerable brand that lets
 * the request checks tell it from a hand-written array. Mutating it throws: build a new one instead.
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
      `${where} is ${describeValue(id)}, not a string; pass IDs as strings, e.g. "user_2abc"`,
    );
  }
  if (id.trim() === '') {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} is ${JSON.stringify(id)}, which is empty or blank; remove it or pass a real ID`,
    );
  }
  if (hasLoneSurrogate(id)) {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} holds a lone UTF-16 surrogate, which no URL can carry`,
    );
  }
  if (id.startsWith('+') || id.startsWith('-')) {
    throw new ClerkInputError(
      'invalid_filter_id',
      parameter,
      `${where} is ${JSON.stringify(id)}, which already starts with "${id[0]}"; ` +
        `pass the bare ID (${JSON.stringify(id.slice(1))}): include() adds "+" and exclude() adds "-"`,
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
        `${caller}: the id at index ${index} (${JSON.stringify(id)}) is both included and excluded; ` +
          `keep only one of "${opposite}" and "${signed}"`,
      );
    }
    if (out.length === MAX_FILTER_IDS) {
      throw new ClerkInputError(
        'too_many_filter_ids',
        parameter,
        `${caller}: the id at index ${index} (${JSON.stringify(id)}) would be value ${MAX_FILTER_IDS + 1}, ` +
          `but the API accepts at most ${MAX_FILTER_IDS} per parameter; ` +
          `split the IDs into batches of ${MAX_FILTER_IDS} and make one request per batch`,
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

/**
 * True when `value` is a {@link FilterBuilder} (passed without `.toArray()`).
 * @example
 * isFilterBuilder(filter()); // true
 */
export function isFilterBuilder(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { [FILTER_BUILDER]?: unknown })[FILTER_BUILDER] === true
  );
}
