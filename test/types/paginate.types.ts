// paginate()'s types, checked by `npx tsc --noEmit` (npm run typecheck); never called.
import { expectTypeOf } from 'vitest';
import { type ClerkUsersClient, paginate } from '../../src/index.ts';

export function paginateTypeChecks(client: ClerkUsersClient) {
  return async () => {
    for await (const u of paginate(client, '/users')) {
      const id: string = u.id;
      expectTypeOf(id).toEqualTypeOf<string>();
    }
    for await (const m of paginate(client, '/users/{user_id}/organization_memberships', {
      params: { path: { user_id: 'user_1' } },
    })) {
      expectTypeOf(m.object).toEqualTypeOf<'organization_membership'>();
    }
    // @ts-expect-error a path with parameters needs them
    paginate(client, '/users/{user_id}/organization_memberships');
    // @ts-expect-error /users/count is not a list
    paginate(client, '/users/count');
    // @ts-expect-error collect() requires maxItems
    await paginate.collect(client, '/users', {});
  };
}
