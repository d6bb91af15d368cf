/**
 * A small, stateful fake of the Clerk Backend API `/users` endpoints, for tests that need real
 * filtering, ordering and paging (Prism answers every request with the same example, so it can
 * prove neither). It serves on 127.0.0.1 on an ephemeral port and holds its users in memory.
 *
 * Served at the root and under `/v1` (request paths are recorded without the `/v1`): `GET /users`, `GET /users/count`, `GET /users/{user_id}`, `POST /users/ban`,
 * `POST /users/unban`, and the writes `POST /users`, `PATCH /users/{user_id}`,
 * `DELETE /users/{user_id}` (first_name, last_name, external_id, public_metadata only). Every
 * write that changed something is logged in `applied`, so a test can prove none happened twice.
 * Everything else is a 404 with Clerk's error body.
 *
 * Decisions where the reference spec is silent (each one is something a test can rely on):
 * - Query strings are decoded as forms, like any HTTP server: a raw `+` becomes a space, so a
 *   client must send `%2B` for the include prefix (`user_id=%2Buser_a`). ` user_a` matches nobody.
 * - Within one array parameter the values are alternatives (OR); different parameters combine with
 *   AND. Every array parameter accepts at most 100 values (more is a 422).
 * - String orderings compare UTF-16 code units (no locale collation); `null` sorts last in both
 *   directions; equal keys are ordered by `id` in the same direction as the key, which makes every
 *   ordering total and deterministic.
 * - `starting_after` is keyset pagination over (`created_at`, `id`) of the cursor user. The cursor
 *   user need not match the current filters, and a cursor naming a user deleted since the previous
 *   page still works: deleted users leave a tombstone with their (`created_at`, `id`).
 * - Bulk ban/unban ignore ids that do not exist and answer with the users they found.
 * - `provider` / `provider_user_id`: no fake user has external accounts, so they match nobody.
 * - `created_at_before` / `created_at_after` are strict (`<` / `>`) by default; the API does not say,
 *   so `createdAtBounds: 'inclusive'` makes them `<=` / `>=` for tests that must pass either way.
 *   They combine with `starting_after` (the cursor picks the start, the bounds filter).
 * - `pageDelayMs` delays every answer (after the `onRequest` hooks ran), so tests can abort a
 *   request in flight.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { components } from '../../generated/schema.ts';
import { xorshift32 } from './random.ts';

type WireUser = components['schemas']['User'];
type WireErrors = components['schemas']['ClerkErrors'];

/** One user as the fake stores it. `users()` and `createUser()` hand out copies. */
export interface FakeUser {
  id: string;
  object: 'user';
  external_id: string | null;
  username: string | null;
  first_name: string | null;
  last_name: string | null;
  email_addresses: { id: string; email_address: string }[];
  phone_numbers: { id: string; phone_number: string }[];
  web3_wallets: { id: string; web3_wallet: string }[];
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  public_metadata: Record<string, unknown>;
  banned: boolean;
  created_at: number;
  updated_at: number;
  last_active_at: number | null;
  last_sign_in_at: number | null;
  /** Organizations the user is a member of (`org_1`…): used by the `organization_id` filter, never serialized. */
  organization_ids: string[];
}

/** A request as the fake received it. The `authorization` value is always redacted. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names; repeated headers joined with `, `. */
  headers: Record<string, string>;
}

/** One write the fake applied: the method, the path as sent, and the raw request body. */
export interface AppliedWrite {
  method: string;
  path: string;
  body: string;
}

export interface FakeClerk {
  /** Root URL, e.g. `http://127.0.0.1:PORT`. The API is served at it and under `/v1`. */
  url: string;
  /** `url` + `/v1`: a base URL like Clerk's, accepted by `createClerkClient` without opting out of the version check. */
  baseUrl: string;
  /** Every write that changed the store (create, update, delete, ban, unban), in order. */
  applied: AppliedWrite[];
  /** Every request received, in order of arrival (including rejected ones). */
  requests: RecordedRequest[];
  /** A copy of the current users, in insertion order. */
  users(): FakeUser[];
  /** Inserts a user now; `created_at` defaults to a new timestamp later than every existing one. */
  createUser(partial?: Partial<FakeUser>): FakeUser;
  /** Removes a user; `false` if there was none. Its id stays valid as a `starting_after` cursor. */
  deleteUser(id: string): boolean;
  /** Runs `hook` for every request after it is recorded and before it is answered (awaited, in order). */
  onRequest(hook: (req: RecordedRequest, fake: FakeClerk) => void | Promise<void>): void;
  /** Clears the request log (the same `requests` array, emptied). */
  reset(): void;
  stop(): Promise<void>;
}

