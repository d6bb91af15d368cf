/**
 * clerk-users: a typed client for the Clerk Backend API `/users` endpoints. This module only
 * re-exports; each export is documented where it is declared.
 *
 * @example
 * import { createClerkClient, unwrap } from 'clerk-users';
 * const clerk = createClerkClient(); // reads CLERK_SECRET_KEY
 * const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_123' } } }));
 */

export type { components, operations, paths } from '../generated/schema.ts';
export { CLERK_API_VERSION } from '../generated/version.ts';
export type { ClerkUsersClient } from './client.ts';
// The client and its options.
export { createClerkClient } from './client.ts';
export type { ClerkClientOptions } from './client-options.ts';
export { CLIENT_VERSION, DEFAULT_BASE_URL } from './client-options.ts';
export type {
  AttemptErrorOptions,
  ClerkAPIErrorInit,
  ClerkErrorDetail,
  ClerkResponseErrorInit,
  ClerkUsersErrorOptions,
} from './errors/classes.ts';
export {
  ClerkAPIError,
  ClerkAuthenticationError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkNotFoundError,
  ClerkRateLimitError,
  ClerkResponseError,
  ClerkTimeoutError,
  ClerkUsersError,
  ClerkValidationError,
  isClerkAPIError,
  isClerkAuthenticationError,
  isClerkInputError,
  isClerkNetworkError,
  isClerkNotFoundError,
  isClerkRateLimitError,
  isClerkResponseError,
  isClerkTimeoutError,
  isClerkUsersError,
  isClerkValidationError,
} from './errors/classes.ts';
// Types of the spec.
export type {
  BodyOption,
  CallOptions,
  ExactClient,
  ExactInit,
  ExactInitArgs,
  Exactly,
  ExactMethod,
  ExactRequestMethod,
  ExactResponse,
  IsBodyRequired,
  IsInitRequired,
  IsQueryRequired,
  ParamsInit,
  ParamsOption,
  QueryOf,
  RequiredKeys,
  UnknownKey,
  WithTypedOrderBy,
} from './exact-types.ts';
export type { FilterBuilder, FilterList } from './filters.ts';
// Filters and ordering.
export { exclude, filter, include, MAX_FILTER_IDS } from './filters.ts';
export type { ImportOptions } from './import/context.ts';
export { DEFAULT_IMPORT_ATTEMPTS, DEFAULT_IMPORT_CONCURRENCY, MAX_IMPORT_CONCURRENCY } from './import/context.ts';
export type { CreateUserBody, RecordProblem } from './import/create-body.ts';
export { checkCreateBody } from './import/create-body.ts';
export { checkColumnNames, createBodyFromColumns } from './import/from-columns.ts';
export { createBodyFromUser } from './import/from-user.ts';
// Bulk import.
export { importUsers } from './import/import-users.ts';
export type { ImportErrorInfo, ImportOutcome, ImportResult } from './import/results.ts';
export { UnreadableRecord } from './import/results.ts';
export { LIMIT_RANGE, MAX_CONCURRENCY } from './input-checks.ts';
export type { OrderBy, OrderByField, OrderByPath, OrderByValue, OrderDirection, UserOrderBy } from './order-by.ts';
export { asc, desc, ORDER_BY_FIELDS, orderBy } from './order-by.ts';
export type { Page, Paginate, PaginateArgs, PaginatedPath, PaginateInit, PaginateOptions } from './pagination.ts';
// Pagination.
export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, paginate } from './pagination.ts';
export type { ClerkCallOptions, ClerkClientResilienceOptions, RateLimit, RetryEvent } from './retry/options.ts';
export { CLERK_PER_USER_LIMIT, CLERK_RATE_LIMITS, RETRY_DEFAULTS } from './retry/options.ts';
export type {
  BodyOf,
  ClerkErrorBody,
  DeletedObject,
  EmailAddress,
  EnterpriseAccount,
  ExternalAccount,
  GeneratedQueryOf,
  HttpMethod,
  ListItem,
  OAuthAccessToken,
  OperationOf,
  Organization,
  OrganizationInvitation,
  OrganizationMembership,
  OrganizationMemberships,
  ParametersOf,
  Passkey,
  PathParamsOf,
  PathsWithMethod,
  PathsWithQueryParameter,
  PhoneNumber,
  SAMLAccount,
  SuccessBodyOf,
  TOTP,
  TotalCount,
  TrustedDevice,
  User,
  Web3Wallet,
} from './schema-types.ts';
export type { FetchResult, UnwrappedData } from './unwrap.ts';
// Results and errors.
export { unwrap } from './unwrap.ts';
