// Argument parsing of the `clerk-users` command: node:util parseArgs in strict mode, then checks that
// turn every mistake into a UsageError (exit code 2) with a one-line hint.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { MAX_CONCURRENCY, MAX_PAGE_SIZE, ORDER_BY_FIELDS, type RateLimit } from '../index.ts';
import { DEFAULT_CSV_FIELDS, parseFields, type Field } from './format.ts';

/** A mistake in the command line: printed as one line plus a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint: string = 'Run `clerk-users --help` for every flag, with examples.',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const FILTER_OPTIONS = {
  query: { type: 'string' },
  'email-address': { type: 'string', multiple: true },
  'phone-number': { type: 'string', multiple: true },
  username: { type: 'string', multiple: true },
  'user-id': { type: 'string', multiple: true },
  'external-id': { type: 'string', multiple: true },
  'organization-id': { type: 'string', multiple: true },
  banned: { type: 'boolean' },
  'not-banned': { type: 'boolean' },
  'created-after': { type: 'string' },
  'created-before': { type: 'string' },
  'base-url': { type: 'string' },
  'rate-limit': { type: 'string' },
  'secret-key-file': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

const EXPORT_OPTIONS = {
  ...FILTER_OPTIONS,
  'order-by': { type: 'string' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  fields: { type: 'string' },
  concurrency: { type: 'string' },
  limit: { type: 'string' },
  'max-items': { type: 'string' },
  resume: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** Every flag of each command, for `--help` and its test. */
export const FLAGS = { export: Object.keys(EXPORT_OPTIONS), count: Object.keys(FILTER_OPTIONS) } as const;

/** The `GET /users` / `GET /users/count` filters, as the library's query object. */
export type Filters = Record<string, string | string[] | number | boolean>;

/** Options shared by both commands. */
export interface CommonArgs {
  filters: Filters;
  baseUrl: string | undefined;
  /** The client's `rateLimit` option: `'auto'` (Clerk's budget for the key) or a budget; undefined: off. */
  rateLimit: RateLimit | 'auto' | undefined;
  secretKeyFile: string | undefined;
  quiet: boolean;
}

/** `clerk-users export …`, checked. */
export interface ExportArgs extends CommonArgs {
  command: 'export';
  orderBy: string | undefined;
  out: string | undefined;
  format: 'jsonl' | 'csv';
  fields: Field[];
  concurrency: number;
  limit: number;
  maxItems: number | undefined;
  resume: boolean;
}

/** `clerk-users count …`, checked. */
export interface CountArgs extends CommonArgs {
  command: 'count';
}

/** What the command line asks for. */
export type Args = ExportArgs | CountArgs | { command: 'help'; topic: 'export' | 'count' | undefined } | { command: 'version' };

/** The page size of an export when `--limit` is not given: the API's largest, fewest round trips. */
export const DEFAULT_EXPORT_LIMIT = MAX_PAGE_SIZE;

