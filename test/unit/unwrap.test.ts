import { describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { ClerkAPIError, ClerkNotFoundError } from '../../src/errors/classes.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';
import { STATUS_CASES } from '../support/status-cases.ts';

const SECRET_KEY = `sk_test_${'X'.repeat(40)}`;

/** A client whose injected fetch answers with a fresh copy of the given response for every request. */
function clientAnswering(
  status: number,
  body: string | null,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const seen: Request[] = [];
  const client = createClerkClient({
    secretKey: SECRET_KEY,
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch: async (request) => {
      seen.push(request);
      return new Response(body, { status, headers });
    },
  });
  return { client, seen };
}

const clerkErrors = (code: string, longMessage: string) =>
  JSON.stringify({ errors: [{ code, message: code, long_message: longMessage }] });

describe('unwrap', () => {
  it('returns the data of a 2xx response', async () => {
    const { client } = clientAnswering(200, JSON.stringify({ object: 'user', id: 'user_1', first_name: 'Ada' }));
    const user = await unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
    expect(user).toEqual({ object: 'user', id: 'user_1', first_name: 'Ada' });
  });

  it('returns the list of a 2xx list response', async () => {
    const { client } = clientAnswering(
      200,
      JSON.stringify([
        { object: 'user', id: 'user_1' },
        { object: 'user', id: 'user_2' },
      ]),
    );
    const users = await unwrap(client.GET('/users'));
    expect(users.map((u) => u.id)).toEqual(['user_1', 'user_2']);
  });

  it('returns undefined for a 204 without a body', async () => {
    const { client } = clientAnswering(204, null, {});
    await expect(
      unwrap(client.DELETE('/users/{user_id}/profile_image', { params: { path: { user_id: 'user_1' } } })),
    ).resolves.toBeUndefined();
  });

  it('accepts an already awaited result', async () => {
    const { client } = clientAnswering(200, JSON.stringify({ object: 'user', id: 'user_1' }));
    const result = await client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
    expect(await unwrap(result)).toEqual({ object: 'user', id: 'user_1' });
  });

  it.each(STATUS_CASES)('throws for a %i response an instance of %O', async (status, Class, code) => {
    const { client } = clientAnswering(status, clerkErrors(code, 'explained'));
    const err = await caught(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })));
    expect(err).toBeInstanceOf(Class);
    expect((err as ClerkAPIError).status).toBe(status);
    expect((err as ClerkAPIError).code).toBe(code);
  });

  it("throws ClerkAPIError when openapi-fetch's error is undefined (content-length 0)", async () => {
    const { client } = clientAnswering(404, '', { 'content-length': '0' });
    const result = await client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
    expect(result.error).toBeUndefined();
    const err = await caught(unwrap(result));
    // No Clerk error in the body: not "no such user", but a URL that is no Clerk endpoint.
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect(err).not.toBeInstanceOf(ClerkNotFoundError);
    expect((err as ClerkAPIError).status).toBe(404);
    expect((err as ClerkAPIError).message).toMatch(
      /^404 endpoint_not_found: empty response body; the URL is probably not a Clerk API endpoint .* \(GET \/users\/\{user_id\}\)$/,
    );
  });

  it("throws ClerkAPIError when openapi-fetch's error is a string (a body that is not JSON)", async () => {
    const { client } = clientAnswering(503, 'upstream connect error', { 'content-type': 'text/plain' });
    const result = await client.GET('/users');
    expect(typeof result.error).toBe('string');
    const err = await caught(unwrap(result));
    expect(err).toBeInstanceOf(ClerkAPIError);
    expect((err as ClerkAPIError).status).toBe(503);
    expect((err as ClerkAPIError).rawBody).toBe('upstream connect error');
  });

  it('names the method and path template in the message, not the IDs', async () => {
    const { client, seen } = clientAnswering(404, clerkErrors('resource_not_found', 'Passkey not found'));
    const err = await caught(
      unwrap(
        client.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', {
          params: { path: { user_id: 'user_42', passkey_identification_id: 'idn_7' } },
        }),
      ),
    );
    expect(seen[0]?.url).toBe('http://127.0.0.1:9/v1/users/user_42/passkeys/idn_7');
    expect((err as Error).message).toBe(
      '404 resource_not_found: Passkey not found (DELETE /users/{user_id}/passkeys/{passkey_identification_id})',
    );
    expect((err as ClerkAPIError).method).toBe('DELETE');
    expect((err as ClerkAPIError).path).toBe('/users/{user_id}/passkeys/{passkey_identification_id}');
  });

  it('names the call for a result rebuilt around the same response (spread, or a new object)', async () => {
    const { client } = clientAnswering(404, clerkErrors('resource_not_found', 'User not found'));
    const result = await client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
    expect(Object.keys(result).sort()).toEqual(['error', 'response']);
    for (const rebuilt of [{ ...result }, { error: result.error, response: result.response }]) {
      const err = (await caught(unwrap(rebuilt))) as ClerkAPIError;
      expect(err).toBeInstanceOf(ClerkNotFoundError);
      expect(err.method).toBe('GET');
      expect(err.path).toBe('/users/{user_id}');
      expect(err.attempts).toBe(1);
    }
  });

  it('still throws the right class for a response that did not come through the client', async () => {
    const response = new Response(clerkErrors('resource_not_found', 'User not found'), {
      status: 404,
      headers: { 'content-type': 'application/json' },
    });
    const err = await caught(unwrap({ error: JSON.parse(await response.clone().text()) as unknown, response }));
    expect(err).toBeInstanceOf(ClerkNotFoundError);
    expect((err as ClerkAPIError).code).toBe('resource_not_found');
  });
});
