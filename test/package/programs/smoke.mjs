// The smoke run every runtime performs against the stateful fake Clerk server: a get, a 404, a full
// cursor walk and a network error. Runtime-neutral (no Node APIs): it takes the library as loaded by
// the runtime under test and returns plain JSON, which the vitest side asserts.

/** Which runtime this is, from what only that runtime has. */
export function describeRuntime() {
  const g = globalThis;
  if (g.Bun?.version) return { name: 'bun', version: g.Bun.version };
  if (g.Deno?.version?.deno) return { name: 'deno', version: g.Deno.version.deno };
  if (g.navigator?.userAgent === 'Cloudflare-Workers') return { name: 'workerd', version: '' };
  if (g.process?.versions?.node) return { name: 'node', version: g.process.versions.node };
  return { name: 'unknown', version: '' };
}

/** What a caught error looks like from outside: its class (by instanceof and by name), code and status. */
async function caught(run, expectedClass) {
  try {
    await run();
    return { threw: false };
  } catch (error) {
    return {
      threw: true,
      isExpectedClass: error instanceof expectedClass,
      name: error?.name,
      code: error?.code,
      status: error?.status,
      message: String(error?.message),
    };
  }
}

/**
 * @param lib the `clerk-users` module namespace
 * @param args `{ baseUrl, secretKey, userId, deadBaseUrl, pageSize }`
 */
export async function smoke(lib, { baseUrl, secretKey, userId, deadBaseUrl, pageSize }) {
  const { createClerkClient, unwrap, paginate, ClerkNotFoundError, ClerkNetworkError } = lib;
  const clerk = createClerkClient({ secretKey, baseUrl });

  const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: userId } } }));
  const notFound = await caught(
    () => unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: 'user_does_not_exist' } } })),
    ClerkNotFoundError,
  );

  const walked = [];
  for await (const listed of paginate(clerk, '/users', { params: { query: { limit: pageSize } } }))
    walked.push(listed.id);

  const dead = createClerkClient({ secretKey, baseUrl: deadBaseUrl });
  const network = await caught(
    () => unwrap(dead.GET('/users/{user_id}', { params: { path: { user_id: userId } } })),
    ClerkNetworkError,
  );

  return {
    runtime: describeRuntime(),
    clientVersion: lib.CLIENT_VERSION,
    get: { id: user.id, first_name: user.first_name, emails: user.email_addresses.map((e) => e.email_address) },
    notFound,
    walked,
    network,
  };
}
