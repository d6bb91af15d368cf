// Type tests of the exact client types (src/exact-types.ts): checked by `npx tsc --noEmit`, never run.
// Every `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused; every
// other line must compile. The calls sit in functions nothing invokes, so no request is sent.
import type { Client } from 'openapi-fetch';
import type { ExactClient } from '../../src/exact-types.ts';
import {
  asc,
  type BodyOf,
  type ClerkUsersClient,
  type components,
  createClerkClient,
  desc,
  exclude,
  filter,
  include,
  type OrderByValue,
  orderBy,
  type PathParamsOf,
  paginate,
  type paths,
  type QueryOf,
  type UnknownKey,
  type UserOrderBy,
} from '../../src/index.ts';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsAny<T> = 0 extends 1 & T ? true : false;
/** Mutual assignability, never `any` (openapi-fetch's Readable<> re-mapping is not identical to the schema). */
type Same<A, B> = [IsAny<A> | IsAny<B>] extends [false] ? ([A] extends [B] ? ([B] extends [A] ? true : false) : false) : false;
type Expect<T extends true> = T;

type User = components['schemas']['User'];
type DeletedObject = components['schemas']['DeletedObject'];
type ClerkErrors = components['schemas']['ClerkErrors'];

const clerk: ClerkUsersClient = createClerkClient({ secretKey: 'sk_test_types', baseUrl: 'http://127.0.0.1:9' });
/** openapi-fetch's own client type, to compare results with. */
declare const bare: Client<paths>;
const user_id = 'user_2NqV8fZ3pJtY0c4kS1aRbW7xLmE';

// ---------------------------------------------------------------------------------------------
// Unknown keys are errors, on the key, for every method
// ---------------------------------------------------------------------------------------------

export function unknownBodyFields(): void {
  // @ts-expect-error email_addresss is not a field of the CreateUser body
  void clerk.POST('/users', { body: { email_addresss: ['a@example.com'] } });
  // @ts-expect-error a typo next to a valid field is caught too
  void clerk.POST('/users', { body: { email_address: ['a@example.com'], first_namex: 'Ada' } });
  // @ts-expect-error first_namex is not a field of the UpdateUser body
  void clerk.PATCH('/users/{user_id}', { params: { path: { user_id: 'x' } }, body: { first_namex: 'Ada' } });
  void clerk.PATCH('/users/{user_id}', {
    params: { path: { user_id } },
    // @ts-expect-error metadata is no longer part of PATCH /users/{user_id}: it has its own endpoints
    body: { first_name: 'Ada', public_metadata: { plan: 'pro' } },
  });
  // @ts-expect-error PUT: the replace-email body has no `primary` field
  void clerk.PUT('/users/{user_id}/email_address', { params: { path: { user_id } }, body: { email_address: 'a@example.com', primary: true } });
  // @ts-expect-error optional bodies are exact too
  void clerk.POST('/users/{user_id}/remove_password', { params: { path: { user_id } }, body: { sign_out_of_other_session: true } });
  // @ts-expect-error DELETE takes no body at all
  void clerk.DELETE('/users/{user_id}', { params: { path: { user_id } }, body: { hard: true } });
  // @ts-expect-error the multipart form has only `file`
  void clerk.POST('/users/{user_id}/profile_image', { params: { path: { user_id } }, body: { file: new Blob([]), caption: 'me' } });
}

export function unknownQueryAndPathKeys(): void {
  // @ts-expect-error offsett is not a query parameter of GET /users
  void clerk.GET('/users', { params: { query: { limit: 5, offsett: 1 } } });
  // @ts-expect-error a query holding nothing but the typo
  void clerk.GET('/users', { params: { query: { limitt: 5 } } });
  // @ts-expect-error GET /users/count has no limit
  void clerk.GET('/users/count', { params: { query: { banned: true, limit: 5 } } });
  // @ts-expect-error extra is not a path parameter of /users/{user_id}
  void clerk.GET('/users/{user_id}', { params: { path: { user_id: 'x', extra: 1 } } });
  // @ts-expect-error DELETE: an extra path key
  void clerk.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', { params: { path: { user_id, passkey_identification_id: 'idn_1', passkey_id: 'x' } } });
  // @ts-expect-error POST /users/{user_id}/ban has no query parameters
  void clerk.POST('/users/{user_id}/ban', { params: { path: { user_id }, query: { reason: 'spam' } } });
  // @ts-expect-error `request()` is exact as well
  void clerk.request('get', '/users/{user_id}', { params: { path: { user_id: 'x', extra: 1 } } });
}

