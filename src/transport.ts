/**
 * One attempt on the wire: the per-attempt timeout (one timer with an exact deadline, and an abort
 * signal that frees a stalled socket), and typed errors for whatever fails on the way
 * ({@link ClerkNetworkError}, {@link ClerkTimeoutError}), while sending or while reading the body.
 * src/retry/loop.ts decides whether and when to make another attempt.
 */
import type { CallContext } from './call-context.ts';
import { ClerkNetworkError, ClerkTimeoutError } from './errors/classes.ts';
import { invalidJsonError, nonJsonSuccessType, unexpectedContentTypeError } from './errors/from-response.ts';
import { redactCause } from './errors/redact.ts';
import { MAX_TIMER_MS } from './retry/sleep.ts';

/** One attempt's state, kept on its response so a failed body read can say what failed. */
interface Attempt {
  request: Request;
  call: CallContext;
  timedOut: boolean;
  /** Clears the timer and the abort listener; undefined without a timeout or once done. */
  finish: (() => void) | undefined;
  /** The body as text once {@link readBody} read it inside the attempt; later reads get it from here. */
  text: Promise<unknown> | undefined;
}

/**
 * Sends one attempt. With a timeout, the runtime's fetch gets the attempt's signal as its init (it
 * builds its internal Request either way) rather than a `new Request(request, { signal })` copy; only
 * a custom fetch gets a copy. Rejects with {@link ClerkNetworkError} or {@link ClerkTimeoutError};
 * the caller's own abort stays what the signal says (an AbortError).
 */
export function sendAttempt(request: Request, call: CallContext): Promise<Response> {
  const attempt: Attempt = { request, call, timedOut: false, finish: undefined, text: undefined };
  const { fetch, timeoutMs } = call;
  let pending: Promise<Response>;
  try {
    if (timeoutMs === undefined) {
      pending = fetch ? fetch(request) : globalThis.fetch(request);
    } else {
      if (request.signal.aborted) return Promise.reject(request.signal.reason);
      const controller = new AbortController();
      // The attempt's signal replaces the request's, so the caller's abort is forwarded by hand.
      const caller = call.signal;
      const onAbort = caller ? () => controller.abort(caller.reason) : undefined;
      if (caller && onAbort) caller.addEventListener('abort', onAbort, { once: true });
      // Past the timer limit a timeout would fire at once: one that long is as good as none.
      const timer = setTimeout(
        () => {
          attempt.timedOut = true;
          controller.abort(
            new ClerkTimeoutError(request.method, whereOf(attempt), timeoutMs, { attempts: call.attempts }),
          );
          attempt.finish?.();
        },
        Math.min(timeoutMs, MAX_TIMER_MS),
      );
      // The sockets keep the process alive while requests run; the timer alone should not.
      (timer as { unref?: () => void }).unref?.();
      attempt.finish = () => {
        attempt.finish = undefined;
        clearTimeout(timer);
        if (caller && onAbort) caller.removeEventListener('abort', onAbort);
      };
      pending = fetch
        ? fetch(new Request(request, { signal: controller.signal }))
        : globalThis.fetch(request, { signal: controller.signal });
    }
  } catch (error) {
    pending = Promise.reject(error);
  }
  return pending.then(
    (response) => guardBody(response, attempt),
    (error: unknown) => {
      attempt.finish?.();
      throw attemptError(attempt, error);
    },
  );
}

/** The typed error for a failed fetch or body read; the caller's own abort passes through as is. */
function attemptError(attempt: Attempt, error: unknown): unknown {
  const { request, call } = attempt;
  if (request.signal.aborted) return error;
  const where = whereOf(attempt);
  if (attempt.timedOut)
    return new ClerkTimeoutError(request.method, where, call.timeoutMs ?? 0, { attempts: call.attempts });
  return new ClerkNetworkError(request.method, where, redactCause(error, call.redact), { attempts: call.attempts });
}

/**
 * The URL an error names: origin and path, without the client's key (a base URL may hold it). Cleaned
 * only here, on failure: the success path never pays for parsing it.
 */
function whereOf({ request, call }: Attempt): string {
  return call.redact(safeUrl(request.url));
}

/** The Response methods that read the body, and so can fail after the headers arrived. */
const BODY_READERS = ['text', 'json', 'arrayBuffer', 'blob', 'formData', 'bytes'] as const;
type BodyReader = (this: Response) => Promise<unknown>;
type Readers = Partial<Record<(typeof BODY_READERS)[number], BodyReader>>;
const ATTEMPT = Symbol('clerk-users.attempt');

