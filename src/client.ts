/**
 * createClerkClient: openapi-fetch's client for the spec's paths, plus authentication, the pinned API
 * version, the user agent and the call pipeline. Each method is wrapped: the wrapper checks the input
 * (src/input-checks.ts), makes the call's context (src/call-context.ts) and hands openapi-fetch a
 * fetch that sends with retries (src/retry/loop.ts).
 */
import createClient, { defaultBodySerializer } from 'openapi-fetch';
import type { paths } from '../generated/schema.ts';
import { CLERK_API_VERSION } from '../generated/version.ts';
import { type BaseFetch, type CallContext, markClient, markResponse } from './call-context.ts';
import {
  CLIENT_VERSION,
  type ClerkClientOptions,
  checkClientHeaders,
  checkKeyOnTheWire,
  resolveBaseUrl,
  resolveSecretKey,
} from './client-options.ts';
import { invalidJsonError } from './errors/from-response.ts';
import { type Redact, secretRedactor } from './errors/redact.ts';
import type { ExactClient } from './exact-types.ts';
import { checkPathParameters, checkQuery } from './input-checks.ts';
import { createSend } from './retry/loop.ts';
import {
  type ClerkCallOptions,
  callMaxRetries,
  callTimeoutMs,
  type RetrySettings,
  resolveRetrySettings,
} from './retry/options.ts';
import { perUserScope } from './retry/per-user.ts';

/**
 * A client typed by every `/users` path of the spec: `client.GET('/users/{user_id}', …)`. Unknown keys
 * in `body`, `params.query` and `params.path` are compile errors, and `order_by` takes only the
 * endpoint's fields. Each call also accepts {@link ClerkCallOptions} (`maxRetries`, `timeoutMs`) next
 * to `params`.
 * @example
 * const clerk: ClerkUsersClient = createClerkClient();
 */
export type ClerkUsersClient = ExactClient<ClerkCallOptions>;

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
  // Every error of this client is cleaned of its exact key, whatever the key's shape.
  const redact = secretRedactor([secretKey]);
  const baseUrl = resolveBaseUrl(options.baseUrl, options.allowUnversionedBaseUrl === true, redact);
  checkKeyOnTheWire(secretKey, baseUrl, redact);
  const settings = resolveRetrySettings(options, secretKey);
  const extraHeaders = options.headers ?? {};
  checkClientHeaders(extraHeaders);
  const userAgent = [options.userAgent?.trim(), `clerk-users/${CLIENT_VERSION}`].filter(Boolean).join(' ');
  const clientFetch = options.fetch;
  const send = createSend(settings);

  const client = createClient<paths>({
    baseUrl,
    // Calls made through the methods below bring their own fetch with their context; this one is a fallback.
    fetch: (request: Request) => send(request, contextOfBareRequest(request, clientFetch, settings, redact)),
    headers: {
      ...extraHeaders,
      Authorization: `Bearer ${secretKey}`,
      'Clerk-API-Version': CLERK_API_VERSION,
      'User-Agent': userAgent,
    },
    bodySerializer: multipartAwareBodySerializer,
  });
  // The checks run in a wrapper around each method rather than as openapi-fetch middleware: the
  // middleware machinery alone (an id, a frozen options object, two awaited hooks) costs more per call
  // than everything else this layer does. Users' own `client.use(…)` middleware still works.
  const methods = client as unknown as Record<string, unknown>;
  const call = (
    sendMethod: SendMethod,
    method: string,
    path: string,
    init: CallInit | undefined,
  ): ReturnType<SendMethod> => {
    let context: CallContext;
    try {
      checkPathParameters(path, init?.params?.path);
      checkQuery(path, init?.params?.query);
      context = {
        method,
        path,
        user: perUserScope(method, path, init?.params?.path),
        fetch: init?.fetch ?? clientFetch,
        signal: init?.signal ?? null,
        maxRetries: init?.maxRetries === undefined ? settings.maxRetries : callMaxRetries(init.maxRetries),
        timeoutMs: init?.timeoutMs === undefined ? settings.timeoutMs : callTimeoutMs(init.timeoutMs),
        attempts: 0,
        response: undefined,
        bodyText: undefined,
        readsText: init?.parseAs === undefined || init.parseAs === 'json' || init.parseAs === 'text',
        redact,
      };
    } catch (error) {
      return Promise.reject(error);
    }
    return sendMethod(path, { ...init, fetch: (request: Request) => send(request, context) }).then(
      (result: { data?: unknown; response: Response }) => {
        // Only failures, and successes whose body cannot be what the spec says, need it: unwrap names the call in its error.
        if (!result.response.ok || typeof result.data !== 'object' || result.data === null)
          markResponse(result.response, context);
        return result;
      },
      (error: unknown) => {
        // openapi-fetch parses a body without Content-Length itself: its SyntaxError means invalid JSON.
        const response = context.response;
        if (error instanceof SyntaxError && response?.ok)
          throw invalidJsonError(response, context.bodyText, error, context);
        throw error;
      },
    );
  };
  for (const method of HTTP_METHODS) {
    const sendMethod = methods[method] as SendMethod;
    methods[method] = (path: string, init?: CallInit) => call(sendMethod, method, path, init);
  }
  const request = client.request as (method: string, path: string, init?: CallInit) => ReturnType<SendMethod>;
  methods.request = (method: string, path: string, init?: CallInit) =>
    call((p, i) => request(method, p, i), String(method).toUpperCase(), path, init);
  markClient(client, redact);
  // Typing only: the same object, seen through the exact method types.
  return client as unknown as ClerkUsersClient;
}

const HTTP_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;
type CallInit = {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown> };
  fetch?: BaseFetch;
  signal?: AbortSignal | null;
  maxRetries?: unknown;
  timeoutMs?: unknown;
  parseAs?: unknown;
} & Record<string, unknown>;
type SendMethod = (path: string, init?: CallInit) => Promise<{ response: Response }>;

/** The context of a request that reached the client's own fetch without a method wrapper. */
function contextOfBareRequest(
  request: Request,
  fetch: BaseFetch | undefined,
  settings: RetrySettings,
  redact: Redact,
): CallContext {
  return {
    method: request.method,
    path: '',
    user: undefined,
    fetch,
    signal: request.signal,
    maxRetries: settings.maxRetries,
    timeoutMs: settings.timeoutMs,
    attempts: 0,
    response: undefined,
    bodyText: undefined,
    readsText: false,
    redact,
  };
}

/** Bodies holding a Blob or File (the profile image upload) go out as multipart/form-data; the rest as JSON. */
function multipartAwareBodySerializer(body: unknown): unknown {
  if (
    body &&
    typeof body === 'object' &&
    !(body instanceof FormData) &&
    Object.values(body).some((v) => v instanceof Blob)
  ) {
    const form = new FormData();
    for (const [key, value] of Object.entries(body)) {
      if (value === undefined || value === null) continue;
      form.append(key, value instanceof Blob ? value : String(value));
    }
    return form;
  }
  return defaultBodySerializer(body);
}
