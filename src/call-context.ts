/**
 * The state of one call, made once by the method wrapper in src/client.ts and handed down to the
 * retry loop and to each attempt: what was called, with which fetch, signal and limits, and how many
 * attempts it took. The response of a failed call carries the parts `unwrap` needs for its error message.
 */
import type { CallFacts } from './errors/from-response.ts';
import { type Redact, redactKeyShaped } from './errors/redact.ts';

/** What an attempt is sent with: the runtime's fetch (undefined), or the user's `fetch` option. */
export type BaseFetch = (input: Request) => Promise<Response>;

/** One call's context. */
export interface CallContext {
  /** HTTP method in upper case, e.g. `GET`. */
  readonly method: string;
  /** The path template, e.g. `/users/{user_id}`; empty when the call did not come through a method. */
  readonly path: string;
  /** The user whose own budget the call counts against, on a route Clerk limits per user; else undefined. */
  readonly user: string | undefined;
  /** The per-call `fetch`, else the client's `fetch` option, else undefined (the runtime's). */
  readonly fetch: BaseFetch | undefined;
  /** The signal the caller passed (null: none); each attempt forwards its abort. */
  readonly signal: AbortSignal | null;
  /** Retries allowed for this call. */
  readonly maxRetries: number;
  /** Per-attempt timeout in ms; undefined: none. */
  readonly timeoutMs: number | undefined;
  /** Requests sent so far, retries included. */
  attempts: number;
  /** The response the call ended with, once there is one. */
  response: Response | undefined;
  /** The success body as read through the attempt's guard, kept for an `invalid_json` error. */
  bodyText: string | undefined;
  /**
   * The call reads its body as JSON or text (openapi-fetch's default `parseAs`), so the retry loop may
   * read it inside the attempt and retry a failure mid-body; false for streams, blobs and buffers.
   */
  readonly readsText: boolean;
  /** Removes the client's exact key (and key-shaped text) from whatever an error of this call keeps. */
  readonly redact: Redact;
}

// Symbol.for: a result made by another copy of this package is still understood by this copy's unwrap.
const CALL = Symbol.for('clerk-users.call');

/**
 * Marks the response of a call that unwrap will refuse (a failure, or a body that cannot be what the
 * spec says) with the call's method, path template, attempts and redactor (a non-enumerable property
 * of the response itself, so a result rebuilt around the same response, or spread into a new object,
 * still names its call).
 */
export function markResponse(response: Response, call: CallContext): void {
  const facts: CallFacts = { method: call.method, path: call.path, attempts: call.attempts, redact: call.redact };
  Object.defineProperty(response, CALL, { value: facts, enumerable: false, configurable: true });
}

/**
 * The method, path template and attempts of the call behind a response; for a response that did not
 * come through a client, what the response itself says.
 */
export function callFactsOf(response: Response): CallFacts {
  const known = (response as { [CALL]?: CallFacts })[CALL];
  if (known !== undefined) return known;
  let path = '';
  try {
    path = new URL(response.url).pathname;
  } catch {
    // A Response built by hand has no URL.
  }
  return { method: 'UNKNOWN', path, attempts: 1 };
}

const REDACT = Symbol.for('clerk-users.redact');

/** Keeps the client's redactor on the client (non-enumerable), for the errors paginate makes. */
export function markClient(client: object, redact: Redact): void {
  Object.defineProperty(client, REDACT, { value: redact, enumerable: false });
}

/** The redactor of a client made by createClerkClient; key-shaped text only for any other object. */
export function redactorOf(client: object): Redact {
  return (client as { [REDACT]?: Redact })[REDACT] ?? redactKeyShaped;
}
