/** Helpers shared by the operations: finding the user of a call, and recording a write. */
import { notFound } from '../errors.ts';
import type { Call } from '../operation.ts';
import type { User, UserRecord } from '../user-record.ts';

/** The record of the path's `user_id`, or Clerk's 404. */
export function recordOf(call: Call): UserRecord {
  const id = call.params.user_id as string;
  const record = call.state.store.get(id);
  if (record === undefined) throw notFound(`No user was found with id ${JSON.stringify(id)}.`);
  return record;
}

/** Logs a write that changed the store, so a test can prove none happened twice. */
export function recordWrite(call: Call): void {
  call.state.applied.push({ method: call.method, path: call.path, body: call.bodyText });
}

/**
 * Replaces the call's user with `change(user)` (plus `updated_at`), checking uniqueness first,
 * and logs the write. `extra` updates the hidden state beside the wire user.
 */
export function updateRecord(call: Call, record: UserRecord, change: (user: User) => User, extra: Partial<Omit<UserRecord, 'user'>> = {}): UserRecord {
  const user = { ...change(record.user), updated_at: call.state.now() };
  const next: UserRecord = { ...record, ...extra, user };
  call.state.store.replace(next);
  recordWrite(call);
  return next;
}
