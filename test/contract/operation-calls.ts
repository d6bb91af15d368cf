// One realistic call per operation of the spec, keyed by operationId. Typed as
// Record<keyof operations, …>, so tsc fails when an operation of generated/schema.ts has no entry;
// test/contract/coverage.test.ts checks the same against the YAML itself.
import { expect } from 'vitest';
import type { operations, paths } from '../../generated/schema.ts';
import type { ClerkUsersClient, QueryOf } from '../../src/index.ts';

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What one call sent and got back. */
interface SentCall {
  response: Response;
  data: unknown;
  error: unknown;
  /** Asserts the success body has the operation's documented shape. */
  checkData(): void;
}

/** A call of one operation with the parameters and body it passes. */
export interface OperationCall {
  method: HttpMethod;
  path: keyof paths;
  pathParams?: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, unknown>>;
  /** The body passed, for comparing with what went out (JSON, or fields of a multipart form). */
  body?: unknown;
  send(client: ClerkUsersClient): Promise<SentCall>;
}

interface CallDefinition<D> extends Omit<OperationCall, 'send'> {
  send(client: ClerkUsersClient): Promise<{ data?: D; error?: unknown; response: Response }>;
  /** Runs on the typed success body. */
  expectData(data: D): void;
}

/** Ties `expectData`'s parameter to the success type of the call that `send` makes. */
function define<D>(definition: CallDefinition<D>): OperationCall {
  const { expectData, send, ...rest } = definition;
  return {
    ...rest,
    async send(client) {
      const result = await send(client);
      return {
        response: result.response,
        data: result.data,
        error: result.error,
        checkData() {
          expect(result.data, 'a 2xx call has a parsed body').toBeDefined();
          expectData(result.data as D);
        },
      };
    },
  };
}

// IDs shaped like Clerk's.
export const USER_ID = 'user_2NqV8fZ3pJtY0c4kS1aRbW7xLmE';
export const OTHER_USER_ID = 'user_2OcQ1hKp7wXyZ9b3LmN5tRvA0sD';
const ORGANIZATION_ID = 'org_2Pz4kLmN8qRsT1uVwXyZ0aBcDeF';
const OTHER_ORGANIZATION_ID = 'org_2Qa7hJkL3mNoP5qRsTuV9wXyZ1b';
const EMAIL_ADDRESS_ID = 'idn_2Rb8cDeF4gHiJ6kLmNoP0qRsTuV';
const PHONE_NUMBER_ID = 'idn_2Sc9dEfG5hIjK7lMnOpQ1rStUvW';
const EXTERNAL_ACCOUNT_ID = 'eac_2Td0eFgH6iJkL8mNoPqR2sTuVwX';
const PASSKEY_ID = 'idn_2Ue1fGhI7jKlM9nOpQrS3tUvWxY';
const WEB3_WALLET_ID = 'idn_2Vf2gHiJ8kLmN0oPqRsT4uVwXyZ';
const TRUSTED_DEVICE_ID = 'td_2Wg3hIjK9lMnO1pQrStU5vWxYzA';

const user = { user_id: USER_ID } as const;

// 8 bytes of PNG signature plus an IHDR start: enough to look like an image upload.
const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

type Query<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;
type Json<K extends keyof operations> = operations[K] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

// Filters shared by listing and counting users: arrays with 2+ values, `+`/`-` prefixed IDs, and
// values with `+` that break if sent unencoded.
const userFilters = {
  user_id: [`+${USER_ID}`, `-${OTHER_USER_ID}`],
  email_address: ['ada+billing@example.com', 'grace.hopper@example.org'],
  phone_number: ['+15555550123', '+447700900123'],
  external_id: ['+crm-10452', '-crm-20981'],
  username: ['ada_lovelace', 'ghopper'],
  web3_wallet: ['0x52908400098527886E0F7030069857D2E4169EE7', '0x8617E340B3D01FA5F11F306F4090FD50E238070D'],
  organization_id: [`+${ORGANIZATION_ID}`, `-${OTHER_ORGANIZATION_ID}`],
  provider: 'oauth_google',
  provider_user_id: ['104532987612345678901', '113958412300987654321'],
  query: 'ada',
  email_address_query: 'example.com',
  name_query: 'Lovelace',
  banned: false,
  created_at_after: 1_704_067_200_000,
  last_active_at_after: 1_717_200_000_000,
} satisfies Query<'GetUsersCount'>;

const userListQuery = {
  ...userFilters,
  limit: 50,
  offset: 0,
  order_by: '-created_at',
  starting_after: OTHER_USER_ID,
} satisfies Query<'GetUserList'> & QueryOf<'/users', 'get'>; // the client's order_by takes only /users fields

