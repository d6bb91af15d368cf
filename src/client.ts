import createClient, { defaultBodySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import { CLERK_API_VERSION } from '../generated/version.ts';
import type { ExactClient } from './exact-types.ts';
import { checkQuery } from './filters.ts';
import {
  ClerkAPIError,
  ClerkInputError,
  ClerkNetworkError,
  ClerkTimeoutError,
} from './errors.ts';

/** This package's version, sent in `User-Agent`. */
export const CLIENT_VERSION = '0.1.0';

/** The production Clerk Backend API. */
export const DEFAULT_BASE_URL = 'https://api.clerk.com/v1';

/**
 * A client typed by every `/users` path of the spec: `client.GET('/users/{user_id}', …)`. Unknown keys
 * in `body`, `params.query` and `params.path` are compile errors, and `order_by` takes only the
 * endpoint's fields (see src/exact-types.ts).
 */
export type ClerkUsersClient = ExactClient;

/** Options of {@link createClerkClient}. */
export interface ClerkClientOptions {
  /**
   * Your Clerk secret key (`sk_live_…` or `sk_test_…`). Defaults to `process.env.CLERK_SECRET_KEY`
   * where `process` exists. Surrounding whitespace (a trailing newline from a secrets file) is trimmed.
   */
  secretKey?: string;
  /**
   * API root, default `https://api.clerk.com/v1`. Point it at a mock server in tests. Its path must end
   * in a version segment (`/v1`): `https://api.clerk.com` alone answers every call with a 404 that is
   * no Clerk error. A root without one is refused unless {@link allowUnversionedBaseUrl} is set.
   */
  baseUrl?: string;
  /**
   * Accept a `baseUrl` whose path does not end in a version segment, for a mock or proxy that serves
   * the API's paths at its root (Prism does: `http://127.0.0.1:4010`). Off by default.
   */
  allowUnversionedBaseUrl?: boolean;
  /** A `fetch` to send requests with (default: the runtime's global `fetch`). */
  fetch?: (input: Request) => Promise<Response>;
  /** Prepended to `clerk-users/<version>` in the `User-Agent` header, e.g. `my-app/2.1`. */
  userAgent?: string;
  /**
   * Extra headers sent with every request. `Authorization` is not allowed here (use `secretKey`), nor
   * `Clerk-API-Version` (pinned to the spec's version; override it per call in that call's `headers`).
   */
  headers?: Record<string, string>;
  /** Abort a request with {@link ClerkTimeoutError} when no response arrives within this many ms. Off by default. */
  timeoutMs?: number;
}

/** What the client remembers about each response, for error messages: never headers or the key. */
interface RequestInfo {
  method: string;
  path: string;
}
const requestInfo = new WeakMap<Response, RequestInfo>();

/** The method and path template of the request a response answered, when it came through this client. */
export function requestInfoOf(response: Response): RequestInfo {
  const known = requestInfo.get(response);
  if (known) return known;
  let path = '';
  try {
    path = new URL(response.url).pathname;
  } catch {
    // A Response built by hand has no URL.
  }
  return { method: 'UNKNOWN', path };
}

/**
 * Creates a client for the Clerk `/users` API, typed from the checked-in spec.
 *
 * Every request carries `Authorization: Bearer <secretKey>` and pins `Clerk-API-Version` to the
 * version the types were generated for. Path parameters are percent-encoded, and a value that URL
 * parsing would collapse (empty, blank, `.`, `..`) is rejected with {@link ClerkInputError} before
 * anything is sent. Query arrays go out as repeated keys (`user_id=a&user_id=b`).
 *
 * @example
 * const clerk = createClerkClient({ secretKey: process.env.CLERK_SECRET_KEY });
 * const { data, error } = await clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_123' } } });
 */
export function createClerkClient(options: ClerkClientOptions = {}): ClerkUsersClient {
  const secretKey = resolveSecretKey(options.secretKey);
  const baseUrl = resolveBaseUrl(options.baseUrl, options.allowUnversionedBaseUrl === true);
  const timeoutMs = resolveTimeout(options.timeoutMs);
  const extraHeaders = options.headers ?? {};
  for (const name of Object.keys(extraHeaders)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      throw new ClerkInputError('authorization_header_not_allowed', 'headers', 'headers: do not pass Authorization; give the key as { secretKey } instead');
    }
    // The types describe CLERK_API_VERSION's shapes: a client-wide other version would make every
    // response type a guess, so it is refused rather than silently overridden.
    if (lower === 'clerk-api-version') {
      throw new ClerkInputError(
        'api_version_header_not_allowed',
        'headers',
        `headers: Clerk-API-Version is pinned to ${CLERK_API_VERSION}, the version this client's types describe; ` +
          "to try another version, pass it per call: client.GET(path, { headers: { 'Clerk-API-Version': '…' } })",
      );
    }
  }
  const userAgent = [options.userAgent?.trim(), `clerk-users/${CLIENT_VERSION}`].filter(Boolean).join(' ');
  const baseFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  const guarded = guardedFetch(timeoutMs);
  const client = createClient<paths>({
    baseUrl,
    // Calls made through the methods below bring their own guarded fetch; this one is a fallback.
    fetch: (request: Request) => guarded(request, baseFetch, undefined),
    headers: {
      ...extraHeaders,
      Authorization: `Bearer ${secretKey}`,
      'Clerk-API-Version': CLERK_API_VERSION,
      'User-Agent': userAgent,
    },
    pathSerializer: checkedPathSerializer,
    bodySerializer: multipartAwareBodySerializer,
  });
  // The checks run in a wrapper around each method rather than as openapi-fetch middleware: the
  // middleware machinery alone (an id, a frozen options object, two awaited hooks) cost more per call
  // than everything else this layer does. Users' own `client.use(…)` middleware still works.
  const methods = client as unknown as Record<string, unknown>;
  for (const method of HTTP_METHODS) {
    const send = methods[method] as Send;
    methods[method] = (path: string, init?: CallInit) => checkedCall(send, guarded, baseFetch, method, path, init);
  }
  const request = client.request as (method: string, path: string, init?: CallInit) => ReturnType<Send>;
  methods.request = (method: string, path: string, init?: CallInit) =>
    checkedCall((p, i) => request(method, p, i), guarded, baseFetch, String(method).toUpperCase(), path, init);
  // Typing only: the same object, seen through the exact method types.
  return client as unknown as ClerkUsersClient;
}

