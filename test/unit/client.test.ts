import { readFileSync } from 'node:fs';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { load } from 'js-yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CLERK_API_VERSION } from '../../generated/version.ts';
import { createClerkClient } from '../../src/client.ts';
import { CLIENT_VERSION, type ClerkClientOptions } from '../../src/client-options.ts';
import {
  ClerkInputError,
  ClerkNetworkError,
  ClerkNotFoundError,
  ClerkTimeoutError,
  isClerkUsersError,
} from '../../src/errors/classes.ts';
import { unwrap } from '../../src/unwrap.ts';
import { caught } from '../support/caught.ts';

const SECRET_KEY = `sk_test_${'X'.repeat(40)}`;
const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** A fetch that records every request it is given and answers 200 with a JSON body. */
function recordingFetch(answer: () => Response = () => Response.json({ object: 'user', id: 'user_1' })) {
  const requests: Request[] = [];
  return {
    requests,
    fetch: async (request: Request) => {
      requests.push(request);
      return answer();
    },
  };
}

function recordingClient(options: ClerkClientOptions = {}) {
  const recorder = recordingFetch();
  const client = createClerkClient({
    secretKey: SECRET_KEY,
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch: recorder.fetch,
    ...options,
  });
  return { client, requests: recorder.requests };
}

function thrownBy(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, but none happened');
}

