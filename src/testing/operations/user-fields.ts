/**
 * The body of `POST /users` and `PATCH /users/{user_id}` applied to a user: names, identifiers,
 * password, TOTP and backup codes, flags and dates. Validation against the spec ran before; what
 * is checked here is what the schema cannot say (password length, primary ids that exist, …).
 */
import { FakeClerkError, invalidParam } from '../errors.ts';
import { hashPassword } from '../passwords.ts';
import type { User, UserRecord } from '../user-record.ts';
import { parseDateTime } from './common.ts';

const MIN_PASSWORD_LENGTH = 8;
const PLAIN_FIELDS = [
  'external_id',
  'first_name',
  'last_name',
  'locale',
  'username',
  'delete_self_enabled',
  'create_organization_enabled',
  'create_organizations_limit',
  'bypass_client_trust',
  'banned',
  'locked',
] as const;

/** The changes a body makes: the new wire user and hidden state. */
export interface UserChanges {
  user: User;
  hidden: Partial<Omit<UserRecord, 'user'>>;
}

function checkPassword(password: string, skipChecks: boolean): void {
  if (!skipChecks && password.length < MIN_PASSWORD_LENGTH) {
    throw new FakeClerkError(
      422,
      'form_password_length_too_short',
      'Passwords must be 8 characters or more.',
      `Passwords must be ${MIN_PASSWORD_LENGTH} characters or more.`,
      { param_name: 'password' },
    );
  }
}

function checkPrimary(
  user: User,
  param: 'primary_email_address_id' | 'primary_phone_number_id' | 'primary_web3_wallet_id',
  ids: (string | undefined)[],
  value: unknown,
): void {
  if (value === null || value === undefined) return;
  if (!ids.includes(value as string))
    throw invalidParam(param, `${param} ${JSON.stringify(value)} is not an identification of user ${user.id}.`);
}

/** Applies the writable fields of a create or update body to `user`. */
export async function applyUserFields(user: User, body: Record<string, unknown>, now: number): Promise<UserChanges> {
  const next: User = { ...user };
  const hidden: UserChanges['hidden'] = {};
  const writable = next as unknown as Record<string, unknown>;
  for (const name of PLAIN_FIELDS) if (body[name] !== undefined) writable[name] = body[name];
  if (typeof body.username === 'string' && body.username.length < 4) {
    throw new FakeClerkError(
      422,
      'form_username_invalid_length',
      'Username length is invalid.',
      'Usernames must be between 4 and 64 characters long.',
      { param_name: 'username' },
    );
  }
  if (next.locked) next.lockout_expires_in_seconds = null;
  for (const name of ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const)
    if (body[name] !== undefined) next[name] = structuredClone(body[name]) as Record<string, never>;
  for (const name of ['legal_accepted_at', 'created_at'] as const) {
    if (typeof body[name] === 'string') next[name] = parseDateTime(body[name] as string, name);
  }

  checkPrimary(
    next,
    'primary_email_address_id',
    next.email_addresses.map((e) => e.id),
    body.primary_email_address_id,
  );
  checkPrimary(
    next,
    'primary_phone_number_id',
    next.phone_numbers.map((p) => p.id),
    body.primary_phone_number_id,
  );
  checkPrimary(
    next,
    'primary_web3_wallet_id',
    next.web3_wallets.map((w) => w.id),
    body.primary_web3_wallet_id,
  );
  for (const name of ['primary_email_address_id', 'primary_phone_number_id', 'primary_web3_wallet_id'] as const) {
    if (body[name] !== undefined && body[name] !== null) next[name] = body[name] as string;
  }

  const skipChecks = body.skip_password_checks === true;
  if (typeof body.password === 'string') {
    checkPassword(body.password, skipChecks);
    hidden.password = await hashPassword(body.password);
    hidden.passwordCompromised = false;
    next.password_enabled = true;
    next.password_last_updated_at = now;
  } else if (typeof body.password_digest === 'string') {
    if (typeof body.password_hasher !== 'string')
      throw invalidParam('password_hasher', 'password_hasher must be given with password_digest.');
    hidden.password = { hasher: body.password_hasher, digest: body.password_digest };
    hidden.passwordCompromised = false;
    next.password_enabled = true;
    next.password_last_updated_at = now;
  } else if (body.password_hasher !== undefined) {
    throw invalidParam('password_digest', 'password_digest must be given with password_hasher.');
  }
  if (typeof body.totp_secret === 'string') hidden.totpSecret = body.totp_secret;
  if (Array.isArray(body.backup_codes)) hidden.backupCodes = [...(body.backup_codes as string[])];
  return { user: next, hidden };
}
