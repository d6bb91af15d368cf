/**
 * The one factory that turns a response into the right error class: a non-2xx into a
 * {@link ClerkAPIError} subclass, a 2xx whose body is not JSON into a {@link ClerkResponseError}.
 */
import { parseRetryAfter } from '../retry/retry-after.ts';
import {
  ClerkAPIError,
  type ClerkAPIErrorInit,
  ClerkAuthenticationError,
  type ClerkErrorDetail,
  ClerkNotFoundError,
  ClerkRateLimitError,
  ClerkResponseError,
  type ClerkResponseErrorInit,
  ClerkValidationError,
} from './classes.ts';
import { type Redact, redactCause, redactDeep } from './redact.ts';

/** Which call a response answered, for the error's message: never headers, ids or the key. */
export interface CallFacts {
  method: string;
  /** The path template, e.g. `/users/{user_id}`. */
  path: string;
  /** Requests sent for the call, retries included (default 1). */
  attempts?: number | undefined;
  /** Removes the client's exact key from what the error keeps; default: key-shaped text only. */
  redact?: Redact | undefined;
}

/**
 * Turns a failed response into the right error class. `body` is what was read from it: parsed JSON,
 * raw text, or undefined for an empty body.
 */
export function clerkErrorFromResponse(response: Response, received: unknown, call: CallFacts): ClerkAPIError {
  // Cleaned before anything is read from it: meta keys are renamed below, which would hide a key in them.
  const body = redactDeep(received, call.redact);
  const parsed = readClerkErrors(typeof body === 'string' ? tryParseJSON(body) : body);
  const init: ClerkAPIErrorInit = {
    status: response.status,
    statusText: response.statusText,
    errors: parsed?.errors ?? [],
    method: call.method,
    path: call.path,
    clerkTraceId: parsed?.traceId ?? response.headers.get('cf-ray') ?? undefined,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
    attempts: call.attempts,
  };
  if (!parsed) {
    const text = typeof body === 'string' ? body : body === undefined ? '' : safeStringify(body);
    init.rawBody = text;
    init.message = text.trim() === '' ? 'empty response body' : 'response body is not a Clerk error object';
  }
  // Clerk answers a missing resource with its error list; a 404 without one came from something
  // else (a base URL without /v1, a proxy), and must not read as "no such user". The exception:
  // the operations whose documented 404 ("the user does not exist") has no body.
  const isEmpty = body === undefined || (typeof body === 'string' && body.trim() === '');
  const isDocumentedBodiless404 = isEmpty && BODILESS_404_PATHS.has(call.path);
  if (response.status === 404 && !parsed?.errors.length && !isDocumentedBodiless404) {
    if (init.rawBody === undefined)
      init.rawBody = typeof body === 'string' ? body : body === undefined ? '' : safeStringify(body);
    init.code = ENDPOINT_NOT_FOUND;
    init.message =
      `${init.message ?? 'no Clerk error in the body'}; ` +
      `the URL is probably not a Clerk API endpoint (check that baseUrl ends in /v1, and any proxy in between)`;
    return new ClerkAPIError(redactDeep(init, call.redact));
  }
  const Class = errorClassFor(response.status);
  return new Class(redactDeep(init, call.redact));
}

/**
 * The content type of a 2xx with a body that is not JSON (an HTML page from a proxy), or undefined for
 * a JSON or empty success and for any failure. Such a body would surface as a SyntaxError from
 * openapi-fetch; {@link unexpectedContentTypeError} says what arrived instead.
 */
export function nonJsonSuccessType(response: Response): string | undefined {
  const type = response.ok && response.body && response.status !== 204 ? response.headers.get('content-type') : null;
  return type && !/\bjson\b/i.test(type) ? type : undefined;
}

/** `unexpected_content_type`: reads the body of a 2xx that is not JSON, to show what arrived. */
export async function unexpectedContentTypeError(
  response: Response,
  type: string,
  call: CallFacts,
): Promise<ClerkResponseError> {
  return responseError(call, {
    code: 'unexpected_content_type',
    message: `expected a JSON body, got ${type}`,
    status: response.status,
    rawBody: await response.text(),
    clerkTraceId: response.headers.get('cf-ray') ?? undefined,
  });
}

/** `invalid_json`: a 2xx body that claims JSON but does not parse (malformed or cut short). */
export function invalidJsonError(
  response: Response,
  text: string | undefined,
  cause: unknown,
  call: CallFacts,
): ClerkResponseError {
  return responseError(call, {
    code: 'invalid_json',
    message: `the body is not valid JSON${text === undefined ? '' : ` (${text.length} characters, possibly cut short)`}`,
    status: response.status,
    rawBody: text,
    clerkTraceId: response.headers.get('cf-ray') ?? undefined,
    cause,
  });
}

/**
 * A {@link ClerkResponseError} about the call `call` describes, every text and the cause cleaned of
 * the client's exact key first. `status` defaults to 200 (a list page).
 */
export function responseError(
  call: CallFacts,
  init: Omit<ClerkResponseErrorInit, 'status' | 'method' | 'path' | 'attempts'> & { status?: number },
): ClerkResponseError {
  const { cause, ...rest } = init;
  const facts = { status: 200, method: call.method, path: call.path, attempts: call.attempts, ...rest };
  return new ClerkResponseError({ ...redactDeep(facts, call.redact), cause: redactCause(cause, call.redact) });
}

/** Turns Clerk's wire error body (or anything else) into camelCase details, or null if it is not that shape. */
function readClerkErrors(body: unknown): { errors: ClerkErrorDetail[]; traceId?: string } | null {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as { errors?: unknown }).errors)) return null;
  const raw = (body as { errors: unknown[]; clerk_trace_id?: unknown }).errors;
  const errors: ClerkErrorDetail[] = raw
    .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
    .map((e) => {
      const detail: ClerkErrorDetail = {
        code: typeof e.code === 'string' ? e.code : 'unknown_error',
        message: typeof e.message === 'string' ? e.message : '',
      };
      if (typeof e.long_message === 'string') detail.longMessage = e.long_message;
      if (typeof e.meta === 'object' && e.meta !== null) {
        // Top-level meta keys in camelCase like the rest (`param_name` → `paramName`); values as sent.
        detail.meta = Object.fromEntries(
          Object.entries(e.meta).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]),
        );
      }
      return detail;
    });
  const trace = (body as { clerk_trace_id?: unknown }).clerk_trace_id;
  return typeof trace === 'string' ? { errors, traceId: trace } : { errors };
}

/**
 * `code` of the {@link ClerkAPIError} for a 404 whose body is not a Clerk error: the request never
 * reached a Clerk endpoint (a base URL without `/v1`, a proxy). Deliberately not a
 * {@link ClerkNotFoundError}, which means the resource does not exist.
 */
const ENDPOINT_NOT_FOUND = 'endpoint_not_found';

/**
 * Path templates whose 404 Clerk's spec documents without a body (test/contract/error-responses.test.ts
 * fails if an operation is missing here: it expects ClerkNotFoundError for every documented 404).
 */
const BODILESS_404_PATHS: ReadonlySet<string> = new Set([
  '/users/{user_id}/verify_password',
  '/users/{user_id}/verify_totp',
]);

function errorClassFor(status: number): typeof ClerkAPIError {
  if (status === 401 || status === 403) return ClerkAuthenticationError;
  if (status === 404) return ClerkNotFoundError;
  if (status === 400 || status === 422) return ClerkValidationError;
  if (status === 429) return ClerkRateLimitError;
  return ClerkAPIError;
}

function tryParseJSON(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
