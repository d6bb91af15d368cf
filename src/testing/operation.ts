/** What an operation of the emulator receives and how it is declared. */
import type { EmulatorState } from './state.ts';

/** One request on its way through the emulator: the per-call context every operation gets. */
export interface Call {
  readonly state: EmulatorState;
  readonly method: string;
  /** The path template, e.g. `/users/{user_id}`. */
  readonly template: string;
  /** The request path without `/v1`, still percent-encoded. */
  readonly path: string;
  /** Decoded path parameters by name. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The raw body text (`''` when none). */
  readonly bodyText: string;
  /** The parsed JSON body (`undefined` when none, or when the body is not JSON). */
  readonly body: unknown;
  /** The request itself, for bodies that are not JSON (multipart uploads); its body is unread. */
  readonly request: Request;
}

/** One operation of the spec, served by the emulator. */
export interface Operation {
  method: string;
  template: string;
  handle(call: Call): Response | Promise<Response>;
}
