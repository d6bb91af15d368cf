/**
 * The vitest side of the smoke programs in test/package/programs/: copies them next to the packed
 * consumer, starts the fake Clerk server they talk to, and checks what they report.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { FakeClerk } from './fake-clerk.ts';

const PROGRAMS = fileURLToPath(new URL('../package/programs/', import.meta.url));

/** A fresh directory inside the consumer project holding the smoke programs; `clerk-users` resolves from there. */
export function programsDir(consumerDir: string): string {
  const dir = mkdtempSync(join(consumerDir, 'run-'));
  cpSync(PROGRAMS, dir, { recursive: true });
  return dir;
}

/** A base URL nothing listens on (a port taken and released again), for the network-error case. */
export async function deadBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

export interface SmokeArgs {
  baseUrl: string;
  secretKey: string;
  userId: string;
  deadBaseUrl: string;
  pageSize: number;
}

export interface CaughtError {
  threw: boolean;
  isExpectedClass?: boolean;
  name?: string;
  code?: string;
  status?: number;
  message?: string;
}

export interface SmokeResult {
  runtime: { name: string; version: string };
  clientVersion: string;
  get: { id: string; first_name: string | null; emails: string[] };
  notFound: CaughtError;
  walked: string[];
  network: CaughtError;
  resolved?: string | null;
  fatal?: string;
}

export const SMOKE_SECRET_KEY = 'sk_test_fake';
export const SMOKE_PAGE_SIZE = 5;

export async function smokeArgs(fake: FakeClerk): Promise<SmokeArgs> {
  const first = fake.users()[0];
  if (!first) throw new Error('the fake server has no users');
  return {
    baseUrl: fake.baseUrl,
    secretKey: SMOKE_SECRET_KEY,
    userId: first.id,
    deadBaseUrl: await deadBaseUrl(),
    pageSize: SMOKE_PAGE_SIZE,
  };
}

/** The last JSON line a program printed (runtimes may log other lines around it). */
export function parseResult(stdout: string, stderr: string): SmokeResult {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{'));
  if (line === undefined)
    throw new Error(`the program printed no JSON result.\nstdout:\n${stdout}\nstderr:\n${stderr}`);
  const result = JSON.parse(line) as SmokeResult;
  if (result.fatal) throw new Error(`the program failed: ${result.fatal}\nstderr:\n${stderr}`);
  return result;
}

/** Checks a smoke run against the fake server's own state. Call with the request log cleared before the run. */
export function expectSmokeResult(result: SmokeResult, fake: FakeClerk, args: SmokeArgs): void {
  const users = fake.users();
  const expected = users.find((u) => u.id === args.userId);
  expect(result.get).toEqual({
    id: args.userId,
    first_name: expected?.first_name,
    emails: expected?.email_addresses.map((e) => e.email_address),
  });

  expect(result.notFound).toMatchObject({
    threw: true,
    isExpectedClass: true,
    name: 'ClerkNotFoundError',
    status: 404,
  });

  // The whole list, each user once, in the API's default order (newest first).
  const newestFirst = [...users].sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1)).map((u) => u.id);
  expect(result.walked).toEqual(newestFirst);
  const listCalls = fake.requests.filter((r) => r.method === 'GET' && r.path === '/users');
  expect(listCalls.length).toBe(Math.ceil(users.length / args.pageSize) + (users.length % args.pageSize === 0 ? 1 : 0));
  // Every page after the first continues from a cursor: a cursor walk, not offsets.
  expect(listCalls.slice(1).every((r) => r.query.has('starting_after') && !r.query.has('offset'))).toBe(true);

  expect(result.network).toMatchObject({ threw: true, isExpectedClass: true, name: 'ClerkNetworkError' });

  // What the installed build sends as its version is the version it was packed as.
  const agents = new Set(fake.requests.map((r) => r.headers['user-agent']));
  expect([...agents]).toEqual([`clerk-users/${result.clientVersion}`]);
}
