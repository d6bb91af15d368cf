/**
 * Errors thrown by clerk-users. Every error is a class with a stable `code`; API failures carry the
 * status, Clerk's error list and the request's method and path template. No error ever holds the
 * secret key: messages and raw bodies pass through {@link redactSecrets} before they are stored.
 */

/** Brand shared by every copy of this package, so type guards and `instanceof` work across copies. */
const KINDS = Symbol.for('clerk-users.error.kinds');

type Kind =
  | 'ClerkUsersError'
  | 'ClerkAPIError'
  | 'ClerkAuthenticationError'
  | 'ClerkNotFoundError'
  | 'ClerkValidationError'
  | 'ClerkRateLimitError'
  | 'ClerkNetworkError'
  | 'ClerkTimeoutError'
  | 'ClerkInputError';

function hasKind(value: unknown, kind: Kind): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kinds = (value as { [KINDS]?: unknown })[KINDS];
  return Array.isArray(kinds) && kinds.includes(kind);
}

const SECRET_KEY_PATTERN = /\b(sk_(?:live|test))_[A-Za-z0-9]+/g;

/**
 * Replaces anything shaped like a Clerk secret key (`sk_live_…`, `sk_test_…`) and the given exact
 * secrets with a redacted marker, so the text is safe to log or paste into a public issue.
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out.replace(SECRET_KEY_PATTERN, '$1_[REDACTED]');
}

/**
 * Base class of every error this package throws. `code` is stable and machine-readable.
 * @example
 * if (isClerkUsersError(err)) console.error(err.code, err.message);
 */
export class ClerkUsersError extends Error {
  static readonly kind: Kind = 'ClerkUsersError';
  /** Stable machine-readable code, e.g. `resource_not_found` or `invalid_path_parameter`. */
  readonly code: string;
  declare readonly [KINDS]: readonly Kind[];

  constructor(message: string, code: string, options?: { cause?: unknown }) {
    super(redactSecrets(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // Collect the `kind` of every class in the chain: the brand that guards check.
    const kinds: Kind[] = [];
    for (let c: unknown = new.target; typeof c === 'function' && 'kind' in c; c = Object.getPrototypeOf(c)) {
      const kind = (c as { kind: Kind }).kind;
      if (!kinds.includes(kind)) kinds.push(kind);
    }
    Object.defineProperty(this, KINDS, { value: Object.freeze(kinds), enumerable: false });
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false, configurable: true, writable: true });
  }

  /** `instanceof` checks the brand, so it also matches errors from another copy of this package. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasKind(value, (this as unknown as { kind: Kind }).kind);
  }

  /** A plain object for structured logs; never includes request headers or the secret key. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message };
  }
}

/** One entry of Clerk's `errors` array, in camelCase. */
export interface ClerkErrorDetail {
  code: string;
  message: string;
  longMessage?: string;
  meta?: Record<string, unknown>;
}

/** What {@link ClerkAPIError} is built from. */
export interface ClerkAPIErrorInit {
  status: number;
  statusText?: string;
  errors: ClerkErrorDetail[];
  method: string;
  path: string;
  clerkTraceId?: string | undefined;
  retryAfter?: number | undefined;
  rawBody?: string | undefined;
  message?: string;
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
  static override readonly kind: Kind = 'ClerkAPIError';
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
    this.method = init.method;
    this.path = init.path;
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
  static override readonly kind: Kind = 'ClerkAuthenticationError';
}
/**
 * 404 with Clerk's error body: the user (or the thing addressed under it) does not exist. A 404
 * without one is a plain {@link ClerkAPIError} with code `endpoint_not_found` instead.
 */
export class ClerkNotFoundError extends ClerkAPIError {
  static override readonly kind: Kind = 'ClerkNotFoundError';
}
/** 400 or 422: the API rejected the parameters or body; see `errors[].meta.paramName`. */
export class ClerkValidationError extends ClerkAPIError {
  static override readonly kind: Kind = 'ClerkValidationError';
}
/** 429: too many requests; wait `retryAfter` seconds. */
export class ClerkRateLimitError extends ClerkAPIError {
  static override readonly kind: Kind = 'ClerkRateLimitError';
}

/** No response arrived: DNS failure, connection refused or reset, TLS failure. `cause` holds the original. */
export class ClerkNetworkError extends ClerkUsersError {
  static override readonly kind: Kind = 'ClerkNetworkError';
  readonly method: string;
  readonly url: string;
  /** How many requests the client sent for this call, retries included (this error is the last one's). */
  readonly attempts: number = 1;
  constructor(method: string, url: string, cause: unknown) {
    const reason = describeCause(cause);
    super(`network error: ${method} ${url} failed before a response arrived${reason ? ` (${reason})` : ''}`, 'network_error', {
      cause: redactCause(cause),
    });
    this.method = method;
    this.url = url;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, url: this.url, attempts: this.attempts };
  }
}

/** The request took longer than the client's `timeoutMs`. */
export class ClerkTimeoutError extends ClerkUsersError {
  static override readonly kind: Kind = 'ClerkTimeoutError';
  readonly method: string;
  readonly url: string;
  readonly timeoutMs: number;
  /** How many requests the client sent for this call, retries included (this error is the last one's). */
  readonly attempts: number = 1;
  constructor(method: string, url: string, timeoutMs: number) {
    super(`timeout: ${method} ${url} got no response within ${timeoutMs} ms`, 'timeout');
    this.method = method;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), method: this.method, url: this.url, timeoutMs: this.timeoutMs, attempts: this.attempts };
  }
}

