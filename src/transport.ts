/**
 * One attempt on the wire: the per-attempt timeout, and typed errors for whatever fails on the way
 * ({@link ClerkNetworkError}, {@link ClerkTimeoutError}), while sending or while reading the body.
 * src/retry.ts decides whether and when to make another attempt.
 */
import { ClerkNetworkError, ClerkTimeoutError } from './errors.ts';

/** What the transport sends with: the runtime's fetch (undefined), or the user's `fetch` option. */
export type BaseFetch = (input: Request) => Promise<Response>;

/**
 * The signal the caller passed to the call (null: none), or undefined when not known, in which case
 * the Request's own signal is followed instead.
 */
export type CallerSignal = AbortSignal | null | undefined;

/** One attempt's state, kept on its response so a failed body read can say what failed. */
interface AttemptGuard {
  request: Request;
  timeoutMs: number | undefined;
  timedOut: boolean;
  /** Drops the attempt's abort hooks once its body is read (undefined without a timeout). */
  finish: (() => void) | undefined;
}

/**
 * One timer shared by every attempt that started within the same short window, fired `timeoutMs`
 * after the window closed. Whatever is still running then has run at least `timeoutMs`, so
 * aborting it is a timeout; what finished has left the set. This saves a timer per request.
 */
interface DeadlineBucket {
  /** The attempts still running, each with what aborts it (a plain Set: no EventTarget listeners to pile up). */
  running: Set<() => void>;
  /** Attempts starting before this time (epoch ms) join this bucket. */
  closesAt: number;
}

/** Per-client deadline buckets, one per timeout value in use. */
export class Deadlines {
  private readonly buckets = new Map<number, DeadlineBucket>();

  /** The bucket for an attempt starting now with `timeoutMs`; it fires after `timeoutMs` to `timeoutMs` + 1/10 of it (at most 1 s). */
  bucketFor(timeoutMs: number): DeadlineBucket {
    const now = Date.now();
    let bucket = this.buckets.get(timeoutMs);
    if (bucket === undefined || now >= bucket.closesAt) {
      const width = Math.min(1000, Math.max(1, Math.floor(timeoutMs / 10)));
      const fresh: DeadlineBucket = { running: new Set(), closesAt: now + width };
      this.buckets.set(timeoutMs, fresh);
      const timer = setTimeout(() => {
        if (this.buckets.get(timeoutMs) === fresh) this.buckets.delete(timeoutMs);
        for (const abort of fresh.running) abort();
        fresh.running.clear();
      }, timeoutMs + width);
      // The sockets keep the process alive while requests run; the timer alone should not.
      (timer as { unref?: () => void }).unref?.();
      bucket = fresh;
    }
    return bucket;
  }
}

/**
 * Sends one attempt, with a timeout when `timeoutMs` is given. The runtime's fetch gets the timeout
 * signal as its init (it builds its internal Request either way) rather than a
 * `new Request(request, { signal })` copy; only a custom fetch gets a copy, and only with a timeout.
 * Rejects with {@link ClerkNetworkError} or {@link ClerkTimeoutError}; the caller's own abort stays
 * what the signal says (an AbortError).
 */
export function sendOnce(
  request: Request,
  baseFetch: BaseFetch | undefined,
  timeoutMs: number | undefined,
  deadlines: Deadlines,
  callerSignal: CallerSignal,
): Promise<Response> {
  const guard: AttemptGuard = { request, timeoutMs, timedOut: false, finish: undefined };
  let pending: Promise<Response>;
  if (timeoutMs === undefined) {
    pending = baseFetch ? baseFetch(request) : globalThis.fetch(request);
  } else {
    if (request.signal.aborted) return Promise.reject(request.signal.reason);
    const bucket = deadlines.bucketFor(timeoutMs);
    // Our signal replaces the request's own, so the caller's abort is forwarded by hand. Only a
    // signal the caller gave is listened to: a listener on the Request's own signal costs about a
    // tenth of a loopback call in Node, and that signal can only abort through the caller's.
    const controller = new AbortController();
    const onDeadline = () => {
      guard.timedOut = true;
      controller.abort(new ClerkTimeoutError(request.method, safeUrl(request.url), timeoutMs));
    };
    const forward = callerSignal === undefined ? request.signal : callerSignal;
    const onCallerAbort = forward ? () => controller.abort(forward.reason) : undefined;
    if (forward && onCallerAbort) forward.addEventListener('abort', onCallerAbort, { once: true });
    bucket.running.add(onDeadline);
    guard.finish = () => {
      if (forward && onCallerAbort) forward.removeEventListener('abort', onCallerAbort);
      bucket.running.delete(onDeadline);
    };
    try {
      pending = baseFetch ? baseFetch(new Request(request, { signal: controller.signal })) : globalThis.fetch(request, { signal: controller.signal });
    } catch (error) {
      pending = Promise.reject(error);
    }
  }
  return pending.then(
    (response) => guardBody(response, guard),
    (error: unknown) => {
      guard.finish?.();
      throw transportError(guard, error);
    },
  );
}

