/** Building the emulator's answers: JSON bodies, users from their cached text, Clerk's error envelope. */
import { errorBody, type FakeClerkError } from './errors.ts';
import type { EmulatorState } from './state.ts';
import type { User } from './user-record.ts';

// Exactly what Clerk sends: @clerk/backend parses a body as JSON only for this exact value.
const JSON_HEADERS = { 'content-type': 'application/json' };

/** A JSON answer. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

const encoder = new TextEncoder();
const OPEN = encoder.encode('[');
const COMMA = encoder.encode(',');
const CLOSE = encoder.encode(']');

/**
 * A user's JSON as UTF-8 bytes, serialized once per version of the user (records are replaced on
 * change). Bytes rather than a string: a string body is re-scanned and re-encoded on every answer.
 */
function userBytes(state: EmulatorState, user: User): Uint8Array<ArrayBuffer> {
  let bytes = state.wireTexts.get(user);
  if (bytes === undefined) {
    bytes = encoder.encode(JSON.stringify(user));
    state.wireTexts.set(user, bytes);
  }
  return bytes;
}

/** One user, as `GET /users/{user_id}` answers it. */
export function userResponse(state: EmulatorState, user: User): Response {
  return new Response(userBytes(state, user), { status: 200, headers: JSON_HEADERS });
}

/** A bare JSON array of users, as `GET /users` answers it: the cached bytes of each, joined. */
export function userListResponse(state: EmulatorState, users: User[]): Response {
  const parts: Uint8Array[] = [OPEN];
  users.forEach((user, i) => {
    if (i > 0) parts.push(COMMA);
    parts.push(userBytes(state, user));
  });
  parts.push(CLOSE);
  const body = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    body.set(part, at);
    at += part.length;
  }
  return new Response(body, { status: 200, headers: JSON_HEADERS });
}

/** Clerk's error envelope with a fresh trace id. */
export function errorResponse(
  state: EmulatorState,
  error: FakeClerkError,
  headers: Record<string, string> = {},
): Response {
  const traceId = `fake_trace_${(++state.traceCounter).toString(16).padStart(8, '0')}`;
  return json(error.status, errorBody(error, traceId), headers);
}
