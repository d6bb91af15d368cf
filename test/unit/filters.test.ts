import { describe, expect, it } from 'vitest';
import {
  ClerkInputError,
  LIMIT_RANGE,
  MAX_FILTER_IDS,
  ORDER_BY_FIELDS,
  asc,
  checkQuery,
  createClerkClient,
  desc,
  exclude,
  filter,
  include,
  isFilterList,
  orderBy,
  unwrap,
} from '../../src/index.ts';

/** Runs `fn`, expects a ClerkInputError, and returns it for closer checks. */
function inputErrorOf(fn: () => unknown): ClerkInputError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ClerkInputError);
  return caught as ClerkInputError;
}

const ids = (count: number, prefix = 'user_') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);

/** A fetch that records every request and answers with a JSON body, so nothing leaves the process. */
function recordingFetch(body: unknown = []) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

function clientWith(body?: unknown) {
  const recorder = recordingFetch(body);
  const client = createClerkClient({ secretKey: 'sk_test_x', baseUrl: 'http://127.0.0.1:9/v1', fetch: recorder.fetch });
  return { client, requests: recorder.requests };
}

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
    const full = filter().include(...ids(60)).exclude(...ids(40, 'other_'));
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

describe('checkQuery()', () => {
  it('accepts an absent query, valid filters, and falsy scalar values', () => {
    expect(() => checkQuery('/users', undefined)).not.toThrow();
    expect(() =>
      checkQuery('/users', {
        user_id: include('user_a'),
        external_id: ['+ext_1', 'ext_2', '-ext_3'],
        organization_id: filter().include('org_a').exclude('org_b').toArray(),
        email_address: ['a@example.com'],
        banned: false,
        offset: 0,
        query: '',
        limit: 1,
        order_by: '-created_at',
      }),
    ).not.toThrow();
  });

  it('rejects an empty include list, saying it would match every user', () => {
    const error = inputErrorOf(() => checkQuery('/users', { user_id: include() }));
    expect(error.code).toBe('empty_filter_list');
    expect(error.parameter).toBe('user_id');
    expect(error.message).toContain('an empty list would match every user; omit the parameter or pass at least one value');
  });

  it('rejects any empty array, on any parameter and path', () => {
    expect(inputErrorOf(() => checkQuery('/users', { email_address: [] })).parameter).toBe('email_address');
    expect(inputErrorOf(() => checkQuery('/users/count', { organization_id: [] })).code).toBe('empty_filter_list');
    expect(inputErrorOf(() => checkQuery('/users', { provider_user_id: filter().toArray() })).code).toBe('empty_filter_list');
  });

  it('skips undefined and null values, which openapi-fetch leaves out anyway', () => {
    expect(() => checkQuery('/users', { user_id: undefined, external_id: null, limit: undefined })).not.toThrow();
  });

  it('accepts 100 user ids and rejects 101, naming the parameter', () => {
    expect(() => checkQuery('/users', { user_id: ids(100) })).not.toThrow();
    const error = inputErrorOf(() => checkQuery('/users/count', { external_id: ids(101) }));
    expect(error.code).toBe('too_many_filter_ids');
    expect(error.parameter).toBe('external_id');
    expect(error.message).toContain('external_id has 101 values');
    expect(error.message).toContain('"user_101"');
  });

  it.each([
    ['', 'empty or blank'],
    ['  ', 'empty or blank'],
    ['+', 'a bare prefix with no ID'],
    ['-', 'a bare prefix with no ID'],
    ['+ ', 'a bare prefix with no ID'],
  ])('rejects the filter value %j with its position', (bad, reason) => {
    const error = inputErrorOf(() => checkQuery('/users', { organization_id: ['org_a', bad] }));
    expect(error.code).toBe('invalid_filter_id');
    expect(error.parameter).toBe('organization_id');
    expect(error.message).toContain(`organization_id[1] is ${JSON.stringify(bad)}`);
    expect(error.message).toContain(reason);
  });

  it('checks a single string given instead of an array', () => {
    expect(inputErrorOf(() => checkQuery('/users', { user_id: '-' })).message).toContain('user_id is "-"');
    expect(() => checkQuery('/users', { user_id: 'user_a' })).not.toThrow();
  });

  it('rejects values of the prefixed parameters that are not strings or numbers', () => {
    const error = inputErrorOf(() => checkQuery('/users', { user_id: ['user_a', null] }));
    expect(error.code).toBe('invalid_filter_id');
    expect(error.message).toContain('user_id[1] is null');
  });

  it('applies the prefixed-value rules only to /users and /users/count', () => {
    // email_address values are matched exactly and are not checked for +/-
    expect(() => checkQuery('/users', { email_address: ['+'] })).not.toThrow();
    expect(() => checkQuery('/users/{user_id}/organization_memberships', { user_id: ['+'] })).not.toThrow();
  });

  it('rejects an include() list on a parameter that does not take +/- prefixes', () => {
    const error = inputErrorOf(() => checkQuery('/users', { email_address: include('a@example.com') }));
    expect(error.code).toBe('filter_not_supported');
    expect(error.parameter).toBe('email_address');
    expect(error.message).toContain('pass plain values instead');
  });

  it('rejects a filter() builder passed without toArray()', () => {
    const error = inputErrorOf(() => checkQuery('/users', { user_id: filter().include('a') }));
    expect(error.code).toBe('invalid_filter_value');
    expect(error.message).toContain('.toArray()');
  });

  it('accepts limit 1 and 500 and rejects 0, 501, fractions and strings, never capping', () => {
    expect(LIMIT_RANGE).toEqual({ min: 1, max: 500 });
    for (const path of ['/users', '/organization_memberships', '/users/{user_id}/organization_invitations']) {
      expect(() => checkQuery(path, { limit: 1 })).not.toThrow();
      expect(() => checkQuery(path, { limit: 500 })).not.toThrow();
      for (const bad of [0, 501, -1, 2.5, Number.NaN, '10']) {
        const error = inputErrorOf(() => checkQuery(path, { limit: bad }));
        expect(error.code).toBe('invalid_limit');
        expect(error.parameter).toBe('limit');
        expect(error.message).toContain('an integer from 1 to 500');
        expect(error.message).toContain(path);
      }
    }
  });

  it('leaves limit alone on paths whose spec does not declare it', () => {
    expect(() => checkQuery('/users/count', { limit: 9999 })).not.toThrow();
  });
});

