// Every flag of the `clerk-users` command, in one table. The parser (args.ts), `--help` and the
// README's flag table (help.ts) are all generated from it: a new flag, or a new command's flags,
// is a row here, not code there. A flag name is unique within a command; two commands may each
// have a row of the same name when the flag takes different values there (`--rate-limit`).
import { DEFAULT_IMPORT_CONCURRENCY, MAX_CONCURRENCY, MAX_IMPORT_CONCURRENCY, MAX_PAGE_SIZE } from '../index.ts';
import { EXIT, type ExitCode } from './exit-codes.ts';
import { DEFAULT_CSV_FIELDS } from './format.ts';

/** The commands that take flags. */
export type CommandName = 'export' | 'count' | 'import' | 'serve';

/**
 * How a flag's text becomes a value (args.ts holds one parser per kind):
 * - `flag`: takes no value; sets {@link OptionSpec.set} (default `true`);
 * - `text`: the text as given;
 * - `list`: repeatable, and a comma-separated value counts as several (`--user-id a,b`);
 * - `integer`: digits only, as a number, at most {@link OptionSpec.max} if set (else the library checks the range);
 * - `time`: an ISO date, ISO date-time or Unix milliseconds, as Unix milliseconds;
 * - `choice`: one of {@link OptionSpec.choices};
 * - `order-by`: `[+|-]field`, a field that `GET /users` sorts by;
 * - `rate`: `auto` or `REQUESTS/SECONDS`, as the client's `rateLimit`.
 */
export type ValueKind = 'flag' | 'text' | 'list' | 'integer' | 'time' | 'choice' | 'order-by' | 'rate';

/** The groups `--help` shows flags in, in this order. */
export const SECTIONS = {
  output: 'Output',
  input: 'Import',
  filters: 'Filters (they mirror the query parameters of GET /users)',
  connection: 'Connection',
  serve: 'Emulator',
  general: 'General',
} as const;

/** One flag of the command. */
export interface OptionSpec {
  /** The long name, without `--`. */
  name: string;
  /** A one-letter alias, without `-`. */
  short?: string;
  /** The placeholder of its value in help (`FILE`, `N`); absent for a `flag`. */
  value?: string;
  kind: ValueKind;
  /** The accepted values of a `choice`. */
  choices?: readonly string[];
  /** The largest value of an `integer` that no library call checks (a port): the parser refuses more. */
  max?: number;
  /** What a `flag` sets when given (default `true`): `--not-banned` sets `banned` to false. */
  set?: boolean;
  /**
   * Where the value goes: `query` fills the query parameter `key` of the request; `setting` fills
   * the command's own setting `key`. Two flags with one target exclude each other.
   */
  fills: 'query' | 'setting';
  key: string;
  /**
   * The library option a setting is passed to, as a ClerkInputError names it in `parameter`
   * (`concurrency`, `maxItems`, `rateLimit`, `baseUrl`): its errors then point at this flag.
   */
  parameter?: string;
  /** What it does, one sentence; help wraps it. */
  description: string;
  /** The flag as one would type it. */
  example?: string;
  /** What happens when the flag is absent, as text for the docs. */
  default?: string;
  /**
   * Whether the parser fills the value from {@link default} when the flag is absent (parsed as if
   * given). Otherwise the default is the library's or the API's, and nothing is sent.
   */
  appliesDefault?: true;
  /** A default of its own for a command, applied by the parser as if given (`--rate-limit` is `auto` for import, off elsewhere). */
  commandDefaults?: Partial<Record<CommandName, string>>;
  commands: readonly CommandName[];
  section: keyof typeof SECTIONS;
}

const BOTH = ['export', 'count'] as const satisfies readonly CommandName[];
const EXPORT = ['export'] as const satisfies readonly CommandName[];
const IMPORT = ['import'] as const satisfies readonly CommandName[];
const EXPORT_IMPORT = ['export', 'import'] as const satisfies readonly CommandName[];
const CLIENTS = ['export', 'count', 'import'] as const satisfies readonly CommandName[];
const SERVE = ['serve'] as const satisfies readonly CommandName[];
const ALL = ['export', 'count', 'import', 'serve'] as const satisfies readonly CommandName[];

