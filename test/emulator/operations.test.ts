// Drives every operation of the spec through the emulator, in-process, and checks each answer
// against the response schema the spec declares for that operation and status.
import { afterAll, describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../generated/operations.ts';
import { createFakeClerk } from '../../src/testing/index.ts';
import { totpCode } from '../../src/testing/totp.ts';
import { call, KEY, problems, responseValidator } from './support.ts';

const T0 = Date.UTC(2026, 0, 15, 12);
let clock = T0;
const fake = createFakeClerk({ secretKey: KEY, now: () => clock });

const at = T0 - 86_400_000;
fake.seed([
  {
    id: 'user_a',
    email_addresses: [{ id: 'idn_ea', email_address: 'ada@example.com' }],
    username: 'ada_lovelace',
    external_id: 'ext_a',
    first_name: 'Ada',
    created_at: at,
    organization_ids: ['org_1', 'org_2'],
    web3_wallets: [{ id: 'idn_w', web3_wallet: '0xabc0000000000000000000000000000000000001' }],
    passkeys: [{ id: 'idn_pk', object: 'passkey', name: 'laptop', last_used_at: at, verification: null }],
    external_accounts: [
      {
        object: 'external_account',
        id: 'eac_1',
        provider: 'oauth_google',
        identification_id: 'idn_g',
        provider_user_id: 'g-123',
        approved_scopes: 'email',
        email_address: 'ada@gmail.example',
        first_name: 'Ada',
        last_name: 'L',
        public_metadata: {},
        created_at: at,
        updated_at: at,
        verification: null,
      },
    ],
    trusted_devices: [
      {
        object: 'trusted_device',
        id: 'td_1',
        platform: 'ios',
        app_identifier: 'com.example.app',
        algorithm: 'ES256',
        status: 'active',
        created_at: at,
        updated_at: at,
      },
    ],
    billing_subscription: {
      object: 'commerce_subscription',
      id: 'csub_1',
      instance_id: 'ins_1',
      status: 'active',
      payer_id: 'cpayer_1',
      created_at: at,
      updated_at: at,
      active_at: at,
      past_due_at: null,
      subscription_items: [],
    },
  },
  { id: 'user_b', email_addresses: [{ email_address: 'bob@example.com' }], created_at: at + 1 },
]);

/** Every (operation, status) answered, and the schema problems found. */
const answered = new Map<string, Set<number>>();
const invalid: string[] = [];

async function step(
  method: string,
  template: string,
  params: Record<string, string>,
  options: { query?: string; body?: unknown; status?: number; key?: string | null } = {},
) {
  clock += 1000;
  const path =
    template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] as string)) +
    (options.query ?? '');
  const result = await call(fake, method, path, options.body, options.key);
  const key = `${method} ${template}`;
  if (!answered.has(key)) answered.set(key, new Set());
  answered.get(key)?.add(result.status);
  const validate = responseValidator(method, template, result.status);
  if (validate === 'undeclared') invalid.push(`${key} answered ${result.status}, a status the spec does not declare`);
  else if (validate !== undefined && !validate(result.body))
    invalid.push(`${key} ${result.status}: ${problems(validate)}`);
  expect(result.status, `${key}: ${JSON.stringify(result.body)}`).toBe(options.status ?? 200);
  return result.body as Record<string, unknown> & Record<number, Record<string, unknown>>;
}

