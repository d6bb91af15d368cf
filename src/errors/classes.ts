/**
 * The error classes of clerk-users. Every error has a stable `code`; API failures carry the status,
 * Clerk's error list and the request's method and path template. Every text an error keeps passes
 * through key-shaped redaction; the errors a client makes are built from inputs already cleaned of
 * its exact key (src/errors/redact.ts), so no error holds the secret key.
 *
 * Type guards: `instanceof` checks a brand (`Symbol.for`) rather than the prototype chain, so it also
 * matches errors made by another copy of this package; each `isClerk…Error` guard is that same check,
 * derived from its class by {@link guardFor}.
 */
import { redactCause, redactDeep, redactSecrets } from './redact.ts';

/** Brand shared by every copy of this package: the `kind` of every class in an error's chain. */
const KINDS = Symbol.for('clerk-users.error.kinds');

function hasKind(value: unknown, kind: string): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

/** The options of {@link ClerkUsersError} besides its message and code. */
export interface ClerkUsersErrorOptions {
  /** The underlying error. */
  cause?: unknown;
}

/**
 * Base class of every error this package throws. `code` is stable and machine-readable.
 * @example
 * if (err instanceof ClerkUsersError) console.error(err.code, err.message);
 */
export class ClerkUsersError extends Error {
  /** The brand this class adds to its instances. */
  static readonly kind: string = 'ClerkUsersError';
  /** Stable machine-readable code, e.g. `resource_not_found` or `invalid_path_parameter`. */
  readonly code: string;
  declare readonly [KINDS]: readonly string[];

  constructor(message: string, code: string, options?: ClerkUsersErrorOptions) {
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: redactCause(options.cause) });
    this.code = code;
    const kinds: string[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind: string }).kind;
      if (!kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /** `instanceof` checks the brand, so it also matches errors from another copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class on the right of `instanceof` (a subclass included), whose kind is checked
    return hasKind(value, (this as unknown as { kind: string }).kind);
  }

  /** A plain object for structured logs; never includes request headers or the secret key. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** One entry of Clerk's `errors` array, in camelCase. */
export interface ClerkErrorDetail {
  /** Clerk's error code, e.g. `form_identifier_exists`. */
  code: string;
  /** A short message. */
  message: string;
  /** A longer message, when Clerk sends one. */
  longMessage?: string;
  /** Extra facts, top-level keys in camelCase (`paramName`). */
  meta?: Record<string, unknown>;
}

/** What {@link ClerkAPIError} is built from. */
export interface ClerkAPIErrorInit {
  /** HTTP status of the response. */
  status: number;
  /** HTTP status text, used when the body says nothing. */
  statusText?: string;
  /** Clerk's error list, in camelCase. */
  errors: ClerkErrorDetail[];
  /** HTTP method of the request. */
  method: string;
  /** Path template of the request. */
  path: string;
  /** Trace ID for Clerk support. */
  clerkTraceId?: string | undefined;
  /** Seconds from `Retry-After`. */
  retryAfter?: number | undefined;
  /** The body as text when it was not Clerk's error shape. */
  rawBody?: string | undefined;
  /** Overrides the message taken from the body. */
  message?: string;
  /** Overrides the code taken from the body. */
  code?: string;
  /** How many requests the client sent for this call (retries included); default 1. */
  attempts?: number | undefined;
}

/**
 * The API answered with a non-2xx status. `status`, `errors` and `code` come from the response;
 * `method` and `path` (the path template, e.g. `/users/{user_id}`) say which call failed.
 * @example
 * try { await unwrap(client.GET('/users/{user_id}', { params: { path: { user_id } } })) }
 * catch (err) { if (err instanceof ClerkNotFoundError) return null; throw err }
 */
export class ClerkAPIError extends ClerkUsersError {
  static override readonly kind: string = 'ClerkAPIError';
  /** HTTP status of the response. */
  readonly status: number;
  /** Clerk's error list (empty when the body was not Clerk's JSON error shape). */
  readonly errors: readonly ClerkErrorDetail[];
  /** Trace ID for Clerk support: from the body's `clerk_trace_id`, else the `cf-ray` header. */
  readonly clerkTraceId: string | undefined;
  /** Seconds to wait before retrying, from `Retry-After` (seconds or an HTTP date). */
  readonly retryAfter: number | undefined;
  /** HTTP method of the failed request. */
  readonly method: string;
  /** Path template of the failed request, e.g. `/users/{user_id}` (no IDs or query values). */
  readonly path: string;
  /** The response body as text when it was not Clerk's JSON error shape (redacted, at most 2 KB). */
  readonly rawBody: string | undefined;
  /** How many requests the client sent for this call, retries included (this error is the last one's). */
  readonly attempts: number;

  constructor(init: ClerkAPIErrorInit) {
    const first = init.errors[0];
    const code = redactSecrets(init.code ?? first?.code ?? `http_${init.status}`);
    const detail = init.message ?? first?.longMessage ?? first?.message ?? (init.statusText || 'request failed');
    super(`${init.status} ${code}: ${detail} (${init.method} ${init.path})`, code);
    this.status = init.status;
    // Everything here may echo the request (a server quoting the Authorization header): redact it all.
    this.errors = Object.freeze(init.errors.map((e) => Object.freeze(redactDeep({ ...e }))));
    this.clerkTraceId = init.clerkTraceId === undefined ? undefined : redactSecrets(init.clerkTraceId);
    this.retryAfter = init.retryAfter;
    this.method = redactSecrets(init.method);
    this.path = redactSecrets(init.path);
    this.rawBody = init.rawBody === undefined ? undefined : redactSecrets(init.rawBody).slice(0, 2048);
    this.attempts = init.attempts ?? 1;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      errors: this.errors,
      clerkTraceId: this.clerkTraceId,
      retryAfter: this.retryAfter,
      method: this.method,
      path: this.path,
      rawBody: this.rawBody,
      attempts: this.attempts,
    };
  }
}