/** Every flag, in the order help and the README list them. */
export const OPTIONS: readonly OptionSpec[] = [
  // Output
  {
    name: 'out',
    short: 'o',
    value: 'FILE',
    kind: 'text',
    fills: 'setting',
    key: 'out',
    commands: EXPORT,
    section: 'output',
    description:
      'write to FILE (through FILE.partial, renamed when complete) instead of stdout; an existing FILE needs --force',
    example: '--out users.jsonl',
    default: 'stdout',
  },
  {
    name: 'force',
    kind: 'flag',
    fills: 'setting',
    key: 'force',
    commands: EXPORT,
    section: 'output',
    description: 'replace an existing --out FILE (and start over from a FILE.partial left by an interrupted run)',
    example: '--out users.jsonl --force',
  },
  {
    name: 'format',
    value: 'jsonl|csv',
    kind: 'choice',
    choices: ['jsonl', 'csv'],
    fills: 'setting',
    key: 'format',
    commands: EXPORT_IMPORT,
    section: 'output',
    description:
      'JSON Lines or CSV: export writes one user per line as the API sent it; import reads a POST /users body per line, or CSV with a header row of body fields (public_metadata.KEY sets one key)',
    example: '--format csv',
    default: 'jsonl',
    appliesDefault: true,
  },
  {
    name: 'fields',
    value: 'A,B,…',
    kind: 'text',
    fills: 'setting',
    key: 'fields',
    commands: EXPORT,
    section: 'output',
    description:
      'CSV columns: a User field (objects and lists as JSON), primary_email_address / primary_phone_number / primary_web3_wallet, ' +
      'email_addresses / phone_numbers / web3_wallets (values joined by a space), or a dotted path',
    example: '--fields id,primary_email_address,public_metadata.plan',
    default: DEFAULT_CSV_FIELDS.join(','),
  },
  {
    name: 'csv-raw',
    kind: 'flag',
    fills: 'setting',
    key: 'csvRaw',
    commands: EXPORT,
    section: 'output',
    description:
      "write CSV cells exactly as the values are: by default a text starting with =, +, -, @, a tab or a CR gets a leading ' so that a spreadsheet does not run it as a formula (JSON Lines is always lossless)",
    example: '--format csv --csv-raw',
  },
  {
    name: 'order-by',
    value: 'FIELD',
    kind: 'order-by',
    fills: 'query',
    key: 'order_by',
    commands: EXPORT,
    section: 'output',
    description: 'sort order: a field users can be sorted by, with + (ascending) or - (descending)',
    example: '--order-by -created_at',
    default: '-created_at',
  },
  {
    name: 'concurrency',
    value: 'N',
    kind: 'integer',
    fills: 'setting',
    key: 'concurrency',
    parameter: 'concurrency',
    commands: EXPORT_IMPORT,
    section: 'output',
    description:
      `requests in flight: export, page requests (1-${MAX_CONCURRENCY}; above 1 the walk is split by creation time and users are written in arrival order); ` +
      `import, creates and look-ups (1-${MAX_IMPORT_CONCURRENCY}; the pace is --rate-limit's)`,
    example: '--concurrency 4',
    default: '1',
    appliesDefault: true,
    commandDefaults: { import: String(DEFAULT_IMPORT_CONCURRENCY) },
  },
  {
    name: 'limit',
    value: 'N',
    kind: 'integer',
    fills: 'query',
    key: 'limit',
    commands: EXPORT,
    section: 'output',
    description: `page size (1-${MAX_PAGE_SIZE})`,
    example: '--limit 100',
    default: String(MAX_PAGE_SIZE),
    appliesDefault: true,
  },
  {
    name: 'max-items',
    value: 'N',
    kind: 'integer',
    fills: 'setting',
    key: 'maxItems',
    parameter: 'maxItems',
    commands: EXPORT,
    section: 'output',
    description: 'stop after N users',
    example: '--max-items 1000',
    default: 'all',
  },
  {
    name: 'resume',
    kind: 'flag',
    fills: 'setting',
    key: 'resume',
    commands: EXPORT,
    section: 'output',
    description:
      'continue an interrupted sequential export to the same --out FILE (repeat the other flags as they were)',
    example: '--out users.jsonl --resume',
  },
  // Output of import
  {
    name: 'from',
    value: 'body|export',
    kind: 'choice',
    choices: ['body', 'export'],
    fills: 'setting',
    key: 'from',
    commands: IMPORT,
    section: 'input',
    description:
      'export: each line is a user as clerk-users export writes it, mapped to a create body (passwords cannot come across)',
    example: '--from export',
    default: 'body',
    appliesDefault: true,
  },
  {
    name: 'on-existing',
    value: 'skip|update',
    kind: 'choice',
    choices: ['skip', 'update'],
    fills: 'setting',
    key: 'onExisting',
    parameter: 'onExisting',
    commands: IMPORT,
    section: 'input',
    description:
      'what to do with a record whose external_id a user has already: report it existing, or update that user with the record',
    example: '--on-existing update',
    default: 'skip',
    appliesDefault: true,
  },
  {
    name: 'dry-run',
    kind: 'flag',
    fills: 'setting',
    key: 'dryRun',
    commands: IMPORT,
    section: 'input',
    description: 'check every record and (with a key) look up which external_ids exist; write nothing',
    example: '--dry-run',
  },
  {
    name: 'report',
    value: 'FILE',
    kind: 'text',
    fills: 'setting',
    key: 'report',
    commands: IMPORT,
    section: 'input',
    description:
      'write a JSON line per input record, in input order: line, external_id, outcome, user_id, error (replaces FILE)',
    example: '--report import-report.jsonl',
  },
  // Filters
  {
    name: 'query',
    value: 'TEXT',
    kind: 'text',
    fills: 'query',
    key: 'query',
    commands: BOTH,
    section: 'filters',
    description: 'partial match on email, phone, username, names and id',
    example: '--query ada',
  },
  {
    name: 'email-address',
    value: 'EMAIL',
    kind: 'list',
    fills: 'query',
    key: 'email_address',
    commands: BOTH,
    section: 'filters',
    description: 'exact email address (repeatable, or comma-separated)',
    example: '--email-address ada@example.com',
  },
  {
    name: 'phone-number',
    value: 'PHONE',
    kind: 'list',
    fills: 'query',
    key: 'phone_number',
    commands: BOTH,
    section: 'filters',
    description: 'exact phone number (repeatable, or comma-separated)',
    example: '--phone-number +15555550100',
  },
  {
    name: 'username',
    value: 'NAME',
    kind: 'list',
    fills: 'query',
    key: 'username',
    commands: BOTH,
    section: 'filters',
    description: 'exact username (repeatable, or comma-separated)',
    example: '--username ada',
  },
  {
    name: 'user-id',
    value: 'ID',
    kind: 'list',
    fills: 'query',
    key: 'user_id',
    commands: BOTH,
    section: 'filters',
    description: 'user id; +ID or ID includes, -ID excludes (repeatable, or comma-separated)',
    example: '--user-id -user_123',
  },
  {
    name: 'external-id',
    value: 'ID',
    kind: 'list',
    fills: 'query',
    key: 'external_id',
    commands: BOTH,
    section: 'filters',
    description: 'external id, +/- as for --user-id (repeatable, or comma-separated)',
    example: '--external-id +crm_42',
  },
  {
    name: 'organization-id',
    value: 'ID',
    kind: 'list',
    fills: 'query',
    key: 'organization_id',
    commands: BOTH,
    section: 'filters',
    description: 'member of the organization, +/- as for --user-id (repeatable, or comma-separated)',
    example: '--organization-id org_123',
  },
  {
    name: 'banned',
    kind: 'flag',
    fills: 'query',
    key: 'banned',
    commands: BOTH,
    section: 'filters',
    description: 'only banned users',
    example: '--banned',
  },
  {
    name: 'not-banned',
    kind: 'flag',
    set: false,
    fills: 'query',
    key: 'banned',
    commands: BOTH,
    section: 'filters',
    description: 'only users who are not banned',
    example: '--not-banned',
  },
  {
    name: 'created-after',
    value: 'TIME',
    kind: 'time',
    fills: 'query',
    key: 'created_at_after',
    commands: BOTH,
    section: 'filters',
    description: 'created after TIME: an ISO date, an ISO date-time (no zone means UTC) or Unix milliseconds',
    example: '--created-after 2024-05-01',
  },
  {
    name: 'created-before',
    value: 'TIME',
    kind: 'time',
    fills: 'query',
    key: 'created_at_before',
    commands: BOTH,
    section: 'filters',
    description: 'created before TIME, written as for --created-after',
    example: '--created-before 2024-05-01T12:00:00Z',
  },
  // Connection
  {
    name: 'secret-key-file',
    value: 'FILE',
    kind: 'text',
    fills: 'setting',
    key: 'secretKeyFile',
    commands: CLIENTS,
    section: 'connection',
    description:
      'read the secret key from FILE instead of CLERK_SECRET_KEY (the key itself is never a flag, to keep it out of shell history)',
    example: '--secret-key-file ~/.clerk-key',
    default: '$CLERK_SECRET_KEY',
  },
  {
    name: 'base-url',
    value: 'URL',
    kind: 'text',
    fills: 'setting',
    key: 'baseUrl',
    parameter: 'baseUrl',
    commands: CLIENTS,
    section: 'connection',
    description: 'API root, the version segment included (a mock or proxy, for instance)',
    example: '--base-url http://127.0.0.1:4010/v1',
    default: 'https://api.clerk.com/v1',
  },
  {
    name: 'allow-unversioned-base-url',
    kind: 'flag',
    fills: 'setting',
    key: 'allowUnversionedBaseUrl',
    parameter: 'allowUnversionedBaseUrl',
    commands: CLIENTS,
    section: 'connection',
    description:
      'accept a --base-url without a version segment, for a mock that serves the API at its root (npm run mock)',
    example: '--base-url http://127.0.0.1:4010 --allow-unversioned-base-url',
  },
  {
    name: 'rate-limit',
    value: 'auto|N/S',
    kind: 'rate',
    fills: 'setting',
    key: 'rateLimit',
    parameter: 'rateLimit',
    commands: CLIENTS,
    section: 'connection',
    description:
      "space requests to at most N per S seconds (auto: Clerk's budget for the key, 1000/10 for sk_live_, else 100/10); off for export and count, whose 429s are retried either way; auto for import",
    example: '--rate-limit 50/10',
    default: 'off',
    commandDefaults: { import: 'auto' },
  },
  // Emulator
  {
    name: 'port',
    value: 'N',
    kind: 'integer',
    max: 65_535,
    fills: 'setting',
    key: 'port',
    commands: SERVE,
    section: 'serve',
    description: 'port to listen on (0: a free one); the base URL printed on stdout says which',
    example: '--port 4011',
    default: '0',
  },
  {
    name: 'host',
    value: 'HOST',
    kind: 'text',
    fills: 'setting',
    key: 'host',
    commands: SERVE,
    section: 'serve',
    description: 'address to listen on (0.0.0.0 or :: to accept other machines)',
    example: '--host 0.0.0.0',
    default: '127.0.0.1',
  },
  {
    name: 'seed',
    value: 'FILE',
    kind: 'text',
    fills: 'setting',
    key: 'seed',
    commands: SERVE,
    section: 'serve',
    description: 'users to start with, one JSON object per line, as clerk-users export writes them',
    example: '--seed users.jsonl',
  },
  {
    // serve's own --rate-limit: the limits the emulator enforces, where the clients' one paces requests.
    name: 'rate-limit',
    value: 'development|production',
    kind: 'choice',
    choices: ['development', 'production'],
    fills: 'setting',
    key: 'rateLimit',
    commands: SERVE,
    section: 'serve',
    description:
      "enforce Clerk's rate limits of an instance of that kind, answering 429 beyond them: 100 (development) or 1000 (production) requests per 10 s, and Clerk's per-user limits",
    example: '--rate-limit development',
    default: 'off',
  },
  {
    name: 'latency-ms',
    value: 'N',
    kind: 'integer',
    max: 600_000,
    fills: 'setting',
    key: 'latencyMs',
    commands: SERVE,
    section: 'serve',
    description: 'delay every answer by N milliseconds',
    example: '--latency-ms 50',
    default: '0',
  },
  // General
  {
    name: 'quiet',
    short: 'q',
    kind: 'flag',
    fills: 'setting',
    key: 'quiet',
    commands: CLIENTS,
    section: 'general',
    description: 'no progress output',
    example: '--quiet',
  },
  {
    name: 'help',
    short: 'h',
    kind: 'flag',
    fills: 'setting',
    key: 'help',
    commands: ALL,
    section: 'general',
    description: "this command's flags, with examples",
    example: '--help',
  },
];