describe('query checks through the client', () => {
  it('does not send the request for an empty include list', async () => {
    const { client, requests } = clientWith();
    await expect(client.GET('/users', { params: { query: { user_id: include() } } })).rejects.toMatchObject({
      code: 'empty_filter_list',
      parameter: 'user_id',
    });
    await expect(client.GET('/users/count', { params: { query: { email_address: [] } } })).rejects.toBeInstanceOf(
      ClerkInputError,
    );
    expect(requests).toHaveLength(0);
  });

  it('does not send the request for too many ids or an out-of-range limit', async () => {
    const { client, requests } = clientWith();
    await expect(client.GET('/users', { params: { query: { user_id: ids(101) } } })).rejects.toMatchObject({
      code: 'too_many_filter_ids',
    });
    await expect(client.GET('/users', { params: { query: { limit: 501 } } })).rejects.toMatchObject({ code: 'invalid_limit' });
    await expect(
      client.GET('/users/{user_id}/organization_memberships', { params: { path: { user_id: 'user_a' }, query: { limit: 0 } } }),
    ).rejects.toMatchObject({ code: 'invalid_limit' });
    expect(requests).toHaveLength(0);
  });

  it('sends false and 0 values and percent-encodes the + prefix', async () => {
    const { client, requests } = clientWith();
    const { response } = await client.GET('/users', {
      params: {
        query: {
          user_id: filter().include('user_a').exclude('user_b').toArray(),
          banned: false,
          offset: 0,
          limit: 500,
          order_by: desc('/users', 'created_at'),
        },
      },
    });
    expect(response.status).toBe(200);
    expect(requests).toHaveLength(1);
    const url = new URL((requests[0] as Request).url);
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9/v1/users');
    expect(url.search).toContain('user_id=%2Buser_a&user_id=-user_b');
    expect(url.search).toContain('banned=false');
    expect(url.search).toContain('offset=0');
    expect(url.search).toContain('limit=500');
    expect(url.searchParams.getAll('user_id')).toEqual(['+user_a', '-user_b']);
    expect(url.searchParams.get('order_by')).toBe('-created_at');
  });

  it('sends a counted request with include and exclude lists through unwrap', async () => {
    const { client, requests } = clientWith({ object: 'total_count', total_count: 3 });
    const count = await unwrap(
      client.GET('/users/count', { params: { query: { organization_id: include('org_a'), user_id: exclude('user_z') } } }),
    );
    expect(count.total_count).toBe(3);
    expect(new URL((requests[0] as Request).url).search).toBe('?organization_id=%2Borg_a&user_id=-user_z');
  });
});
