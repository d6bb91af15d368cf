// Imported password digests through verify_password: bcrypt digests made by bcryptjs here (cost 4, the
// lowest bcrypt allows, to stay fast) verify with the original password and refuse a wrong one the way
// a wrong password for a sha256 digest is refused.
import { genSaltSync, hashSync } from 'bcryptjs';
import { describe, expect, it } from 'vitest';
import { createFakeClerk } from '../../src/testing/index.ts';
import { call, KEY } from './support.ts';

const PASSWORD = 'correct horse battery staple';

/** A bcrypt digest of `password` with the given `$2?$` prefix (bcryptjs salts as `$2b$`). */
function bcryptDigest(password: string, prefix: '$2a$' | '$2b$' | '$2y$'): string {
  const digest = hashSync(password, genSaltSync(4).replace(/^\$2b\$/, prefix));
  expect(digest.startsWith(`${prefix}04$`)).toBe(true);
  return digest;
}

async function sha256Hex(text: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

const verify = (fake: ReturnType<typeof createFakeClerk>, userId: string, password: string) =>
  call(fake, 'POST', `/users/${userId}/verify_password`, { password });

describe('verify_password with imported digests', () => {
  it('verifies a seeded user whose password is a $2b$ bcrypt digest, and refuses a wrong password', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([{ id: 'user_bcrypt', password_digest: bcryptDigest(PASSWORD, '$2b$'), password_hasher: 'bcrypt' }]);
    expect(await verify(fake, 'user_bcrypt', PASSWORD)).toMatchObject({ status: 200, body: { verified: true } });
    const wrong = await verify(fake, 'user_bcrypt', `${PASSWORD}!`);
    expect(wrong).toMatchObject({ status: 422, body: { errors: [{ code: 'incorrect_password' }] } });
  });

  it.each(['$2a$', '$2y$'] as const)(
    'verifies a user created by POST /users with a %s bcrypt digest',
    async (prefix) => {
      const fake = createFakeClerk({ secretKey: KEY });
      const created = await call(fake, 'POST', '/users', {
        email_address: ['bcrypt@example.com'],
        password_digest: bcryptDigest(PASSWORD, prefix),
        password_hasher: 'bcrypt',
      });
      expect(created.status).toBe(200);
      const { id } = created.body as { id: string };
      expect(await verify(fake, id, PASSWORD)).toMatchObject({ status: 200, body: { verified: true } });
      expect(await verify(fake, id, 'Correct horse battery staple')).toMatchObject({
        status: 422,
        body: { errors: [{ code: 'incorrect_password' }] },
      });
    },
  );

  it('refuses a wrong password for a bcrypt digest with the same answer as for a sha256 digest', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([
      { id: 'user_bcrypt', password_digest: bcryptDigest(PASSWORD, '$2b$'), password_hasher: 'bcrypt' },
      { id: 'user_sha256', password_digest: await sha256Hex(PASSWORD), password_hasher: 'sha256' },
    ]);
    const viaSha256 = await verify(fake, 'user_sha256', 'not it');
    const viaBcrypt = await verify(fake, 'user_bcrypt', 'not it');
    expect(viaSha256.status).toBe(422);
    const withoutTrace = (body: unknown) => ({ ...(body as object), clerk_trace_id: undefined });
    expect({ status: viaBcrypt.status, body: withoutTrace(viaBcrypt.body) }).toEqual({
      status: viaSha256.status,
      body: withoutTrace(viaSha256.body),
    });
  });

  it('refuses every password for a bcrypt digest bcrypt cannot read (unknown prefix, cost out of range)', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    const good = bcryptDigest(PASSWORD, '$2b$');
    fake.seed([
      { id: 'user_prefix', password_digest: good.replace(/^\$2b\$/, '$2x$'), password_hasher: 'bcrypt' },
      { id: 'user_cost', password_digest: good.replace(/^\$2b\$04\$/, '$2b$03$'), password_hasher: 'bcrypt' },
      { id: 'user_short', password_digest: good.slice(0, -1), password_hasher: 'bcrypt' },
    ]);
    for (const id of ['user_prefix', 'user_cost', 'user_short'])
      expect(await verify(fake, id, PASSWORD), id).toMatchObject({
        status: 422,
        body: { errors: [{ code: 'incorrect_password' }] },
      });
  });

  it('still answers that argon2 and scrypt digests cannot be checked', async () => {
    const fake = createFakeClerk({ secretKey: KEY });
    fake.seed([
      { id: 'user_argon2', password_digest: '$argon2id$v=19$m=16,t=2,p=1$c2FsdA$aGFzaA', password_hasher: 'argon2id' },
      { id: 'user_scrypt', password_digest: 'c2FsdA==$aGFzaA==', password_hasher: 'scrypt_firebase' },
    ]);
    for (const id of ['user_argon2', 'user_scrypt'])
      expect(await verify(fake, id, PASSWORD), id).toMatchObject({
        status: 422,
        body: { errors: [{ code: 'emulator_hasher_not_modelled' }] },
      });
  });
});