/** What a command is for, for `--help`. */
export interface CommandSpec {
  summary: string;
  /** The one argument that is not a flag, if the command takes one (`clerk-users import FILE`): its placeholder and the setting it fills. */
  positional?: { value: string; key: string };
  /** What help says under the usage line: where the key comes from. */
  about: string;
  examples: readonly string[];
  /** The exit codes it can end with. */
  exits: readonly ExitCode[];
}

const KEY_SOURCE = 'The secret key comes from CLERK_SECRET_KEY (or --secret-key-file); it is never taken as a flag.';

/** The commands, in the order help lists them. */
export const COMMANDS: Record<CommandName, CommandSpec> = {
  export: {
    summary: 'write every matching user, exactly once, as JSON Lines or CSV',
    about: KEY_SOURCE,
    examples: [
      'clerk-users export --out users.jsonl',
      'clerk-users export --format csv --fields id,primary_email_address,created_at --out users.csv',
      'clerk-users export --created-after 2024-01-01 --not-banned --concurrency 4 > recent.jsonl',
      'clerk-users export --order-by -created_at --user-id -user_123 --out users.jsonl',
      'clerk-users export --out users.jsonl --resume',
    ],
    exits: [EXIT.ok, EXIT.failure, EXIT.usage, EXIT.interrupted],
  },
  count: {
    summary: 'print how many users match the filters',
    about: KEY_SOURCE,
    examples: ['clerk-users count', 'clerk-users count --banned --created-after 2024-01-01'],
    exits: [EXIT.ok, EXIT.failure, EXIT.usage],
  },
  import: {
    summary: 'create the users of FILE, exactly once; rerun to finish an interrupted import',
    positional: { value: 'FILE', key: 'file' },
    about: KEY_SOURCE,
    examples: [
      'clerk-users import users.jsonl --report report.jsonl',
      'clerk-users import users.csv --format csv --dry-run',
      'clerk-users import exported.jsonl --from export --on-existing update',
      'clerk-users import users.jsonl --rate-limit 50/10 --concurrency 4',
    ],
    exits: [EXIT.ok, EXIT.failure, EXIT.usage, EXIT.interrupted],
  },
  serve: {
    summary: "emulate Clerk's /users API over HTTP until Ctrl-C; prints the base URL to use",
    about:
      'Requests must send Authorization: Bearer <key>, where the key is CLERK_SECRET_KEY or, when that is unset, sk_test_fake.',
    examples: [
      'clerk-users serve --port 4011 --seed users.jsonl',
      'clerk-users serve --rate-limit development --latency-ms 50',
    ],
    exits: [EXIT.ok, EXIT.usage],
  },
};

/** The flags `command` takes. */
export function optionsOf(command: CommandName): OptionSpec[] {
  return OPTIONS.filter((o) => o.commands.includes(command));
}

/** The flag of `command` whose value the library names `parameter` in a ClerkInputError, if any. */
export function optionForParameter(command: CommandName, parameter: string): OptionSpec | undefined {
  return optionsOf(command).find((o) => (o.fills === 'query' ? o.key : o.parameter) === parameter);
}

/** Whether `name` is a command that takes flags. */
export function isCommandName(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}