function expectInputError(err: unknown, code: string, parameter: string): ClerkInputError {
  expect(err).toBeInstanceOf(ClerkInputError);
  const input = err as ClerkInputError;
  expect(input.code).toBe(code);
  expect(input.parameter).toBe(parameter);
  return input;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function startServer(handler: Handler): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

async function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('secret key', () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.CLERK_SECRET_KEY;
    delete process.env.CLERK_SECRET_KEY;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.CLERK_SECRET_KEY;
    else process.env.CLERK_SECRET_KEY = saved;
  });

  it('rejects a missing key when CLERK_SECRET_KEY is not set either', () => {
    const err = expectInputError(
      thrownBy(() => createClerkClient({ baseUrl: 'http://127.0.0.1:9/v1' })),
      'missing_secret_key',
      'secretKey',
    );
    expect(err.message).toContain('CLERK_SECRET_KEY');
    expectInputError(
      thrownBy(() => createClerkClient()),
      'missing_secret_key',
      'secretKey',
    );
  });

  it('rejects a key that is only whitespace', () => {
    expectInputError(
      thrownBy(() => createClerkClient({ secretKey: ' \n ' })),
      'missing_secret_key',
      'secretKey',
    );
  });

  it('falls back to CLERK_SECRET_KEY from the environment', async () => {
    process.env.CLERK_SECRET_KEY = 'sk_test_fromenv123';
    const recorder = recordingFetch();
    const client = createClerkClient({ baseUrl: 'http://127.0.0.1:9/v1', fetch: recorder.fetch });
    await client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
    expect(recorder.requests[0]?.headers.get('authorization')).toBe('Bearer sk_test_fromenv123');
  });

  it('prefers the secretKey option over the environment', async () => {
    process.env.CLERK_SECRET_KEY = 'sk_test_fromenv123';
    const { client, requests } = recordingClient();
    await client.GET('/users');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET_KEY}`);
  });

  it('rejects a publishable key', () => {
    expectInputError(
      thrownBy(() => createClerkClient({ secretKey: 'pk_test_Y2xlcmsuZXhhbXBsZS5jb20k' })),
      'publishable_key_given',
      'secretKey',
    );
  });

  it('rejects a key with whitespace or control characters inside', () => {
    for (const bad of ['sk_test_abc def', 'sk_test_abc\tdef', 'sk_test_abc\ndef', 'sk_test_abc\u0000def']) {
      expectInputError(
        thrownBy(() => createClerkClient({ secretKey: bad })),
        'invalid_secret_key',
        'secretKey',
      );
    }
  });

  it('trims whitespace around the key, like a trailing newline from a secrets file', async () => {
    const { client, requests } = recordingClient({ secretKey: `  ${SECRET_KEY}\n` });
    await client.GET('/users');
    expect(requests[0]?.headers.get('authorization')).toBe(`Bearer ${SECRET_KEY}`);
  });
});

describe('options', () => {
  it('rejects a baseUrl that is not an absolute URL', () => {
    expectInputError(
      thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl: 'not a url' })),
      'invalid_base_url',
      'baseUrl',
    );
    expectInputError(
      thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl: '/v1' })),
      'invalid_base_url',
      'baseUrl',
    );
  });

  it('rejects a baseUrl that is not http(s)', () => {
    const err = expectInputError(
      thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl: 'ftp://127.0.0.1/v1' })),
      'invalid_base_url',
      'baseUrl',
    );
    expect(err.message).toContain('ftp:');
  });

  it('rejects a baseUrl with a query, a fragment or credentials', () => {
    for (const baseUrl of [
      'http://127.0.0.1:9/v1?debug=1',
      'http://127.0.0.1:9/v1#top',
      'http://user:pass@127.0.0.1:9/v1',
    ]) {
      expectInputError(
        thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl })),
        'invalid_base_url',
        'baseUrl',
      );
    }
  });

  it('refuses a baseUrl without a version segment, naming the fix', () => {
    for (const baseUrl of [
      'https://api.clerk.com',
      'https://api.clerk.com/',
      'http://127.0.0.1:9',
      'https://proxy.example.com/clerk',
    ]) {
      const err = expectInputError(
        thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, baseUrl })),
        'base_url_without_version',
        'baseUrl',
      );
      expect(err.message).toContain('/v1');
      expect(err.message).toContain('allowUnversionedBaseUrl');
    }
  });

  it('accepts a baseUrl without a version segment when allowUnversionedBaseUrl is set', async () => {
    const { client, requests } = recordingClient({ baseUrl: 'http://127.0.0.1:9/', allowUnversionedBaseUrl: true });
    await client.GET('/users');
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/users');
  });

  it('accepts any version segment at the end of the path, behind a proxy prefix too', async () => {
    for (const [baseUrl, expected] of [
      ['https://api.clerk.com/v1', 'https://api.clerk.com/v1/users'],
      ['https://proxy.example.com/clerk/v2/', 'https://proxy.example.com/clerk/v2/users'],
    ] as const) {
      const { client, requests } = recordingClient({ baseUrl });
      await client.GET('/users');
      expect(requests[0]?.url).toBe(expected);
    }
  });

  it('drops a trailing slash from baseUrl', async () => {
    const { client, requests } = recordingClient({ baseUrl: 'http://127.0.0.1:9/v1/' });
    await client.GET('/users');
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/users');
  });

  it('rejects an Authorization header in headers, whatever its case', () => {
    for (const name of ['Authorization', 'authorization', 'AUTHORIZATION']) {
      expectInputError(
        thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, headers: { [name]: 'Bearer sk_test_other' } })),
        'authorization_header_not_allowed',
        'headers',
      );
    }
  });

  it('rejects a timeoutMs that is negative or not a number (0 and Infinity mean none)', () => {
    for (const timeoutMs of [-1, Number.NaN, Number.NEGATIVE_INFINITY, '30' as unknown as number]) {
      expectInputError(
        thrownBy(() => createClerkClient({ secretKey: SECRET_KEY, timeoutMs })),
        'invalid_timeout',
        'timeoutMs',
      );
    }
  });

  it('exports CLIENT_VERSION equal to the package.json version', () => {
    expect(CLIENT_VERSION).toBe(packageJson.version);
  });
});

describe('headers on the wire', () => {
  let server: Server;
  let url: string;
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    ({ server, url } = await startServer((req, res) => {
      seen.push(req.headers);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[]');
    }));
  });
  afterAll(async () => {
    await stopServer(server);
  });

  it('sends the key, the pinned API version, the User-Agent and extra headers', async () => {
    const client = createClerkClient({
      secretKey: SECRET_KEY,
      baseUrl: `${url}/v1`,
      userAgent: 'my-app/2.1',
      headers: { 'X-Request-Source': 'unit-test' },
    });
    const { response } = await client.GET('/users');
    expect(response.status).toBe(200);
    const headers = seen.at(-1);
    expect(headers?.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(headers?.['clerk-api-version']).toBe(CLERK_API_VERSION);
    expect(headers?.['user-agent']).toContain(`clerk-users/${packageJson.version}`);
    expect(headers?.['user-agent']).toContain('my-app/2.1');
    expect(headers?.['x-request-source']).toBe('unit-test');
  });

  it('pins Clerk-API-Version to the spec info.version', () => {
    const spec = load(readFileSync(new URL('../../openapi/clerk-users.yaml', import.meta.url), 'utf8')) as {
      info: { version: string };
    };
    expect(CLERK_API_VERSION).toBe(spec.info.version);
  });

  it('refuses a Clerk-API-Version in the client headers, whatever its case, pointing to per-call headers', () => {
    for (const name of ['Clerk-API-Version', 'clerk-api-version']) {
      const err = expectInputError(
        thrownBy(() =>
          createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, headers: { [name]: '2000-01-01' } }),
        ),
        'api_version_header_not_allowed',
        'headers',
      );
      expect(err.message).toContain(CLERK_API_VERSION);
      expect(err.message).toContain('per call');
    }
  });

  it('sends another API version for one request when the call passes Clerk-API-Version in its headers', async () => {
    const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1` });
    await client.GET('/users', { headers: { 'Clerk-API-Version': '2025-11-10' } });
    expect(seen.at(-1)?.['clerk-api-version']).toBe('2025-11-10');
    await client.GET('/users');
    expect(seen.at(-1)?.['clerk-api-version']).toBe(CLERK_API_VERSION);
  });
});

