/** `unwrap`: a call's `data`, or the error class its failed response stands for. */
import { callFactsOf } from './call-context.ts';
import { clerkErrorFromResponse, responseError } from './errors/from-response.ts';

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
 * A 2xx whose body cannot be what the spec says (every success body of the API is a JSON object or
 * array: not `null`, a number, a string or nothing) throws {@link ClerkResponseError} `unexpected_body`;
 * a 204 (no content) and a `HEAD` resolve to undefined.
 *
 * @example
 * const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id } } }));
 * console.log(user.id); // typed as the User schema
 */
export async function unwrap<R extends FetchResult>(call: Promise<R> | R): Promise<UnwrappedData<R>> {
  const { data, error, response } = await call;
  if (!response.ok) throw clerkErrorFromResponse(response, error, callFactsOf(response));
  if ((typeof data === 'object' && data !== null) || response.status === 204) return data as UnwrappedData<R>;
  const facts = callFactsOf(response);
  if (facts.method === 'HEAD') return data as UnwrappedData<R>;
  throw responseError(facts, {
    code: 'unexpected_body',
    message: `expected a JSON object or array, got ${data === undefined ? 'no body' : data === null ? 'null' : `a ${typeof data}`}`,
    status: response.status,
    rawBody: data === undefined ? undefined : JSON.stringify(data),
  });
}