const membershipsQuery = { order_by: '-created_at', limit: 50, offset: 0 } satisfies QueryOf<
  '/organization_memberships',
  'get'
>;
const pageQuery = { limit: 50, offset: 0 } satisfies Query<'UsersGetOrganizationMemberships'>;
const invitationsQuery = { limit: 50, offset: 0, status: 'pending' } satisfies Query<'UsersGetOrganizationInvitations'>;
const oauthTokensQuery = { paginated: false, limit: 50, offset: 0 } satisfies Query<'GetOAuthAccessToken'>;

const createUserBody = {
  external_id: 'crm-10452',
  first_name: 'Ada',
  last_name: 'Lovelace',
  locale: 'en-GB',
  email_address: ['ada+billing@example.com'],
  phone_number: ['+15555550123'],
  username: 'ada_lovelace',
  password: 'correct-horse-battery-staple-1815',
  skip_password_checks: false,
  public_metadata: { plan: 'pro', seats: 5 },
  private_metadata: { stripe_customer_id: 'cus_Q4b8ZtY2xKp1Lm' },
  unsafe_metadata: { theme: 'dark', onboarding: { completed: true } },
  created_at: '2024-01-15T09:30:00Z',
  legal_accepted_at: '2024-01-15T09:30:00Z',
  delete_self_enabled: false,
} satisfies Json<'CreateUser'>;

const updateUserBody = {
  first_name: 'Augusta Ada',
  last_name: 'King',
  username: 'ada_king',
  primary_email_address_id: EMAIL_ADDRESS_ID,
  notify_primary_email_address_changed: true,
  primary_phone_number_id: PHONE_NUMBER_ID,
  sign_out_of_other_sessions: true,
  create_organization_enabled: true,
  create_organizations_limit: 3,
  external_id: 'crm-10452',
} satisfies Json<'UpdateUser'>;

const metadataMerge = {
  public_metadata: { plan: 'enterprise' },
  private_metadata: { stripe_customer_id: 'cus_Q4b8ZtY2xKp1Lm', legacy_plan: null },
  unsafe_metadata: { theme: 'light' },
} satisfies Json<'UpdateUserMetadata'>;

const metadataReplace = {
  public_metadata: { plan: 'pro', roles: ['billing', 'admin'] },
  private_metadata: { notes: 'migrated from v1' },
} satisfies Json<'ReplaceUserMetadata'>;

const creditAdjustment = {
  amount: 2500,
  action: 'increase',
  currency: 'USD',
  idempotency_key: 'credit-2024-06-01-user_2NqV8fZ3',
  note: 'Goodwill credit for the June outage',
} satisfies Json<'AdjustUserBillingCreditBalance'>;

const emailReplacement = {
  email_address: 'ada.lovelace@example.com',
  identification_status: 'verified',
  notify_primary_email_address_changed: true,
} satisfies Json<'ReplaceUserEmailAddress'>;

const phoneReplacement = {
  phone_number: '+15555550199',
  identification_status: 'verified',
} satisfies Json<'ReplaceUserPhoneNumber'>;
const compromised = { revoke_all_sessions: true } satisfies Json<'SetUserPasswordCompromised'>;
const removePassword = { sign_out_of_other_sessions: true } satisfies Json<'RemoveUserPassword'>;
const passwordCheck = { password: 'correct-horse-battery-staple-1815' } satisfies Json<'VerifyPassword'>;
const totpCheck = { code: '492039' } satisfies Json<'VerifyTOTP'>;
const bulkUsers = { user_ids: [USER_ID, OTHER_USER_ID] } satisfies Json<'UsersBan'>;

/** The profile image form: a fresh Blob per call, as the client sends Blob bodies as multipart. */
const profileImageFile = () => new Blob([PNG_BYTES], { type: 'image/png' });
const PROFILE_IMAGE_SIZE = PNG_BYTES.byteLength;

function expectUser(data: { object?: string; id?: string }) {
  expect(data.object).toBe('user');
  expect(typeof data.id).toBe('string');
}
function expectUsers(data: { object?: string; id?: string }[]) {
  expect(Array.isArray(data)).toBe(true);
  expect(data.length).toBeGreaterThan(0);
  for (const item of data) expectUser(item);
}
function expectDeleted(data: { object: string; deleted: boolean }) {
  expect(typeof data.object).toBe('string');
  expect(typeof data.deleted).toBe('boolean');
}
function expectPage(data: { data: unknown[]; total_count: number }) {
  expect(Array.isArray(data.data)).toBe(true);
  expect(typeof data.total_count).toBe('number');
}
function expectUserIdEcho(data: { user_id?: string }) {
  expect(typeof data.user_id).toBe('string');
}