// Exactness does not depend on the object being written in place.
export function unknownKeysInVariables(): void {
  const query = { limit: 5, offsett: 1 };
  // @ts-expect-error offsett, from a variable
  void clerk.GET('/users', { params: { query } });
  const body = { first_name: 'Ada', last_namex: 'Lovelace' };
  // @ts-expect-error last_namex, from a variable
  void clerk.PATCH('/users/{user_id}', { params: { path: { user_id } }, body });
  const path = { user_id, extra: 1 };
  // @ts-expect-error extra, from a variable
  void clerk.GET('/users/{user_id}', { params: { path } });
}

export function unknownOptionsAndPaths(): void {
  // @ts-expect-error a misspelt option (params) is an excess property, not silently ignored
  void clerk.GET('/users', { parms: { query: { limit: 5 } } });
  // @ts-expect-error a misspelt location inside params
  void clerk.GET('/users', { params: { querry: { limit: 5 } } });
  // @ts-expect-error a wrong path (the error names the path)
  void clerk.GET('/user', {});
  // @ts-expect-error a path without that method
  void clerk.DELETE('/users/count', {});
}

// Objects whose shape depends on a condition stay accepted when every branch is valid.
export function conditionalShapes(rename: boolean): void {
  const body = rename ? { first_name: 'Ada' } : { last_name: 'Lovelace' };
  void clerk.PATCH('/users/{user_id}', { params: { path: { user_id } }, body });
  const query = rename ? { limit: 10 } : { limit: 10, offset: 10 };
  void clerk.GET('/users', { params: { query } });
}

// A query built at run time (an index signature) has no keys to check: it is left to plain
// assignability, as openapi-fetch does, so a CLI can forward parsed filters.
export function dynamicQueries(fromFlags: Record<string, string | string[] | number | boolean>): void {
  void clerk.GET('/users/count', { params: { query: fromFlags } });
  void clerk.GET('/users', { params: { query: fromFlags } });
}

// ---------------------------------------------------------------------------------------------
// Required and optional parts
// ---------------------------------------------------------------------------------------------

export function requiredParts(): void {
  // @ts-expect-error the path parameter is required
  void clerk.GET('/users/{user_id}', { params: { path: {} } });
  // @ts-expect-error params is required where the path has parameters
  void clerk.GET('/users/{user_id}', {});
  // @ts-expect-error so is the options object
  void clerk.GET('/users/{user_id}');
  // @ts-expect-error one of two path parameters missing
  void clerk.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', { params: { path: { user_id } } });
  // @ts-expect-error PATCH /users/{user_id} requires a body
  void clerk.PATCH('/users/{user_id}', { params: { path: { user_id } } });
  // @ts-expect-error POST /users/ban requires a body
  void clerk.POST('/users/ban', {});
  // @ts-expect-error a required field inside the body
  void clerk.POST('/users/ban', { body: {} });
  // @ts-expect-error a field of the wrong type
  void clerk.POST('/users/{user_id}/billing/credits', { params: { path: { user_id } }, body: { amount: '25', action: 'increase', idempotency_key: 'k' } });
  // @ts-expect-error an enum value outside the enum
  void clerk.POST('/users/{user_id}/billing/credits', { params: { path: { user_id } }, body: { amount: 25, action: 'raise', idempotency_key: 'k' } });
  // @ts-expect-error the multipart field is a Blob, not a string
  void clerk.POST('/users/{user_id}/profile_image', { params: { path: { user_id } }, body: { file: 'me.png' } });
}

export function optionalParts(): void {
  // No options at all where nothing is required.
  void clerk.GET('/users');
  void clerk.GET('/users/count');
  void clerk.GET('/organization_memberships');
  // Optional bodies may be left out or given.
  void clerk.POST('/users/{user_id}/remove_password', { params: { path: { user_id } } });
  void clerk.POST('/users/{user_id}/remove_password', { params: { path: { user_id } }, body: { sign_out_of_other_sessions: true } });
  void clerk.PATCH('/users/{user_id}/metadata', { params: { path: { user_id } } });
  void clerk.PATCH('/users/{user_id}/metadata', { params: { path: { user_id } }, body: { public_metadata: { plan: 'pro', nested: { any: 'keys' } } } });
  void clerk.PUT('/users/{user_id}/metadata', { params: { path: { user_id } }, body: { private_metadata: {} } });
  // No-body operations need only their path.
  void clerk.POST('/users/{user_id}/ban', { params: { path: { user_id } } });
  void clerk.DELETE('/users/{user_id}', { params: { path: { user_id } } });
  // Every field of a required body can be given.
  void clerk.POST('/users/{user_id}/billing/credits', {
    params: { path: { user_id } },
    body: { amount: 2500, action: 'increase', currency: 'USD', idempotency_key: 'credit-1', note: 'goodwill' },
  });
  void clerk.request('post', '/users/ban', { body: { user_ids: [user_id] } });
}

