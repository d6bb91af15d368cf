import { inject, it, expect } from 'vitest';
import { createClerkClient, unwrap, ClerkNotFoundError } from '../../src/index.ts';

it('lists users through the typed client against Prism', async () => {
  const seen: string[] = [];
  const client = createClerkClient({ secretKey: 'sk_test_contract', baseUrl: inject('prismUrl'), fetch: async (r) => { seen.push(r.url); return fetch(r); } });
  const { data, response } = await client.GET('/users', { params: { query: { user_id: ['+user_a', 'user_b'], limit: 10, banned: false, offset: 0 } } });
  expect(response.status).toBe(200);
  expect(Array.isArray(data)).toBe(true);
  expect(seen[0]).toContain('user_id=%2Buser_a&user_id=user_b');
  expect(seen[0]).toContain('banned=false');
  expect(seen[0]).toContain('offset=0');
  await expect(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_x' } }, headers: { Prefer: 'code=404' } }))).rejects.toBeInstanceOf(ClerkNotFoundError);
});