/**
 * Reading the body can fail too (the connection drops mid-body, the timeout fires after the headers,
 * a 2xx body is not JSON or not valid JSON): without a guard, openapi-fetch would surface a bare TypeError,
 * DOMException or SyntaxError. The response's readers are replaced by own properties that call the
 * originals, end the attempt's timer once the body is in, and map a failure to a typed error.
 */
function guardBody(response: Response, attempt: Attempt): Response | Promise<never> {
  const { status } = response;
  if (!response.body || status === 204 || status === 205 || status === 304 || status === 101) {
    attempt.finish?.();
    return response;
  }
  const target = response as unknown as Record<string | symbol, unknown>;
  target[ATTEMPT] = attempt;
  // A plain Response shares one set of guarded readers; a custom fetch's own class gets its own.
  const readers = Object.getPrototypeOf(response) === Response.prototype ? nativeReaders() : guardedReaders(target);
  for (const name in readers) target[name] = readers[name as keyof Readers];
  // A 2xx that is not JSON (a proxy's HTML page) would surface as a SyntaxError from openapi-fetch.
  const type = nonJsonSuccessType(response);
  if (type === undefined) return response;
  return unexpectedContentTypeError(response, type, attempt.call).then((error) => Promise.reject(error));
}

let nativeGuarded: Readers | undefined;
/** Built on first use, so importing the package never touches `Response` (`bytes()` is not everywhere yet). */
function nativeReaders(): Readers {
  nativeGuarded ??= guardedReaders(Response.prototype as unknown as Record<string, unknown>);
  return nativeGuarded;
}

/** Guarded versions of the readers `source` has; `json` reads text first, so a bad body can be shown. */
function guardedReaders(source: Record<string, unknown>): Readers {
  const readers: Readers = {};
  for (const name of BODY_READERS) {
    const read = source[name];
    if (typeof read === 'function') readers[name] = guardedReader(read as BodyReader, name === 'text' ? 'text' : 'raw');
  }
  const text = source.text;
  if (typeof text === 'function' && readers.json !== undefined)
    readers.json = guardedReader(text as BodyReader, 'json');
  return readers;
}

function attemptOf(response: Response): Attempt {
  return (response as unknown as Record<symbol, Attempt>)[ATTEMPT] as Attempt;
}

/**
 * A reader that ends the attempt's timer once the body is in and maps a failure to a typed error.
 * `text` and `json` readers use the text {@link readBody} read, if it did.
 */
function guardedReader(read: BodyReader, kind: 'raw' | 'text' | 'json'): BodyReader {
  const parseJson = kind === 'json';
  return function (this: Response) {
    const attempt = attemptOf(this);
    return ((kind !== 'raw' && attempt.text) || read.call(this)).then(
      (value) => {
        attempt.finish?.();
        if (typeof value !== 'string' || !this.ok) return parseJson ? JSON.parse(value as string) : value;
        // openapi-fetch parses text itself: keep a success body for the error if it is not JSON.
        attempt.call.bodyText = value;
        if (!parseJson) return value;
        try {
          return JSON.parse(value);
        } catch (error) {
          throw invalidJsonError(this, value, error, attempt.call);
        }
      },
      (error: unknown) => {
        attempt.finish?.();
        throw attemptError(attempt, error);
      },
    );
  };
}

/**
 * Reads the body of an answer now, as text, inside its attempt: a timeout or a broken connection
 * mid-body then rejects here with the attempt's typed error, which the retry loop can retry. Later
 * `text()` / `json()` calls get what was read, and `clone()` (a logging middleware's) a copy of it.
 * Only for calls that read JSON or text.
 */
export function readBody(response: Response): Promise<unknown> | undefined {
  const attempt = (response as unknown as Record<symbol, Attempt | undefined>)[ATTEMPT];
  if (attempt === undefined) return undefined;
  attempt.text = response.text();
  return attempt.text.then((text) => {
    response.clone = () => new Response(text as string, response);
  });
}

/** Drops an answer that will not be read (a retry follows): ends its timer and frees its connection. */
export function discard(response: Response): void {
  (response as unknown as Record<symbol, Attempt | undefined>)[ATTEMPT]?.finish?.();
  response.body?.cancel().catch(() => {});
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
