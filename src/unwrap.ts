/** `unwrap`: a call's `data`, or the error class its failed response stands for. */
import { callFactsOf } from './call-context.ts';
import { clerkErrorFromResponse } from './errors/from-response.ts';

/** The shape of every openapi-fetch result. */
export interface FetchResult {
  /** The success body. */
  data?: unknown;
  /** The error body. */
  error?: unknown;
  /** The response the call ended with. */
  response: Response;
}

/** The success body of a result: the path's 2xx type without `undefined`. */
export type UnwrappedData<R extends FetchResult> = Exclude<R['data'], undefined>;

/**
 * Awaits an openapi-fetch call and returns its `data`, or throws the matching error class
 * ({@link ClerkNotFoundError}, {@link ClerkValidationError}, …) when the status is not 2xx.
 * Branches on `response.ok`: an empty or non-JSON error body still throws a {@link ClerkAPIError}.
 *
 * @example
 * const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id } } }));
 * console.log(user.id); // typed as the User schema
 */
export async function unwrap<R extends FetchResult>(call: Promise<R> | R): Promise<UnwrappedData<R>> {
  const result = await call;
  if (result.response.ok) return result.data as UnwrappedData<R>;
  throw clerkErrorFromResponse(result.response, result.error, callFactsOf(result.response));
}
