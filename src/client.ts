import createClient, {
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  type Client,
  type FetchResponse,
  type MaybeOptionalInit,
  type Middleware,
} from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import { CLERK_API_VERSION } from '../generated/version.ts';
import { checkQuery } from './filters.ts';
import { ClerkAPIError, ClerkInputError } from './errors.ts';
import {
  attemptsOf,
  createResilientFetch,
  pathTemplates,
  resolveResilienceOptions,
  type ClerkCallOptions,
  type ClerkClientResilienceOptions,
} from './retry.ts';

/** This package's version, sent in `User-Agent`. */
export const CLIENT_VERSION = '0.1.0';

/** The production Clerk Backend API. */
export const DEFAULT_BASE_URL = 'https://api.clerk.com/v1';

/**
 * A client typed by every `/users` path of the spec: `client.GET('/users/{user_id}', …)`.
 * Each call also accepts {@link ClerkCallOptions} (`maxRetries`, `timeoutMs`) next to `params`.
 */
export type ClerkUsersClient = Omit<Client<paths>, Uppercase<CallMethod>> & { [M in CallMethod as Uppercase<M>]: ClerkClientMethod<M> };
export type { ClerkCallOptions };

type CallMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
/** The paths that have method `M` (absent methods are optional `never` keys in the generated paths). */
type PathsOf<M extends CallMethod> = { [P in keyof paths]: paths[P] extends { [K in M]: unknown } ? P : never }[keyof paths];
/** openapi-fetch's init parameter with {@link ClerkCallOptions} typed (other extra keys stay `unknown`, as there). */
type CallInit<Init> = undefined extends Init
  ? [init?: Init & ClerkCallOptions & { [key: string]: unknown }]
  : [init: Init & ClerkCallOptions & { [key: string]: unknown }];
/** openapi-fetch's `ClientMethod`, whose init also takes `maxRetries` and `timeoutMs`. */
type ClerkClientMethod<M extends CallMethod> = <Path extends PathsOf<M>, Init extends MaybeOptionalInit<paths[Path], M>>(
  url: Path,
  ...init: CallInit<Init>
) => Promise<paths[Path][M] extends infer O extends Record<string | number, unknown> ? FetchResponse<O, Init, `${string}/${string}`> : never>;

/** Options of {@link createClerkClient}; the retry, timeout and rate-limit ones are described in the README's "Reliability". */
export interface ClerkClientOptions extends ClerkClientResilienceOptions {
  /**
   * Your Clerk secret key (`sk_live_…` or `sk_test_…`). Defaults to `process.env.CLERK_SECRET_KEY`
   * where `process` exists. Surrounding whitespace (a trailing newline from a secrets file) is trimmed.
   */
  secretKey?: string;
  /** API root, default `https://api.clerk.com/v1`. Point it at a mock server in tests. */
  baseUrl?: string;
  /** A `fetch` to send requests with (default: the runtime's global `fetch`). */
  fetch?: (input: Request) => Promise<Response>;
  /** Prepended to `clerk-users/<version>` in the `User-Agent` header, e.g. `my-app/2.1`. */
  userAgent?: string;
  /** Extra headers sent with every request. `Authorization` is not allowed here: use `secretKey`. */
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
  const baseUrl = resolveBaseUrl(options.baseUrl);
  checkKeyOnTheWire(secretKey, baseUrl);
  const resilience = resolveResilienceOptions(options, secretKey);
  const extraHeaders = options.headers ?? {};
  for (const name of Object.keys(extraHeaders)) {
    if (name.toLowerCase() === 'authorization') {
      throw new ClerkInputError('authorization_header_not_allowed', 'headers', 'headers: do not pass Authorization; give the key as { secretKey } instead');
    }
  }
  const userAgent = [options.userAgent?.trim(), `clerk-users/${CLIENT_VERSION}`].filter(Boolean).join(' ');

  const client = createClient<paths>({
    baseUrl,
    fetch: createResilientFetch(options.fetch, resilience),
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
  client.use(checksMiddleware);
  // The same object: only the init parameter's type is richer (the fetch layer reads those keys).
  return client as unknown as ClerkUsersClient;
}

function resolveSecretKey(given: string | undefined): string {
  const fromEnv = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.CLERK_SECRET_KEY;
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

function resolveBaseUrl(given: string | undefined): string {
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
  return url.href.replace(/\/+$/, '');
}

/**
 * Rejects path values that URL parsing would collapse or drop, then percent-encodes as usual.
 * Without this, `user_id: '..'` would address the API root and `''` the list endpoint.
 */
function checkedPathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const match of pathname.matchAll(/\{([^}]+)\}/g)) {
    const name = match[1] as string;
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
 * surrogate would make it throw a bare URIError while the URL is built, before any middleware runs.
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

const checksMiddleware: Middleware = {
  // Throwing here rejects the call before fetch runs.
  onRequest({ request, schemaPath, params }) {
    pathTemplates.set(request, schemaPath); // for onRetry, which must not see ids
    // openapi-fetch runs the path serializer only when `params.path` is given; without it the
    // template (`/users/{user_id}`) would be sent as is.
    if (!params?.path) checkedPathSerializer(schemaPath, {});
    // An empty filter list would be dropped from the URL and match every user.
    checkQuery(schemaPath, params.query);
    return undefined;
  },
  onResponse({ request, response, schemaPath }) {
    requestInfo.set(response, { method: request.method, path: schemaPath });
    // A 2xx that is not JSON (an HTML page from a proxy) would surface as a SyntaxError from
    // openapi-fetch: turn it into an API error that says what arrived instead.
    const type = response.headers.get('content-type');
    if (response.ok && response.status !== 204 && type && !/\bjson\b/i.test(type)) {
      return response.text().then((text) => {
        throw new ClerkAPIError({
          status: response.status,
          errors: [],
          method: request.method,
          path: schemaPath,
          code: 'unexpected_content_type',
          message: `expected a JSON body, got ${type}`,
          rawBody: text,
          clerkTraceId: response.headers.get('cf-ray') ?? undefined,
        });
      });
    }
    return undefined;
  },
};
