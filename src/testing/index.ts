/**
 * `clerk-users/testing`: a stateful, local emulator of the Clerk Backend API `/users` endpoints,
 * for tests. In-process through `fetch` on every runtime; over HTTP through `listen()` on Node.
 *
 * @example
 * ```ts
 * import { createClerkClient } from 'clerk-users';
 * import { createFakeClerk } from 'clerk-users/testing';
 *
 * const fake = createFakeClerk({ secretKey: 'sk_test_fake' });
 * fake.seed([{ id: 'user_1', email_addresses: [{ email_address: 'ada@example.com' }] }]);
 * const clerk = createClerkClient({ secretKey: 'sk_test_fake', fetch: fake.fetch });
 * ```
 */
export { createFakeClerk, type FakeClerk, type FakeClerkOptions } from './fake-clerk.ts';
export type { FaultRule } from './faults.ts';
export { type GenerateUsersOptions, generateUsers } from './generate-users.ts';
export type { RateLimitOption } from './rate-limit.ts';
export type { RecordedRequest, RequestHook } from './state.ts';
export type { User, UserInput } from './user-record.ts';
