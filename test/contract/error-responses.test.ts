// Error responses through Prism (`Prefer: code=NNN` asks it for a documented error), and proof
// that the contract harness fails on the mistakes it is there to catch.
import { describe, expect, inject, it } from 'vitest';
import { ClerkAuthenticationError, ClerkNotFoundError, ClerkValidationError, unwrap } from '../../src/index.ts';
import {
  assertValidCall,
  ContractCheckError,
  contractProblems,
  createContractClient,
  type OperationId,
  type RecordedExchange,
  requestViolations,
  specOperation,
} from '../support/contract.ts';
import { type OperationCall, OTHER_USER_ID, operationCalls, USER_ID } from './operation-calls.ts';

const user = { user_id: USER_ID };

/** Runs `check` and returns what it threw, failing the test when it throws nothing. */
function thrownBy(check: () => void): unknown {
  try {
    check();
  } catch (error) {
    return error;
  }
  throw new Error('expected the check to throw, it did not');
}

describe('documented error responses arrive typed', () => {
  it('returns a 404 as a typed error object on the raw call', async () => {
    const { client, only } = createContractClient();
    const { data, error, response } = await client.GET('/users/{user_id}', {
      params: { path: user },
      headers: { Prefer: 'code=404' },
    });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(typeof error?.errors[0]?.code).toBe('string');
    expect(typeof error?.errors[0]?.message).toBe('string');
    // The request itself was valid: Prism answered 404 because it was asked to.
    expect(requestViolations(only().response)).toEqual([]);
  });

  it('makes unwrap throw ClerkNotFoundError with status, method and path template in the message', async () => {
    const { client } = createContractClient();
    const error = await unwrap(
      client.GET('/users/{user_id}', { params: { path: user }, headers: { Prefer: 'code=404' } }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ClerkNotFoundError);
    const notFound = error as ClerkNotFoundError;
    expect(notFound.status).toBe(404);
    expect(notFound.method).toBe('GET');
    expect(notFound.path).toBe('/users/{user_id}');
    expect(notFound.message).toMatch(/^404 /);
    expect(notFound.message).toContain('(GET /users/{user_id})');
    expect(notFound.message).not.toContain(USER_ID);
    expect(typeof notFound.errors[0]?.code).toBe('string');
  });

  it('returns a 422 as a typed error object on the raw call', async () => {
    const { client, only } = createContractClient();
    const { data, error, response } = await client.PATCH('/users/{user_id}', {
      params: { path: user },
      body: { first_name: 'Ada', last_name: 'Lovelace' },
      headers: { Prefer: 'code=422' },
    });
    expect(response.status).toBe(422);
    expect(data).toBeUndefined();
    expect(typeof error?.errors[0]?.code).toBe('string');
    expect(requestViolations(only().response)).toEqual([]);
  });

  it('makes unwrap throw ClerkValidationError for a 422 with the path template in the message', async () => {
    const { client } = createContractClient();
    const patch = unwrap(
      client.PATCH('/users/{user_id}', {
        params: { path: user },
        body: { username: 'ada_lovelace' },
        headers: { Prefer: 'code=422' },
      }),
    );
    await expect(patch).rejects.toBeInstanceOf(ClerkValidationError);
    await expect(patch).rejects.toMatchObject({ status: 422, method: 'PATCH', path: '/users/{user_id}' });
    await expect(patch).rejects.toThrow('(PATCH /users/{user_id})');

    const list = unwrap(
      client.GET('/users', { params: { query: { limit: 10, offset: 0 } }, headers: { Prefer: 'code=422' } }),
    );
    await expect(list).rejects.toBeInstanceOf(ClerkValidationError);
    await expect(list).rejects.toThrow(/^422 .*\(GET \/users\)$/);
  });

  it('answers 401 to a request without Authorization, and Prism names it a request violation', async () => {
    const url = `${inject('prismUrl')}/users/${USER_ID}`;
    const request = new Request(url, { headers: { Accept: 'application/json' } });
    const response = await fetch(request.clone());
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors?: { code?: unknown }[] };
    expect(typeof body.errors?.[0]?.code).toBe('string');
    expect(requestViolations(response).map((v) => v.code)).toContain(401);

    const exchange: RecordedExchange = { request, method: 'GET', url, headers: request.headers, response };
    const error = thrownBy(() => assertValidCall(exchange, { operationId: 'GetUser', pathParams: user }));
    expect(error).toBeInstanceOf(ContractCheckError);
    expect((error as Error).message).toContain('Invalid security scheme');
    expect((error as Error).message).toContain('status 401 is not 2xx');
  });

  it('makes unwrap throw ClerkAuthenticationError for a documented 401', async () => {
    const { client } = createContractClient();
    const call = unwrap(client.GET('/users/{user_id}', { params: { path: user }, headers: { Prefer: 'code=401' } }));
    await expect(call).rejects.toBeInstanceOf(ClerkAuthenticationError);
    await expect(call).rejects.toMatchObject({ status: 401, method: 'GET', path: '/users/{user_id}' });
    await expect(call).rejects.toThrow('(GET /users/{user_id})');
  });
});

