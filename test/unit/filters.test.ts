import { describe, expect, it } from 'vitest';
import { exclude, filter, include, isFilterList, MAX_FILTER_IDS } from '../../src/filters.ts';
import { asc, desc, ORDER_BY_FIELDS, orderBy } from '../../src/order-by.ts';
import { ids, inputErrorOf } from '../support/caught.ts';

describe('include() and exclude()', () => {
  it('prefixes each id with + for include and - for exclude, in order', () => {
    expect([...include('user_a', 'user_b')]).toEqual(['+user_a', '+user_b']);
    expect([...exclude('org_1', 'org_2', 'org_3')]).toEqual(['-org_1', '-org_2', '-org_3']);
  });

  it('returns a plain, frozen, branded array', () => {
    const list = include('user_a');
    expect(Array.isArray(list)).toBe(true);
    expect(Object.isFrozen(list)).toBe(true);
    expect(isFilterList(list)).toBe(true);
    expect(isFilterList(['+user_a'])).toBe(false);
    expect(isFilterList('+user_a')).toBe(false);
    // the brand is not enumerable: JSON and spreading see only the values
    expect(JSON.stringify(list)).toBe('["+user_a"]');
    expect(Object.keys(list)).toEqual(['0']);
    expect(() => (list as string[]).push('+user_b')).toThrow(TypeError);
  });

  it('drops exact duplicates silently and keeps the first occurrence', () => {
    expect([...include('user_a', 'user_b', 'user_a')]).toEqual(['+user_a', '+user_b']);
    expect([...exclude('x', 'x', 'x')]).toEqual(['-x']);
  });

  it('allows no ids at creation (the empty list is rejected when sent)', () => {
    expect([...include()]).toEqual([]);
    expect(isFilterList(exclude())).toBe(true);
  });

  it.each([
    ['an empty string', '', 1, '""'],
    ['a blank string', '   ', 1, '"   "'],
    ['a tab', '\t', 1, '"\\t"'],
  ])('rejects %s with its index and a fix', (_, bad, index, shown) => {
    const error = inputErrorOf(() => include('user_a', bad as string));
    expect(error.code).toBe('invalid_filter_id');
    expect(error.parameter).toBe('include');
    expect(error.message).toContain(`index ${index}`);
    expect(error.message).toContain(shown);
    expect(error.message).toContain('empty or blank');
    expect(error.message).toContain('remove it or pass a real ID');
  });

  it('rejects an id that already starts with + or -, naming the bare id to pass', () => {
    const plus = inputErrorOf(() => include('+user_a'));
    expect(plus.code).toBe('invalid_filter_id');
    expect(plus.message).toContain('index 0');
    expect(plus.message).toContain('"+user_a"');
    expect(plus.message).toContain('pass the bare ID ("user_a")');

    const minus = inputErrorOf(() => exclude('ok', '-user_b'));
    expect(minus.code).toBe('invalid_filter_id');
    expect(minus.parameter).toBe('exclude');
    expect(minus.message).toContain('exclude(): the id at index 1 is "-user_b"');

    expect(inputErrorOf(() => include('+')).code).toBe('invalid_filter_id');
  });

  it('rejects ids that are not strings (callers without types)', () => {
    const error = inputErrorOf(() => (include as (...ids: unknown[]) => string[])('user_a', 42));
    expect(error.code).toBe('invalid_filter_id');
    expect(error.message).toContain('index 1 is 42, not a string');
    expect(inputErrorOf(() => (exclude as (...ids: unknown[]) => string[])(null)).message).toContain('null');
  });

  it('accepts exactly 100 ids', () => {
    const list = include(...ids(MAX_FILTER_IDS));
    expect(MAX_FILTER_IDS).toBe(100);
    expect(list).toHaveLength(100);
    expect(list[99]).toBe('+user_100');
  });

  it('rejects more than 100 user ids with a clear error', () => {
    const error = inputErrorOf(() => include(...ids(101)));
    expect(error.code).toBe('too_many_filter_ids');
    expect(error.parameter).toBe('include');
    expect(error.message).toContain('index 100 ("user_101")');
    expect(error.message).toContain('at most 100');
    expect(error.message).toContain('batches of 100');
    expect(inputErrorOf(() => exclude(...ids(150))).code).toBe('too_many_filter_ids');
  });

  it('counts distinct ids toward the limit, so 100 ids plus a duplicate pass', () => {
    expect(include(...ids(100), 'user_1')).toHaveLength(100);
  });
});