export interface FakeClerkOptions {
  /** How many users to generate (default 50). */
  users?: number;
  /** Seed of the generator: the same seed gives the same users (default 1). */
  seed?: number;
  /** The only secret key accepted as `Authorization: Bearer <key>` (default `sk_test_fake`). */
  secretKey?: string;
  /** Number of organizations `org_1`…`org_N` users are spread over (default 5). */
  organizations?: number;
  /** Delay before every answer, in milliseconds (default 0). */
  pageDelayMs?: number;
  /** Whether `created_at_before` / `created_at_after` exclude (`'strict'`, default) or include the bound. */
  createdAtBounds?: 'strict' | 'inclusive';
}

/**
 * The `order_by` fields Clerk accepts for listing users. Written out here on purpose rather than
 * imported from src/filters.ts: the fake stands in for the server, so it must not share the
 * client's list (a field missing from both would go unnoticed).
 */
export const ORDER_BY_FIELDS = [
  'created_at',
  'updated_at',
  'email_address',
  'web3wallet',
  'first_name',
  'last_name',
  'phone_number',
  'username',
  'last_active_at',
  'last_sign_in_at',
] as const;
export type OrderByField = (typeof ORDER_BY_FIELDS)[number];

const DEFAULT_SECRET_KEY = 'sk_test_fake';
const MAX_ARRAY_VALUES = 100;
const MAX_LIMIT = 500;
const DEFAULT_LIMIT = 10;
const MAX_BULK_IDS = 50;
const DAY_MS = 86_400_000;

/** Array parameters of the list and count endpoints (repeated query keys). */
const ARRAY_PARAMS = ['email_address', 'phone_number', 'external_id', 'username', 'web3_wallet', 'user_id', 'organization_id', 'provider_user_id'] as const;

// ---------------------------------------------------------------------------------------------
// Deterministic data
// ---------------------------------------------------------------------------------------------

