/**
 * Deterministic sample users: the same seed gives the same users, ids and timestamps included.
 * Names, emails, phone numbers, wallets, organizations and bans vary enough for filters and
 * orderings to mean something; one user in five shares the previous user's `created_at`.
 */
import { xorshift32 } from './random.ts';
import type { UserInput } from './user-record.ts';

/** Options of {@link generateUsers}. */
export interface GenerateUsersOptions {
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Number of organizations `org_1`…`org_N` users are spread over (default 5). */
  organizations?: number;
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const HEX = '0123456789abcdef';
const FIRST_NAMES = [
  'Ada',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Elif',
  'Farah',
  'Gustavo',
  'Hana',
  'Ilya',
  'Jonas',
  'Kwame',
  'Lucía',
  'Mei',
  'Nikos',
  'Olga',
  'Priya',
  'Quentin',
  'Rosa',
  'Sven',
  'Tomás',
  'Uma',
  'Viktor',
  'Wanjiru',
  'Yusuf',
  'Zoë',
];
const LAST_NAMES = [
  'Abara',
  'Berg',
  'Castillo',
  'Dubois',
  'Eriksen',
  'Fischer',
  'García',
  'Haddad',
  'Ito',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quinn',
  'Rossi',
  'Silva',
  'Tanaka',
  'Usman',
  'Varga',
  'Weber',
  'Yilmaz',
  'Zhou',
];
const DOMAINS = ['example.com', 'example.org', 'mail.example.net', 'corp.example'];
const DAY_MS = 86_400_000;

function asciiLower(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

/** `count` deterministic users, to pass to `seed()`. */
export function generateUsers(count: number, options: GenerateUsersOptions = {}): UserInput[] {
  const next = xorshift32((Math.trunc(options.seed ?? 1) ^ 0x9e3779b9) >>> 0 || 0x6d2b79f5);
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const chance = (p: number) => next() < p;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const string = (alphabet: string, length: number) => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const usedIds = new Set<string>();
  const newId = (prefix: string) => {
    let id: string;
    do id = `${prefix}_${string(BASE62, 27)}`;
    while (usedIds.has(id));
    usedIds.add(id);
    return id;
  };
  const organizations = options.organizations ?? 5;

  const users: UserInput[] = [];
  // Mid-November 2023; every later timestamp is derived from it, so a seed fixes the whole data set.
  let createdAt = 1_700_000_000_000;
  for (let index = 0; index < count; index++) {
    if (index > 0 && !chance(0.2)) createdAt += int(1, 3_600_000);
    const first = chance(0.92) ? pick(FIRST_NAMES) : null;
    const last = chance(0.9) ? pick(LAST_NAMES) : null;
    const handle =
      [first, last]
        .filter((part): part is string => part !== null)
        .map(asciiLower)
        .join('.') || 'user';

    const emails: { id: string; email_address: string }[] = [];
    if (chance(0.9)) {
      const emailCount = chance(0.2) ? 2 : 1;
      for (let e = 0; e < emailCount; e++)
        emails.push({ id: newId('idn'), email_address: `${handle}${e === 0 ? '' : '.alt'}${index}@${pick(DOMAINS)}` });
    }
    const phones = chance(0.5)
      ? [{ id: newId('idn'), phone_number: `+1${int(201, 989)}${String(index).padStart(7, '0')}` }]
      : [];
    const wallets = chance(0.2)
      ? [{ id: newId('idn'), web3_wallet: `0x${string(HEX, 32)}${index.toString(16).padStart(8, '0')}` }]
      : [];
    const orgs = new Set<string>();
    const orgCount = organizations > 0 ? pick([0, 0, 1, 1, 2]) : 0;
    for (let o = 0; o < orgCount; o++) orgs.add(`org_${int(1, organizations)}`);

    const updatedAt = chance(0.15) ? createdAt : createdAt + int(1, 30 * DAY_MS);
    // last_active_at has day precision in Clerk, which also gives that ordering plenty of ties.
    const lastActiveAt = chance(0.8) ? Math.floor((createdAt + int(0, 60 * DAY_MS)) / DAY_MS) * DAY_MS : null;
    const lastSignInAt = chance(0.75) ? createdAt + int(0, 60 * DAY_MS) : null;

    users.push({
      id: newId('user'),
      external_id: chance(0.4) ? `${pick(['ext', 'legacy', 'crm'])}_${String(index).padStart(5, '0')}` : null,
      username: chance(0.7) ? `${handle.replace('.', pick(['_', '', '-']))}${index}` : null,
      first_name: first,
      last_name: last,
      email_addresses: emails,
      phone_numbers: phones,
      web3_wallets: wallets,
      banned: chance(0.08),
      created_at: createdAt,
      updated_at: updatedAt,
      last_active_at: lastActiveAt,
      last_sign_in_at: lastSignInAt,
      organization_ids: [...orgs].sort(),
    });
  }
  return users;
}