describe('path parameters', () => {
  const rejected: Array<[string, unknown]> = [
    ['an empty string', ''],
    ['a blank string', '  '],
    ['"."', '.'],
    ['".."', '..'],
    ['undefined', undefined],
    ['null', null],
  ];

  it.each(rejected)('rejects %s as user_id without sending a request', async (_label, value) => {
    const { client, requests } = recordingClient();
    const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: value as string } } }));
    const input = expectInputError(
      err,
      value === undefined || value === null ? 'missing_path_parameter' : 'invalid_path_parameter',
      'user_id',
    );
    expect(input.message).toContain('user_id');
    expect(requests).toHaveLength(0);
  });

  it('rejects a call without any path parameters without sending a request', async () => {
    const { client, requests } = recordingClient();
    const noPath = await caught(client.GET('/users/{user_id}', { params: {} } as never));
    expectInputError(noPath, 'missing_path_parameter', 'user_id');
    const noParams = await caught(client.DELETE('/users/{user_id}', {} as never));
    expectInputError(noParams, 'missing_path_parameter', 'user_id');
    const noInit = await caught((client.GET as (path: string) => Promise<unknown>)('/users/{user_id}'));
    expectInputError(noInit, 'missing_path_parameter', 'user_id');
    expect(requests).toHaveLength(0);
  });

  it('validates the second path parameter too', async () => {
    const { client, requests } = recordingClient();
    for (const bad of ['', '..', ' ']) {
      const err = await caught(
        client.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', {
          params: { path: { user_id: 'user_1', passkey_identification_id: bad } },
        }),
      );
      expectInputError(err, 'invalid_path_parameter', 'passkey_identification_id');
    }
    const missing = await caught(
      client.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', {
        params: { path: { user_id: 'user_1' } },
      } as never),
    );
    expectInputError(missing, 'missing_path_parameter', 'passkey_identification_id');
    expect(requests).toHaveLength(0);
  });

  it('percent-encodes slashes, non-ASCII letters and spaces in path values', async () => {
    const { client, requests } = recordingClient();
    for (const userId of ['a/b', 'ä', 'user 1']) {
      await client.GET('/users/{user_id}', { params: { path: { user_id: userId } } });
    }
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      '/v1/users/a%2Fb',
      '/v1/users/%C3%A4',
      '/v1/users/user%201',
    ]);
  });

  it('fills both parameters of a two-parameter path', async () => {
    const { client, requests } = recordingClient(); // 200 with JSON is enough for this check
    await client.DELETE('/users/{user_id}/passkeys/{passkey_identification_id}', {
      params: { path: { user_id: 'user_1', passkey_identification_id: 'idn/2' } },
    });
    expect(requests[0]?.method).toBe('DELETE');
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/v1/users/user_1/passkeys/idn%2F2');
  });
});