/** Seeded helpers over xorshift32: tiny, good enough to vary test data. */
function createRandom(seed: number) {
  const next = xorshift32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5);
  return {
    next,
    /** Integer in [min, max]. */
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (p: number) => next() < p,
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    string: (alphabet: string, length: number) => {
      let out = '';
      for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      return out;
    },
  };
}
type Random = ReturnType<typeof createRandom>;

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const FIRST_NAMES = ['Ada', 'Bruno', 'Chiara', 'Dmitri', 'Elif', 'Farah', 'Gustavo', 'Hana', 'Ilya', 'Jonas', 'Kwame', 'Lucía', 'Mei', 'Nikos', 'Olga', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tomás', 'Uma', 'Viktor', 'Wanjiru', 'Yusuf', 'Zoë'];
const LAST_NAMES = ['Abara', 'Berg', 'Castillo', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Lindqvist', 'Moreau', 'Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Silva', 'Tanaka', 'Usman', 'Varga', 'Weber', 'Yilmaz', 'Zhou'];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example'];

function asciiLower(text: string): string {
  return text.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
}

function generateUsers(count: number, organizations: number, random: Random, newId: (prefix: string) => string): FakeUser[] {
  const users: FakeUser[] = [];
  // Mid-November 2023; every later timestamp is derived from it, so a seed fixes the whole data set.
  let createdAt = 1_700_000_000_000;
  for (let index = 0; index < count; index++) {
    // One user in five shares the previous user's millisecond: ties in created_at are real.
    if (index > 0 && !random.chance(0.2)) createdAt += random.int(1, 3_600_000);
    const first = random.chance(0.92) ? random.pick(FIRST_NAMES) : null;
    const last = random.chance(0.9) ? random.pick(LAST_NAMES) : null;
    const handle = [first, last].filter((part): part is string => part !== null).map(asciiLower).join('.') || 'user';

    const emails: FakeUser['email_addresses'] = [];
    if (random.chance(0.9)) {
      const emailCount = random.chance(0.2) ? 2 : 1;
      for (let e = 0; e < emailCount; e++) {
        emails.push({ id: newId('idn'), email_address: `${handle}${e === 0 ? '' : '.alt'}${index}@${random.pick(DOMAINS)}` });
      }
    }
    const phones: FakeUser['phone_numbers'] = random.chance(0.5)
      ? [{ id: newId('idn'), phone_number: `+1${random.int(201, 989)}${String(index).padStart(7, '0')}` }]
      : [];
    const wallets: FakeUser['web3_wallets'] = random.chance(0.2)
      ? [{ id: newId('idn'), web3_wallet: `0x${random.string(HEX, 32)}${index.toString(16).padStart(8, '0')}` }]
      : [];
    const orgs = new Set<string>();
    const orgCount = organizations > 0 ? random.pick([0, 0, 1, 1, 2]) : 0;
    for (let o = 0; o < orgCount; o++) orgs.add(`org_${random.int(1, organizations)}`);

    const updatedAt = random.chance(0.15) ? createdAt : createdAt + random.int(1, 30 * DAY_MS);
    // last_active_at has day precision in Clerk, which also gives that ordering plenty of ties.
    const lastActiveAt = random.chance(0.8) ? Math.floor((createdAt + random.int(0, 60 * DAY_MS)) / DAY_MS) * DAY_MS : null;
    const lastSignInAt = random.chance(0.75) ? createdAt + random.int(0, 60 * DAY_MS) : null;

    users.push({
      id: newId('user'),
      object: 'user',
      external_id: random.chance(0.4) ? `${random.pick(['ext', 'legacy', 'crm'])}_${String(index).padStart(5, '0')}` : null,
      username: random.chance(0.7) ? `${handle.replace('.', random.pick(['_', '', '-']))}${index}` : null,
      first_name: first,
      last_name: last,
      email_addresses: emails,
      phone_numbers: phones,
      web3_wallets: wallets,
      primary_email_address_id: emails[0]?.id ?? null,
      primary_phone_number_id: phones[0]?.id ?? null,
      primary_web3_wallet_id: wallets[0]?.id ?? null,
      public_metadata: {},
      banned: random.chance(0.08),
      created_at: createdAt,
      updated_at: updatedAt,
      last_active_at: lastActiveAt,
      last_sign_in_at: lastSignInAt,
      organization_ids: [...orgs].sort(),
    });
  }
  return users;
}

function copyUser(user: FakeUser): FakeUser {
  return {
    ...user,
    email_addresses: user.email_addresses.map((e) => ({ ...e })),
    phone_numbers: user.phone_numbers.map((p) => ({ ...p })),
    web3_wallets: user.web3_wallets.map((w) => ({ ...w })),
    public_metadata: structuredClone(user.public_metadata),
    organization_ids: [...user.organization_ids],
  };
}

function toWire(user: FakeUser): WireUser {
  const verification = { object: 'verification_admin', status: 'verified', strategy: 'admin', attempts: null, expire_at: null } as const;
  return {
    id: user.id,
    object: 'user',
    external_id: user.external_id,
    primary_email_address_id: user.primary_email_address_id,
    primary_phone_number_id: user.primary_phone_number_id,
    primary_web3_wallet_id: user.primary_web3_wallet_id,
    username: user.username,
    first_name: user.first_name,
    last_name: user.last_name,
    image_url: `https://img.example.invalid/${user.id}`,
    has_image: false,
    public_metadata: structuredClone(user.public_metadata),
    private_metadata: {},
    unsafe_metadata: {},
    email_addresses: user.email_addresses.map((e) => ({
      id: e.id, object: 'email_address', email_address: e.email_address, reserved: false, verification, linked_to: [], created_at: user.created_at, updated_at: user.created_at,
    })),
    phone_numbers: user.phone_numbers.map((p) => ({
      id: p.id, object: 'phone_number', phone_number: p.phone_number, reserved: false, verification, linked_to: [], created_at: user.created_at, updated_at: user.created_at,
    })),
    web3_wallets: user.web3_wallets.map((w) => ({
      id: w.id, object: 'web3_wallet', web3_wallet: w.web3_wallet, verification, created_at: user.created_at, updated_at: user.created_at,
    })),
    passkeys: [],
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    mfa_enabled_at: null,
    mfa_disabled_at: null,
    external_accounts: [],
    saml_accounts: [],
    enterprise_accounts: [],
    last_sign_in_at: user.last_sign_in_at,
    banned: user.banned,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    updated_at: user.updated_at,
    created_at: user.created_at,
    delete_self_enabled: true,
    create_organization_enabled: true,
    last_active_at: user.last_active_at,
    legal_accepted_at: null,
    bypass_client_trust: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Ordering
// ---------------------------------------------------------------------------------------------

type SortKey = string | number | null;

function primaryValue<T extends { id: string }>(items: T[], primaryId: string | null, read: (item: T) => string): string | null {
  const item = items.find((i) => i.id === primaryId);
  return item === undefined ? null : read(item);
}

function sortKey(user: FakeUser, field: OrderByField): SortKey {
  switch (field) {
    case 'email_address': return primaryValue(user.email_addresses, user.primary_email_address_id, (e) => e.email_address);
    case 'phone_number': return primaryValue(user.phone_numbers, user.primary_phone_number_id, (p) => p.phone_number);
    case 'web3wallet': return primaryValue(user.web3_wallets, user.primary_web3_wallet_id, (w) => w.web3_wallet);
    default: return user[field];
  }
}

/** Compares (key, id) pairs: nulls last whatever the direction, equal keys ordered by id in `direction`. */
function compareKeys(keyA: SortKey, idA: string, keyB: SortKey, idB: string, direction: 1 | -1): number {
  if (keyA === null && keyB !== null) return 1;
  if (keyB === null && keyA !== null) return -1;
  let c = keyA === keyB ? 0 : (keyA as string | number) < (keyB as string | number) ? -1 : 1;
  if (c === 0) c = idA === idB ? 0 : idA < idB ? -1 : 1;
  return c * direction;
}

interface Ordering { field: OrderByField; direction: 1 | -1 }

function parseOrderBy(raw: string): Ordering | undefined {
  const direction = raw.startsWith('-') ? -1 : 1;
  const field = raw.startsWith('-') || raw.startsWith('+') ? raw.slice(1) : raw;
  return (ORDER_BY_FIELDS as readonly string[]).includes(field) ? { field: field as OrderByField, direction } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

class FakeHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string,
    readonly meta?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function invalidParam(param: string, longMessage: string, status = 422): FakeHttpError {
  return new FakeHttpError(status, 'form_param_value_invalid', 'is invalid', longMessage, { param_name: param });
}

// ---------------------------------------------------------------------------------------------
// Query parsing
// ---------------------------------------------------------------------------------------------

function parseInteger(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(value)) throw invalidParam(name, `${name} must be an integer, got ${JSON.stringify(raw)}`);
  return value;
}

/** `+value` or `value` includes, `-value` excludes; with any include, only included values qualify. */
function includeExclude(values: string[]): { include: Set<string>; exclude: Set<string> } {
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const value of values) {
    if (value.startsWith('-')) exclude.add(value.slice(1));
    else include.add(value.startsWith('+') ? value.slice(1) : value);
  }
  return { include, exclude };
}

function containsFolded(haystack: (string | null)[], needle: string): boolean {
  const n = needle.toLowerCase();
  return haystack.some((h) => h !== null && h.toLowerCase().includes(n));
}

type Predicate = (user: FakeUser) => boolean;

/** The filters shared by `GET /users` and `GET /users/count`; throws a 422 on a bad value. */
function parseFilters(query: URLSearchParams, inclusiveCreatedAt = false): Predicate[] {
  const predicates: Predicate[] = [];
  for (const name of ARRAY_PARAMS) {
    const count = query.getAll(name).length;
    if (count > MAX_ARRAY_VALUES) {
      throw invalidParam(name, `${name} accepts at most ${MAX_ARRAY_VALUES} values, got ${count}`);
    }
  }

  const exact = (name: string, read: (u: FakeUser) => (string | null)[]) => {
    const values = query.getAll(name);
    if (values.length === 0) return;
    const wanted = new Set(values);
    predicates.push((u) => read(u).some((v) => v !== null && wanted.has(v)));
  };
  exact('email_address', (u) => u.email_addresses.map((e) => e.email_address));
  exact('phone_number', (u) => u.phone_numbers.map((p) => p.phone_number));
  exact('username', (u) => [u.username]);
  exact('web3_wallet', (u) => u.web3_wallets.map((w) => w.web3_wallet));

  const signed = (name: string, read: (u: FakeUser) => (string | null)[]) => {
    const values = query.getAll(name);
    if (values.length === 0) return;
    const { include, exclude } = includeExclude(values);
    if (include.size > 0) predicates.push((u) => read(u).some((v) => v !== null && include.has(v)));
    if (exclude.size > 0) predicates.push((u) => !read(u).some((v) => v !== null && exclude.has(v)));
  };
  signed('user_id', (u) => [u.id]);
  signed('external_id', (u) => [u.external_id]);
  signed('organization_id', (u) => u.organization_ids);

  const partial = (name: string, read: (u: FakeUser) => (string | null)[]) => {
    const value = query.get(name);
    if (value !== null) predicates.push((u) => containsFolded(read(u), value));
  };
  partial('query', (u) => [
    u.id, u.username, u.first_name, u.last_name,
    ...u.email_addresses.map((e) => e.email_address), ...u.phone_numbers.map((p) => p.phone_number), ...u.web3_wallets.map((w) => w.web3_wallet),
  ]);
  partial('email_address_query', (u) => u.email_addresses.map((e) => e.email_address));
  partial('phone_number_query', (u) => u.phone_numbers.map((p) => p.phone_number));
  partial('username_query', (u) => [u.username]);
  partial('name_query', (u) => [u.first_name, u.last_name, [u.first_name, u.last_name].filter(Boolean).join(' ')]);

  const banned = query.get('banned');
  if (banned !== null) {
    if (banned !== 'true' && banned !== 'false') throw invalidParam('banned', `banned must be true or false, got ${JSON.stringify(banned)}`);
    const want = banned === 'true';
    predicates.push((u) => u.banned === want);
  }

  const range = (name: string, read: (u: FakeUser) => number | null, test: (value: number, bound: number) => boolean) => {
    const bound = parseInteger(query, name);
    if (bound === undefined) return;
    predicates.push((u) => {
      const value = read(u);
      return value !== null && test(value, bound);
    });
  };
  const before = (v: number, b: number) => v < b;
  const after = (v: number, b: number) => v > b;
  range('created_at_before', (u) => u.created_at, inclusiveCreatedAt ? (v, b) => v <= b : before);
  range('created_at_after', (u) => u.created_at, inclusiveCreatedAt ? (v, b) => v >= b : after);
  range('last_active_at_before', (u) => u.last_active_at, before);
  range('last_active_at_after', (u) => u.last_active_at, after);
  range('last_active_at_since', (u) => u.last_active_at, (v, b) => v >= b);
  range('last_sign_in_at_before', (u) => u.last_sign_in_at, before);
  range('last_sign_in_at_after', (u) => u.last_sign_in_at, after);

  const provider = query.get('provider');
  const providerUserIds = query.getAll('provider_user_id');
  if ((provider === null) !== (providerUserIds.length === 0)) {
    throw invalidParam(provider === null ? 'provider' : 'provider_user_id', 'provider and provider_user_id must be given together');
  }
  if (provider !== null) predicates.push(() => false);

  return predicates;
}

interface Paging { ordering: Ordering; limit: number; offset: number; startingAfter: string | undefined }

function parsePaging(query: URLSearchParams): Paging {
  // Only the first order_by counts; later ones are ignored, even invalid ones.
  const rawOrder = query.getAll('order_by')[0] ?? '-created_at';
  const ordering = parseOrderBy(rawOrder);
  if (ordering === undefined) {
    throw invalidParam('order_by', `order_by ${JSON.stringify(rawOrder)} is not supported; use one of ${ORDER_BY_FIELDS.join(', ')}, optionally prefixed with + or -`);
  }
  const limit = parseInteger(query, 'limit') ?? DEFAULT_LIMIT;
  if (limit < 1 || limit > MAX_LIMIT) throw invalidParam('limit', `limit must be between 1 and ${MAX_LIMIT}, got ${limit}`);
  const offset = parseInteger(query, 'offset') ?? 0;
  if (offset < 0) throw invalidParam('offset', `offset must be 0 or more, got ${offset}`);
  const startingAfter = query.get('starting_after') ?? undefined;
  if (startingAfter !== undefined) {
    if (ordering.field !== 'created_at') {
      throw invalidParam('starting_after', `starting_after requires ordering by created_at, but order_by is ${JSON.stringify(rawOrder)}`);
    }
    if (offset !== 0) throw invalidParam('starting_after', `starting_after cannot be combined with a non-zero offset (got offset=${offset})`);
  }
  return { ordering, limit, offset, startingAfter };
}

// ---------------------------------------------------------------------------------------------
// Server
// ---------------------------------------------------------------------------------------------

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function recordHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  // Keep only the scheme: the credential itself is never stored.
  if (headers.authorization !== undefined) {
    headers.authorization = /^bearer\s/i.test(headers.authorization) ? 'Bearer [REDACTED]' : '[REDACTED]';
  }
  return headers;
}

/** The fields the fake's create and update accept; anything else in the body is ignored. */
function writableFields(text: string): Partial<FakeUser> {
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new FakeHttpError(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
  }
  const given = (body ?? {}) as Record<string, unknown>;
  const fields: Partial<FakeUser> = {};
  for (const name of ['first_name', 'last_name', 'external_id'] as const) {
    if (typeof given[name] === 'string' || given[name] === null) fields[name] = given[name] as string | null;
  }
  if (typeof given.public_metadata === 'object' && given.public_metadata !== null) fields.public_metadata = given.public_metadata as Record<string, unknown>;
  return fields;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/** Starts a fake Clerk users API on 127.0.0.1 and an ephemeral port. Stop it with `stop()`. */
/**
 * One step of churn for exactly-once checks, meant for an `onRequest` hook (step `n` = 1, 2, …):
 * deletes a user spread over the list, adds a newest one and one back-dated onto an existing user's
 * `created_at` (a tie, landing inside a range a concurrent walk may already have cut).
 */
export function churn(fake: FakeClerk, n: number): { deleted: string | undefined; created: string[] } {
  const users = fake.users();
  const victim = users[(n * 7919) % users.length] as FakeUser;
  const deleted = fake.deleteUser(victim.id) ? victim.id : undefined;
  const twin = users[(n * 104_729) % users.length] as FakeUser;
  return { deleted, created: [fake.createUser().id, fake.createUser({ created_at: twin.created_at }).id] };
}

export async function startFakeClerk(options: FakeClerkOptions = {}): Promise<FakeClerk> {
  const secretKey = options.secretKey ?? DEFAULT_SECRET_KEY;
  const pageDelayMs = options.pageDelayMs ?? 0;
  const inclusiveCreatedAt = options.createdAtBounds === 'inclusive';
  const random = createRandom(options.seed ?? 1);
  const usedIds = new Set<string>();
  const newId = (prefix: string) => {
    let id: string;
    do id = `${prefix}_${random.string(BASE62, 27)}`;
    while (usedIds.has(id));
    usedIds.add(id);
    return id;
  };

  const store = new Map<string, FakeUser>();
  for (const user of generateUsers(options.users ?? 50, options.organizations ?? 5, random, newId)) store.set(user.id, user);
  /** Deleted users' cursor keys, so a `starting_after` of a user deleted mid-walk still resolves. */
  const tombstones = new Map<string, number>();

  // A fake clock that only moves forward, starting after every generated timestamp: deterministic, and
  // each created user is strictly newer than all before it.
  let clock = 0;
  for (const u of store.values()) clock = Math.max(clock, u.created_at, u.updated_at, u.last_active_at ?? 0, u.last_sign_in_at ?? 0);
  const tick = () => (clock += 1000);

  // Sorted views per ordering, rebuilt only after a change: one sort per ordering, not per request.
  const sortedCache = new Map<string, FakeUser[]>();
  const changed = () => sortedCache.clear();
  const sorted = (ordering: Ordering): FakeUser[] => {
    const cacheKey = `${ordering.direction}${ordering.field}`;
    let list = sortedCache.get(cacheKey);
    if (list === undefined) {
      const decorated = [...store.values()].map((user) => ({ user, key: sortKey(user, ordering.field) }));
      decorated.sort((a, b) => compareKeys(a.key, a.user.id, b.key, b.user.id, ordering.direction));
      list = decorated.map((d) => d.user);
      sortedCache.set(cacheKey, list);
    }
    return list;
  };

  let traceCounter = 0;
  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    if (res.destroyed || res.writableEnded) return;
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  const sendError = (res: ServerResponse, error: FakeHttpError) => {
    const entry: components['schemas']['ClerkError'] = { message: error.message, long_message: error.longMessage, code: error.code };
    if (error.meta !== undefined) entry.meta = error.meta;
    const body: WireErrors = { errors: [entry], clerk_trace_id: `fake_trace_${(++traceCounter).toString(16).padStart(8, '0')}` };
    sendJson(res, error.status, body);
  };
  // Each user's JSON, made once per version of the user: a page of 500 costs a join, not 500
  // serializations, so benchmarks measure the client rather than the fake.
  const wireTexts = new WeakMap<FakeUser, Buffer>();
  const wireText = (user: FakeUser): Buffer => {
    let text = wireTexts.get(user);
    if (text === undefined) {
      text = Buffer.from(JSON.stringify(toWire(user)));
      wireTexts.set(user, text);
    }
    return text;
  };
  const COMMA = Buffer.from(',');
  const sendUserList = (res: ServerResponse, users: FakeUser[]) => {
    if (res.destroyed || res.writableEnded) return;
    const parts: Buffer[] = [Buffer.from('[')];
    users.forEach((user, i) => parts.push(...(i === 0 ? [wireText(user)] : [COMMA, wireText(user)])));
    parts.push(Buffer.from(']'));
    const body = Buffer.concat(parts);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  };
  const notFound = (what: string) => new FakeHttpError(404, 'resource_not_found', 'not found', what);

  const listUsers = (query: URLSearchParams): FakeUser[] => {
    const predicates = parseFilters(query, inclusiveCreatedAt);
    const { ordering, limit, offset, startingAfter } = parsePaging(query);
    const candidates = sorted(ordering);
    // `from`..`to` is the stretch of the sorted list that can match. Binary searches keep a page
    // O(log n + page) on created_at orderings (the filters below still decide; this only skips).
    let from = 0;
    let to = candidates.length;
    const firstIndex = (after: (u: FakeUser) => boolean) => {
      let lo = from;
      let hi = to;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (after(candidates[mid] as FakeUser)) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    if (startingAfter !== undefined) {
      const cursorCreatedAt = store.get(startingAfter)?.created_at ?? tombstones.get(startingAfter);
      if (cursorCreatedAt === undefined) {
        throw invalidParam('starting_after', `starting_after ${JSON.stringify(startingAfter)} is not the id of a user of this instance`);
      }
      // Sorted by (created_at, id) in the ordering's direction: the page starts at the first user after the cursor.
      from = firstIndex((u) => compareKeys(u.created_at, u.id, cursorCreatedAt, startingAfter, ordering.direction) > 0);
    }
    if (ordering.field === 'created_at') {
      const after = parseInteger(query, 'created_at_after');
      const before = parseInteger(query, 'created_at_before');
      // Ascending: skip to the first user past `after`, stop at `before`; descending the other way round.
      const low = after === undefined ? undefined : (u: FakeUser) => (inclusiveCreatedAt ? u.created_at >= after : u.created_at > after);
      const high = before === undefined ? undefined : (u: FakeUser) => (inclusiveCreatedAt ? u.created_at > before : u.created_at >= before);
      if (ordering.direction === 1) {
        if (low) from = firstIndex(low);
        if (high) to = firstIndex(high);
      } else {
        if (high) from = firstIndex((u) => !high(u));
        if (low) to = firstIndex((u) => !low(u));
      }
    }
    const page: FakeUser[] = [];
    let skipped = 0;
    for (let i = from; i < to; i++) {
      const user = candidates[i] as FakeUser;
      if (!predicates.every((p) => p(user))) continue;
      if (skipped < offset) { skipped++; continue; }
      page.push(user);
      if (page.length === limit) break;
    }
    return page;
  };

  const countUsers = (query: URLSearchParams): number => {
    const predicates = parseFilters(query, inclusiveCreatedAt);
    let count = 0;
    for (const user of store.values()) if (predicates.every((p) => p(user))) count++;
    return count;
  };

  const setBanned = async (req: IncomingMessage, banned: boolean): Promise<WireUser[]> => {
    const text = await readBody(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new FakeHttpError(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
    }
    const ids = (body as { user_ids?: unknown } | null)?.user_ids;
    if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
      throw invalidParam('user_ids', 'user_ids must be an array of user id strings', 400);
    }
    if (ids.length < 1 || ids.length > MAX_BULK_IDS) {
      throw invalidParam('user_ids', `user_ids must hold between 1 and ${MAX_BULK_IDS} ids, got ${ids.length}`, 400);
    }
    const result: WireUser[] = [];
    for (const id of new Set(ids)) {
      const user = store.get(id);
      if (user === undefined) continue;
      if (user.banned !== banned) {
        wireTexts.delete(user);
        user.banned = banned;
        user.updated_at = tick();
        changed();
      }
      result.push(toWire(user));
    }
    return result;
  };

  const route = async (req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams) => {
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/users') return sendUserList(res, listUsers(query));
    if (method === 'GET' && path === '/users/count') {
      const body: components['schemas']['TotalCount'] = { object: 'total_count', total_count: countUsers(query) };
      return sendJson(res, 200, body);
    }
    if (method === 'POST' && path === '/users/ban') return sendJson(res, 200, await setBanned(req, true));
    if (method === 'POST' && path === '/users/unban') return sendJson(res, 200, await setBanned(req, false));
    if (method === 'POST' && path === '/users') {
      const text = await readBody(req);
      const fields = writableFields(text);
      if (typeof fields.external_id === 'string' && [...store.values()].some((u) => u.external_id === fields.external_id)) {
        throw new FakeHttpError(422, 'form_identifier_exists', 'taken', 'That external_id is taken. Please try another.', { param_name: 'external_id' });
      }
      const user = fake.createUser(fields);
      applied.push({ method, path, body: text });
      return sendJson(res, 200, toWire(user));
    }
    const match = /^\/users\/([^/]+)$/.exec(path);
    if ((method === 'PATCH' || method === 'DELETE') && match !== null) {
      const id = safeDecode(match[1] as string);
      const user = id === undefined ? undefined : store.get(id);
      if (user === undefined) throw notFound(`No user was found with id ${JSON.stringify(id)}.`);
      const text = await readBody(req);
      if (method === 'DELETE') {
        fake.deleteUser(user.id);
        applied.push({ method, path, body: text });
        return sendJson(res, 200, { id: user.id, object: 'user', deleted: true });
      }
      Object.assign(user, writableFields(text), { updated_at: tick() });
      changed();
      applied.push({ method, path, body: text });
      return sendJson(res, 200, toWire(user));
    }
    if (method === 'GET' && match !== null) {
      let id: string;
      try {
        id = decodeURIComponent(match[1] as string);
      } catch {
        throw notFound('No user matches this malformed id.');
      }
      const user = store.get(id);
      if (user === undefined) throw notFound(`No user was found with id ${JSON.stringify(id)}.`);
      return sendJson(res, 200, toWire(user));
    }
    throw notFound(`The fake Clerk server does not serve ${method} ${path}.`);
  };

  const applied: AppliedWrite[] = [];
  const hooks: ((req: RecordedRequest, fake: FakeClerk) => void | Promise<void>)[] = [];
  const requests: RecordedRequest[] = [];
  const pendingDelays = new Set<() => void>();
  let stopped = false;
  const delay = (ms: number) => new Promise<void>((resolve) => {
    const done = () => { clearTimeout(timer); pendingDelays.delete(done); resolve(); };
    const timer = setTimeout(done, ms);
    pendingDelays.add(done);
  });

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      // Served at the root and under /v1 (Clerk's own base path), so clients may use either base URL.
      if (url.pathname.startsWith('/v1/')) url.pathname = url.pathname.slice(3);
      const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: recordHeaders(req) };
      requests.push(recorded);
      try {
        for (const hook of hooks) await hook(recorded, fake);
        if (pageDelayMs > 0) await delay(pageDelayMs);
        if (stopped) return;
        const authorization = req.headers.authorization;
        if (authorization === undefined) {
          throw new FakeHttpError(401, 'authentication_invalid', 'Invalid authentication', 'No Authorization header: send Authorization: Bearer <secret key>.');
        }
        const match = /^bearer\s+(.+)$/i.exec(authorization);
        if (match === null || match[1] !== secretKey) {
          throw new FakeHttpError(401, 'authentication_invalid', 'Invalid authentication', 'The Authorization header does not hold a valid secret key for this instance.');
        }
        await route(req, res, url.pathname, url.searchParams);
      } catch (error) {
        if (error instanceof FakeHttpError) return sendError(res, error);
        const message = error instanceof Error ? error.message : String(error);
        sendError(res, new FakeHttpError(500, 'fake_internal_error', 'internal error', `The fake Clerk server failed (an onRequest hook may have thrown): ${message}`));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;

  let stopping: Promise<void> | undefined;
  const fake: FakeClerk = {
    url: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    applied,
    requests,
    users: () => [...store.values()].map(copyUser),
    createUser(given = {}) {
      // An explicit `undefined` means "not given", not "set to undefined".
      const partial = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) as Partial<FakeUser>;
      const id = partial.id ?? newId('user');
      if (store.has(id) || tombstones.has(id)) throw new Error(`fake Clerk: a user with id ${id} exists or existed already`);
      usedIds.add(id);
      const createdAt = partial.created_at ?? tick();
      clock = Math.max(clock, createdAt);
      const emails = partial.email_addresses ?? [];
      const phones = partial.phone_numbers ?? [];
      const wallets = partial.web3_wallets ?? [];
      const user = copyUser({
        object: 'user',
        external_id: null,
        username: null,
        first_name: null,
        last_name: null,
        public_metadata: {},
        banned: false,
        updated_at: createdAt,
        last_active_at: null,
        last_sign_in_at: null,
        organization_ids: [],
        ...partial,
        id,
        email_addresses: emails,
        phone_numbers: phones,
        web3_wallets: wallets,
        primary_email_address_id: partial.primary_email_address_id !== undefined ? partial.primary_email_address_id : emails[0]?.id ?? null,
        primary_phone_number_id: partial.primary_phone_number_id !== undefined ? partial.primary_phone_number_id : phones[0]?.id ?? null,
        primary_web3_wallet_id: partial.primary_web3_wallet_id !== undefined ? partial.primary_web3_wallet_id : wallets[0]?.id ?? null,
        created_at: createdAt,
      });
      store.set(id, user);
      changed();
      return copyUser(user);
    },
    deleteUser(id) {
      const user = store.get(id);
      if (user === undefined) return false;
      store.delete(id);
      tombstones.set(id, user.created_at);
      changed();
      return true;
    },
    onRequest(hook) {
      hooks.push(hook);
    },
    reset() {
      requests.length = 0;
    },
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        stopped = true;
        for (const done of [...pendingDelays]) done();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
  return fake;
}
