/** Passwords, TOTP, backup codes and MFA of one user. */
import { FakeClerkError, notFound } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { verifyPassword } from '../passwords.ts';
import { json, userResponse } from '../respond.ts';
import { newTotpSecret, verifyTotp } from '../totp.ts';
import { bodyOf, recordOf, updateRecord, withSecondFactors } from './common.ts';

async function checkPassword(call: Call): Promise<Response> {
  const record = recordOf(call);
  if (record.password === undefined)
    throw new FakeClerkError(400, 'password_not_set', 'no password', `User ${record.user.id} has no password.`);
  const verified = await verifyPassword(record.password, bodyOf(call).password as string);
  if (verified === undefined) {
    throw new FakeClerkError(
      422,
      'emulator_hasher_not_modelled',
      'hasher not modelled',
      `The emulator cannot check ${record.password.hasher} digests; it verifies passwords set in plain text and sha256, pbkdf2_sha256 or bcrypt digests.`,
    );
  }
  if (!verified)
    throw new FakeClerkError(
      422,
      'incorrect_password',
      'Incorrect password',
      'Password is incorrect. Try again, or use another method.',
      { param_name: 'password' },
    );
  return json(200, { verified: true });
}

async function checkTotp(call: Call): Promise<Response> {
  const record = recordOf(call);
  const code = bodyOf(call).code as string;
  if (record.totpSecret === undefined && (record.backupCodes?.length ?? 0) === 0) {
    throw new FakeClerkError(400, 'totp_not_enabled', 'no TOTP', `User ${record.user.id} has no TOTP factor.`);
  }
  if (record.totpSecret !== undefined && (await verifyTotp(record.totpSecret, code, call.state.now())))
    return json(200, { verified: true, code_type: 'totp' });
  if (record.backupCodes?.includes(code)) {
    const backupCodes = record.backupCodes.filter((c) => c !== code);
    const now = call.state.now();
    updateRecord(call, record, (u) => withSecondFactors(u, { ...record, backupCodes }, now), { backupCodes });
    return json(200, { verified: true, code_type: 'backup_code' });
  }
  throw new FakeClerkError(422, 'verification_failed', 'Incorrect code', 'The code is not valid for this user.', {
    param_name: 'code',
  });
}

function removeFactor(call: Call, which: 'totp' | 'backup' | 'all'): Response {
  const record = recordOf(call);
  const now = call.state.now();
  if (which === 'totp' && record.totpSecret === undefined) throw notFound(`User ${record.user.id} has no TOTP factor.`);
  if (which === 'backup' && (record.backupCodes?.length ?? 0) === 0)
    throw notFound(`User ${record.user.id} has no backup codes.`);
  const hidden = {
    totpSecret: which === 'backup' ? record.totpSecret : undefined,
    backupCodes: which === 'totp' ? record.backupCodes : undefined,
  };
  updateRecord(
    call,
    record,
    (u) => {
      const phones =
        which === 'all'
          ? u.phone_numbers.map((p) => ({ ...p, reserved_for_second_factor: false, default_second_factor: false }))
          : u.phone_numbers;
      return withSecondFactors({ ...u, phone_numbers: phones }, hidden, now);
    },
    hidden,
  );
  return json(200, { user_id: record.user.id });
}

/** Password checks and changes, TOTP, backup codes and MFA. */
export const credentialOperations: Operation[] = [
  { method: 'POST', template: '/users/{user_id}/verify_password', handle: checkPassword },
  {
    method: 'POST',
    template: '/users/{user_id}/remove_password',
    handle(call) {
      const record = recordOf(call);
      if (record.password === undefined) return userResponse(call.state, record.user);
      return userResponse(
        call.state,
        updateRecord(call, record, (u) => ({ ...u, password_enabled: false }), {
          password: undefined,
          passwordCompromised: false,
        }).user,
      );
    },
  },
  {
    method: 'POST',
    template: '/users/{user_id}/password/set_compromised',
    handle(call) {
      const record = recordOf(call);
      if (record.password === undefined)
        throw new FakeClerkError(
          400,
          'password_not_set',
          'no password',
          `User ${record.user.id} has no password to mark as compromised.`,
        );
      return userResponse(call.state, updateRecord(call, record, (u) => u, { passwordCompromised: true }).user);
    },
  },
  {
    method: 'POST',
    template: '/users/{user_id}/password/unset_compromised',
    handle: (call) =>
      userResponse(call.state, updateRecord(call, recordOf(call), (u) => u, { passwordCompromised: false }).user),
  },
  {
    method: 'POST',
    template: '/users/{user_id}/totp',
    handle(call) {
      const record = recordOf(call);
      const now = call.state.now();
      const secret = newTotpSecret();
      const label = encodeURIComponent(
        record.user.email_addresses[0]?.email_address ?? record.user.username ?? record.user.id,
      );
      const next = updateRecord(call, record, (u) => withSecondFactors(u, { ...record, totpSecret: secret }, now), {
        totpSecret: secret,
      });
      return json(200, {
        object: 'totp',
        id: call.state.store.newId('totp'),
        secret,
        uri: `otpauth://totp/Clerk%20emulator:${label}?issuer=Clerk%20emulator&secret=${secret}`,
        verified: true,
        backup_codes: null,
        created_at: next.user.updated_at,
        updated_at: next.user.updated_at,
      });
    },
  },
  { method: 'POST', template: '/users/{user_id}/verify_totp', handle: checkTotp },
  { method: 'DELETE', template: '/users/{user_id}/totp', handle: (call) => removeFactor(call, 'totp') },
  { method: 'DELETE', template: '/users/{user_id}/backup_code', handle: (call) => removeFactor(call, 'backup') },
  { method: 'DELETE', template: '/users/{user_id}/mfa', handle: (call) => removeFactor(call, 'all') },
];
