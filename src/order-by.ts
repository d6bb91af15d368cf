/**
 * `order_by`: the sortable fields of each path that has it ({@link ORDER_BY_FIELDS}), the types built
 * from them, and {@link orderBy} / {@link asc} / {@link desc}, whose field is checked against the
 * endpoint at compile time and at run time.
 */
import { describeValue } from './describe-value.ts';
import { ClerkInputError } from './errors/classes.ts';
import type { PathsWithQueryParameter } from './schema-types.ts';

/**
 * Every path of the spec whose GET takes an `order_by` query parameter (derived from the generated
 * `paths`, so a misspelt path is a compile error).
 * @example
 * const path: OrderByPath = '/users';
 */
export type OrderByPath = PathsWithQueryParameter<'order_by'>;

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
      `${caller}: ${describeValue(path)} has no order_by parameter; ` +
        `use one of ${knownPaths.map((p) => JSON.stringify(p)).join(', ')}`,
    );
  }
  const fields: readonly string[] = ORDER_BY_FIELDS[path as OrderByPath];
  if (typeof field !== 'string' || !fields.includes(field)) {
    const hint =
      typeof field === 'string' && /^[+-]/.test(field)
        ? ' (pass the bare field name and a direction, not a +/- prefix)'
        : '';
    throw new ClerkInputError(
      'invalid_order_by_field',
      'order_by',
      `${caller}: ${describeValue(field)} is not a sort field of ${path}${hint}; use one of ${fields.join(', ')}`,
    );
  }
  if (direction !== 'asc' && direction !== 'desc') {
    throw new ClerkInputError(
      'invalid_order_by_direction',
      'order_by',
      `${caller}: direction ${describeValue(direction)} is not valid; use 'asc' or 'desc'`,
    );
  }
  return (direction === 'asc' ? '+' : '-') + field;
}

/**
 * An `order_by` value of `P`: `'field'`, `'+field'` (ascending) or `'-field'` (descending), for the
 * fields {@link orderBy} accepts there. Values made by `orderBy()`, `asc()` and `desc()` fit.
 * @example
 * const sort: OrderByValue<'/users'> = '-created_at';
 */
export type OrderByValue<P extends OrderByPath> = OrderByField<P> | `+${OrderByField<P>}` | `-${OrderByField<P>}`;

/** The `order_by` values of `GET /users` that a `starting_after` cursor can follow (undefined: the default). */
const CREATED_AT_ORDERS: ReadonlySet<unknown> = new Set([undefined, 'created_at', '+created_at', '-created_at']);

/**
 * Whether a `GET /users` walk with this `order_by` can use the `starting_after` cursor: only the
 * `created_at` orderings (the default among them) are stable enough for it; others page by offset.
 * @example
 * usesCursor('/users', '-created_at'); // true
 */
export function usesCursor(path: string, orderBy: unknown): boolean {
  return path === '/users' && CREATED_AT_ORDERS.has(orderBy);
}

function deepFreeze<T extends Record<string, readonly string[]>>(value: T): T {
  for (const list of Object.values(value)) Object.freeze(list);
  return Object.freeze(value);
}