export function multipartUpload(file: File): void {
  void clerk.POST('/users/{user_id}/profile_image', { params: { path: { user_id } }, body: { file: new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }) } });
  void clerk.POST('/users/{user_id}/profile_image', { params: { path: { user_id } }, body: { file } });
}

// ---------------------------------------------------------------------------------------------
// order_by, per endpoint
// ---------------------------------------------------------------------------------------------

export function orderByPerEndpoint(loose: string, sort: UserOrderBy): void {
  // @ts-expect-error created_att is not a sort field of /users
  void clerk.GET('/users', { params: { query: { order_by: '-created_att' } } });
  // @ts-expect-error updated_at sorts /users but not /organization_memberships
  void clerk.GET('/organization_memberships', { params: { query: { order_by: '-updated_at' } } });
  // @ts-expect-error a plain string is not known to be a field
  void clerk.GET('/users', { params: { query: { order_by: loose } } });
  // @ts-expect-error a doubled prefix
  void clerk.GET('/users', { params: { query: { order_by: '--created_at' } } });
  // The three accepted forms, and every builder's value.
  void clerk.GET('/users', { params: { query: { order_by: 'created_at' } } });
  void clerk.GET('/users', { params: { query: { order_by: '+last_sign_in_at' } } });
  void clerk.GET('/users', { params: { query: { order_by: '-web3wallet' } } });
  void clerk.GET('/users', { params: { query: { order_by: orderBy('/users', 'created_at', 'desc') } } });
  void clerk.GET('/users', { params: { query: { order_by: asc('/users', 'username') } } });
  void clerk.GET('/users', { params: { query: { order_by: sort } } });
  void clerk.GET('/organization_memberships', { params: { query: { order_by: desc('/organization_memberships', 'created_at'), limit: 20 } } });
}

export type OrderByValueTests = [
  Expect<Equal<Extract<OrderByValue<'/organization_memberships'>, `${string}username`>, 'username' | '+username' | '-username'>>,
  // what the builders return is a subset of what the client takes
  Expect<Equal<UserOrderBy extends OrderByValue<'/users'> ? true : false, true>>,
  Expect<Equal<QueryOf<'/users', 'get'>['order_by'], OrderByValue<'/users'> | undefined>>,
  // paths without order_by keep their query as generated
  Expect<Equal<QueryOf<'/users/count', 'get'>, NonNullable<paths['/users/count']['get']['parameters']['query']>>>,
  Expect<Equal<QueryOf<'/users', 'post'>, never>>,
  Expect<Equal<PathParamsOf<'/users/{user_id}', 'get'>, { user_id: string }>>,
  Expect<Equal<PathParamsOf<'/users', 'get'>, never>>,
  Expect<Equal<BodyOf<'/users/{user_id}/profile_image', 'post'>, { file?: Blob }>>,
  Expect<Equal<BodyOf<'/users/{user_id}', 'get'>, never>>,
];

// ---------------------------------------------------------------------------------------------
// Filter lists, request options, results
// ---------------------------------------------------------------------------------------------

export function filterLists(): void {
  void clerk.GET('/users', {
    params: {
      query: {
        user_id: include('user_a', 'user_b'),
        external_id: exclude('crm_1'),
        organization_id: filter().include('org_a').exclude('org_b').toArray(),
        email_address: ['ada@example.com'],
        limit: 100,
      },
    },
  });
  void clerk.GET('/users/count', { params: { query: { organization_id: include('org_a'), banned: false } } });
  // @ts-expect-error the builder is not the array: call .toArray()
  void clerk.GET('/users', { params: { query: { user_id: filter().include('user_a') } } });
}

export function requestOptions(controller: AbortController): void {
  void clerk.GET('/users/{user_id}', {
    params: { path: { user_id } },
    signal: controller.signal,
    headers: { 'X-Request-Id': 'req_1' },
    cache: 'no-store',
    keepalive: false,
    baseUrl: 'http://127.0.0.1:9/v1',
    middleware: [{ onRequest: () => undefined }],
    querySerializer: { array: { style: 'form', explode: true } },
  });
  // @ts-expect-error signal must be an AbortSignal
  void clerk.GET('/users', { signal: 'stop' });
}