describe('query and body', () => {
  it('sends query arrays as repeated keys and encodes + as %2B', async () => {
    const recorder = recordingFetch(() => Response.json([]));
    const client = createClerkClient({
      secretKey: SECRET_KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: recorder.fetch,
    });
    await client.GET('/users', {
      params: { query: { user_id: ['a', 'b'], external_id: ['+ext_1'], email_address: ['a+b@example.com'] } },
    });
    const url = new URL(recorder.requests[0]?.url ?? '');
    expect(url.search).toContain('user_id=a&user_id=b');
    expect(url.search).toContain('external_id=%2Bext_1');
    expect(url.search).toContain('email_address=a%2Bb%40example.com');
    // Read back the way a server would: + must not turn into a space.
    expect(url.searchParams.getAll('user_id')).toEqual(['a', 'b']);
    expect(url.searchParams.get('external_id')).toBe('+ext_1');
  });

  it('uploads a profile image as multipart/form-data with the file part', async () => {
    const { client, requests } = recordingClient();
    await client.POST('/users/{user_id}/profile_image', {
      params: { path: { user_id: 'user_1' } },
      body: { file: new Blob(['png'], { type: 'image/png' }) },
    });
    const request = requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.headers.get('content-type')).toMatch(/^multipart\/form-data; boundary=/);
    const form = await (request as Request).formData();
    const file = form.get('file');
    expect(file).toBeInstanceOf(Blob);
    expect((file as Blob).type).toBe('image/png');
    expect(await (file as Blob).text()).toBe('png');
  });

  it('sends an ordinary body as JSON', async () => {
    const { client, requests } = recordingClient();
    await client.PATCH('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, body: { first_name: 'Ada' } });
    expect(requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(await requests[0]?.json()).toEqual({ first_name: 'Ada' });
  });
});

describe('network failures', () => {
  it('turns a refused connection into ClerkNetworkError without the query string', async () => {
    const { server, url } = await startServer(() => {});
    await stopServer(server); // nothing listens on this port any more
    const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1` });
    const err = await caught(client.GET('/users', { params: { query: { email_address: ['ada@example.com'] } } }));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    const network = err as ClerkNetworkError;
    expect(network.code).toBe('network_error');
    expect(network.method).toBe('GET');
    expect(network.url).toBe(`${url}/v1/users`);
    expect(network.message).not.toContain('ada@example.com');
    expect(network.message).not.toContain('?');
    expect(network.cause).toBeInstanceOf(Error);
  });

  describe('against a server that never answers', () => {
    let server: Server;
    let url: string;
    const arrived: IncomingMessage[] = [];
    let onArrival: (() => void) | undefined;

    beforeAll(async () => {
      ({ server, url } = await startServer((req) => {
        arrived.push(req);
        onArrival?.();
      }));
    });
    afterAll(async () => {
      await stopServer(server);
    });

    function nextArrival(): Promise<void> {
      return new Promise((resolve) => {
        onArrival = resolve;
      });
    }

    it('throws ClerkTimeoutError when timeoutMs passes', async () => {
      const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, timeoutMs: 50 });
      const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
      expect(err).toBeInstanceOf(ClerkTimeoutError);
      const timeout = err as ClerkTimeoutError;
      expect(timeout.code).toBe('timeout');
      expect(timeout.timeoutMs).toBe(50);
      expect(timeout.method).toBe('GET');
      expect(timeout.url).toBe(`${url}/v1/users/user_1`);
    });

    it.each([undefined, 60_000])("keeps the caller's own abort an AbortError (timeoutMs %s)", async (timeoutMs) => {
      const client = createClerkClient({
        secretKey: SECRET_KEY,
        baseUrl: `${url}/v1`,
        ...(timeoutMs ? { timeoutMs } : {}),
      });
      const controller = new AbortController();
      const arrival = nextArrival();
      const call = client.GET('/users', { signal: controller.signal });
      await arrival;
      controller.abort();
      const err = await caught(call);
      expect((err as Error).name).toBe('AbortError');
      expect(isClerkUsersError(err)).toBe(false);
    });
  });

  it('throws ClerkTimeoutError when the body stalls after the headers arrived', async () => {
    const { server, url } = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"object":"user",'); // and never finishes
    });
    try {
      const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, timeoutMs: 50 });
      const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
      expect(err).toBeInstanceOf(ClerkTimeoutError);
      expect((err as ClerkTimeoutError).url).toBe(`${url}/v1/users/user_1`);
    } finally {
      await stopServer(server);
    }
  });

  it.each([undefined, 10_000])(
    'turns a connection dropped mid-body into ClerkNetworkError (timeoutMs %s)',
    async (timeoutMs) => {
      const { server, url } = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
        res.write('{"object":"user",');
        setTimeout(() => res.socket?.destroy(), 10);
      });
      try {
        const client = createClerkClient({
          secretKey: SECRET_KEY,
          baseUrl: `${url}/v1`,
          ...(timeoutMs ? { timeoutMs } : {}),
        });
        const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
        expect(err).toBeInstanceOf(ClerkNetworkError);
        expect((err as ClerkNetworkError).url).toBe(`${url}/v1/users/user_1`);
      } finally {
        await stopServer(server);
      }
    },
  );

  it('reads a complete response normally when a timeout is set', async () => {
    const { server, url } = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"object":"user","id":"user_1"}');
    });
    try {
      const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, timeoutMs: 10_000 });
      const { data, response } = await client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
      expect(response.status).toBe(200);
      expect(response.url).toBe(`${url}/v1/users/user_1`);
      expect(data).toEqual({ object: 'user', id: 'user_1' });
    } finally {
      await stopServer(server);
    }
  });

  it('still sends the request body when a timeout is set', async () => {
    const bodies: string[] = [];
    const { server, url } = await startServer((req, res) => {
      let text = '';
      req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      req.on('end', () => {
        bodies.push(text);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"object":"user","id":"user_1"}');
      });
    });
    try {
      const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: `${url}/v1`, timeoutMs: 10_000 });
      const { response } = await client.PATCH('/users/{user_id}', {
        params: { path: { user_id: 'user_1' } },
        body: { first_name: 'Ada' },
      });
      expect(response.status).toBe(200);
      expect(bodies).toEqual(['{"first_name":"Ada"}']);
    } finally {
      await stopServer(server);
    }
  });

  it("maps a failed body read of a custom fetch's own Response subclass to ClerkNetworkError", async () => {
    // openapi-fetch reads with text() when there is no Content-Length, json() otherwise: break both.
    class BrokenBodyResponse extends Response {
      override json(): Promise<never> {
        return Promise.reject(new TypeError('terminated'));
      }
      override text(): Promise<never> {
        return Promise.reject(new TypeError('terminated'));
      }
    }
    const fetch = async () => new BrokenBodyResponse('{}', { headers: { 'content-type': 'application/json' } });
    const client = createClerkClient({ secretKey: SECRET_KEY, baseUrl: 'http://127.0.0.1:9/v1', fetch });
    const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } }));
    expect(err).toBeInstanceOf(ClerkNetworkError);
    expect((err as ClerkNetworkError).cause).toBeInstanceOf(TypeError);
  });

  it('hands back a guarded response that still behaves as a Response (instanceof, clone, bodyUsed, text)', async () => {
    const client = createClerkClient({
      secretKey: SECRET_KEY,
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch: async () => Response.json({ object: 'user', id: 'user_1' }),
    });
    const { response } = await client.GET('/users/{user_id}', {
      params: { path: { user_id: 'user_1' } },
      parseAs: 'stream',
    });
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    expect(await response.clone().json()).toEqual({ object: 'user', id: 'user_1' });
    expect(await response.text()).toBe('{"object":"user","id":"user_1"}');
    expect(response.bodyUsed).toBe(true);
  });
});

describe('calls beyond the typed methods', () => {
  it('guards a per-call fetch too: its failure is a ClerkNetworkError', async () => {
    const { client } = recordingClient();
    const fetch = async (): Promise<Response> => {
      throw new TypeError('fetch failed');
    };
    const err = await caught(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } }, fetch }));
    expect(err).toBeInstanceOf(ClerkNetworkError);
  });

  it('checks input on client.request(method, path) as on client.GET', async () => {
    const { client, requests } = recordingClient();
    const err = await caught(client.request('get', '/users', { params: { query: { user_id: [] } } }));
    expectInputError(err, 'empty_filter_list', 'user_id');
    expect(requests).toHaveLength(0);
    await client.request('get', '/users/{user_id}', { params: { path: { user_id: 'user_1' } } });
    expect(requests[0]?.url).toBe('http://127.0.0.1:9/v1/users/user_1');
  });

  it("names the method and path template in unwrap's error even when the user's middleware replaced the response", async () => {
    const { client } = recordingClient();
    const notFound = JSON.stringify({ errors: [{ code: 'resource_not_found', message: 'not found' }] });
    client.use({
      onResponse: () => new Response(notFound, { status: 404, headers: { 'content-type': 'application/json' } }),
    });
    const err = await caught(unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: 'user_1' } } })));
    expect(err).toBeInstanceOf(ClerkNotFoundError);
    expect((err as ClerkNotFoundError).method).toBe('GET');
    expect((err as ClerkNotFoundError).path).toBe('/users/{user_id}');
  });
});