const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
type FetchFn = (input: Request) => Promise<Response>;
type CallInit = { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; fetch?: FetchFn } & Record<string, unknown>;
type Send = (path: string, init?: CallInit) => Promise<{ response: Response }>;

/**
 * One call: checks the input (a failure rejects the call before anything is built or sent), sends it
 * with a fetch that knows the path template, and notes method and template on a failed response for
 * {@link unwrap}'s error message.
 */
function checkedCall(
  send: Send,
  guarded: GuardedFetch,
  clientFetch: FetchFn,
  method: string,
  path: string,
  init: CallInit | undefined,
): ReturnType<Send> {
  try {
    // openapi-fetch runs the path serializer only when `params.path` is given; without it the
    // template (`/users/{user_id}`) would be sent as is.
    if (!init?.params?.path) checkedPathSerializer(path, {});
    // An empty filter list would be dropped from the URL and match every user.
    checkQuery(path, init?.params?.query);
  } catch (error) {
    return Promise.reject(error);
  }
  // A per-call `fetch` is guarded too.
  const callFetch = init?.fetch ?? clientFetch;
  return send(path, { ...init, fetch: (request: Request) => guarded(request, callFetch, path) }).then((result) => {
    // Only failures need it; set here, after any of the user's middleware replaced the response.
    if (!result.response.ok) requestInfo.set(result.response, { method, path });
    return result;
  });
}

function resolveSecretKey(given: string | undefined): string {
  // The environment is read only when no key was given: Deno without --allow-env throws on any read.
  const fromEnv = given === undefined ? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.CLERK_SECRET_KEY : undefined;
  const key = (given ?? fromEnv ?? '').trim();
  if (key === '') {
    throw new ClerkInputError(
      'missing_secret_key',
      'secretKey',
      'No Clerk secret key: pass { secretKey } to createClerkClient or set CLERK_SECRET_KEY (find it under API keys in the Clerk dashboard).',
    );
  }
  if (key.startsWith('pk_')) {
    throw new ClerkInputError('publishable_key_given', 'secretKey', 'secretKey is a publishable key (pk_…); the Backend API needs the secret key (sk_…).');
  }
  // Whitespace or control characters inside the key would break or split the Authorization header.
  if (/[\s\x00-\x1f\x7f]/.test(key)) {
    throw new ClerkInputError('invalid_secret_key', 'secretKey', 'secretKey contains whitespace or control characters; copy the key again from the Clerk dashboard.');
  }
  return key;
}

