// The checks made before a request is sent (src/input-checks.ts), called directly and through the client.
import { describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { ClerkInputError } from '../../src/errors/classes.ts';
import { exclude, filter, include } from '../../src/filters.ts';
import { checkQuery, LIMIT_RANGE } from '../../src/input-checks.ts';
import { desc } from '../../src/order-by.ts';
import { unwrap } from '../../src/unwrap.ts';
import { ids, inputErrorOf } from '../support/caught.ts';

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
    expect(error.message).toContain(
      'an empty list would match every user; omit the parameter or pass at least one value',
    );
  });

  it('rejects any empty array, on any parameter and path', () => {
    expect(inputErrorOf(() => checkQuery('/users', { email_address: [] })).parameter).toBe('email_address');
    expect(inputErrorOf(() => checkQuery('/users/count', { organization_id: [] })).code).toBe('empty_filter_list');
    expect(inputErrorOf(() => checkQuery('/users', { provider_user_id: filter().toArray() })).code).toBe(
      'empty_filter_list',
    );
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
    await expect(client.GET('/users', { params: { query: { limit: 501 } } })).rejects.toMatchObject({
      code: 'invalid_limit',
    });
    await expect(
      client.GET('/users/{user_id}/organization_memberships', {
        params: { path: { user_id: 'user_a' }, query: { limit: 0 } },
      }),
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
      client.GET('/users/count', {
        params: { query: { organization_id: include('org_a'), user_id: exclude('user_z') } },
      }),
    );
    expect(count.total_count).toBe(3);
    expect(new URL((requests[0] as Request).url).search).toBe('?organization_id=%2Borg_a&user_id=-user_z');
  });
});

describe('checkQuery(): starting_after with offset', () => {
  it('rejects starting_after together with a non-zero offset, which the API answers with 422', () => {
    const error = inputErrorOf(() => checkQuery('/users', { starting_after: 'user_1', offset: 5 }));
    expect(error.code).toBe('cursor_with_offset');
    expect(error.parameter).toBe('offset');
    expect(() => checkQuery('/users', { starting_after: 'user_1', offset: 0 })).not.toThrow();
    expect(() => checkQuery('/users', { offset: 5 })).not.toThrow();
  });

  it('rejects it on a raw call before anything is sent', async () => {
    const { client, requests } = clientWith([]);
    const error = await client
      .GET('/users', { params: { query: { starting_after: 'user_1', offset: 5 } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClerkInputError);
    expect((error as ClerkInputError).code).toBe('cursor_with_offset');
    expect(requests).toHaveLength(0);
  });
});
