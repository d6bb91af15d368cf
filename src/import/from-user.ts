/**
 * A Clerk user (as `GET /users` returns it, and `clerk-users export` writes it) turned into a
 * `POST /users` body, for moving users from one Clerk instance to another.
 */
import type { User } from '../schema-types.ts';
import type { CreateUserBody } from './create-body.ts';

type Status = 'verified' | 'reserved';

/**
 * The create body for a user exported from another instance: identifiers (primary first, so it
 * stays primary), names, locale, username, the three metadata objects, `created_at`,
 * `legal_accepted_at`, `banned` and the organization settings. `external_id` is the user's own, or
 * its old user id when it had none, so the import stays exactly once.
 *
 * What cannot come across: passwords (Clerk never exports them, not even as digests), TOTP secrets,
 * backup codes, passkeys, and external (OAuth), SAML and enterprise accounts. The body sets
 * `skip_password_requirement`, so users are created without a password and sign in with a reset, a
 * code or a link. An email address or phone number that was not verified is created `reserved`
 * (usable, not verified), never verified.
 *
 * @example
 * for await (const line of lines) yield createBodyFromUser(JSON.parse(line));
 */
export function createBodyFromUser(user: User): CreateUserBody {
  const body: CreateUserBody = { external_id: user.external_id ?? user.id };
  const emails = primaryFirst(user.email_addresses ?? [], user.primary_email_address_id);
  if (emails.length > 0) {
    body.email_address = emails.map((e) => e.email_address);
    const statuses = emails.map((e) => statusOf(e.verification));
    if (statuses.includes('reserved')) body.email_address_identification_status = statuses;
  }
  const phones = primaryFirst(user.phone_numbers ?? [], user.primary_phone_number_id);
  if (phones.length > 0) {
    body.phone_number = phones.map((p) => p.phone_number);
    const statuses = phones.map((p) => statusOf(p.verification));
    if (statuses.includes('reserved')) body.phone_number_identification_status = statuses;
  }
  const wallets = primaryFirst(user.web3_wallets ?? [], user.primary_web3_wallet_id);
  if (wallets.length > 0) body.web3_wallet = wallets.map((w) => w.web3_wallet);
  copy(body, user, [
    'username',
    'first_name',
    'last_name',
    'locale',
    'banned',
    'delete_self_enabled',
    'create_organization_enabled',
    'create_organizations_limit',
    'bypass_client_trust',
  ]);
  for (const field of ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const) {
    const value = user[field];
    if (typeof value === 'object' && value !== null && Object.keys(value).length > 0)
      body[field] = value as Record<string, unknown>;
  }
  if (typeof user.created_at === 'number') body.created_at = new Date(user.created_at).toISOString();
  if (typeof user.legal_accepted_at === 'number')
    body.legal_accepted_at = new Date(user.legal_accepted_at).toISOString();
  body.skip_password_requirement = true;
  return body;
}

/** The primary entry first, the others in their order. */
function primaryFirst<T extends { id?: string }>(items: readonly T[], primaryId: string | null | undefined): T[] {
  const primary = items.find((item) => item.id !== undefined && item.id === primaryId);
  return primary === undefined ? [...items] : [primary, ...items.filter((item) => item !== primary)];
}

function statusOf(verification: { status?: string } | null | undefined): Status {
  return verification?.status === 'verified' ? 'verified' : 'reserved';
}

/** Copies the fields that hold a value (not null, not absent). */
function copy<K extends keyof CreateUserBody & keyof User>(
  body: CreateUserBody,
  user: User,
  fields: readonly K[],
): void {
  for (const field of fields) {
    const value = user[field];
    if (value !== null && value !== undefined) (body as Record<string, unknown>)[field] = value;
  }
}
