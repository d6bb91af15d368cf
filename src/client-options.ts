/**
 * The options of createClerkClient that are not about retries (src/retry/options.ts holds those):
 * their types and documentation, and their checks, made once when the client is created.
 */
import { CLERK_API_VERSION } from '../generated/version.ts';
import { ClerkInputError } from './errors/classes.ts';
import { type Redact, redactKeyShaped } from './errors/redact.ts';
import type { ClerkClientResilienceOptions } from './retry/options.ts';

/**
 * This package's version, sent in `User-Agent`.
 * @example
 * console.log(`clerk-users ${CLIENT_VERSION}`);
 */
export const CLIENT_VERSION = '0.1.0';

/**
 * The production Clerk Backend API.
 * @example
 * createClerkClient({ baseUrl: DEFAULT_BASE_URL });
 */
export const DEFAULT_BASE_URL = 'https://api.clerk.com/v1';

/**
 * Options of {@link createClerkClient}; the retry, timeout and rate-limit ones are described in the
 * README's "Reliability". Every option may be `undefined` (as `process.env.X` is), which means the default.
 */
export interface ClerkClientOptions extends ClerkClientResilienceOptions {
  /**
   * Your Clerk secret key (`sk_live_…` or `sk_test_…`). Defaults to `process.env.CLERK_SECRET_KEY`
   * where `process` exists. Surrounding whitespace (a trailing newline from a secrets file) is trimmed.
   */
  secretKey?: string | undefined;
  /**
   * API root, default `https://api.clerk.com/v1`. Point it at a mock server in tests. Its path must end
   * in a version segment (`/v1`): `https://api.clerk.com` alone answers every call with a 404 that is
   * no Clerk error. A root without one is refused unless {@link ClerkClientOptions.allowUnversionedBaseUrl} is set.
   */
  baseUrl?: string | undefined;
  /**
   * Accept a `baseUrl` whose path does not end in a version segment, for a mock or proxy that serves
   * the API's paths at its root (Prism does: `http://127.0.0.1:4010`). Off by default.
   */
  allowUnversionedBaseUrl?: boolean | undefined;
  /** A `fetch` to send requests with (default: the runtime's global `fetch`). */
  fetch?: ((input: Request) => Promise<Response>) | undefined;
  /** Prepended to `clerk-users/<version>` in the `User-Agent` header, e.g. `my-app/2.1`. */
  userAgent?: string | undefined;
  /**
   * Extra headers sent with every request. `Authorization` is not allowed here (use `secretKey`), nor
   * `Clerk-API-Version` (pinned to the spec's version; override it per call in that call's `headers`).
   */
  headers?: Record<string, string> | undefined;
}

/** The secret key to send: the given one, else `CLERK_SECRET_KEY`; throws when there is none usable. */
export function resolveSecretKey(given: string | undefined): string {
  // The environment is read only when no key was given: Deno without --allow-env throws on any read.
  const fromEnv =
    given === undefined
      ? (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.CLERK_SECRET_KEY
      : undefined;
  const key = (given ?? fromEnv ?? '').trim();
  if (key === '') {
    throw new ClerkInputError(
      'missing_secret_key',
      'secretKey',
      'No Clerk secret key: pass { secretKey } to createClerkClient or set CLERK_SECRET_KEY ' +
        '(find it under API keys in the Clerk dashboard).',
    );
  }
  if (key.startsWith('pk_')) {
    throw new ClerkInputError(
      'publishable_key_given',
      'secretKey',
      'secretKey is a publishable key (pk_…); the Backend API needs the secret key (sk_…).',
    );
  }
  // Whitespace or control characters inside the key would break or split the Authorization header.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what this refuses
  if (/[\s\x00-\x1f\x7f]/.test(key)) {
    throw new ClerkInputError(
      'invalid_secret_key',
      'secretKey',
      'secretKey contains whitespace or control characters; copy the key again from the Clerk dashboard.',
    );
  }
  // Caught here rather than as a 401 on the first call, with a message that says what is wrong.
  if (!key.startsWith('sk_')) {
    throw new ClerkInputError(
      'invalid_secret_key',
      'secretKey',
      'secretKey is not a Clerk secret key: it should start with sk_live_ or sk_test_ (API keys in the Clerk dashboard).',
    );
  }
  return key;
}

/**
 * The API root without a trailing slash; throws unless it is an http(s) URL ending in a version
 * segment. `redact` cleans the URL a message shows (a key pasted into it by mistake).
 */
export function resolveBaseUrl(
  given: string | undefined,
  allowUnversioned: boolean,
  redact: Redact = redactKeyShaped,
): string {
  const value = given ?? DEFAULT_BASE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ClerkInputError(
      'invalid_base_url',
      'baseUrl',
      `baseUrl ${redact(JSON.stringify(value))} is not an absolute URL (expected e.g. ${DEFAULT_BASE_URL})`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ClerkInputError('invalid_base_url', 'baseUrl', `baseUrl must be http(s), got ${redact(url.protocol)}`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new ClerkInputError(
      'invalid_base_url',
      'baseUrl',
      'baseUrl must not contain credentials, a query or a fragment',
    );
  }
  const root = url.href.replace(/\/+$/, '');
  // Without the version segment every path misses the API, and the 404s would look like "no such user".
  if (!allowUnversioned && !/\/v\d+$/.test(url.pathname.replace(/\/+$/, ''))) {
    throw new ClerkInputError(
      'base_url_without_version',
      'baseUrl',
      `baseUrl ${redact(root)} does not end in an API version segment such as /v1 (the Backend API is at ${DEFAULT_BASE_URL}); ` +
        'add it, or pass { allowUnversionedBaseUrl: true } if a mock or proxy serves the API at this root',
    );
  }
  return root;
}

/**
 * A production key must not travel in clear text: `sk_live_…` with a plain `http://` base URL is
 * refused unless the host is loopback (a local proxy). Test keys stay allowed, for mock servers
 * in a container network.
 */
export function checkKeyOnTheWire(secretKey: string, baseUrl: string, redact: Redact = redactKeyShaped): void {
  if (!secretKey.startsWith('sk_live_')) return;
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return;
  const host = url.hostname;
  const loopback =
    host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
  if (!loopback) {
    throw new ClerkInputError(
      'insecure_base_url',
      'baseUrl',
      `refusing to send a live secret key (sk_live_…) over plain http:// to ${redact(host)}; ` +
        `use https:// (or a loopback address for a local proxy)`,
    );
  }
}

/** Refuses `Authorization` and `Clerk-API-Version` among the client-wide headers. */
export function checkClientHeaders(headers: Record<string, string>): void {
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization') {
      throw new ClerkInputError(
        'authorization_header_not_allowed',
        'headers',
        'headers: do not pass Authorization; give the key as { secretKey } instead',
      );
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
}
