// Type tests of the per-call options: checked by `npx tsc --noEmit`, never run (nothing calls these functions).
import { type components, createClerkClient, unwrap } from '../../src/index.ts';

type Expect<T extends true> = T;
type Equal<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

export function perCallOptionsAreTyped() {
  const clerk = createClerkClient({ secretKey: 'sk_test_types' });
  // Accepted next to params, and the call keeps its typed result.
  const user = unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, maxRetries: 0, timeoutMs: 5_000 }));
  type _user = Expect<Equal<Awaited<typeof user>['id'], string>>;
  const list = clerk.GET('/users', { maxRetries: 3 });
  void list;
  void clerk.POST('/users', { body: { first_name: 'Ada' }, maxRetries: 0 });
  // @ts-expect-error maxRetries is a number
  void clerk.GET('/users', { maxRetries: 'twice' });
  // @ts-expect-error timeoutMs is a number
  void clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, timeoutMs: '5s' });
  // Required params stay required.
  // @ts-expect-error params.path is missing
  void clerk.GET('/users/{user_id}', { maxRetries: 0 });
  // A path without that method is still refused.
  // @ts-expect-error /users/count has no POST
  void clerk.POST('/users/count', {});
  return user;
}

export type _UserStillTyped = components['schemas']['User'];
