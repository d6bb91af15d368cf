// The import's pure parts: what each answer to a create means, the create-body check, and the
// repeated-id set.
import { describe, expect, it } from 'vitest';
import { ClerkAuthenticationError, ClerkNetworkError, ClerkTimeoutError } from '../../src/errors/classes.ts';
import { checkCreateBody } from '../../src/import/create-body.ts';
import { decideCreate, decideIdempotent } from '../../src/import/decide.ts';
import { errorInfo, secretsOf } from '../../src/import/results.ts';
import { SeenIds } from '../../src/import/seen-ids.ts';

const answer = (status: number, body: unknown = {}, headers: Record<string, string> = {}) => ({
  response: new Response(JSON.stringify(body), { status, headers }),
  error: status >= 400 ? body : undefined,
  data: status < 400 ? body : undefined,
});
const clerkError = (code: string, param?: string) => ({
  errors: [{ code, message: 'm', long_message: 'long', ...(param ? { meta: { param_name: param } } : {}) }],
});

describe('decideCreate', () => {
  it('treats a 2xx as created', () => {
    expect(decideCreate(answer(200, { id: 'user_1' }))).toEqual({ kind: 'done' });
  });

  it('waits out a 429 for its Retry-After, since a refused request was not applied', () => {
    expect(decideCreate(answer(429, clerkError('too_many_requests'), { 'retry-after': '3' }))).toEqual({
      kind: 'wait',
      delayMs: 3000,
    });
    expect(decideCreate(answer(429, clerkError('too_many_requests')))).toEqual({ kind: 'wait', delayMs: undefined });
  });

  it.each([500, 502, 503, 504, 408])(
    'looks the record up after a %i, which may come after the write was applied',
    (status) => {
      expect(decideCreate(answer(status))).toEqual({ kind: 'look-up' });
    },
  );

  it('looks the record up after a reset connection or a timeout', () => {
    expect(
      decideCreate({ thrown: new ClerkNetworkError('POST', 'http://x/v1/users', new Error('ECONNRESET')) }),
    ).toEqual({ kind: 'look-up' });
    expect(decideCreate({ thrown: new ClerkTimeoutError('POST', 'http://x/v1/users', 1000) })).toEqual({
      kind: 'look-up',
    });
  });

  it('reads a 422 "external_id taken" as a reason to look up, and any other 422 as the record failing', () => {
    expect(decideCreate(answer(422, clerkError('form_identifier_exists', 'external_id')))).toEqual({ kind: 'taken' });
    expect(decideCreate(answer(422, clerkError('form_identifier_exists', 'email_address')))).toEqual({
      kind: 'failed',
    });
    expect(decideCreate(answer(400, clerkError('form_param_unknown')))).toEqual({ kind: 'failed' });
  });

  it('stops the import on a refused key or an abort, which no other record could get past', () => {
    expect(decideCreate(answer(401, clerkError('authentication_invalid')))).toEqual({ kind: 'fatal' });
    expect(decideCreate(answer(403, clerkError('authentication_invalid')))).toEqual({ kind: 'fatal' });
    expect(decideCreate({ thrown: new DOMException('stopped', 'AbortError') })).toEqual({ kind: 'fatal' });
    expect(
      decideCreate({
        thrown: new ClerkAuthenticationError({ status: 401, errors: [], method: 'POST', path: '/users' }),
      }),
    ).toEqual({ kind: 'fatal' });
  });
});

describe('decideIdempotent', () => {
  it('retries a 5xx or a network failure of a look-up or an update, since repeating it is harmless', () => {
    expect(decideIdempotent(answer(503))).toEqual({ kind: 'retry' });
    expect(decideIdempotent({ thrown: new ClerkNetworkError('GET', 'http://x/v1/users', new Error('reset')) })).toEqual(
      { kind: 'retry' },
    );
    expect(decideIdempotent(answer(404, clerkError('resource_not_found')))).toEqual({ kind: 'failed' });
    expect(decideIdempotent(answer(200, []))).toEqual({ kind: 'done' });
  });
});

describe('checkCreateBody', () => {
  it('accepts a full POST /users body with an external_id', () => {
    expect(
      checkCreateBody({
        external_id: 'crm_1',
        email_address: ['a@example.com'],
        email_address_identification_status: ['verified'],
        first_name: null,
        password_digest: '$2a$10$abc',
        password_hasher: 'bcrypt',
        public_metadata: { plan: 'pro' },
        create_organizations_limit: 3,
        skip_password_requirement: true,
      }),
    ).toBeUndefined();
  });

  it.each([
    [{ external_id: 'a', firstName: 'Ada' }, 'unknown_field', 'firstName'],
    [{ external_id: 'a', first_name: 3 }, 'invalid_type', 'first_name must be a string'],
    [{ external_id: 'a', email_address: 'a@example.com' }, 'invalid_type', 'email_address must be an array'],
    [{ external_id: 'a', email_address: ['a@example.com', 7] }, 'invalid_type', 'email_address[1]'],
    [{ external_id: 'a', password_hasher: 'rot13' }, 'invalid_value', 'password_hasher "rot13" is not one of bcrypt'],
    [
      { external_id: 'a', phone_number_identification_status: ['maybe'] },
      'invalid_value',
      'phone_number_identification_status[0]',
    ],
    [{ external_id: 'a', public_metadata: [] }, 'invalid_type', 'public_metadata must be an object'],
    [{ external_id: 'a', public_metadata: null }, 'invalid_type', 'public_metadata must not be null'],
    [{ external_id: 'a', create_organizations_limit: 1.5 }, 'invalid_type', 'a whole number'],
    [{ first_name: 'Ada' }, 'missing_external_id', 'external_id is required'],
    [{ external_id: '  ' }, 'missing_external_id', 'external_id is required'],
    [{ external_id: 7 }, 'invalid_type', 'external_id must be a string'],
    [[1, 2], 'record_not_an_object', 'an array'],
  ])('refuses %j with %s', (record, code, words) => {
    const problem = checkCreateBody(record);
    expect(problem?.code).toBe(code);
    expect(problem?.message).toContain(words);
  });

  it('never repeats the value of a secret field in its message', () => {
    const problem = checkCreateBody({ external_id: 'a', password: 12345678 });
    expect(problem?.code).toBe('invalid_type');
    expect(problem?.message).not.toContain('12345678');
  });
});

describe('errorInfo', () => {
  it("removes the record's password, digest and any secret key from Clerk's message", () => {
    const record = { external_id: 'a', password: 'hunter2hunter2', password_digest: '$2a$10$digestdigest' };
    const info = errorInfo(
      { code: 'form_password_pwned', message: 'hunter2hunter2 and $2a$10$digestdigest with sk_test_abcdef123 leaked' },
      secretsOf(record),
    );
    expect(info.code).toBe('form_password_pwned');
    expect(info.message).not.toMatch(/hunter2|digestdigest|abcdef123/);
  });
});

describe('SeenIds', () => {
  it('reports the second appearance of an id, across growth to many ids', () => {
    const seen = new SeenIds();
    for (let i = 0; i < 50_000; i++) expect(seen.add(`ext_${i}`)).toBe(true);
    expect(seen.size).toBe(50_000);
    expect(seen.add('ext_0')).toBe(false);
    expect(seen.add('ext_49999')).toBe(false);
    expect(seen.add('ext_50000')).toBe(true);
    expect(seen.add('')).toBe(true);
    expect(seen.add('')).toBe(false);
  });
});
