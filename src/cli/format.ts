// Output formats of `clerk-users export`: JSON Lines (a user per line, as the API sent it) and CSV
// with chosen columns, nested fields flattened by the rules below.
import type { components } from '../index.ts';

type User = components['schemas']['User'];

/**
 * Every top-level field of a User. `satisfies` ties the list to the generated schema: a field added
 * to or removed from the spec is a compile error here until the list follows.
 */
const USER_FIELDS = {
  id: true,
  object: true,
  external_id: true,
  primary_email_address_id: true,
  primary_phone_number_id: true,
  primary_web3_wallet_id: true,
  username: true,
  first_name: true,
  last_name: true,
  locale: true,
  profile_image_url: true,
  image_url: true,
  has_image: true,
  public_metadata: true,
  private_metadata: true,
  unsafe_metadata: true,
  email_addresses: true,
  phone_numbers: true,
  web3_wallets: true,
  passkeys: true,
  password_enabled: true,
  two_factor_enabled: true,
  totp_enabled: true,
  backup_code_enabled: true,
  mfa_enabled_at: true,
  mfa_disabled_at: true,
  password_last_updated_at: true,
  external_accounts: true,
  saml_accounts: true,
  enterprise_accounts: true,
  organization_memberships: true,
  last_sign_in_at: true,
  banned: true,
  locked: true,
  deprovisioned: true,
  lockout_expires_in_seconds: true,
  verification_attempts_remaining: true,
  updated_at: true,
  created_at: true,
  delete_self_enabled: true,
  create_organization_enabled: true,
  create_organizations_limit: true,
  last_active_at: true,
  legal_accepted_at: true,
  bypass_client_trust: true,
  scim: true,
} as const satisfies Record<keyof User, true>;

/** Columns computed from a user's lists: the primary entry's value, or every entry's value. */
const COMPUTED = {
  primary_email_address: (u: User) => primaryOf(u.email_addresses, u.primary_email_address_id, (e) => e.email_address),
  primary_phone_number: (u: User) => primaryOf(u.phone_numbers, u.primary_phone_number_id, (p) => p.phone_number),
  primary_web3_wallet: (u: User) => primaryOf(u.web3_wallets, u.primary_web3_wallet_id, (w) => w.web3_wallet),
  // Joined by a space: none of these values can hold one.
  email_addresses: (u: User) => (u.email_addresses ?? []).map((e) => e.email_address).join(' '),
  phone_numbers: (u: User) => (u.phone_numbers ?? []).map((p) => p.phone_number).join(' '),
  web3_wallets: (u: User) => (u.web3_wallets ?? []).map((w) => w.web3_wallet).join(' '),
} satisfies Record<string, (u: User) => string>;

/** The CSV columns when `--fields` is not given. */
export const DEFAULT_CSV_FIELDS = [
  'id',
  'primary_email_address',
  'first_name',
  'last_name',
  'username',
  'external_id',
  'banned',
  'created_at',
  'last_sign_in_at',
] as const;

/** One CSV column: its header and how to read it from a user. */
export interface Field {
  name: string;
  read: (user: User) => unknown;
}

function primaryOf<T extends { id?: string }>(
  items: T[] | undefined,
  primaryId: string | null | undefined,
  value: (item: T) => string,
): string {
  const item = (items ?? []).find((i) => i.id === primaryId);
  return item === undefined ? '' : value(item);
}

/** Parses `--fields a,b.c,…`: every name must be a User field, a computed column or a dotted path under one. */
export function parseFields(list: string): Field[] {
  const names = list.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) throw new Error(`--fields has an empty name in ${JSON.stringify(list)}`);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new Error(`--fields names ${duplicate} twice`);
  return names.map((name): Field => {
    if (Object.hasOwn(COMPUTED, name)) return { name, read: COMPUTED[name as keyof typeof COMPUTED] };
    const [head, ...path] = name.split('.');
    if (head === undefined || !Object.hasOwn(USER_FIELDS, head) || path.some((p) => p === '')) {
      throw new Error(
        `--fields: ${JSON.stringify(name)} is not a user field; use e.g. id, primary_email_address, created_at or public_metadata.plan`,
      );
    }
    return {
      name,
      read: (user) =>
        path.reduce<unknown>(
          (value, key) =>
            value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined,
          (user as Record<string, unknown>)[head],
        ),
    };
  });
}

/** A value as one CSV cell's text: null/missing empty, objects and lists as JSON, the rest as text. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** How CSV cells are written: `safe` (the default) neutralises formulas, `raw` writes values as they are. */
export type CsvCells = 'safe' | 'raw';

/**
 * A text a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+…`, `-…`, `@…`, or a leading tab
 * or CR): OWASP's advice is to prefix it with a single quote, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** RFC 4180 quoting: a cell holding a comma, a quote, CR or LF is quoted, its quotes doubled. */
function csvCell(value: unknown, cells: CsvCells = 'safe'): string {
  let text = cellText(value);
  // Strings only: a number such as -1 is a number to a spreadsheet, not a formula.
  if (cells === 'safe' && typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV header line (with its newline). */
export function csvHeader(fields: readonly Field[]): string {
  return `${fields.map((f) => csvCell(f.name)).join(',')}\n`;
}

/** One user as a CSV line (with its newline). */
export function csvLine(user: User, fields: readonly Field[], cells: CsvCells = 'safe'): string {
  return `${fields.map((f) => csvCell(f.read(user), cells)).join(',')}\n`;
}

/** One user as a JSON line: the API's object unchanged. */
export function jsonLine(user: User): string {
  return `${JSON.stringify(user)}\n`;
}