export async function results() {
  const one = await clerk.GET('/users/{user_id}', { params: { path: { user_id } } });
  const list = await clerk.GET('/users', { params: { query: { limit: 10 } } });
  const created = await clerk.POST('/users', { body: { email_address: ['ada@example.com'] } });
  const deleted = await clerk.DELETE('/users/{user_id}', { params: { path: { user_id } } });
  const text = await clerk.GET('/users/{user_id}', { params: { path: { user_id } }, parseAs: 'text' });
  const stream = await clerk.GET('/users', { parseAs: 'stream' });
  const viaRequest = await clerk.request('get', '/users/{user_id}', { params: { path: { user_id } } });
  // The same calls through openapi-fetch's own types.
  const bareOne = await bare.GET('/users/{user_id}', { params: { path: { user_id } } });
  const bareList = await bare.GET('/users', { params: { query: { limit: 10 } } });
  const bareText = await bare.GET('/users/{user_id}', { params: { path: { user_id } }, parseAs: 'text' });
  const bareStream = await bare.GET('/users', { parseAs: 'stream' });
  type Checks = [
    Expect<Same<NonNullable<typeof one.data>, User>>,
    Expect<Same<NonNullable<typeof list.data>, User[]>>,
    Expect<Same<NonNullable<typeof created.data>, User>>,
    Expect<Same<NonNullable<typeof deleted.data>, DeletedObject>>,
    Expect<Equal<typeof text.data, string | undefined>>,
    Expect<Equal<NonNullable<typeof stream.data>, NonNullable<Response['body']>>>,
    Expect<Same<NonNullable<typeof viaRequest.data>, User>>,
    Expect<Same<NonNullable<typeof one.error>, ClerkErrors>>,
    // identical to what openapi-fetch infers for the same call
    Expect<Equal<typeof one, typeof bareOne>>,
    Expect<Equal<typeof list, typeof bareList>>,
    Expect<Equal<typeof text, typeof bareText>>,
    Expect<Equal<typeof stream, typeof bareStream>>,
  ];
  // The result is still a discriminated union: no data without narrowing.
  // @ts-expect-error data may be undefined until error is ruled out
  void one.data.id;
  if (one.error) return one.error.errors;
  return one.data.id;
}

export function paginateTakesTheSameQuery(): void {
  void paginate(clerk, '/users', { params: { query: { limit: 500, order_by: orderBy('/users', 'last_sign_in_at', 'desc'), user_id: include('user_a') } } });
  void paginate(clerk, '/organization_memberships', { params: { query: { order_by: '-created_at' } } });
  // @ts-expect-error created_att is not a sort field of /users
  void paginate(clerk, '/users', { params: { query: { order_by: '-created_att' } } });
  // @ts-expect-error offsett is not a query parameter
  void paginate(clerk, '/users', { params: { query: { limit: 5, offsett: 1 } } });
}

// The marker type itself: no value can be written for it.
export function unknownKeyIsUnwritable(): void {
  // @ts-expect-error an empty object lacks the (unexported) symbol key
  const empty: UnknownKey<'x'> = {};
  // @ts-expect-error nor does a string
  const text: UnknownKey<'x'> = 'x';
  void [empty, text];
}

// Per-call options of a layer beneath openapi-fetch are declared through ExactClient's parameter,
// and then typed like the rest: known ones compile, misspelt ones do not.
export function extraCallOptions(withRetries: ExactClient<{ maxRetries?: number }>): void {
  void withRetries.GET('/users', { maxRetries: 0 });
  void withRetries.PATCH('/users/{user_id}', { params: { path: { user_id } }, body: { first_name: 'Ada' }, maxRetries: 1 });
  // @ts-expect-error maxRetries is a number
  void withRetries.GET('/users', { maxRetries: 'none' });
  // @ts-expect-error a misspelt per-call option
  void withRetries.GET('/users', { maxRetry: 0 });
  // @ts-expect-error still exact inside the body
  void withRetries.PATCH('/users/{user_id}', { params: { path: { user_id } }, body: { first_namex: 'Ada' }, maxRetries: 1 });
  // @ts-expect-error an option that neither openapi-fetch nor this client declares
  void clerk.GET('/users', { retryForever: true });
}