/** The typed error for a failed fetch or body read; the caller's own abort passes through as is. */
function transportError(guard: AttemptGuard, error: unknown): unknown {
  const { request } = guard;
  if (request.signal.aborted) return error;
  // The URL is cleaned only here, on failure: the success path never pays for parsing it.
  const where = safeUrl(request.url);
  if (guard.timedOut) return new ClerkTimeoutError(request.method, where, guard.timeoutMs as number);
  return new ClerkNetworkError(request.method, where, error);
}

/** The Response methods that read the body, and so can fail after the headers arrived. */
const BODY_READERS = ['text', 'json', 'arrayBuffer', 'blob', 'formData', 'bytes'] as const;
type BodyReader = (this: Response) => Promise<unknown>;
const GUARD = Symbol('clerk-users.attemptGuard');

/**
 * Reading the body can fail too (the connection drops mid-body, or the timeout fires after the
 * headers): without a guard, openapi-fetch would surface a bare TypeError or DOMException. Rather
 * than re-stream the body through a JavaScript ReadableStream (per-chunk JavaScript on every call),
 * the readers are replaced: a plain `Response` gets a prototype whose readers call the native ones
 * and map their rejection (one prototype switch, no closures per call); any other response object
 * (a custom `fetch`'s own class) gets wrapping own methods.
 */
function guardBody(response: Response, guard: AttemptGuard): Response {
  if (!response.body || response.status === 204 || response.status === 205 || response.status === 304 || response.status === 101) {
    guard.finish?.();
    return response;
  }
  (response as unknown as Record<symbol, AttemptGuard>)[GUARD] = guard;
  if (Object.getPrototypeOf(response) === Response.prototype) {
    Object.setPrototypeOf(response, guardedResponsePrototype());
    return response;
  }
  const own = response as unknown as Record<string, unknown>;
  for (const name of BODY_READERS) {
    const read = own[name];
    if (typeof read === 'function') {
      Object.defineProperty(own, name, { value: guardedReader(read as BodyReader), writable: true, configurable: true });
    }
  }
  return response;
}

/** A reader that calls `read`, ends the attempt's timeout when the body is in, and maps a rejection to a typed error. */
function guardedReader(read: BodyReader): BodyReader {
  return function (this: Response) {
    const guard = (this as unknown as Record<symbol, AttemptGuard>)[GUARD] as AttemptGuard;
    const pending = read.call(this);
    const finish = guard.finish;
    if (finish === undefined) {
      return pending.then(undefined, (error: unknown) => {
        throw transportError(guard, error);
      });
    }
    return pending.then(
      (value) => {
        finish();
        return value;
      },
      (error: unknown) => {
        finish();
        throw transportError(guard, error);
      },
    );
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

/** Drops an answer that will not be read (a retry follows): ends its timeout hooks and frees its connection. */
export function discard(response: Response): void {
  (response as unknown as Record<symbol, AttemptGuard | undefined>)[GUARD]?.finish?.();
  response.body?.cancel().catch(() => {});
}

/** Origin and path only: query strings may hold emails or phone numbers. */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return u.origin + u.pathname;
  } catch {
    return '(invalid URL)';
  }
}
