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

/** A user's JSON text, serialized once per version of the user. */
export function userText(state: EmulatorState, user: User): string {
  let text = state.wireTexts.get(user);
  if (text === undefined) {
    text = JSON.stringify(user);
    state.wireTexts.set(user, text);
  }
  return text;
}

/** One user, as `GET /users/{user_id}` answers it. */
export function userResponse(state: EmulatorState, user: User): Response {
  return new Response(userText(state, user), { status: 200, headers: JSON_HEADERS });
}

/** A bare JSON array of users, as `GET /users` answers it. */
export function userListResponse(state: EmulatorState, users: User[]): Response {
  return new Response(`[${users.map((u) => userText(state, u)).join(',')}]`, { status: 200, headers: JSON_HEADERS });
}

/** Clerk's error envelope with a fresh trace id. */
export function errorResponse(state: EmulatorState, error: FakeClerkError, headers: Record<string, string> = {}): Response {
  const traceId = `fake_trace_${(++state.traceCounter).toString(16).padStart(8, '0')}`;
  return json(error.status, errorBody(error, traceId), headers);
}
