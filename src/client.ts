import createClient, { createQuerySerializer, defaultBodySerializer, defaultPathSerializer } from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import { CLERK_API_VERSION } from '../generated/version.ts';
import type { ExactClient } from './exact-types.ts';
import { checkQuery } from './filters.ts';
import { ClerkAPIError, ClerkInputError } from './errors.ts';
import {
  attemptsOf,
  createResilientFetch,
  resolveResilienceOptions,
  type ClerkCallOptions,
  type ClerkClientResilienceOptions,
} from './retry.ts';
import type { BaseFetch, CallerSignal } from './transport.ts';

/** This package's version, sent in `User-Agent`. */
export const CLIENT_VERSION = '0.1.0';

/** The production Clerk Backend API. */
export const DEFAULT_BASE_URL = 'https://api.clerk.com/v1';

/**
 * A client typed by every `/users` path of the spec: `client.GET('/users/{user_id}', …)`. Unknown keys
 * in `body`, `params.query` and `params.path` are compile errors, and `order_by` takes only the
 * endpoint's fields (see src/exact-types.ts). Each call also accepts {@link ClerkCallOptions}
 * (`maxRetries`, `timeoutMs`) next to `params`.
 */
export type ClerkUsersClient = ExactClient<ClerkCallOptions>;
export type { ClerkCallOptions };

/** Options of {@link createClerkClient}; the retry, timeout and rate-limit ones are described in the README's "Reliability". */
export interface ClerkClientOptions extends ClerkClientResilienceOptions {
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
}

/** What the client remembers about each response, for error messages: never headers or the key. */
interface RequestInfo {
  method: string;
  path: string;
  /** Requests sent for the call, retries included. */
  attempts: number;
}
const requestInfo = new WeakMap<Response, Omit<RequestInfo, 'attempts'>>();

/** The method and path template of the request a response answered, when it came through this client. */
export function requestInfoOf(response: Response): RequestInfo {
  const known = requestInfo.get(response);
  if (known) return { ...known, attempts: attemptsOf(response) };
  let path = '';
  try {
    path = new URL(response.url).pathname;
  } catch {
    // A Response built by hand has no URL.
  }
  return { method: 'UNKNOWN', path, attempts: attemptsOf(response) };
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
  checkKeyOnTheWire(secretKey, baseUrl);
  const resilience = resolveResilienceOptions(options, secretKey);
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
  const baseFetch = options.fetch;

  const send = transport(createResilientFetch(resilience));
  const client = createClient<paths>({
    baseUrl,
    // Calls made through the methods below bring their own fetch, which knows the path template; this one is a fallback.
    fetch: (request: Request) => send(request, baseFetch, undefined),
    headers: {
      ...extraHeaders,
      Authorization: `Bearer ${secretKey}`,
      'Clerk-API-Version': CLERK_API_VERSION,
      'User-Agent': userAgent,
    },
    pathSerializer: checkedPathSerializer,
    querySerializer: checkedQuerySerializer,
    bodySerializer: multipartAwareBodySerializer,
  });
  // The checks run in a wrapper around each method rather than as openapi-fetch middleware: the
  // middleware machinery alone (an id, a frozen options object, two awaited hooks) cost more per call
  // than everything else this layer does. Users' own `client.use(…)` middleware still works.
  const methods = client as unknown as Record<string, unknown>;
  for (const method of HTTP_METHODS) {
    const sendMethod = methods[method] as Send;
    methods[method] = (path: string, init?: CallInit) => checkedCall(sendMethod, send, baseFetch, method, path, init);
  }
  const request = client.request as (method: string, path: string, init?: CallInit) => ReturnType<Send>;
  methods.request = (method: string, path: string, init?: CallInit) =>
    checkedCall((p, i) => request(method, p, i), send, baseFetch, String(method).toUpperCase(), path, init);
  // Typing only: the same object, seen through the exact method types.
  return client as unknown as ClerkUsersClient;
}

const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
type CallInit = { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> }; fetch?: BaseFetch } & Record<string, unknown>;
type Send = (path: string, init?: CallInit) => Promise<{ response: Response }>;

/**
 * One call: checks the input (a failure rejects the call before anything is built or sent), sends it
 * with a fetch that knows the path template, and notes method and template on a failed response for
 * {@link unwrap}'s error message.
 */
function checkedCall(
  sendMethod: Send,
  send: Transport,
  clientFetch: BaseFetch | undefined,
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
  const callerSignal = (init?.signal as AbortSignal | null | undefined) ?? null;
  return sendMethod(path, { ...init, fetch: (request: Request) => send(request, callFetch, path, callerSignal) }).then((result) => {
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
  // Caught here rather than as a 401 on the first call, with a message that says what is wrong.
  if (!key.startsWith('sk_')) {
    throw new ClerkInputError('invalid_secret_key', 'secretKey', 'secretKey is not a Clerk secret key: it should start with sk_live_ or sk_test_ (API keys in the Clerk dashboard).');
  }
  return key;
}

/**
 * A production key must not travel in clear text: `sk_live_…` with a plain `http://` base URL is
 * refused unless the host is loopback (a local proxy). Test keys stay allowed, for mock servers
 * in a container network.
 */
function checkKeyOnTheWire(secretKey: string, baseUrl: string): void {
  if (!secretKey.startsWith('sk_live_')) return;
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return;
  const host = url.hostname;
  const loopback = host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback) {
    throw new ClerkInputError(
      'insecure_base_url',
      'baseUrl',
      `refusing to send a live secret key (sk_live_…) over plain http:// to ${host}; use https:// (or a loopback address for a local proxy)`,
    );
  }
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
    if (LONE_SURROGATE.test(text)) {
      throw new ClerkInputError('invalid_path_parameter', name, `path parameter ${name} holds a lone UTF-16 surrogate, which no URL can carry (${pathname})`);
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}

/** Matches an unpaired UTF-16 surrogate (with the `u` flag, paired ones are one code point and do not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const defaultQuerySerializer = createQuerySerializer();

/**
 * The default query serializer, after a check that every string can be percent-encoded: a lone
 * surrogate would make it throw a bare URIError while the URL is built.
 */
function checkedQuerySerializer(query: Record<string, unknown>): string {
  for (const name in query) {
    const value = query[name];
    if (typeof value === 'string' ? LONE_SURROGATE.test(value) : Array.isArray(value) && value.some((v) => typeof v === 'string' && LONE_SURROGATE.test(v))) {
      throw new ClerkInputError('invalid_query_value', name, `query parameter ${name} holds a lone UTF-16 surrogate, which no URL can carry`);
    }
  }
  return defaultQuerySerializer(query);
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

type Transport = (request: Request, baseFetch: BaseFetch | undefined, schemaPath: string | undefined, callerSignal?: CallerSignal) => Promise<Response>;

/**
 * Sends a request with retries (src/retry.ts), then checks what came back: a 2xx that is not JSON
 * (an HTML page from a proxy) would surface as a SyntaxError from openapi-fetch, so it becomes an
 * API error that says what arrived instead.
 */
function transport(resilient: Transport): Transport {
  return async (request, baseFetch, schemaPath, callerSignal) => {
    const response = await resilient(request, baseFetch, schemaPath, callerSignal);
    const type = response.ok && response.body ? response.headers.get('content-type') : null;
    if (type && response.status !== 204 && !/\bjson\b/i.test(type)) {
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
        attempts: attemptsOf(response),
      });
    }
    return response;
  };
}
