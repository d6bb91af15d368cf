// @clerk/backend, Clerk's own SDK, against the emulator over HTTP: proof that the shapes satisfy
// another client than ours.
import { createClerkClient as createClerkBackend } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClerkClient, unwrap } from '../../src/index.ts';
import { createFakeClerk } from '../../src/testing/index.ts';
import { KEY } from './support.ts';

describe('@clerk/backend and this client against listen()', () => {
  const fake = createFakeClerk({ secretKey: KEY });
  let url = '';
  beforeAll(async () => {
    fake.seed([
      {
        id: 'user_seeded',
        email_addresses: [{ email_address: 'seeded@example.com' }],
        first_name: 'Seeded',
        created_at: 1_700_000_000_000,
      },
    ]);
    ({ url } = await fake.listen());
  });
  afterAll(() => fake.close());

  it('serves under /v1 on 127.0.0.1', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  });

  it('creates, finds, updates, merges metadata, bans and deletes a user with @clerk/backend', async () => {
    const clerk = createClerkBackend({ secretKey: KEY, apiUrl: url.replace(/\/v1$/, '') });
    const created = await clerk.users.createUser({
      emailAddress: ['grace@example.com'],
      firstName: 'Grace',
      password: 'a long enough password',
    });
    expect(created.primaryEmailAddress?.emailAddress).toBe('grace@example.com');

    const found = await clerk.users.getUserList({ emailAddress: ['grace@example.com'] });
    expect(found.totalCount).toBe(1);
    expect(found.data[0]?.id).toBe(created.id);

    expect((await clerk.users.updateUser(created.id, { lastName: 'Hopper' })).lastName).toBe('Hopper');
    await clerk.users.updateUserMetadata(created.id, { publicMetadata: { plan: { tier: 'pro', seats: 3 } } });
    const merged = await clerk.users.updateUserMetadata(created.id, { publicMetadata: { plan: { seats: null } } });
    expect(merged.publicMetadata).toEqual({ plan: { tier: 'pro' } });
    expect(await clerk.users.verifyPassword({ userId: created.id, password: 'a long enough password' })).toEqual({
      verified: true,
    });
    expect((await clerk.users.banUser(created.id)).banned).toBe(true);
    expect(await clerk.users.getCount({ query: 'grace' })).toBe(1);
    await clerk.users.deleteUser(created.id);
    await expect(clerk.users.getUser(created.id)).rejects.toMatchObject({ status: 404 });
  });

  it('refuses a duplicate email to @clerk/backend with form_identifier_exists', async () => {
    const clerk = createClerkBackend({ secretKey: KEY, apiUrl: url.replace(/\/v1$/, '') });
    await expect(clerk.users.createUser({ emailAddress: ['SEEDED@example.com'] })).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ code: 'form_identifier_exists' })],
    });
  });

  it('serves this client over HTTP and in-process alike', async () => {
    const overHttp = createClerkClient({ secretKey: KEY, baseUrl: url });
    const inProcess = createClerkClient({ secretKey: KEY, fetch: fake.fetch });
    const a = await unwrap(overHttp.GET('/users/{user_id}', { params: { path: { user_id: 'user_seeded' } } }));
    const b = await unwrap(inProcess.GET('/users/{user_id}', { params: { path: { user_id: 'user_seeded' } } }));
    expect(a).toEqual(b);
    expect(a.first_name).toBe('Seeded');
  });
});
