/**
 * Types derived from the generated spec types (`generated/schema.ts`): operations, path, query and body
 * types, list items, and the schema objects a caller names in a signature (`User`, `ClerkErrorBody`, …).
 * A leaf: it imports nothing but `generated/`, so every other module may use it.
 */
import type { components, paths } from '../generated/schema.ts';

/**
 * A Clerk user, as `GET /users/{user_id}` returns it.
 * @example
 * function greet(user: User): string { return `Hello ${user.first_name ?? user.id}`; }
 */
export type User = components['schemas']['User'];
/**
 * The JSON body of a Clerk error response (`{ errors: [{ code, message, long_message, meta }], clerk_trace_id }`),
 * as the API sends it; `ClerkAPIError` holds the same in camelCase.
 * @example
 * const body: ClerkErrorBody = { errors: [{ code: 'resource_not_found', message: 'not found' }] };
 */
export type ClerkErrorBody = components['schemas']['ClerkErrors'];
/** One of a user's email addresses. @example const primary: EmailAddress | undefined = user.email_addresses[0]; */
export type EmailAddress = components['schemas']['EmailAddress'];
/** One of a user's phone numbers. @example const phone: PhoneNumber | undefined = user.phone_numbers[0]; */
export type PhoneNumber = components['schemas']['PhoneNumber'];
/** One of a user's Web3 wallets. @example const wallet: Web3Wallet | undefined = user.web3_wallets[0]; */
export type Web3Wallet = components['schemas']['Web3Wallet'];
/** One of a user's passkeys. @example const passkey: Passkey | undefined = user.passkeys?.[0]; */
export type Passkey = components['schemas']['Passkey'];
/**
 * A user's OAuth account (Google, GitHub, …).
 * @example
 * const account: ExternalAccount | undefined = user.external_accounts[0];
 */
export type ExternalAccount = components['schemas']['ExternalAccountWithVerification'];
/** A user's SAML account. @example const saml: SAMLAccount | undefined = user.saml_accounts?.[0]; */
export type SAMLAccount = components['schemas']['SAMLAccount'];
/**
 * A user's enterprise SSO account.
 * @example
 * const sso: EnterpriseAccount | undefined = user.enterprise_accounts?.[0];
 */
export type EnterpriseAccount = components['schemas']['EnterpriseAccount'];
/**
 * What a DELETE answers: `{ object, id, deleted }`.
 * @example
 * const gone: DeletedObject = { object: 'user', id: 'user_1', deleted: true };
 */
export type DeletedObject = components['schemas']['DeletedObject'];
/**
 * What `GET /users/count` answers: `{ object: 'total_count', total_count }`.
 * @example
 * const n: TotalCount['total_count'] = 3;
 */
export type TotalCount = components['schemas']['TotalCount'];
/** A user's membership of an organization. @example const role: OrganizationMembership['role'] = 'org:admin'; */
export type OrganizationMembership = components['schemas']['OrganizationMembership'];
/** A page of memberships: `{ data, total_count }`. @example const n: OrganizationMemberships['total_count'] = 0; */
export type OrganizationMemberships = components['schemas']['OrganizationMemberships'];
/**
 * An organization invitation sent to a user, with the organization's public data.
 * @example
 * let invitation: OrganizationInvitation;
 */
export type OrganizationInvitation = components['schemas']['OrganizationInvitationWithPublicOrganizationData'];
/** An organization, as memberships embed it. @example const name: Organization['name'] = 'Acme'; */
export type Organization = components['schemas']['Organization'];
/** An OAuth access token of a user's connected account. @example let token: OAuthAccessToken; */
export type OAuthAccessToken = components['schemas']['OAuthAccessToken'];
/** A TOTP authenticator of a user. @example let totp: TOTP; */
export type TOTP = components['schemas']['TOTP'];
/** A device a user marked as trusted. @example let device: TrustedDevice; */
export type TrustedDevice = components['schemas']['TrustedDevice'];

/** The HTTP methods of openapi-fetch's client, in the spec's lower case. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/**
 * The paths that have an operation for `M`.
 * @example
 * const path: PathsWithMethod<'patch'> = '/users/{user_id}';
 */
export type PathsWithMethod<M extends HttpMethod> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

/** The operation object of `M path`. @example type GetUser = OperationOf<'/users/{user_id}', 'get'>; */
export type OperationOf<P extends keyof paths, M extends HttpMethod> = paths[P] extends {
  [K in M]: infer O extends Record<string | number, unknown>;
}
  ? O
  : never;

/** The `parameters` object of an operation. @example type Params = ParametersOf<OperationOf<'/users', 'get'>>; */
export type ParametersOf<O> = O extends { parameters: infer X } ? X : never;

/**
 * The query object of `M path` as generated (`order_by` a plain string), or never when there is none;
 * `QueryOf` is the same with `order_by` typed per path.
 */
export type GeneratedQueryOf<P extends keyof paths, M extends HttpMethod = 'get'> =
  ParametersOf<OperationOf<P, M>> extends { query?: infer Q }
    ? [NonNullable<Q>] extends [never]
      ? never
      : NonNullable<Q>
    : never;

/**
 * The path parameters `M path` declares (never when it has none); `M` defaults to `'get'`.
 * @example
 * const path: PathParamsOf<'/users/{user_id}', 'get'> = { user_id: 'user_123' };
 */
export type PathParamsOf<P extends keyof paths, M extends HttpMethod = 'get'> =
  ParametersOf<OperationOf<P, M>> extends { path: infer X } ? X : never;

/**
 * The request body `M path` takes, whatever its media type (never when it takes none). openapi-fetch
 * strips `$Read` markers here; openapi-typescript emits them only with `readWriteMarkers`, which our
 * generator does not enable, so the body is used as generated.
 * @example
 * const body: BodyOf<'/users/{user_id}', 'patch'> = { first_name: 'Ada' };
 */
export type BodyOf<P extends keyof paths, M extends HttpMethod> =
  OperationOf<P, M> extends { requestBody?: infer R } ? (R extends { content: infer C } ? C[keyof C] : never) : never;

/**
 * Paths whose GET declares the query parameter `Name`.
 * @example
 * const path: PathsWithQueryParameter<'order_by'> = '/users';
 */
export type PathsWithQueryParameter<Name extends string> = {
  [P in keyof paths]: [GeneratedQueryOf<P>] extends [never]
    ? never
    : Name extends keyof GeneratedQueryOf<P>
      ? P
      : never;
}[keyof paths];

/** The 200 JSON body of `GET path`. @example type Users = SuccessBodyOf<'/users'>; */
export type SuccessBodyOf<P extends keyof paths> =
  OperationOf<P, 'get'> extends {
    responses: { 200: { content: { 'application/json': infer B } } };
  }
    ? B
    : never;

/**
 * The element type of a list endpoint: bare arrays and `{ data, total_count }` pages alike.
 * @example
 * const user: ListItem<'/users'> = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id } } }));
 */
export type ListItem<P extends keyof paths> =
  SuccessBodyOf<P> extends readonly (infer I)[]
    ? I
    : SuccessBodyOf<P> extends { data: readonly (infer I)[] }
      ? I
      : never;