/** Parses the command line (without `node` and the script). Throws {@link UsageError}. */
export function parseCommandLine(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    const topic = rest[0] === 'export' || rest[0] === 'count' ? rest[0] : undefined;
    return { command: 'help', topic };
  }
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'export' && command !== 'count') {
    throw new UsageError(`unknown command ${JSON.stringify(command)}: use \`clerk-users export\` or \`clerk-users count\``);
  }
  const options = command === 'export' ? EXPORT_OPTIONS : FILTER_OPTIONS;
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...rest], options, strict: true, allowPositionals: false }));
  } catch (error) {
    // parseArgs' messages span lines ("… is ambiguous.\nDid you forget …"): keep them to one.
    const message = error instanceof Error ? error.message.replace(/\s*\n\s*/g, ' ') : String(error);
    throw new UsageError(`${message}`, `Run \`clerk-users ${command} --help\` for every flag, with examples.`);
  }
  if (values.help) return { command: 'help', topic: command };

  const common: CommonArgs = {
    filters: filtersFrom(values),
    baseUrl: values['base-url'] as string | undefined,
    rateLimit: parseRateLimit(values['rate-limit'] as string | undefined),
    secretKeyFile: values['secret-key-file'] as string | undefined,
    quiet: values.quiet === true,
  };
  if (command === 'count') return { command, ...common };

  const format = (values.format as string | undefined) ?? 'jsonl';
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError(`--format must be jsonl or csv, got ${JSON.stringify(format)}`);
  if (values.fields !== undefined && format !== 'csv') throw new UsageError('--fields chooses CSV columns: add --format csv (JSON Lines always has every field)');
  const orderBy = values['order-by'] as string | undefined;
  if (orderBy !== undefined) {
    const field = orderBy.replace(/^[+-]/, '');
    if (!(ORDER_BY_FIELDS['/users'] as readonly string[]).includes(field)) {
      throw new UsageError(`--order-by ${JSON.stringify(orderBy)} is not a field users can be sorted by; use one of ${ORDER_BY_FIELDS['/users'].join(', ')}, with + (ascending) or - (descending)`);
    }
  }
  const concurrency = integerFlag(values, 'concurrency', 1, MAX_CONCURRENCY) ?? 1;
  if (concurrency > 1 && orderBy !== undefined && !/^[+-]?created_at$/.test(orderBy)) {
    throw new UsageError(`--concurrency needs a created_at ordering (the walk is split by creation time), but --order-by is ${orderBy}`);
  }
  const resume = values.resume === true;
  const out = values.out as string | undefined;
  if (resume && out === undefined) throw new UsageError('--resume continues a file export: give the same --out FILE as the interrupted run');
  return {
    command,
    ...common,
    orderBy,
    out,
    format,
    fields: format === 'csv' ? fieldsFlag(values.fields as string | undefined) : [],
    concurrency,
    limit: integerFlag(values, 'limit', 1, MAX_PAGE_SIZE) ?? DEFAULT_EXPORT_LIMIT,
    maxItems: integerFlag(values, 'max-items', 1, Number.MAX_SAFE_INTEGER),
    resume,
  };
}

function fieldsFlag(given: string | undefined): Field[] {
  try {
    return parseFields(given ?? DEFAULT_CSV_FIELDS.join(','));
  } catch (error) {
    throw new UsageError((error as Error).message, 'Run `clerk-users export --help` for the field names and how nested fields are flattened.');
  }
}