describe('every operation that documents a 404 surfaces it as ClerkNotFoundError', () => {
  const with404 = (Object.entries(operationCalls) as [OperationId, OperationCall][]).filter(([id]) =>
    specOperation(id).responseStatuses.includes('404'),
  );

  it('covers the operations that document a 404', () => {
    // Guards the filter: most user-scoped operations document a 404 (ban/unban/lock/unlock do not).
    expect(with404.length).toBeGreaterThanOrEqual(25);
  });

  it.each(with404)(
    '%s: unwrap throws ClerkNotFoundError naming its method and path template',
    async (_operationId, call) => {
      const { client, only } = createContractClient({ headers: { Prefer: 'code=404' } });
      const sent = await call.send(client);
      expect(sent.response.status).toBe(404);
      expect(requestViolations(only().response)).toEqual([]);
      const error = await unwrap(Promise.resolve(sent)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClerkNotFoundError);
      expect((error as ClerkNotFoundError).message).toContain(`(${call.method} ${call.path})`);
    },
  );
});

describe('the contract harness fails on the mistakes it exists to catch', () => {
  it('reports a limit over the spec maximum (1000 > 500) as a request violation', async () => {
    // The client itself refuses limit 1000, so the request is built by hand and sent through the
    // same recording fetch: what is under test here is the harness, not the client.
    const harness = createContractClient();
    await harness.sendRaw('/users?limit=1000');
    const error = thrownBy(() =>
      assertValidCall(harness.only(), { operationId: 'GetUserList', query: { limit: 1000 } }),
    );
    expect(error).toBeInstanceOf(ContractCheckError);
    const message = (error as ContractCheckError).message;
    expect(message).toContain('GetUserList (GET /users)');
    expect(message).toMatch(/Prism reported 1 request violation/);
    expect(message).toContain('request.query.limit');
    expect(message).toContain('<= 500');
    expect((error as ContractCheckError).problems.some((p) => /^status 4\d\d is not 2xx$/.test(p))).toBe(true);
  });

  it('reports a body that breaks additionalProperties:false, sent through the typed client', async () => {
    const { client, only } = createContractClient();
    const body = { first_name: 'Ada', nickname: 'Countess' } as { first_name: string };
    await client.POST('/users', { body });
    const error = thrownBy(() => assertValidCall(only(), { operationId: 'CreateUser' }));
    expect(error).toBeInstanceOf(ContractCheckError);
    expect((error as Error).message).toContain('request.body');
    expect((error as Error).message).toContain("found 'nickname'");
  });

  it("counts only Prism's request violations, not those about the response it generated", async () => {
    const { client, only } = createContractClient();
    await client.GET('/users/{user_id}', { params: { path: user } });
    const real = only();
    expect(() => assertValidCall(real, { operationId: 'GetUser', pathParams: user })).not.toThrow();

    // The same exchange, answered with a verdict naming one response problem and then one request problem.
    const answeredWith = (violations: object[]): RecordedExchange => ({
      ...real,
      response: new Response('{}', {
        status: 200,
        headers: { 'content-type': 'application/json', 'sl-violations': JSON.stringify(violations) },
      }),
    });
    const responseProblem = {
      location: ['response', 'body', 'linked_to', '0', 'type'],
      severity: 'Error',
      code: 'pattern',
      message: 'Response body property linked_to.0.type must match pattern "^oauth_[a-z]+$"',
    };
    const requestProblem = {
      location: ['request', 'path', 'user_id'],
      severity: 'Error',
      code: 'type',
      message: 'Request path parameter user_id must be string',
    };
    expect(() =>
      assertValidCall(answeredWith([responseProblem]), { operationId: 'GetUser', pathParams: user }),
    ).not.toThrow();
    expect(() =>
      assertValidCall(answeredWith([responseProblem, requestProblem]), { operationId: 'GetUser', pathParams: user }),
    ).toThrow(
      /Prism reported 1 request violation\(s\):\n\s+request\.path\.user_id: Request path parameter user_id must be string \[type\]/,
    );
  });

  it('catches a comma-joining query serializer that Prism alone accepts', async () => {
    const { client, only } = createContractClient();
    const query = { user_id: [`+${USER_ID}`, `-${OTHER_USER_ID}`] };
    const { response } = await client.GET('/users', {
      params: { query },
      querySerializer: { array: { style: 'form', explode: false } },
    });
    const exchange = only();
    expect(new URL(exchange.url).searchParams.getAll('user_id')).toEqual([query.user_id.join(',')]);
    // Prism reads `user_id=a,b` as a one-item array: no violation, a 200.
    expect(response.status).toBe(200);
    expect(requestViolations(exchange.response)).toEqual([]);

    const error = thrownBy(() => assertValidCall(exchange, { operationId: 'GetUserList', query }));
    expect(error).toBeInstanceOf(ContractCheckError);
    const problems = (error as ContractCheckError).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^query parameter user_id \(form, explode=true\) arrived as/);
    expect(problems[0]).toContain(JSON.stringify(query.user_id));
  });

  it('catches a request that reaches a different operation than the one under test', async () => {
    const { client, only } = createContractClient();
    await client.GET('/users/count', {});
    // `/users/count` must not pass for GET /users/{user_id} just because `count` fits `{user_id}`.
    const problems = contractProblems(only(), { operationId: 'GetUser' });
    expect(problems).toEqual([expect.stringContaining('is GetUsersCount (GET /users/count) in the spec, not GetUser')]);
  });

  it('catches a wrong method and a path parameter that arrives altered', async () => {
    const { client, only } = createContractClient();
    await client.GET('/users/{user_id}', { params: { path: user } });
    const wrongMethod = contractProblems(only(), { operationId: 'DeleteUser', pathParams: user });
    expect(wrongMethod).toContain('method GET is not DELETE (DeleteUser)');
    const wrongId = contractProblems(only(), { operationId: 'GetUser', pathParams: { user_id: OTHER_USER_ID } });
    expect(wrongId).toEqual([expect.stringContaining(`path parameter user_id arrived as "${USER_ID}"`)]);
  });

  it('catches a query parameter that was sent but not passed, and one the operation does not define', async () => {
    const { client, only } = createContractClient();
    await client.GET('/users', { params: { query: { limit: 10, offset: 0 } } });
    const problems = contractProblems(only(), { operationId: 'GetUserList', query: { limit: 10, paginated: true } });
    expect(problems).toContain('query parameter paginated is not a parameter of GetUserList');
    expect(problems).toContain('query parameter offset was sent but not passed by the call');
  });
});
