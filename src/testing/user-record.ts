/**
 * How the emulator holds a user: the complete wire `User` (what `GET /users/{user_id}` answers),
 * beside the state Clerk keeps but never returns (password hash, TOTP secret, organization
 * memberships, …). `userFromInput` fills a partial user with the spec's defaults, for seeds and
 * for the users the emulator creates.
 */
import type { components } from '../../generated/schema.ts';

/** A user as the Clerk Backend API returns it. */
export type User = components['schemas']['User'];
type EmailAddress = components['schemas']['EmailAddress'];
type PhoneNumber = components['schemas']['PhoneNumber'];
type Web3Wallet = components['schemas']['Web3Wallet'];

/** A stored password: never the password itself. */
export interface StoredPassword {
  /** `sha256` for passwords set through the API; the hasher a digest was imported with otherwise. */
  hasher: string;
  digest: string;
  /** Salt of a `sha256` hash (hex). */
  salt?: string;
}

/** Everything the emulator knows about one user. `user` is replaced, never mutated, on a change. */
export interface UserRecord {
  user: User;
  /** Organizations the user is a member of, e.g. `org_1`: the `organization_id` filter reads them. */
  organization_ids: string[];
  password?: StoredPassword;
  /** A base32 TOTP secret, once `POST /users/{user_id}/totp` created one. */
  totpSecret?: string;
  /** Unused backup codes. */
  backupCodes?: string[];
  /** Set by `password/set_compromised`: the user must reset the password at next sign-in. */
  passwordCompromised?: boolean;
  /** Devices the user trusts (no endpoint creates one: they come from seeds). */
  trustedDevices?: TrustedDevice[];
  /** The billing subscription, when a seed gave one (no endpoint of the spec creates one). */
  subscription?: Subscription;
  /** Billing credit balance in cents, once adjusted, and the adjustments by idempotency key. */
  credits?: {
    balance: number;
    currency: string;
    ledger: Record<string, { entry: CreditLedgerEntry; request: string }>;
  };
}

/** A billing subscription. */
type Subscription = components['schemas']['CommerceSubscription'];
/** A device the user trusts. */
type TrustedDevice = components['schemas']['TrustedDevice'];
/** One adjustment of a billing credit balance. */
export type CreditLedgerEntry = components['schemas']['CommerceCreditLedgerResponse'];

type Entry<T> = Partial<T> & { id?: string };

/**
 * A user as a seed or a test gives it: any subset of the wire fields (identifiers may be given as
 * `{ email_address }` alone), plus `organization_ids` for the organization filter and memberships.
 */
export type UserInput = Partial<Omit<User, 'email_addresses' | 'phone_numbers' | 'web3_wallets'>> & {
  email_addresses?: (Entry<EmailAddress> & { email_address: string })[];
  phone_numbers?: (Entry<PhoneNumber> & { phone_number: string })[];
  web3_wallets?: (Entry<Web3Wallet> & { web3_wallet: string })[];
  organization_ids?: string[];
  /** Devices the user trusts, as `GET /users/{user_id}/trusted_devices` lists them. */
  trusted_devices?: TrustedDevice[];
  /** The user's billing subscription, as `GET /users/{user_id}/billing/subscription` answers it. */
  billing_subscription?: Subscription;
  /** An imported password: verifies with the original password for the hashers the emulator models. */
  password_digest?: string;
  password_hasher?: string;
};

/** The verification of an identifier an admin set (through the Backend API), as Clerk reports it. */
export const VERIFIED = {
  object: 'verification_admin',
  status: 'verified',
  strategy: 'admin',
  attempts: null,
  expire_at: null,
} as const;

/** The fields of a fresh user that a caller did not give: the spec's defaults. */
export function userFromInput(
  input: UserInput,
  ids: { id: string; now: number; newId: (prefix: string) => string },
): User {
  const createdAt = input.created_at ?? ids.now;
  const updatedAt = input.updated_at ?? createdAt;
  const {
    organization_ids: _organizations,
    trusted_devices: _devices,
    billing_subscription: _subscription,
    password_digest: _digest,
    password_hasher: _hasher,
    ...given
  } = input;
  const email_addresses: EmailAddress[] = (input.email_addresses ?? []).map((e) => ({
    id: e.id ?? ids.newId('idn'),
    object: 'email_address',
    reserved: false,
    verification: VERIFIED,
    linked_to: [],
    created_at: createdAt,
    updated_at: createdAt,
    ...e,
  }));
  const phone_numbers: PhoneNumber[] = (input.phone_numbers ?? []).map((p) => ({
    id: p.id ?? ids.newId('idn'),
    object: 'phone_number',
    reserved: false,
    verification: VERIFIED,
    linked_to: [],
    created_at: createdAt,
    updated_at: createdAt,
    ...p,
  }));
  const web3_wallets: Web3Wallet[] = (input.web3_wallets ?? []).map((w) => ({
    id: w.id ?? ids.newId('idn'),
    object: 'web3_wallet',
    verification: VERIFIED,
    created_at: createdAt,
    updated_at: createdAt,
    ...w,
  }));
  const id = input.id ?? ids.id;
  return {
    object: 'user',
    external_id: null,
    primary_email_address_id: email_addresses[0]?.id ?? null,
    primary_phone_number_id: phone_numbers[0]?.id ?? null,
    primary_web3_wallet_id: web3_wallets[0]?.id ?? null,
    username: null,
    first_name: null,
    last_name: null,
    image_url: `https://img.example.invalid/${id}`,
    has_image: false,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: null,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: null,
    legal_accepted_at: null,
    bypass_client_trust: false,
    ...given,
    id,
    email_addresses,
    phone_numbers,
    web3_wallets,
    created_at: createdAt,
    updated_at: updatedAt,
  };
}
