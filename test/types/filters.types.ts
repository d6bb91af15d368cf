// Type tests of src/filters.ts: checked by `npx tsc --noEmit`, never run. Every `@ts-expect-error`
// line must fail to compile, or tsc reports the directive as unused.
import type { paths } from '../../src/index.ts';
import {
  asc,
  createClerkClient,
  desc,
  exclude,
  type FilterList,
  filter,
  include,
  type OrderBy,
  type OrderByField,
  type OrderByPath,
  orderBy,
  type UserOrderBy,
} from '../../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;

// The order_by paths are derived from the generated `paths`: exactly the two that declare it.
export type PathTests = [
  Expect<Equal<OrderByPath, '/users' | '/organization_memberships'>>,
  Expect<Equal<OrderByPath extends keyof paths ? true : false, true>>,
];

// Field lists per path.
export type FieldTests = [
  Expect<
    Equal<
      OrderByField<'/users'>,
      | 'created_at'
      | 'updated_at'
      | 'email_address'
      | 'web3wallet'
      | 'first_name'
      | 'last_name'
      | 'phone_number'
      | 'username'
      | 'last_active_at'
      | 'last_sign_in_at'
    >
  >,
  Expect<
    Equal<
      OrderByField<'/organization_memberships'>,
      'phone_number' | 'email_address' | 'created_at' | 'first_name' | 'last_name' | 'username'
    >
  >,
  Expect<Equal<OrderBy<'/organization_memberships', 'username'>, '+username' | '-username'>>,
  Expect<Equal<Extract<UserOrderBy, '-last_sign_in_at' | '+web3wallet'>, '-last_sign_in_at' | '+web3wallet'>>,
  Expect<Equal<Extract<UserOrderBy, `${string}updated_at`>, '+updated_at' | '-updated_at'>>,
];

// Return types are template literals narrowed by field and direction.
const defaultAsc = orderBy('/users', 'created_at');
const explicitDesc = orderBy('/users', 'last_sign_in_at', 'desc');
const explicitAsc = orderBy('/organization_memberships', 'username', 'asc');
declare const someDirection: 'asc' | 'desc';
const eitherWay = orderBy('/users', 'username', someDirection);
export type ReturnTests = [
  Expect<Equal<typeof defaultAsc, '+created_at'>>,
  Expect<Equal<typeof explicitDesc, '-last_sign_in_at'>>,
  Expect<Equal<typeof explicitAsc, '+username'>>,
  Expect<Equal<typeof eitherWay, '+username' | '-username'>>,
  Expect<Equal<ReturnType<typeof asc<'/users', 'first_name'>>, '+first_name'>>,
  Expect<Equal<ReturnType<typeof desc<'/users', 'first_name'>>, '-first_name'>>,
];

// A UserOrderBy fits the generated `order_by?: string`, and filter lists fit `string[]`.
export function compilesAgainstTheClient(): void {
  const clerk = createClerkClient({ secretKey: 'sk_test_types', baseUrl: 'http://127.0.0.1:9/v1' });
  const sort: UserOrderBy = desc('/users', 'created_at');
  const ids: FilterList = include('user_a');
  const asArray: string[] = ids;
  void asArray;
  void clerk.GET('/users', {
    params: {
      query: {
        user_id: ids,
        external_id: exclude('ext_1'),
        organization_id: filter().include('org_a').exclude('org_b').toArray(),
        order_by: sort,
      },
    },
  });
  void clerk.GET('/organization_memberships', { params: { query: { order_by: asc('/organization_memberships', 'username') } } });
}

// Wrong fields, wrong paths and wrong directions do not compile.
export function rejectedAtCompileTime(): void {
  // @ts-expect-error 'web3_wallet' is not a sort field of /users (the field is 'web3wallet')
  orderBy('/users', 'web3_wallet');
  // @ts-expect-error 'updated_at' sorts /users but not /organization_memberships
  orderBy('/organization_memberships', 'updated_at');
  // @ts-expect-error 'last_active_at' is a /users field only
  desc('/organization_memberships', 'last_active_at');
  // @ts-expect-error a prefixed field is not a field
  asc('/users', '+created_at');
  // @ts-expect-error a misspelt path is an error too
  orderBy('/user', 'created_at');
  // @ts-expect-error /users/count exists but has no order_by
  orderBy('/users/count', 'created_at');
  // @ts-expect-error direction is 'asc' | 'desc'
  orderBy('/users', 'created_at', 'descending');
  // @ts-expect-error a plain string is not a UserOrderBy
  const loose: UserOrderBy = 'created_at';
  void loose;
  // @ts-expect-error ids are strings
  include(42);
  // @ts-expect-error the builder is not the array: call .toArray()
  const notAnArray: string[] = filter().include('user_a');
  void notAnArray;
}
