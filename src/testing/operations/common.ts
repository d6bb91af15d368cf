/** Helpers shared by the operations: finding the user of a call, recording a write, reading the body. */
import { FakeClerkError, invalidParam, notFound } from '../errors.ts';
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
export function updateRecord(
  call: Call,
  record: UserRecord,
  change: (user: User) => User,
  extra: Partial<Omit<UserRecord, 'user'>> = {},
): UserRecord {
  const user = { ...change(record.user), updated_at: call.state.now() };
  const next: UserRecord = { ...record, ...extra, user };
  call.state.store.replace(next);
  recordWrite(call);
  return next;
}

/** The JSON body as an object (validation already checked its shape). */
export function bodyOf(call: Call): Record<string, unknown> {
  const body = call.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FakeClerkError(400, 'malformed_request', 'malformed request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** An RFC 3339 date-time string as epoch milliseconds, or a 422 naming `param`. */
export function parseDateTime(value: string, param: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms))
    throw invalidParam(
      param,
      `${param} must be an RFC 3339 date-time such as 2012-10-20T07:15:20.902Z, got ${JSON.stringify(value)}.`,
    );
  return ms;
}

/** Whether the user has any second factor: TOTP, backup codes or a phone number reserved for it. */
export function withSecondFactors(
  user: User,
  record: Pick<UserRecord, 'totpSecret' | 'backupCodes'>,
  now: number,
): User {
  const totp = record.totpSecret !== undefined;
  const backup = (record.backupCodes?.length ?? 0) > 0;
  const phone = user.phone_numbers.some((p) => p.reserved_for_second_factor === true);
  const enabled = totp || backup || phone;
  return {
    ...user,
    totp_enabled: totp,
    backup_code_enabled: backup,
    two_factor_enabled: enabled,
    mfa_enabled_at: enabled ? (user.mfa_enabled_at ?? now) : null,
    mfa_disabled_at: !enabled && user.two_factor_enabled ? now : user.mfa_disabled_at,
  };
}