function integerFlag(values: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const text = String(raw);
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max === Number.MAX_SAFE_INTEGER ? 'any size' : max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

/**
 * A point in time as Unix milliseconds: digits are taken as Unix ms; otherwise an ISO 8601 date
 * (`2024-05-01`) or date-time (`2024-05-01T12:00:00Z`); a date-time without a zone is UTC.
 */
export function parseTime(flag: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const ms = iso === null ? Number.NaN : Date.parse(iso[2] === undefined ? `${iso[1]}T00:00:00Z` : `${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`);
  if (Number.isNaN(ms)) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not a date: give an ISO date (2024-05-01), an ISO date-time (2024-05-01T12:00:00Z) or Unix milliseconds`);
  }
  return ms;
}

function filtersFrom(values: Record<string, unknown>): Filters {
  const filters: Filters = {};
  const lists: [flag: string, param: string][] = [
    ['email-address', 'email_address'],
    ['phone-number', 'phone_number'],
    ['username', 'username'],
    ['user-id', 'user_id'],
    ['external-id', 'external_id'],
    ['organization-id', 'organization_id'],
  ];
  for (const [flag, param] of lists) {
    const given = values[flag] as string[] | undefined;
    if (given === undefined) continue;
    // A comma-separated value counts as several: `--user-id user_a,user_b`.
    const split = given.flatMap((v) => v.split(',')).map((v) => v.trim());
    if (split.some((v) => v === '')) throw new UsageError(`--${flag} has an empty value`);
    filters[param] = split;
  }
  if (typeof values.query === 'string') filters.query = values.query;
  if (values.banned && values['not-banned']) throw new UsageError('--banned and --not-banned exclude each other: give one of them');
  if (values.banned) filters.banned = true;
  if (values['not-banned']) filters.banned = false;
  if (typeof values['created-after'] === 'string') filters.created_at_after = parseTime('--created-after', values['created-after']);
  if (typeof values['created-before'] === 'string') filters.created_at_before = parseTime('--created-before', values['created-before']);
  if (typeof filters.created_at_after === 'number' && typeof filters.created_at_before === 'number' && filters.created_at_after >= filters.created_at_before) {
    throw new UsageError('--created-after must be earlier than --created-before');
  }
  return filters;
}

/** `--rate-limit auto` or `--rate-limit REQUESTS/SECONDS` (e.g. `50/10`), as the client's `rateLimit`. */
function parseRateLimit(text: string | undefined): RateLimit | 'auto' | undefined {
  if (text === undefined) return undefined;
  if (text === 'auto') return 'auto';
  const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
  const requests = match ? Number(match[1]) : Number.NaN;
  const seconds = match ? Number(match[2]) : Number.NaN;
  if (!(requests >= 1) || !(seconds > 0) || !Number.isSafeInteger(requests)) {
    throw new UsageError(
      `--rate-limit must be auto or REQUESTS/SECONDS such as 50/10, got ${JSON.stringify(text)}`,
      "Give auto (Clerk's documented budget for the key: 1000 per 10 s for sk_live_, else 100 per 10 s) or your share of it, e.g. 50/10.",
    );
  }
  return { requests, perMs: seconds * 1000 };
}

/** `clerk-users --help` and `clerk-users <command> --help`. */
export function helpText(topic: 'export' | 'count' | undefined): string {
  const filters = `Filters (both commands; they mirror GET /users):
  --query TEXT              partial match on email, phone, username, names and id
  --email-address EMAIL     exact email address (repeatable, or comma-separated)
  --phone-number PHONE      exact phone number (repeatable)
  --username NAME           exact username (repeatable)
  --user-id ID              user id; +ID includes, -ID excludes (repeatable; write --user-id=-ID)
  --external-id ID          external id, +/- as for --user-id (repeatable)
  --organization-id ID      member of the organization, +/- as for --user-id (repeatable)
  --banned | --not-banned   only banned users, or only the others
  --created-after TIME      created after TIME: ISO date (2024-05-01), ISO date-time
  --created-before TIME       (2024-05-01T12:00:00Z; no zone means UTC) or Unix milliseconds

Connection:
  CLERK_SECRET_KEY          the secret key (sk_live_… / sk_test_…), from the environment
  --secret-key-file FILE    or read it from FILE (never a flag with the key itself)
  --base-url URL            API root (default https://api.clerk.com/v1; /v1 included)
  --rate-limit auto|N/S     space requests to at most N per S seconds (auto: Clerk's budget for the key,
                              1000/10 for sk_live_, 100/10 otherwise); off by default: 429s are retried
  -q, --quiet               no progress output
  -h, --help                this help`;
  const exportHelp = `clerk-users export: write every matching user, exactly once

Usage: clerk-users export [flags]

Output:
  -o, --out FILE            write to FILE (as FILE.partial, renamed when complete); default stdout
  --format jsonl|csv        JSON Lines, one user per line (default), or CSV
  --fields A,B,…            CSV columns (default ${DEFAULT_CSV_FIELDS.join(',')}):
                              a User field (created_at, public_metadata, …; objects and lists as JSON),
                              primary_email_address / primary_phone_number / primary_web3_wallet,
                              email_addresses / phone_numbers / web3_wallets (values joined by a space),
                              or a dotted path (public_metadata.plan)
  --order-by FIELD          -created_at (default), +created_at, or another field with +/-
  --concurrency N           page requests in flight (1-${MAX_CONCURRENCY}, default 1); N > 1 splits the walk by
                              creation time and writes users in arrival order
  --limit N                 page size (1-${MAX_PAGE_SIZE}, default ${DEFAULT_EXPORT_LIMIT})
  --max-items N             stop after N users
  --resume                  continue an interrupted sequential export to the same --out FILE

${filters}

Exit codes: 0 done, 1 API or network failure, 2 usage error, 130 interrupted (Ctrl-C).

Examples:
  clerk-users export --out users.jsonl
  clerk-users export --format csv --fields id,primary_email_address,created_at --out users.csv
  clerk-users export --created-after 2024-01-01 --not-banned --concurrency 4 > recent.jsonl
  clerk-users export --out users.jsonl --resume`;
  const countHelp = `clerk-users count: how many users match the filters

Usage: clerk-users count [flags]

${filters}

Exit codes: 0 done, 1 API or network failure, 2 usage error.

Examples:
  clerk-users count
  clerk-users count --banned --created-after 2024-01-01`;
  if (topic === 'export') return exportHelp;
  if (topic === 'count') return countHelp;
  return `clerk-users: export and count the users of a Clerk instance

Usage: clerk-users <command> [flags]

Commands:
  export    write every matching user as JSON Lines or CSV
  count     print how many users match

${exportHelp.slice(exportHelp.indexOf('Output:'))}`;
}