/** 401 or 403: the secret key is missing, wrong, or may not do this. */
export class ClerkAuthenticationError extends ClerkAPIError {
  static override readonly kind: string = 'ClerkAuthenticationError';
}
/**
 * 404 with Clerk's error body: the user (or the thing addressed under it) does not exist. A 404
 * without one is a plain {@link ClerkAPIError} with code `endpoint_not_found` instead.
 */
export class ClerkNotFoundError extends ClerkAPIError {
  static override readonly kind: string = 'ClerkNotFoundError';
}
/** 400 or 422: the API rejected the parameters or body; see `errors[].meta.paramName`. */
export class ClerkValidationError extends ClerkAPIError {
  static override readonly kind: string = 'ClerkValidationError';
}
/** 429: too many requests; wait `retryAfter` seconds. */
export class ClerkRateLimitError extends ClerkAPIError {
  static override readonly kind: string = 'ClerkRateLimitError';
}

/** What {@link ClerkResponseError} is built from. */
export interface ClerkResponseErrorInit {
  /** Which problem: `invalid_json`, `unexpected_content_type`, `unexpected_list_shape`, … */
  code: string;
  /** What was wrong, for the message. */
  message: string;
  /** HTTP status of the response (a 2xx). */
  status: number;
  /** HTTP method of the request. */
  method: string;
  /** Path template of the request. */
  path: string;
  /** The body as text, when it was read. */
  rawBody?: string | undefined;
  /** Trace ID from the `cf-ray` header. */
  clerkTraceId?: string | undefined;
  /** How many requests the client sent for this call (retries included); default 1. */
  attempts?: number | undefined;
  /** The underlying error (a SyntaxError for `invalid_json`). */
  cause?: unknown;
}

/**
 * The API answered 2xx, but the client cannot use what it sent. `code` says which problem:
 * - `invalid_json`: the body is not valid JSON (malformed or truncated);
 * - `unexpected_content_type`: the body is not JSON at all (a proxy's HTML login page);
 * - `unexpected_body`: the body is JSON but cannot be what the spec says (`null`, a number, a string, nothing);
 * - `unexpected_list_shape`: a list endpoint answered something that is not a list;
 * - `cursor_not_advancing`: a page of a cursor walk ended with the same user as the page before;
 * - `missing_cursor_id`, `missing_created_at`: a user lacks the `id` or `created_at` a walk continues from.
 * @example
 * catch (err) { if (err instanceof ClerkResponseError) console.error(err.code, err.rawBody); }
 */
export class ClerkResponseError extends ClerkUsersError {
  static override readonly kind: string = 'ClerkResponseError';
  /** HTTP status of the response (a 2xx). */
  readonly status: number;
  /** HTTP method of the request. */
  readonly method: string;
  /** Path template of the request, e.g. `/users/{user_id}`. */
  readonly path: string;
  /** The body as text when it was read (redacted, at most 2 KB). */
  readonly rawBody: string | undefined;
  /** Trace ID for Clerk support, from the `cf-ray` header. */
  readonly clerkTraceId: string | undefined;
  /** How many requests the client sent for this call, retries included. */
  readonly attempts: number;

  constructor(init: ClerkResponseErrorInit) {
    super(`${init.status} ${init.code}: ${init.message} (${init.method} ${init.path})`, init.code, {
      cause: init.cause,
    });
    this.status = init.status;
    this.method = redactSecrets(init.method);
    this.path = redactSecrets(init.path);
    this.rawBody = init.rawBody === undefined ? undefined : redactSecrets(init.rawBody).slice(0, 2048);
    this.clerkTraceId = init.clerkTraceId === undefined ? undefined : redactSecrets(init.clerkTraceId);
    this.attempts = init.attempts ?? 1;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      method: this.method,
      path: this.path,
      rawBody: this.rawBody,
      clerkTraceId: this.clerkTraceId,
      attempts: this.attempts,
    };
  }
}