/**
 * What the caller passed cannot be sent: a missing secret key, an empty path parameter, a bad
 * filter ID. Thrown before any request; `parameter` names the offending option or parameter.
 */
export class ClerkInputError extends ClerkUsersError {
  static override readonly kind: Kind = 'ClerkInputError';
  readonly parameter: string;
  constructor(code: string, parameter: string, message: string) {
    super(message, code);
    this.parameter = parameter;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), parameter: this.parameter };
  }
}

/** {@link redactSecrets} applied to every string inside plain objects and arrays. */
function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)])) as T;
}

/**
 * The cause of a network error, with secret-shaped text removed from its message, stack and string
 * properties (a custom fetch or proxy may quote the Authorization header). Unchanged when clean.
 */
function redactCause(cause: unknown, depth = 0): unknown {
  if (typeof cause === 'string') return redactSecrets(cause);
  if (!(cause instanceof Error) || depth > 5) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  const safeInner = redactCause(inner, depth + 1);
  const strings = Object.entries(cause).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const texts = [cause.message, cause.stack ?? '', ...strings.map(([, v]) => v)];
  if (safeInner === inner && texts.every((t) => redactSecrets(t) === t)) return cause;
  const copy = new Error(redactSecrets(cause.message), safeInner === undefined ? undefined : { cause: safeInner });
  Object.defineProperty(copy, 'name', { value: cause.name, enumerable: false, configurable: true, writable: true });
  for (const [key, value] of strings) (copy as unknown as Record<string, string>)[key] = redactSecrets(value);
  copy.stack = redactSecrets(cause.stack ?? `${cause.name}: ${cause.message}`);
  return copy;
}

function describeCause(cause: unknown): string {
  if (!(cause instanceof Error)) return '';
  const inner = (cause as { cause?: unknown }).cause;
  const code = typeof inner === 'object' && inner !== null ? (inner as { code?: unknown }).code : undefined;
  return [cause.message, typeof code === 'string' ? code : ''].filter(Boolean).join(': ');
}

/** True for any error thrown by this package (any copy of it). */
export const isClerkUsersError = (value: unknown): value is ClerkUsersError => hasKind(value, 'ClerkUsersError');
/** True when the API answered with a non-2xx status. */
export const isClerkAPIError = (value: unknown): value is ClerkAPIError => hasKind(value, 'ClerkAPIError');
/** True for 401 and 403 responses. */
export const isClerkAuthenticationError = (value: unknown): value is ClerkAuthenticationError =>
  hasKind(value, 'ClerkAuthenticationError');
/** True for 404 responses that carry Clerk's error body (not for `endpoint_not_found`). */
export const isClerkNotFoundError = (value: unknown): value is ClerkNotFoundError => hasKind(value, 'ClerkNotFoundError');
/** True for 400 and 422 responses. */
export const isClerkValidationError = (value: unknown): value is ClerkValidationError =>
  hasKind(value, 'ClerkValidationError');
/** True for 429 responses. */
export const isClerkRateLimitError = (value: unknown): value is ClerkRateLimitError => hasKind(value, 'ClerkRateLimitError');
/** True when no response arrived. */
export const isClerkNetworkError = (value: unknown): value is ClerkNetworkError => hasKind(value, 'ClerkNetworkError');
/** True when the client's timeout fired. */
export const isClerkTimeoutError = (value: unknown): value is ClerkTimeoutError => hasKind(value, 'ClerkTimeoutError');
/** True when the caller's input was rejected before sending. */
export const isClerkInputError = (value: unknown): value is ClerkInputError => hasKind(value, 'ClerkInputError');

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into whole seconds from `now`, or undefined.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
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
        detail.meta = Object.fromEntries(Object.entries(e.meta).map(([k, v]) => [k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()), v]));
      }
      return detail;
    });
  const trace = (body as { clerk_trace_id?: unknown }).clerk_trace_id;
  return typeof trace === 'string' ? { errors, traceId: trace } : { errors };
}

/**
 * The one factory that turns a failed response into the right error class.
 * `body` is what was read from it: parsed JSON, raw text, or undefined for an empty body.
 */
export function clerkErrorFromResponse(
  response: Response,
  body: unknown,
  request: { method: string; path: string; attempts?: number },
): ClerkAPIError {
  const parsed = readClerkErrors(typeof body === 'string' ? tryParseJSON(body) : body);
  const init: ClerkAPIErrorInit = {
    status: response.status,
    statusText: response.statusText,
    errors: parsed?.errors ?? [],
    method: request.method,
    path: request.path,
    clerkTraceId: parsed?.traceId ?? response.headers.get('cf-ray') ?? undefined,
    retryAfter: parseRetryAfter(response.headers.get('retry-after')),
    attempts: request.attempts,
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
  const isDocumentedBodiless404 = isEmpty && BODILESS_404_PATHS.has(request.path);
  if (response.status === 404 && !parsed?.errors.length && !isDocumentedBodiless404) {
    if (init.rawBody === undefined) init.rawBody = typeof body === 'string' ? body : body === undefined ? '' : safeStringify(body);
    init.code = ENDPOINT_NOT_FOUND;
    init.message = `${init.message ?? 'no Clerk error in the body'}; the URL is probably not a Clerk API endpoint (check that baseUrl ends in /v1, and any proxy in between)`;
    return new ClerkAPIError(init);
  }
  const Class = errorClassFor(response.status);
  return new Class(init);
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
const BODILESS_404_PATHS: ReadonlySet<string> = new Set(['/users/{user_id}/verify_password', '/users/{user_id}/verify_totp']);

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