export const operationCalls: Record<keyof operations, OperationCall> = {
  InstanceGetOrganizationMemberships: define({
    method: 'GET',
    path: '/organization_memberships',
    query: membershipsQuery,
    send: (c) => c.GET('/organization_memberships', { params: { query: membershipsQuery } }),
    expectData: (page) => {
      expectPage(page);
      for (const m of page.data) expect(m.object).toBe('organization_membership');
    },
  }),
  GetUserList: define({
    method: 'GET',
    path: '/users',
    query: userListQuery,
    send: (c) => c.GET('/users', { params: { query: userListQuery } }),
    expectData: expectUsers,
  }),
  CreateUser: define({
    method: 'POST',
    path: '/users',
    body: createUserBody,
    send: (c) => c.POST('/users', { body: createUserBody }),
    expectData: expectUser,
  }),
  DeleteUser: define({
    method: 'DELETE',
    path: '/users/{user_id}',
    pathParams: user,
    send: (c) => c.DELETE('/users/{user_id}', { params: { path: user } }),
    expectData: expectDeleted,
  }),
  GetUser: define({
    method: 'GET',
    path: '/users/{user_id}',
    pathParams: user,
    send: (c) => c.GET('/users/{user_id}', { params: { path: user } }),
    expectData: (u) => {
      expectUser(u);
      expect(Array.isArray(u.email_addresses)).toBe(true);
      expect(typeof u.public_metadata).toBe('object');
    },
  }),
  UpdateUser: define({
    method: 'PATCH',
    path: '/users/{user_id}',
    pathParams: user,
    body: updateUserBody,
    send: (c) => c.PATCH('/users/{user_id}', { params: { path: user }, body: updateUserBody }),
    expectData: expectUser,
  }),
  DeleteBackupCode: define({
    method: 'DELETE',
    path: '/users/{user_id}/backup_code',
    pathParams: user,
    send: (c) => c.DELETE('/users/{user_id}/backup_code', { params: { path: user } }),
    expectData: expectUserIdEcho,
  }),
  BanUser: define({
    method: 'POST',
    path: '/users/{user_id}/ban',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/ban', { params: { path: user } }),
    expectData: (u) => {
      expectUser(u);
      expect(typeof u.banned).toBe('boolean');
    },
  }),
  GetUserBillingCreditBalance: define({
    method: 'GET',
    path: '/users/{user_id}/billing/credits',
    pathParams: user,
    send: (c) => c.GET('/users/{user_id}/billing/credits', { params: { path: user } }),
    expectData: (balance) => {
      expect(typeof balance.object).toBe('string');
      expect(balance).toHaveProperty('balance');
    },
  }),
  AdjustUserBillingCreditBalance: define({
    method: 'POST',
    path: '/users/{user_id}/billing/credits',
    pathParams: user,
    body: creditAdjustment,
    send: (c) => c.POST('/users/{user_id}/billing/credits', { params: { path: user }, body: creditAdjustment }),
    expectData: (entry) => {
      expect(typeof entry.id).toBe('string');
      expect(typeof entry.payer_id).toBe('string');
      expect(typeof entry.amount).toBe('object');
    },
  }),
  GetUserBillingSubscription: define({
    method: 'GET',
    path: '/users/{user_id}/billing/subscription',
    pathParams: user,
    send: (c) => c.GET('/users/{user_id}/billing/subscription', { params: { path: user } }),
    expectData: (subscription) => {
      expect(subscription.object).toBe('commerce_subscription');
      expect(Array.isArray(subscription.subscription_items)).toBe(true);
    },
  }),
  ReplaceUserEmailAddress: define({
    method: 'PUT',
    path: '/users/{user_id}/email_address',
    pathParams: user,
    body: emailReplacement,
    send: (c) => c.PUT('/users/{user_id}/email_address', { params: { path: user }, body: emailReplacement }),
    expectData: (email) => {
      expect(email.object).toBe('email_address');
      expect(typeof email.email_address).toBe('string');
    },
  }),
  DeleteExternalAccount: define({
    method: 'DELETE',
    path: '/users/{user_id}/external_accounts/{external_account_id}',
    pathParams: { ...user, external_account_id: EXTERNAL_ACCOUNT_ID },
    send: (c) =>
      c.DELETE('/users/{user_id}/external_accounts/{external_account_id}', {
        params: { path: { ...user, external_account_id: EXTERNAL_ACCOUNT_ID } },
      }),
    expectData: expectDeleted,
  }),
  LockUser: define({
    method: 'POST',
    path: '/users/{user_id}/lock',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/lock', { params: { path: user } }),
    expectData: (u) => {
      expectUser(u);
      expect(typeof u.locked).toBe('boolean');
    },
  }),
  UpdateUserMetadata: define({
    method: 'PATCH',
    path: '/users/{user_id}/metadata',
    pathParams: user,
    body: metadataMerge,
    send: (c) => c.PATCH('/users/{user_id}/metadata', { params: { path: user }, body: metadataMerge }),
    expectData: expectUser,
  }),
  ReplaceUserMetadata: define({
    method: 'PUT',
    path: '/users/{user_id}/metadata',
    pathParams: user,
    body: metadataReplace,
    send: (c) => c.PUT('/users/{user_id}/metadata', { params: { path: user }, body: metadataReplace }),
    expectData: expectUser,
  }),
  DisableMFA: define({
    method: 'DELETE',
    path: '/users/{user_id}/mfa',
    pathParams: user,
    send: (c) => c.DELETE('/users/{user_id}/mfa', { params: { path: user } }),
    expectData: expectUserIdEcho,
  }),
  GetOAuthAccessToken: define({
    method: 'GET',
    path: '/users/{user_id}/oauth_access_tokens/{provider}',
    pathParams: { ...user, provider: 'oauth_google' },
    query: oauthTokensQuery,
    send: (c) =>
      c.GET('/users/{user_id}/oauth_access_tokens/{provider}', {
        params: { path: { ...user, provider: 'oauth_google' }, query: oauthTokensQuery },
      }),
    expectData: (tokens) => {
      expect(Array.isArray(tokens)).toBe(true);
      for (const t of tokens) {
        expect(t.object).toBe('oauth_access_token');
        expect(typeof t.token).toBe('string');
      }
    },
  }),
  UsersGetOrganizationInvitations: define({
    method: 'GET',
    path: '/users/{user_id}/organization_invitations',
    pathParams: user,
    query: invitationsQuery,
    send: (c) =>
      c.GET('/users/{user_id}/organization_invitations', { params: { path: user, query: invitationsQuery } }),
    expectData: expectPage,
  }),
  UsersGetOrganizationMemberships: define({
    method: 'GET',
    path: '/users/{user_id}/organization_memberships',
    pathParams: user,
    query: pageQuery,
    send: (c) => c.GET('/users/{user_id}/organization_memberships', { params: { path: user, query: pageQuery } }),
    expectData: expectPage,
  }),
  UserPasskeyDelete: define({
    method: 'DELETE',
    path: '/users/{user_id}/passkeys/{passkey_identification_id}',
    pathParams: { ...user, passkey_identification_id: PASSKEY_ID },
    send: (c) =>
      c.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', {
        params: { path: { ...user, passkey_identification_id: PASSKEY_ID } },
      }),
    expectData: expectDeleted,
  }),
  SetUserPasswordCompromised: define({
    method: 'POST',
    path: '/users/{user_id}/password/set_compromised',
    pathParams: user,
    body: compromised,
    send: (c) => c.POST('/users/{user_id}/password/set_compromised', { params: { path: user }, body: compromised }),
    expectData: expectUser,
  }),
  UnsetUserPasswordCompromised: define({
    method: 'POST',
    path: '/users/{user_id}/password/unset_compromised',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/password/unset_compromised', { params: { path: user } }),
    expectData: expectUser,
  }),
  ReplaceUserPhoneNumber: define({
    method: 'PUT',
    path: '/users/{user_id}/phone_number',
    pathParams: user,
    body: phoneReplacement,
    send: (c) => c.PUT('/users/{user_id}/phone_number', { params: { path: user }, body: phoneReplacement }),
    expectData: (phone) => {
      expect(phone.object).toBe('phone_number');
      expect(typeof phone.phone_number).toBe('string');
    },
  }),
  DeleteUserProfileImage: define({
    method: 'DELETE',
    path: '/users/{user_id}/profile_image',
    pathParams: user,
    send: (c) => c.DELETE('/users/{user_id}/profile_image', { params: { path: user } }),
    expectData: expectUser,
  }),
  SetUserProfileImage: define({
    method: 'POST',
    path: '/users/{user_id}/profile_image',
    pathParams: user,
    body: { file: { type: 'image/png', size: PROFILE_IMAGE_SIZE } },
    send: (c) =>
      c.POST('/users/{user_id}/profile_image', { params: { path: user }, body: { file: profileImageFile() } }),
    expectData: (u) => {
      expectUser(u);
      expect(typeof u.image_url).toBe('string');
    },
  }),
  RemoveUserPassword: define({
    method: 'POST',
    path: '/users/{user_id}/remove_password',
    pathParams: user,
    body: removePassword,
    send: (c) => c.POST('/users/{user_id}/remove_password', { params: { path: user }, body: removePassword }),
    expectData: expectUser,
  }),
  CreateUserTOTP: define({
    method: 'POST',
    path: '/users/{user_id}/totp',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/totp', { params: { path: user } }),
    expectData: (totp) => {
      expect(totp.object).toBe('totp');
      expect(typeof totp.id).toBe('string');
      expect(typeof totp.verified).toBe('boolean');
    },
  }),
  DeleteTOTP: define({
    method: 'DELETE',
    path: '/users/{user_id}/totp',
    pathParams: user,
    send: (c) => c.DELETE('/users/{user_id}/totp', { params: { path: user } }),
    expectData: expectUserIdEcho,
  }),
  ListUserTrustedDevices: define({
    method: 'GET',
    path: '/users/{user_id}/trusted_devices',
    pathParams: user,
    send: (c) => c.GET('/users/{user_id}/trusted_devices', { params: { path: user } }),
    expectData: (page) => {
      expectPage(page);
      for (const d of page.data) expect(d.object).toBe('trusted_device');
    },
  }),
  RevokeUserTrustedDevice: define({
    method: 'DELETE',
    path: '/users/{user_id}/trusted_devices/{trusted_device_id}',
    pathParams: { ...user, trusted_device_id: TRUSTED_DEVICE_ID },
    send: (c) =>
      c.DELETE('/users/{user_id}/trusted_devices/{trusted_device_id}', {
        params: { path: { ...user, trusted_device_id: TRUSTED_DEVICE_ID } },
      }),
    expectData: (device) => {
      expect(device.object).toBe('trusted_device');
      expect(typeof device.id).toBe('string');
    },
  }),
  UnbanUser: define({
    method: 'POST',
    path: '/users/{user_id}/unban',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/unban', { params: { path: user } }),
    expectData: expectUser,
  }),
  UnlockUser: define({
    method: 'POST',
    path: '/users/{user_id}/unlock',
    pathParams: user,
    send: (c) => c.POST('/users/{user_id}/unlock', { params: { path: user } }),
    expectData: expectUser,
  }),
  VerifyPassword: define({
    method: 'POST',
    path: '/users/{user_id}/verify_password',
    pathParams: user,
    body: passwordCheck,
    send: (c) => c.POST('/users/{user_id}/verify_password', { params: { path: user }, body: passwordCheck }),
    expectData: (result) => expect(typeof result.verified).toBe('boolean'),
  }),
  VerifyTOTP: define({
    method: 'POST',
    path: '/users/{user_id}/verify_totp',
    pathParams: user,
    body: totpCheck,
    send: (c) => c.POST('/users/{user_id}/verify_totp', { params: { path: user }, body: totpCheck }),
    expectData: (result) => {
      expect(typeof result.verified).toBe('boolean');
      expect(['totp', 'backup_code']).toContain(result.code_type);
    },
  }),
  UserWeb3WalletDelete: define({
    method: 'DELETE',
    path: '/users/{user_id}/web3_wallets/{web3_wallet_identification_id}',
    pathParams: { ...user, web3_wallet_identification_id: WEB3_WALLET_ID },
    send: (c) =>
      c.DELETE('/users/{user_id}/web3_wallets/{web3_wallet_identification_id}', {
        params: { path: { ...user, web3_wallet_identification_id: WEB3_WALLET_ID } },
      }),
    expectData: expectDeleted,
  }),
  UsersBan: define({
    method: 'POST',
    path: '/users/ban',
    body: bulkUsers,
    send: (c) => c.POST('/users/ban', { body: bulkUsers }),
    expectData: expectUsers,
  }),
  GetUsersCount: define({
    method: 'GET',
    path: '/users/count',
    query: userFilters,
    send: (c) => c.GET('/users/count', { params: { query: userFilters } }),
    expectData: (count) => {
      expect(count.object).toBe('total_count');
      expect(Number.isInteger(count.total_count)).toBe(true);
    },
  }),
  UsersUnban: define({
    method: 'POST',
    path: '/users/unban',
    body: bulkUsers,
    send: (c) => c.POST('/users/unban', { body: bulkUsers }),
    expectData: expectUsers,
  }),
};
