/**
 * clerk-users: a typed client for the Clerk Backend API `/users` endpoints.
 *
 * @example
 * import { createClerkClient, unwrap } from 'clerk-users';
 * const clerk = createClerkClient(); // reads CLERK_SECRET_KEY
 * const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_123' } } }));
 */
export { createClerkClient, CLIENT_VERSION, DEFAULT_BASE_URL } from './client.ts';
export type { ClerkClientOptions, ClerkUsersClient } from './client.ts';
export type { BodyOf, OrderByValue, PathParamsOf, QueryOf, UnknownKey } from './exact-types.ts';
export { RETRY_DEFAULTS, CLERK_RATE_LIMITS } from './retry.ts';
export type { ClerkCallOptions, ClerkClientResilienceOptions, RateLimit, RetryEvent } from './retry.ts';
export { unwrap } from './unwrap.ts';
export type { FetchResult, UnwrappedData } from './unwrap.ts';
export {
  include,
  exclude,
  filter,
  isFilterList,
  orderBy,
  asc,
  desc,
  checkQuery,
  ORDER_BY_FIELDS,
  MAX_FILTER_IDS,
  LIMIT_RANGE,
} from './filters.ts';
export type {
  FilterList,
  FilterBuilder,
  OrderBy,
  OrderByField,
  OrderByPath,
  OrderDirection,
  UserOrderBy,
} from './filters.ts';
export {
  ClerkUsersError,
  ClerkAPIError,
  ClerkAuthenticationError,
  ClerkNotFoundError,
  ClerkValidationError,
  ClerkRateLimitError,
  ClerkNetworkError,
  ClerkTimeoutError,
  ClerkInputError,
  isClerkUsersError,
  isClerkAPIError,
  isClerkAuthenticationError,
  isClerkNotFoundError,
  isClerkValidationError,
  isClerkRateLimitError,
  isClerkNetworkError,
  isClerkTimeoutError,
  isClerkInputError,
  clerkErrorFromResponse,
  parseRetryAfter,
  redactSecrets,
} from './errors.ts';
export type { ClerkErrorDetail, ClerkAPIErrorInit } from './errors.ts';
export { CLERK_API_VERSION } from '../generated/version.ts';
export type { paths, components, operations } from '../generated/schema.ts';
export { paginate, usesCursor, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_CONCURRENCY } from './pagination.ts';
export type { Page, PaginateInit, PaginateOptions, PaginatedPath, ListItem } from './pagination.ts';
export { importUsers } from './import/import-users.ts';
export { UnreadableRecord } from './import/results.ts';
export type { ImportOutcome, ImportResult, ImportErrorInfo } from './import/results.ts';
export { DEFAULT_IMPORT_CONCURRENCY, MAX_IMPORT_CONCURRENCY, DEFAULT_IMPORT_ATTEMPTS } from './import/context.ts';
export type { ImportOptions } from './import/context.ts';
export { checkCreateBody } from './import/create-body.ts';
export { createBodyFromUser } from './import/from-user.ts';
export { createBodyFromColumns, checkColumnNames } from './import/from-columns.ts';
export type { CreateUserBody, RecordProblem } from './import/create-body.ts';
