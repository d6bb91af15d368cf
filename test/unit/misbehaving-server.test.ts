// Servers that misbehave: a 2xx JSON body the spec cannot mean, list walks that stop making progress
// (a cursor that cycles, an offset that is ignored), pages that repeat an id. Each walk must end with
// a typed error after a handful of requests instead of looping.
import { describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { ClerkAPIError, ClerkResponseError } from '../../src/errors/classes.ts';
import { paginate } from '../../src/pagination.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';

const KEY = 'sk_test_misbehaving';

/** A client whose fetch answers with `answer(url)`; counts requests and fails loudly past `cap`. */
function serving(answer: (url: URL) => unknown, cap = 200) {
  const requests: URL[] = [];
  const client = createClerkClient({
    secretKey: KEY,
    baseUrl: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async (request) => {
      const url = new URL(request.url);
      requests.push(url);
      if (requests.length > cap)
        return new Response('{"errors":[{"code":"too_many_requests_in_test"}]}', { status: 400 });
      return Response.json(answer(url));
    },
  });
  return { client, requests };
}

async function drain<T>(items: AsyncIterable<T>): Promise<{ items: T[]; error: unknown }> {
  const out: T[] = [];
  try {
    for await (const item of items) out.push(item);
  } catch (error) {
    return { items: out, error };
  }
  return { items: out, error: undefined };
}

const user = (id: string, createdAt = 1_000) => ({ object: 'user', id, created_at: createdAt });

describe('unwrap() refuses a 2xx JSON body the spec cannot mean', () => {
  it.each([
    ['null', 'null', {}],
    ['a string', '"hello"', {}],
    ['a number', '42', {}],
    ['a boolean', 'true', {}],
    ['no body (content-length 0)', '', { 'content-length': '0' }],
  ])('%s: ClerkResponseError unexpected_body, never undefined or a primitive as data', async (_what, body, headers) => {
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async () =>
        new Response(body, { status: 200, headers: { 'content-type': 'application/json', ...headers } }),
    });
    const err = await caught(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })));
    expect(err).toBeInstanceOf(ClerkResponseError);
    expect(err).not.toBeInstanceOf(ClerkAPIError);
    expect((err as ClerkResponseError).code).toBe('unexpected_body');
    expect((err as ClerkResponseError).method).toBe('GET');
    expect((err as ClerkResponseError).path).toBe('/users/{user_id}');
    expect((err as ClerkResponseError).status).toBe(200);
  });

  it('still returns objects and arrays, and undefined for a 204', async () => {
    let status = 200;
    let body: string | null = '[]';
    const client = createClerkClient({
      secretKey: KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async () => new Response(body, { status, headers: { 'content-type': 'application/json' } }),
    });
    await expect(unwrap(client.GET('/users'))).resolves.toEqual([]);
    body = '{"object":"user","id":"user_1"}';
    await expect(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }))).resolves.toEqual({
      object: 'user',
      id: 'user_1',
    });
    status = 204;
    body = null;
    await expect(
      unwrap(client.DELETE('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })),
    ).resolves.toBeUndefined();
  });
});

describe('a cursor that cycles (page A → B → A)', () => {
  // A answers the first request and the one after B's last user; B the one after A's last user.
  const cycling = (url: URL) => {
    const after = url.searchParams.get('starting_after');
    if (url.searchParams.get('limit') === '1') return [user('user_a1', 2_000)]; // the concurrent walk's far end
    return after === 'user_a2'
      ? [user('user_b1', 1_500), user('user_b2', 1_400)]
      : [user('user_a1', 2_000), user('user_a2', 1_900)];
  };

  it('ends the sequential walk with cursor_not_advancing, every user passed on once', async () => {
    const { client, requests } = serving(cycling);
    const { items, error } = await drain(paginate(client, '/users', { params: { query: { limit: 2 } } }));
    expect(error).toBeInstanceOf(ClerkResponseError);
    expect((error as ClerkResponseError).code).toBe('cursor_not_advancing');
    expect(items.map((u) => u.id)).toEqual(['user_a1', 'user_a2', 'user_b1', 'user_b2']);
    expect(requests).toHaveLength(3);
  });

  it('ends the concurrent walk with cursor_not_advancing after a handful of requests', async () => {
    const { client, requests } = serving(cycling);
    const { items, error } = await drain(
      paginate(client, '/users', { params: { query: { limit: 2 } }, concurrency: 4 }),
    );
    expect(error).toBeInstanceOf(ClerkResponseError);
    expect((error as ClerkResponseError).code).toBe('cursor_not_advancing');
    expect(requests.length).toBeLessThan(50);
    expect(new Set(items.map((u) => u.id)).size).toBe(items.length);
  });

  it('passes a page that repeats an id on once per id', async () => {
    const { client } = serving(() => [user('user_1'), user('user_1'), user('user_2')]);
    const { items, error } = await drain(paginate(client, '/users', { params: { query: { limit: 5 } } }));
    expect(error).toBeUndefined();
    expect(items.map((u) => u.id)).toEqual(['user_1', 'user_2']);
  });
});

describe('an offset endpoint that ignores the offset and claims total_count: 1e9', () => {
  const samePage = () => ({
    data: [
      { object: 'organization_membership', id: 'orgmem_1' },
      { object: 'organization_membership', id: 'orgmem_2' },
    ],
    total_count: 1e9,
  });
  const path = '/users/{user_id}/organization_memberships' as const;
  const init = { params: { path: { user_id: 'user_1' }, query: { limit: 2 } } };

  it.each([1, 4])('ends with offset_not_advancing at concurrency %i, each item passed on once', async (concurrency) => {
    const { client, requests } = serving(samePage);
    const { items, error } = await drain(paginate(client, path, { ...init, concurrency }));
    expect(error).toBeInstanceOf(ClerkResponseError);
    expect((error as ClerkResponseError).code).toBe('offset_not_advancing');
    expect(items.map((m) => m.id)).toEqual(['orgmem_1', 'orgmem_2']);
    expect(requests.length).toBeLessThanOrEqual(1 + 3 + concurrency);
  });

  it('walks on through one or two pages of old items, as a list that grew ahead of the walk gives', async () => {
    // Offsets 2 and 4 answer pages already seen (the list grew by two pages), then the walk moves on.
    const { client } = serving((url) => {
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const ids = offset === 0 || offset === 2 ? [1, 2] : offset === 4 ? [1, 2] : [offset, offset + 1];
      return { data: ids.map((n) => ({ object: 'organization_membership', id: `orgmem_${n}` })), total_count: 10 };
    });
    const { items, error } = await drain(paginate(client, path, init));
    expect(error).toBeUndefined();
    expect(items.map((m) => m.id)).toEqual(['orgmem_1', 'orgmem_2', 'orgmem_6', 'orgmem_7', 'orgmem_8', 'orgmem_9']);
  });
});
