// What the emulator (src/testing, `clerk-users/testing`) does for each operation, and what it does
// not model: the source of docs/testing-support.md, rendered by `npm run generate`. A test checks
// that every operation of the spec has an entry here and a route in the emulator.

/** operationId -> [state it reads or writes, what it does not model ('' when nothing)]. */
export const SUPPORT_NOTES = {
  GetUserList: [
    'Every filter and `order_by` of the spec; keyset `starting_after`; bare array',
    "`query` matches substrings without Clerk's tokenisation; `provider_user_id` matches seeded external accounts only",
  ],
  GetUsersCount: ['The same filters as the list', ''],
  CreateUser: [
    'Identifiers (unique: emails, usernames and web3 wallets without case, phone numbers and `external_id` as given), names, metadata, password (hashed), digest, TOTP secret, backup codes, flags, dates',
    'Instance settings (required identifiers, password rules beyond 8 characters, breached-password checks, blocklists) are not modelled',
  ],
  GetUser: ['The stored user', ''],
  UpdateUser: [
    "The same fields as create, primary ids checked against the user's identifiers; per-user rate limit",
    '`profile_image_id`, `notify_primary_email_address_changed` and `sign_out_of_other_sessions` are accepted and ignored (no images, emails or sessions)',
  ],
  DeleteUser: ['Removes the user; its id stays valid as a `starting_after` cursor', ''],
  UsersBan: ['Bans up to 50 users; unknown ids are skipped', 'No sessions to revoke'],
  UsersUnban: ['Unbans up to 50 users; unknown ids are skipped', ''],
  BanUser: ['`banned: true`', 'No sessions to revoke'],
  UnbanUser: ['`banned: false`', ''],
  LockUser: ['`locked: true`', 'No lockout expiry countdown (`lockout_expires_in_seconds` stays null)'],
  UnlockUser: ['`locked: false`', ''],
  UpdateUserMetadata: ['Deep merge; `null` deletes a key; per-user rate limit', ''],
  ReplaceUserMetadata: ['Replaces each metadata object present; per-user rate limit', ''],
  SetUserProfileImage: [
    '`has_image: true` and a new `image_url` from a `file` part',
    'The image is not stored or checked',
  ],
  DeleteUserProfileImage: ['`has_image: false`', ''],
  VerifyPassword: [
    'Checks the stored hash: 200 verified, 422 wrong, 400 without a password',
    'Imported digests verify for `sha256`, `pbkdf2_sha256` (Django format) and `bcrypt` (`$2a$`, `$2b$`, `$2y$`) only; other hashers (argon2, scrypt, md5, …) answer 422 `emulator_hasher_not_modelled`',
  ],
  RemoveUserPassword: ['Removes the hash; a user without one is returned unchanged', 'No sessions to sign out'],
  SetUserPasswordCompromised: [
    'Marks the password compromised (400 without a password)',
    "The mark is not visible in the User object (nor is it in Clerk's)",
  ],
  UnsetUserPasswordCompromised: ['Clears the mark', ''],
  CreateUserTOTP: ['A random secret and `otpauth://` URI; `totp_enabled`, `two_factor_enabled`', ''],
  VerifyTOTP: ['RFC 6238 codes (±30 s) on the emulator clock; a backup code is used up', ''],
  DeleteTOTP: ['Removes the TOTP secret (404 without one)', ''],
  DeleteBackupCode: ['Removes the backup codes (404 without any)', ''],
  DisableMFA: ['Removes TOTP, backup codes and second-factor phone reservations', ''],
  ReplaceUserEmailAddress: [
    'Replaces every email address with one, as primary; `verified`, `reserved` or `unverified`',
    'No notification email',
  ],
  ReplaceUserPhoneNumber: ['Replaces every phone number with one, as primary; MFA recomputed', ''],
  UserWeb3WalletDelete: ['Removes a wallet (404 when the user has none with that id)', ''],
  UserPasskeyDelete: ['Removes a passkey', 'Passkeys come from seeds: no endpoint creates one'],
  DeleteExternalAccount: ['Removes an external account', 'External accounts come from seeds: no OAuth provider'],
  ListUserTrustedDevices: ["The user's trusted devices", 'Devices come from seeds: no endpoint creates one'],
  RevokeUserTrustedDevice: ['`status: revoked`, `revoked_at`', ''],
  GetOAuthAccessToken: [
    'Answers `[]`, as for a user without a token for the provider',
    'No OAuth provider, so never a token',
  ],
  UsersGetOrganizationMemberships: [
    'Memberships from the seeded `organization_ids`, role `org:member`',
    'Organizations, roles and permissions are not modelled beyond ids',
  ],
  InstanceGetOrganizationMemberships: [
    "Every membership, ordered by the spec's `order_by` fields",
    'Organizations, roles and permissions are not modelled beyond ids',
  ],
  UsersGetOrganizationInvitations: [
    'Answers an empty page, `status` validated',
    'Invitations cannot be created through this API, so there are none',
  ],
  GetUserBillingCreditBalance: ['The balance (null before the first adjustment)', ''],
  AdjustUserBillingCreditBalance: [
    'Increase or decrease, never below zero; idempotent by key (409 for a key reused with another body)',
    '',
  ],
  GetUserBillingSubscription: [
    'The seeded `billing_subscription`; 404 without one',
    'Plans, payments and subscription changes are not modelled',
  ],
};
