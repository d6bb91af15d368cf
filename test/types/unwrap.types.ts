// Type tests of unwrap(): checked by `npx tsc --noEmit`, never run. The calls sit inside functions
// that nothing invokes, so importing this file sends no request.
import { type components, createClerkClient, unwrap } from '../../src/index.ts';

/** Strict identity: the two types are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
/**
 * Every value of one is a value of the other, and neither is `any`. openapi-fetch hands back its
 * `Readable<User>` re-mapping of the schema (it strips write-only fields), which strict identity
 * tells apart from `User` for objects with index signatures (ExternalAccountWithVerification), though
 * the two hold exactly the same values. `User | undefined` or `User[]` still fail this check.
 */
type Same<A, B> = [IsAny<A> | IsAny<B>] extends [false] ? ([A] extends [B] ? ([B] extends [A] ? true : false) : false) : false;
type Expect<T extends true> = T;

type User = components['schemas']['User'];
type TotalCount = components['schemas']['TotalCount'];

function client() {
  return createClerkClient({ secretKey: 'sk_test_types', baseUrl: 'http://127.0.0.1:9/v1' });
}

export async function oneUser() {
  const user = await unwrap(client().GET('/users/{user_id}', { params: { path: { user_id: 'user_a' } } }));
  type Checks = [
    Expect<Same<typeof user, User>>,
    // not `User | undefined`: the success body is always there
    Expect<Equal<undefined extends typeof user ? true : false, false>>,
    Expect<Equal<(typeof user)['id'], string>>,
    Expect<Equal<(typeof user)['object'], 'user'>>,
  ];
  return user satisfies User;
}

export async function userList() {
  const users = await unwrap(client().GET('/users', { params: { query: { limit: 10 } } }));
  type Checks = [
    Expect<Same<typeof users, User[]>>,
    Expect<Equal<undefined extends typeof users ? true : false, false>>,
    Expect<Same<(typeof users)[number], User>>,
  ];
  return users;
}

export async function userCount() {
  const count = await unwrap(client().GET('/users/count', { params: { query: { banned: false } } }));
  type Checks = [Expect<Equal<typeof count, TotalCount>>, Expect<Equal<typeof count.total_count, number>>];
  return count.total_count;
}

// The helpers themselves can fail: these must stay false.
export type HelperSelfTests = [
  Expect<Equal<Same<User | undefined, User>, false>>,
  Expect<Equal<Same<User[], User>, false>>,
  Expect<Equal<Same<User, User[]>, false>>,
  Expect<Equal<Same<any, User>, false>>,
  Expect<Equal<Same<TotalCount, { total_count: number }>, false>>,
  Expect<Equal<Equal<TotalCount | undefined, TotalCount>, false>>,
];
