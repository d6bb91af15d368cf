// The examples in openapi/clerk-users.yaml are what Prism answers with. Redocly cannot validate
// them (the API's discriminators defeat its validator), so Prism does: it checks every response it
// sends against the spec and reports problems in the `sl-violations` header.
import { describe, expect, inject, it } from 'vitest';

const calls: { name: string; path: string; prefer?: string; body?: string }[] = [
  { name: 'the User example (GET /users/{user_id})', path: '/users/user_2Nq3xKx9' },
  { name: 'the User list (GET /users)', path: '/users?limit=10' },
  { name: 'the count example (GET /users/count)', path: '/users/count', body: '"total_count":42' },
  { name: 'the 404 error example', path: '/users/user_2Nq3xKx9', prefer: 'code=404' },
  { name: 'the 422 error example', path: '/users?limit=10', prefer: 'code=422' },
  { name: 'the 401 error example', path: '/users/user_2Nq3xKx9', prefer: 'code=401' },
];

describe('spec examples', () => {
  it.each(calls)('$name is valid against its own schema', async ({ path, prefer, body: expected }) => {
    const response = await fetch(`${inject('prismUrl')}${path}`, {
      headers: { Authorization: 'Bearer sk_test_examples', ...(prefer ? { Prefer: prefer } : {}) },
    });
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]') as unknown[];
    expect(violations).toEqual([]);
    const body = (await response.json()) as { id?: string; errors?: { code: string }[] } | unknown[];
    if (prefer) expect((body as { errors: { code: string }[] }).errors[0]?.code).toMatch(/^[a-z_]+$/);
    else expect(JSON.stringify(body)).toContain(expected ?? 'user_2Nq3xKx9');
  });
});