/** Options of the errors raised on the wire. */
export interface AttemptErrorOptions {
  /** How many requests the client sent for this call, retries included; default 1. */
  attempts?: number | undefined;
}

/** No response arrived: DNS failure, connection refused or reset, TLS failure. `cause` holds the original. */
export class ClerkNetworkError extends ClerkUsersError {
  static override readonly kind: string = 'ClerkNetworkError';
  /** HTTP method of the request. */
  readonly method: string;
  /** Origin and path of the request (no query). */
  readonly url: string;
  /** How many requests the client sent for this call, retries included (this error is the last one's). */
  readonly attempts: number;
  constructor(method: string, url: string, cause: unknown, options?: AttemptErrorOptions) {
    const reason = describeCause(cause);
    super(
      `network error: ${method} ${url} failed before a response arrived${reason ? ` (${reason})` : ''}`,
      'network_error',
      { cause },
    );
    this.method = redactSecrets(method);
    this.url = redactSecrets(url);
    this.attempts = options?.attempts ?? 1;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, url: this.url, attempts: this.attempts };
  }
}

/** The request took longer than the client's `timeoutMs`. */
export class ClerkTimeoutError extends ClerkUsersError {
  static override readonly kind: string = 'ClerkTimeoutError';
  /** HTTP method of the request. */
  readonly method: string;
  /** Origin and path of the request (no query). */
  readonly url: string;
  /** The timeout that fired, in ms. */
  readonly timeoutMs: number;
  /** How many requests the client sent for this call, retries included (this error is the last one's). */
  readonly attempts: number;
  constructor(method: string, url: string, timeoutMs: number, options?: AttemptErrorOptions) {
    super(`timeout: ${method} ${url} got no response within ${timeoutMs} ms`, 'timeout');
    this.method = redactSecrets(method);
    this.url = redactSecrets(url);
    this.timeoutMs = timeoutMs;
    this.attempts = options?.attempts ?? 1;
  }
  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      method: this.method,
      url: this.url,
      timeoutMs: this.timeoutMs,
      attempts: this.attempts,
    };
  }
}

/**
 * What the caller passed cannot be sent: a missing secret key, an empty path parameter, a bad
 * filter ID. Thrown before any request; `parameter` names the offending option or parameter.
 */
export class ClerkInputError extends ClerkUsersError {
  static override readonly kind: string = 'ClerkInputError';
  /** The option or parameter at fault, e.g. `user_id` or `secretKey`. */
  readonly parameter: string;
  constructor(code: string, parameter: string, message: string) {
    super(message, code);
    this.parameter = parameter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), parameter: this.parameter };
  }
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const inner = (cause as { cause?: unknown }).cause;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  return [cause.message, typeof code === 'string' ? code : ''].filter(Boolean).join(': ');
}

/** The type guard of a class: the same brand check as its `instanceof`. */
function guardFor<T>(Class: { readonly kind: string; readonly prototype: T }): (value: unknown) => value is T {
  const kind = Class.kind;
  return (value: unknown): value is T => hasKind(value, kind);
}

/** True for any error thrown by this package (any copy of it). @example if (isClerkUsersError(err)) log(err.code); */
export const isClerkUsersError = guardFor(ClerkUsersError);
/** True when the API answered with a non-2xx status. @example if (isClerkAPIError(err)) log(err.status); */
export const isClerkAPIError = guardFor(ClerkAPIError);
/** True for 401 and 403 responses. @example if (isClerkAuthenticationError(err)) rotateKey(); */
export const isClerkAuthenticationError = guardFor(ClerkAuthenticationError);
/**
 * True for 404 responses that carry Clerk's error body (not for `endpoint_not_found`).
 * @example
 * if (isClerkNotFoundError(err)) return null;
 */
export const isClerkNotFoundError = guardFor(ClerkNotFoundError);
/** True for 400 and 422 responses. @example if (isClerkValidationError(err)) show(err.errors); */
export const isClerkValidationError = guardFor(ClerkValidationError);
/** True for 429 responses. @example if (isClerkRateLimitError(err)) wait(err.retryAfter); */
export const isClerkRateLimitError = guardFor(ClerkRateLimitError);
/**
 * True when a 2xx body could not be used (see {@link ClerkResponseError}).
 * @example
 * if (isClerkResponseError(err)) log(err.rawBody);
 */
export const isClerkResponseError = guardFor(ClerkResponseError);
/** True when no response arrived. @example if (isClerkNetworkError(err)) retryLater(); */
export const isClerkNetworkError = guardFor(ClerkNetworkError);
/** True when the client's timeout fired. @example if (isClerkTimeoutError(err)) log(err.timeoutMs); */
export const isClerkTimeoutError = guardFor(ClerkTimeoutError);
/**
 * True when the caller's input was rejected before sending.
 * @example
 * if (isClerkInputError(err)) log(err.parameter);
 */
export const isClerkInputError = guardFor(ClerkInputError);