describe('filter() builder', () => {
  it('combines includes and excludes in the order added', () => {
    const values = filter().include('a', 'b').exclude('c').include('d').toArray();
    expect([...values]).toEqual(['+a', '+b', '-c', '+d']);
    expect(isFilterList(values)).toBe(true);
    expect(Object.isFrozen(values)).toBe(true);
  });

  it('is immutable: each call returns a new builder and leaves the old one alone', () => {
    const base = filter().include('a');
    const withB = base.include('b');
    const withC = base.exclude('c');
    expect([...base.toArray()]).toEqual(['+a']);
    expect([...withB.toArray()]).toEqual(['+a', '+b']);
    expect([...withC.toArray()]).toEqual(['+a', '-c']);
    expect(withB).not.toBe(base);
    expect(Object.isFrozen(base)).toBe(true);
  });

  it('returns a fresh array from each toArray()', () => {
    const builder = filter().include('a');
    expect(builder.toArray()).not.toBe(builder.toArray());
    expect([...filter().toArray()]).toEqual([]);
  });

  it('drops duplicates across calls', () => {
    expect([...filter().include('a').include('a', 'b').exclude('c', 'c').toArray()]).toEqual(['+a', '+b', '-c']);
  });

  it('rejects an id that is both included and excluded', () => {
    const error = inputErrorOf(() => filter().include('user_a').exclude('user_b', 'user_a'));
    expect(error.code).toBe('conflicting_filter_id');
    expect(error.parameter).toBe('exclude');
    expect(error.message).toContain('filter().exclude(): the id at index 1 ("user_a") is both included and excluded');
    expect(error.message).toContain('"+user_a"');
    expect(inputErrorOf(() => filter().exclude('x').include('x')).code).toBe('conflicting_filter_id');
  });

  it('applies the id rules to every call', () => {
    const error = inputErrorOf(() => filter().include('a').exclude(' '));
    expect(error.code).toBe('invalid_filter_id');
    expect(error.message).toContain('filter().exclude(): the id at index 0');
    expect(inputErrorOf(() => filter().include('-a')).code).toBe('invalid_filter_id');
  });

  it('counts + and - values together toward the limit of 100 per parameter', () => {
    const full = filter()
      .include(...ids(60))
      .exclude(...ids(40, 'other_'));
    expect(full.toArray()).toHaveLength(100);
    const error = inputErrorOf(() => full.exclude('one_more'));
    expect(error.code).toBe('too_many_filter_ids');
    expect(error.message).toContain('"one_more"');
    expect(error.message).toContain('value 101');
  });
});

describe('orderBy(), asc() and desc()', () => {
  it('yields +field for ascending (the default) and -field for descending', () => {
    expect(orderBy('/users', 'created_at')).toBe('+created_at');
    expect(orderBy('/users', 'last_sign_in_at', 'asc')).toBe('+last_sign_in_at');
    expect(orderBy('/users', 'last_sign_in_at', 'desc')).toBe('-last_sign_in_at');
    expect(asc('/organization_memberships', 'username')).toBe('+username');
    expect(desc('/organization_memberships', 'created_at')).toBe('-created_at');
  });

  it('accepts every listed field of each path', () => {
    for (const [path, fields] of Object.entries(ORDER_BY_FIELDS)) {
      for (const field of fields) {
        expect(orderBy(path as '/users', field as 'created_at', 'desc')).toBe(`-${field}`);
      }
    }
    expect(ORDER_BY_FIELDS['/users']).toHaveLength(10);
    expect(ORDER_BY_FIELDS['/organization_memberships']).toHaveLength(6);
    expect(Object.isFrozen(ORDER_BY_FIELDS['/users'])).toBe(true);
  });

  // The remaining cases bypass the types, as a JavaScript caller would.
  const untypedOrderBy = orderBy as (path: unknown, field: unknown, direction?: unknown) => string;

  it('rejects an unknown field and names the allowed fields', () => {
    const error = inputErrorOf(() => untypedOrderBy('/organization_memberships', 'updated_at'));
    expect(error.code).toBe('invalid_order_by_field');
    expect(error.parameter).toBe('order_by');
    expect(error.message).toContain('"updated_at" is not a sort field of /organization_memberships');
    expect(error.message).toContain('phone_number, email_address, created_at, first_name, last_name, username');
  });

  it('rejects a prefixed field with a hint to pass a direction instead', () => {
    const error = inputErrorOf(() => (asc as (p: unknown, f: unknown) => string)('/users', '-created_at'));
    expect(error.code).toBe('invalid_order_by_field');
    expect(error.message).toContain('asc():');
    expect(error.message).toContain('not a +/- prefix');
  });

  it('rejects an unknown direction', () => {
    const error = inputErrorOf(() => untypedOrderBy('/users', 'created_at', 'descending'));
    expect(error.code).toBe('invalid_order_by_direction');
    expect(error.parameter).toBe('order_by');
    expect(error.message).toContain('"descending"');
    expect(error.message).toContain("'asc' or 'desc'");
    expect(inputErrorOf(() => untypedOrderBy('/users', 'created_at', 'DESC')).code).toBe('invalid_order_by_direction');
  });

  it('rejects a path without order_by and lists the ones that have it', () => {
    const error = inputErrorOf(() => untypedOrderBy('/users/count', 'created_at'));
    expect(error.code).toBe('invalid_order_by_path');
    expect(error.message).toContain('"/users/count" has no order_by parameter');
    expect(error.message).toContain('"/users", "/organization_memberships"');
    // inherited object keys are not paths
    expect(inputErrorOf(() => untypedOrderBy('toString', 'created_at')).code).toBe('invalid_order_by_path');
  });
});
