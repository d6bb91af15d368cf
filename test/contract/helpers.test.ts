// The helpers (paginate, include/exclude, orderBy, unwrap) against the real Prism server: every page
// request they build must be one Prism finds valid for the spec, and the walks must stop on Prism's
// one-item answers after a single request.
import { describe, expect, inject, it } from 'vitest';
import {
  type ClerkUsersClient,
  ClerkValidationError,
  createClerkClient,
  exclude,
  include,
  orderBy,
  paginate,
  unwrap,
} from '../../src/index.ts';
import { requestViolations } from '../support/contract.ts';

const KEY = 'sk_test_contract';
/** The id of the spec's User example, which Prism answers with. */
const EXAMPLE_USER_ID = 'user_2Nq3xKx9';

interface Sent {
  method: string;
  url: URL;
  response: Response;
}

/** A client on Prism whose fetch records every request it sends and the response it got. */
function recordingClient(): { client: ClerkUsersClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = createClerkClient({
    secretKey: KEY,
    baseUrl: inject('prismUrl'),
    allowUnversionedBaseUrl: true, // Prism serves the spec's paths at its root
    fetch: async (request) => {
      const response = await fetch(request);
      sent.push({ method: request.method, url: new URL(request.url), response });
      return response;
    },
  });
  return { client, sent };
}

/** The request path relative to Prism's base URL. */
function pathOf(url: URL): string {
  const base = new URL(inject('prismUrl')).pathname.replace(/\/+$/, '');
  return url.pathname.slice(base.length);
}

function expectOneValidRequest(sent: Sent[], path: string): Sent {
  expect(sent.map((s) => `${s.method} ${pathOf(s.url)}`)).toEqual([`GET ${path}`]);
  const only = sent[0] as Sent;
  expect(only.response.status).toBe(200);
  expect(requestViolations(only.response)).toEqual([]);
  return only;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('helpers against Prism', () => {
  it('paginate(/users) with include, exclude, a created_at orderBy and limit: one valid cursor-mode request', async () => {
    const { client, sent } = recordingClient();
    const users = await all(
      paginate(client, '/users', {
        params: {
          query: {
            user_id: include('user_a', 'user_b'),
            organization_id: exclude('org_x'),
            order_by: orderBy('/users', 'created_at', 'desc'),
            limit: 10,
          },
        },
      }),
    );

    expect(users.map((u) => [u.object, u.id])).toEqual([['user', EXAMPLE_USER_ID]]);
    // Prism's page holds one user, fewer than the limit: the walk ends without a second request.
    const only = expectOneValidRequest(sent, '/users');
    const raw = only.url.search;
    expect(raw).toContain('user_id=%2Buser_a&user_id=%2Buser_b');
    expect(raw).toContain('organization_id=-org_x');
    expect(raw).toContain('order_by=-created_at');
    expect(raw).toContain('limit=10');
    expect(only.url.searchParams.has('starting_after')).toBe(false);
    expect(only.url.searchParams.has('offset')).toBe(false);
  });

  it('paginate(/users) with an ascending username orderBy: one valid offset-mode request', async () => {
    const { client, sent } = recordingClient();
    const pages = await all(
      paginate.pages(client, '/users', {
        params: { query: { user_id: include('user_a'), order_by: orderBy('/users', 'username', 'asc'), limit: 25 } },
      }),
    );

    expect(pages.map((p) => ({ mode: p.mode, index: p.index, ids: p.items.map((u) => u.id) }))).toEqual([
      { mode: 'offset', index: 0, ids: [EXAMPLE_USER_ID] },
    ]);
    const only = expectOneValidRequest(sent, '/users');
    expect(only.url.search).toContain('user_id=%2Buser_a');
    expect(only.url.search).toContain('order_by=%2Busername');
    expect(only.url.searchParams.get('offset')).toBe('0');
    expect(only.url.searchParams.get('limit')).toBe('25');
    expect(only.url.searchParams.has('starting_after')).toBe(false);
  });

  it('paginate(/organization_memberships) stops after one valid request and reports total_count', async () => {
    const { client, sent } = recordingClient();
    const pages = await all(
      paginate.pages(client, '/organization_memberships', {
        params: { query: { order_by: orderBy('/organization_memberships', 'created_at', 'desc'), limit: 20 } },
      }),
    );

    expect(pages).toHaveLength(1);
    expect(pages[0]?.mode).toBe('offset');
    expect(typeof pages[0]?.totalCount).toBe('number');
    expect(pages[0]?.items.map((m) => m.object)).toEqual(['organization_membership']);
    const only = expectOneValidRequest(sent, '/organization_memberships');
    expect(Object.fromEntries(only.url.searchParams)).toEqual({ order_by: '-created_at', limit: '20', offset: '0' });
  });

  it('paginate(/users/{user_id}/organization_memberships) stops after one valid request', async () => {
    const { client, sent } = recordingClient();
    const memberships = await all(
      paginate(client, '/users/{user_id}/organization_memberships', {
        params: { path: { user_id: EXAMPLE_USER_ID }, query: { limit: 50 } },
      }),
    );

    expect(memberships.map((m) => m.object)).toEqual(['organization_membership']);
    const only = expectOneValidRequest(sent, `/users/${EXAMPLE_USER_ID}/organization_memberships`);
    expect(Object.fromEntries(only.url.searchParams)).toEqual({ limit: '50', offset: '0' });
  });

  it('paginate.collect(/users) returns the example user from one valid request', async () => {
    const { client, sent } = recordingClient();
    const users = await paginate.collect(client, '/users', {
      params: { query: { external_id: exclude('crm-00000'), limit: 100 } },
      maxItems: 10,
    });

    expect(users.map((u) => u.id)).toEqual([EXAMPLE_USER_ID]);
    const only = expectOneValidRequest(sent, '/users');
    // collect() asks for at most maxItems + 1 items, to tell "exactly maxItems" from "more".
    expect(only.url.searchParams.get('limit')).toBe('11');
    expect(only.url.searchParams.getAll('external_id')).toEqual(['-crm-00000']);
  });

  it('paginate rejects with ClerkValidationError when Prism answers 422 (headers reach every page request)', async () => {
    const { client, sent } = recordingClient();
    let caught: unknown;
    try {
      await all(paginate(client, '/users', { params: { query: { limit: 10 } }, headers: { Prefer: 'code=422' } }));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ClerkValidationError);
    expect((caught as ClerkValidationError).status).toBe(422);
    expect((caught as ClerkValidationError).path).toBe('/users');
    expect(sent).toHaveLength(1);
    expect(requestViolations((sent[0] as Sent).response)).toEqual([]);
  });

  it('unwrap returns the example user from GET /users/{user_id}', async () => {
    const { client, sent } = recordingClient();
    const user = await unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: EXAMPLE_USER_ID } } }));

    expect(user.object).toBe('user');
    expect(user.id).toBe(EXAMPLE_USER_ID);
    expectOneValidRequest(sent, `/users/${EXAMPLE_USER_ID}`);
  });
});