describe('every operation of the spec, statefully', () => {
  afterAll(() => fake.close());
  let id = '';
  const u = () => ({ user_id: id });

  it('creates a user that the list, the count and a read then see', async () => {
    const created = await step(
      'POST',
      '/users',
      {},
      {
        body: {
          email_address: ['new@example.com'],
          password: 'correct horse',
          username: 'newbie',
          public_metadata: { a: { b: 1 }, gone: true },
        },
      },
    );
    id = created.id as string;
    expect(created).toMatchObject({ password_enabled: true, username: 'newbie' });
    expect((await step('GET', '/users', {}, { query: '?email_address=new@example.com' }))[0]?.id).toBe(id);
    expect(await step('GET', '/users/count', {}, { query: '?banned=false' })).toEqual({
      object: 'total_count',
      total_count: 3,
    });
    expect((await step('GET', '/users/{user_id}', u())).id).toBe(id);
  });

  it('refuses an identifier another user holds, naming it, case-insensitively for emails', async () => {
    const refused = await step('POST', '/users', {}, { body: { email_address: ['ADA@example.com'] }, status: 422 });
    expect(refused.errors).toEqual([
      expect.objectContaining({ code: 'form_identifier_exists', meta: { param_name: 'email_address' } }),
    ]);
    await step('PATCH', '/users/{user_id}', u(), { body: { external_id: 'ext_a' }, status: 422 });
  });

  it('updates, merges metadata deeply (null deletes) and replaces it', async () => {
    expect(await step('PATCH', '/users/{user_id}', u(), { body: { first_name: 'New' } })).toMatchObject({
      first_name: 'New',
    });
    const merged = await step('PATCH', '/users/{user_id}/metadata', u(), {
      body: { public_metadata: { a: { c: 2 }, gone: null } },
    });
    expect(merged.public_metadata).toEqual({ a: { b: 1, c: 2 } });
    const replaced = await step('PUT', '/users/{user_id}/metadata', u(), { body: { private_metadata: { x: 1 } } });
    expect(replaced).toMatchObject({ public_metadata: { a: { b: 1, c: 2 } }, private_metadata: { x: 1 } });
  });

  it('verifies, compromises and removes the password', async () => {
    expect(
      await step('POST', '/users/{user_id}/verify_password', u(), { body: { password: 'correct horse' } }),
    ).toEqual({ verified: true });
    await step('POST', '/users/{user_id}/verify_password', u(), { body: { password: 'wrong horse' }, status: 422 });
    await step('POST', '/users/{user_id}/password/set_compromised', u(), { body: {} });
    await step('POST', '/users/{user_id}/password/unset_compromised', u());
    expect(await step('POST', '/users/{user_id}/remove_password', u(), { body: {} })).toMatchObject({
      password_enabled: false,
    });
    await step('POST', '/users/{user_id}/verify_password', u(), { body: { password: 'correct horse' }, status: 400 });
  });

  it('creates TOTP, verifies codes and backup codes, and removes every factor', async () => {
    const totp = await step('POST', '/users/{user_id}/totp', u());
    const code = await totpCode(totp.secret as string, clock + 1000);
    expect(await step('POST', '/users/{user_id}/verify_totp', u(), { body: { code } })).toEqual({
      verified: true,
      code_type: 'totp',
    });
    expect(
      await step('PATCH', '/users/{user_id}', u(), { body: { backup_codes: ['one-code', 'two-code'] } }),
    ).toMatchObject({ backup_code_enabled: true, two_factor_enabled: true });
    expect(await step('POST', '/users/{user_id}/verify_totp', u(), { body: { code: 'one-code' } })).toEqual({
      verified: true,
      code_type: 'backup_code',
    });
    await step('POST', '/users/{user_id}/verify_totp', u(), { body: { code: 'one-code' }, status: 422 });
    expect(await step('DELETE', '/users/{user_id}/backup_code', u())).toEqual({ user_id: id });
    expect(await step('DELETE', '/users/{user_id}/totp', u())).toEqual({ user_id: id });
    await step('DELETE', '/users/{user_id}/totp', u(), { status: 404 });
    expect(await step('DELETE', '/users/{user_id}/mfa', u())).toEqual({ user_id: id });
    expect(await step('GET', '/users/{user_id}', u())).toMatchObject({
      totp_enabled: false,
      backup_code_enabled: false,
      two_factor_enabled: false,
    });
  });

  it('bans, unbans, locks and unlocks one user and many', async () => {
    expect(await step('POST', '/users/{user_id}/ban', u())).toMatchObject({ banned: true });
    expect(await step('POST', '/users/{user_id}/unban', u())).toMatchObject({ banned: false });
    expect(await step('POST', '/users/{user_id}/lock', u())).toMatchObject({ locked: true });
    expect(await step('POST', '/users/{user_id}/unlock', u())).toMatchObject({ locked: false });
    const banned = await step('POST', '/users/ban', {}, { body: { user_ids: ['user_a', 'user_b', 'user_missing'] } });
    expect((banned as unknown as { banned: boolean }[]).map((x) => x.banned)).toEqual([true, true]);
    expect(await step('GET', '/users/count', {}, { query: '?banned=true' })).toMatchObject({ total_count: 2 });
    await step('POST', '/users/unban', {}, { body: { user_ids: ['user_a', 'user_b'] } });
  });

  it('sets and deletes the profile image', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }), 'me.png');
    expect(await step('POST', '/users/{user_id}/profile_image', u(), { body: form })).toMatchObject({
      has_image: true,
    });
    expect(await step('DELETE', '/users/{user_id}/profile_image', u())).toMatchObject({ has_image: false });
  });

  it('replaces the email address and phone number, and removes wallets, passkeys and external accounts', async () => {
    const email = await step('PUT', '/users/{user_id}/email_address', u(), {
      body: { email_address: 'renamed@example.com' },
    });
    const phone = await step('PUT', '/users/{user_id}/phone_number', u(), {
      body: { phone_number: '+15555550100', identification_status: 'reserved' },
    });
    expect(await step('GET', '/users/{user_id}', u())).toMatchObject({
      primary_email_address_id: email.id,
      primary_phone_number_id: phone.id,
    });
    const a = { user_id: 'user_a' };
    await step('DELETE', '/users/{user_id}/web3_wallets/{web3_wallet_identification_id}', {
      ...a,
      web3_wallet_identification_id: 'idn_w',
    });
    await step('DELETE', '/users/{user_id}/passkeys/{passkey_identification_id}', {
      ...a,
      passkey_identification_id: 'idn_pk',
    });
    await step('DELETE', '/users/{user_id}/external_accounts/{external_account_id}', {
      ...a,
      external_account_id: 'eac_1',
    });
    await step(
      'DELETE',
      '/users/{user_id}/external_accounts/{external_account_id}',
      { ...a, external_account_id: 'eac_1' },
      { status: 404 },
    );
    expect(await step('GET', '/users/{user_id}', a)).toMatchObject({
      web3_wallets: [],
      passkeys: [],
      external_accounts: [],
      primary_web3_wallet_id: null,
    });
  });

  it('lists and revokes trusted devices, and answers OAuth tokens as for a user without any', async () => {
    const a = { user_id: 'user_a' };
    expect(await step('GET', '/users/{user_id}/trusted_devices', a)).toMatchObject({ total_count: 1 });
    expect(
      await step('DELETE', '/users/{user_id}/trusted_devices/{trusted_device_id}', { ...a, trusted_device_id: 'td_1' }),
    ).toMatchObject({ status: 'revoked' });
    expect(
      await step('GET', '/users/{user_id}/oauth_access_tokens/{provider}', { ...a, provider: 'oauth_google' }),
    ).toEqual([]);
  });

  it("lists organization memberships of a user and of the instance, and a user's invitations", async () => {
    const mine = await step('GET', '/users/{user_id}/organization_memberships', { user_id: 'user_a' });
    expect(mine).toMatchObject({ total_count: 2 });
    expect(
      await step('GET', '/organization_memberships', {}, { query: '?order_by=-created_at&limit=1' }),
    ).toMatchObject({ total_count: 2 });
    expect(
      await step(
        'GET',
        '/users/{user_id}/organization_invitations',
        { user_id: 'user_a' },
        { query: '?status=pending' },
      ),
    ).toEqual({ data: [], total_count: 0 });
  });

  it('keeps a credit balance, with idempotent adjustments, and no subscription', async () => {
    expect(await step('GET', '/users/{user_id}/billing/credits', u())).toMatchObject({ balance: null });
    const adjustment = { amount: 500, action: 'increase', idempotency_key: 'k1' };
    const first = await step('POST', '/users/{user_id}/billing/credits', u(), { body: adjustment });
    expect(await step('POST', '/users/{user_id}/billing/credits', u(), { body: adjustment })).toEqual(first);
    await step('POST', '/users/{user_id}/billing/credits', u(), { body: { ...adjustment, amount: 7 }, status: 409 });
    expect(await step('GET', '/users/{user_id}/billing/credits', u())).toMatchObject({
      balance: { amount: 500, currency: 'USD' },
    });
    await step('GET', '/users/{user_id}/billing/subscription', u(), { status: 404 });
    expect(await step('GET', '/users/{user_id}/billing/subscription', { user_id: 'user_a' })).toMatchObject({
      id: 'csub_1',
      status: 'active',
    });
  });

  it('deletes the user, which reads then find gone', async () => {
    expect(await step('DELETE', '/users/{user_id}', u())).toEqual({ id, object: 'user', deleted: true });
    await step('GET', '/users/{user_id}', u(), { status: 404 });
  });

  it('refuses bad requests before changing anything, naming the parameter', async () => {
    const cases: [string, string, { query?: string; body?: unknown; status?: number }, string][] = [
      ['GET', '/users', { query: '?limit=501' }, 'limit'],
      ['GET', '/users', { query: '?bogus=1' }, 'bogus'],
      [
        'GET',
        '/users',
        { query: `?${Array.from({ length: 101 }, (_, i) => `user_id=user_${i}`).join('&')}` },
        'user_id',
      ],
      ['POST', '/users', { body: { email_adress: ['typo@example.com'] } }, 'email_adress'],
      ['POST', '/users', { body: { first_name: 5 } }, 'first_name'],
      [
        'POST',
        '/users',
        { body: { email_address: ['x@example.com'], email_address_identification_status: ['confirmed'] } },
        'email_address_identification_status',
      ],
      // This operation declares 400, not 422, for a bad request.
      ['GET', '/users/{user_id}/organization_invitations', { query: '?status=lost', status: 400 }, 'status'],
    ];
    const before = fake.users();
    for (const [method, template, options, param] of cases) {
      const body = await step(method, template, { user_id: 'user_a' }, { status: 422, ...options });
      expect(body.errors, `${method} ${template}`).toEqual([expect.objectContaining({ meta: { param_name: param } })]);
    }
    expect(fake.users()).toEqual(before);
    await step('GET', '/users', {}, { key: null, status: 401 });
  });

  it('answered every operation of the spec with a 2xx, and every answer matched its schema', () => {
    const missing = OPERATIONS.filter(
      (op) => ![...(answered.get(`${op.method} ${op.path}`) ?? [])].some((s) => s >= 200 && s < 300),
    ).map((op) => op.operationId);
    expect(OPERATIONS).toHaveLength(39);
    expect(missing).toEqual([]);
    expect(invalid).toEqual([]);
  });
});

describe('the route table and the support table', () => {
  it('route exactly the operations of the spec, and docs/testing-support.md notes each one', async () => {
    const { operations } = await import('../../src/testing/operations/index.ts');
    const { SUPPORT_NOTES } = await import('../../scripts/testing-support-notes.mjs');
    const spec = OPERATIONS.map((op) => `${op.method} ${op.path}`).sort();
    expect(operations.map((op) => `${op.method} ${op.template}`).sort()).toEqual(spec);
    expect(Object.keys(SUPPORT_NOTES).sort()).toEqual(OPERATIONS.map((op) => op.operationId).sort());
  });
});