function resolveBaseUrl(given: string | undefined, allowUnversioned: boolean): string {
  const value = given ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ClerkInputError('invalid_base_url', 'baseUrl', `baseUrl ${JSON.stringify(value)} is not an absolute URL (expected e.g. ${DEFAULT_BASE_URL})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClerkInputError('invalid_base_url', 'baseUrl', `baseUrl must be http(s), got ${url.protocol}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ClerkInputError('invalid_base_url', 'baseUrl', 'baseUrl must not contain credentials, a query or a fragment');
  }
  const root = url.href.replace(/\/+$/, '');
  // Without the version segment every path misses the API, and the 404s would look like "no such user".
  if (!allowUnversioned && !/\/v\d+$/.test(url.pathname.replace(/\/+$/, ''))) {
    throw new ClerkInputError(
      'base_url_without_version',
      'baseUrl',
      `baseUrl ${root} does not end in an API version segment such as /v1 (the Backend API is at ${DEFAULT_BASE_URL}); ` +
        'add it, or pass { allowUnversionedBaseUrl: true } if a mock or proxy serves the API at this root',
    );
  }
  return root;
}

function resolveTimeout(given: number | undefined): number | undefined {
  if (given === undefined) return undefined;
  if (!Number.isFinite(given) || given <= 0) {
    throw new ClerkInputError('invalid_timeout', 'timeoutMs', `timeoutMs must be a positive number of milliseconds, got ${given}`);
  }
  return given;
}

/**
 * Rejects path values that URL parsing would collapse or drop, then percent-encodes as usual.
 * Without this, `user_id: '..'` would address the API root and `''` the list endpoint.
 */
function checkedPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const name of pathParameterNames(pathname)) {
    const value = pathParams?.[name];
    if (value === undefined || value === null) {
      throw new ClerkInputError('missing_path_parameter', name, `path parameter ${name} is missing for ${pathname}`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new ClerkInputError('invalid_path_parameter', name, `path parameter ${name} must be a string, got ${typeof value} (${pathname})`);
    }
    const text = String(value);
    if (text.trim() === '') {
      throw new ClerkInputError('invalid_path_parameter', name, `path parameter ${name} is empty or blank (${pathname})`);
    }
    if (text === '.' || text === '..') {
      throw new ClerkInputError('invalid_path_parameter', name, `path parameter ${name} is ${JSON.stringify(text)}, which URL parsing would remove (${pathname})`);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}

const parameterNamesByPath = new Map<string, readonly string[]>();
/** The `{name}`s of a path template, parsed once per template (the spec has 39). */
function pathParameterNames(pathname: string): readonly string[] {
  let names = parameterNamesByPath.get(pathname);
  if (names === undefined) {
    names = Array.from(pathname.matchAll(/\{([^}]+)\}/g), (match) => match[1] as string);
    // Templates come from the typed paths; the bound only guards against untyped callers.
    if (parameterNamesByPath.size < 1000) parameterNamesByPath.set(pathname, names);
  }
  return names;
}

/** Bodies holding a Blob or File (the profile image upload) go out as multipart/form-data; the rest as JSON. */
function multipartAwareBodySerializer(body: unknown): unknown {
  if (body && typeof body === 'object' && !(body instanceof FormData) && Object.values(body).some((v) => v instanceof Blob)) {
    const form = new FormData();
    for (const [key, value] of Object.entries(body)) {
      if (value === undefined || value === null) continue;
      form.append(key, value instanceof Blob ? value : String(value));
    }
    return form;
  }
  return defaultBodySerializer(body);
}

/**
 * Adds the timeout and turns a failed `fetch` or a failed body read into {@link ClerkNetworkError}
 * (or {@link ClerkTimeoutError}); the caller's own abort stays an AbortError.
 */
type GuardedFetch = (request: Request, baseFetch: FetchFn, schemaPath: string | undefined) => Promise<Response>;
function guardedFetch(timeoutMs: number | undefined): GuardedFetch {
  return async (request, baseFetch, schemaPath) => {
    let timer: AbortSignal | undefined;
    let outgoing = request;
    if (timeoutMs !== undefined) {
      timer = AbortSignal.timeout(timeoutMs);
      outgoing = new Request(request, { signal: AbortSignal.any([request.signal, timer]) });
    }
    const guard: ReadGuard = { request, timer, timeoutMs };
    let response: Response;
    try {
      response = await baseFetch(outgoing);
    } catch (error) {
      throw transportError(guard, error);
    }
    if (!response.body || [101, 204, 205, 304].includes(response.status)) return response;
    guardBodyReaders(response, guard);
    // A 2xx that is not JSON (an HTML page from a proxy) would surface as a SyntaxError from
    // openapi-fetch: turn it into an API error that says what arrived instead.
    const type = response.ok ? response.headers.get('content-type') : null;
    if (type && !/\bjson\b/i.test(type)) {
      const text = await response.text();
      throw new ClerkAPIError({
        status: response.status,
        errors: [],
        method: request.method,
        path: schemaPath ?? requestInfoOf(response).path,
        code: 'unexpected_content_type',
        message: `expected a JSON body, got ${type}`,
        rawBody: text,
        clerkTraceId: response.headers.get('cf-ray') ?? undefined,
      });
    }
    return response;
  };
}

/** What a guarded response needs to turn a failed body read into a typed error. */
interface ReadGuard {
  request: Request;
  timer: AbortSignal | undefined;
  timeoutMs: number | undefined;
}
const READ_GUARD = Symbol('clerk-users.readGuard');

/** The typed error for a failed fetch or body read; the caller's own abort passes through as is. */
function transportError(guard: ReadGuard, error: unknown): unknown {
  const { request, timer, timeoutMs } = guard;
  if (request.signal.aborted) return error;
  // The URL is cleaned only here, on failure: the success path never pays for parsing it.
  const where = safeUrl(request.url);
  if (timer?.aborted) return new ClerkTimeoutError(request.method, where, timeoutMs as number);
  return new ClerkNetworkError(request.method, where, error);
}

/** The Response methods that read the body, and so can fail after the headers arrived. */
const BODY_READERS = ['text', 'json', 'arrayBuffer', 'blob', 'formData', 'bytes'] as const;
type BodyReader = (this: Response) => Promise<unknown>;

/**
 * Reading the body can fail too (the connection drops mid-body, or the timeout fires after the
 * headers): without a guard, openapi-fetch would surface a bare TypeError or DOMException. Rather
 * than re-stream the body through a JavaScript ReadableStream (per-chunk JavaScript on every call),
 * the readers are replaced: a plain `Response` gets a prototype whose readers call the native ones
 * and map their rejection (one prototype switch, no closures per call); any other response object
 * (a custom `fetch`'s own class) gets wrapping own methods.
 */
function guardBodyReaders(response: Response, guard: ReadGuard): void {
  (response as unknown as Record<symbol, ReadGuard>)[READ_GUARD] = guard;
  if (Object.getPrototypeOf(response) === Response.prototype) {
    Object.setPrototypeOf(response, guardedResponsePrototype());
    return;
  }
  const own = response as unknown as Record<string, unknown>;
  for (const name of BODY_READERS) {
    const read = own[name];
    if (typeof read === 'function') {
      Object.defineProperty(own, name, { value: guardedReader(read as BodyReader), writable: true, configurable: true });
    }
  }
}

/** A reader that calls `read` and maps its rejection with the response's {@link ReadGuard}. */
function guardedReader(read: BodyReader): BodyReader {
  return function (this: Response) {
    return read.call(this).then(undefined, (error: unknown) => {
      throw transportError((this as unknown as Record<symbol, ReadGuard>)[READ_GUARD] as ReadGuard, error);
    });
  };
}

let guardedPrototype: Response | undefined;
/** Built on first use, so importing the package never touches `Response` (`bytes()` is not everywhere yet). */
function guardedResponsePrototype(): Response {
  if (guardedPrototype) return guardedPrototype;
  const proto = Object.create(Response.prototype) as Record<string, unknown>;
  const native = Response.prototype as unknown as Record<string, unknown>;
  for (const name of BODY_READERS) {
    const read = native[name];
    if (typeof read === 'function') {
      Object.defineProperty(proto, name, { value: guardedReader(read as BodyReader), writable: true, configurable: true });
    }
  }
  guardedPrototype = proto as unknown as Response;
  return guardedPrototype;
}

/** Origin and path only: query strings may hold emails or phone numbers. */
function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '(invalid URL)';
  }
}
