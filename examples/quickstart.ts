// The quickstart: `npm start` runs this against a Prism mock server of the checked-in spec.
// Against the real API: CLERK_SECRET_KEY=sk_test_… npx tsx examples/quickstart.ts
import { ClerkNotFoundError, createClerkClient, exclude, include, orderBy, paginate, unwrap } from '../src/index.ts';

const mockUrl = process.env.CLERK_API_URL || undefined; // set by `npm start` to the Prism mock server
const clerk = createClerkClient({
  // Reads CLERK_SECRET_KEY when secretKey is not given; CLERK_API_URL points it at the mock.
  baseUrl: mockUrl,
  // Prism serves the spec's paths at its root, without the /v1 that the real API needs.
  allowUnversionedBaseUrl: mockUrl !== undefined,
  userAgent: 'clerk-users-quickstart',
});

// 1. List users with a filter and an ordering: both typed and checked before sending.
const users = await unwrap(
  clerk.GET('/users', {
    params: {
      query: {
        user_id: include('user_2Nq3xKx9', 'user_2Nq3xKy7'),
        order_by: orderBy('/users', 'last_sign_in_at', 'desc'),
        limit: 5,
      },
    },
  }),
);
console.log(`1. GET /users with user_id=+…: ${users.length} user(s); first id ${users[0]?.id}`);

// 2. Walk every user outside one organization, page by page (cursor pagination on created_at).
let walked = 0;
for await (const user of paginate(clerk, '/users', {
  params: { query: { organization_id: exclude('org_2Blocked'), limit: 100 } },
  maxItems: 1_000,
})) {
  walked += 1;
  if (walked === 1) console.log(`2. paginate(/users): first user ${user.id}`);
}
console.log(`   walked ${walked} user(s)`);

// 3. Fetch one user.
const userId = users[0]?.id ?? 'user_2Nq3xKx9';
const user = await unwrap(clerk.GET('/users/{user_id}', { params: { path: { user_id: userId } } }));
console.log(
  `3. GET /users/{user_id}: ${user.id} (${user.first_name ?? '?'} ${user.last_name ?? '?'}), banned: ${user.banned}`,
);

// 4. Merge metadata.
const updated = await unwrap(
  clerk.PATCH('/users/{user_id}/metadata', {
    params: { path: { user_id: userId } },
    body: { public_metadata: { plan: 'pro' }, private_metadata: { crm_id: 'crm_8812' } },
  }),
);
console.log(`4. PATCH /users/{user_id}/metadata: updated ${updated.id}`);

// 5. A typed error. `Prefer: code=404` asks the mock server for its 404 answer.
let notFound = 'no error';
try {
  await unwrap(
    clerk.GET('/users/{user_id}', {
      params: { path: { user_id: 'user_does_not_exist' } },
      headers: { Prefer: 'code=404' },
    }),
  );
  console.log('5. no error (the real API found that user?)');
} catch (error) {
  if (!(error instanceof ClerkNotFoundError)) throw error;
  console.log(`5. ClerkNotFoundError: ${error.message}`);
  console.log(`   status ${error.status}, code ${error.code}, trace ${error.clerkTraceId ?? 'n/a'}`);
  notFound = 'ClerkNotFoundError caught';
}

console.log(
  `\nDone: 5 steps against ${mockUrl ?? 'the Clerk API'}: listed ${users.length}, walked ${walked}, ` +
    `fetched ${user.id}, updated metadata of ${updated.id}, 404 → ${notFound}.`,
);
