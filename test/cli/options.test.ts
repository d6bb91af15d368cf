// The option table and what is generated from it: the parser, --help and the README's flag table.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type ParsedCommand, parseCommandLine } from '../../src/cli/args.ts';
import { flagTable, helpText, withFlagTable } from '../../src/cli/help.ts';
import { COMMANDS, type CommandName, OPTIONS, optionsOf } from '../../src/cli/options.ts';
import { UsageError } from '../../src/cli/usage-error.ts';

const parsed = (argv: string[]) => parseCommandLine(argv) as ParsedCommand;
const refusal = (argv: string[]) => {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`${argv.join(' ')} was accepted`);
};

describe('the option table', () => {
  it('names each flag and short alias once per command, and every flag fills a query parameter or a setting', () => {
    for (const command of Object.keys(COMMANDS) as CommandName[]) {
      const names = optionsOf(command).map((o) => o.name);
      expect(new Set(names).size, command).toBe(names.length);
      const shorts = optionsOf(command).flatMap((o) => (o.short === undefined ? [] : [o.short]));
      expect(new Set(shorts).size, command).toBe(shorts.length);
    }
    // A short alias means one flag everywhere.
    const shortOf = new Map<string, string>();
    for (const { short, name } of OPTIONS) {
      if (short === undefined) continue;
      expect(shortOf.get(short) ?? name, short).toBe(name);
      shortOf.set(short, name);
    }
    for (const option of OPTIONS) {
      expect(option.key, option.name).not.toBe('');
      expect(option.commands.length, option.name).toBeGreaterThan(0);
      expect(option.value === undefined, `${option.name}: a flag has no value name, and only a flag`).toBe(
        option.kind === 'flag',
      );
      if (option.kind === 'choice') expect(option.choices?.length, option.name).toBeGreaterThan(1);
    }
  });

  it('parses every example it documents', () => {
    for (const option of OPTIONS) {
      if (option.example === undefined) continue;
      const command = option.commands[0] as CommandName;
      const argv = [command, ...option.example.split(' ')];
      if (option.name === 'resume') continue; // needs a file; checked by the export
      expect(() => parseCommandLine(argv), option.example).not.toThrow();
    }
  });
});

describe('parseCommandLine', () => {
  it('maps the filter flags to the query of GET /users by the table', () => {
    const { query } = parsed([
      'export',
      '--user-id',
      'user_a,user_b',
      '--user-id',
      '-user_c',
      '--email-address',
      'a@example.com',
      '--not-banned',
      '--created-after',
      '2024-05-01',
      '--created-before',
      '1714600000000',
      '--query',
      'ada',
      '--limit',
      '100',
    ]);
    expect(query).toEqual({
      limit: 100,
      query: 'ada',
      email_address: ['a@example.com'],
      user_id: ['user_a', 'user_b', '-user_c'],
      banned: false,
      created_at_after: Date.UTC(2024, 4, 1),
      created_at_before: 1714600000000,
    });
  });

  it('accepts a value that starts with -, written with a space or with =', () => {
    expect(parsed(['export', '--order-by', '-created_at']).query.order_by).toBe('-created_at');
    expect(parsed(['export', '--order-by=-created_at']).query.order_by).toBe('-created_at');
    expect(parsed(['export', '--user-id', '-user_x']).query.user_id).toEqual(['-user_x']);
    expect(parsed(['export', '-o', '-dash.jsonl']).settings.out).toBe('-dash.jsonl');
  });

  it('applies the defaults the table says the command applies, and only those', () => {
    const { query, settings } = parsed(['export']);
    expect(query).toEqual({ limit: 500 });
    expect(settings).toEqual({ format: 'jsonl', concurrency: 1 });
    expect(parsed(['count']).query).toEqual({});
  });

  it("takes import's FILE as its one positional argument, with import's own defaults", () => {
    expect(parsed(['import', 'users.jsonl']).settings).toEqual({
      file: 'users.jsonl',
      format: 'jsonl',
      from: 'body',
      onExisting: 'skip',
      concurrency: 8,
      rateLimit: 'auto',
    });
    expect(parsed(['import', '--dry-run', 'users.csv', '--format', 'csv']).settings).toMatchObject({
      file: 'users.csv',
      format: 'csv',
      dryRun: true,
    });
    expect(refusal(['import', 'a.jsonl', 'b.jsonl'])).toContain('takes one FILE and flags');
    expect(refusal(['export', 'a.jsonl'])).toContain('takes flags only');
    expect(parsed(['export']).settings.rateLimit).toBeUndefined();
  });

  it('reads one-letter flags alone, grouped, and with a joined value', () => {
    expect(parsed(['export', '-q', '-o', 'a.jsonl']).settings).toMatchObject({ quiet: true, out: 'a.jsonl' });
    expect(parsed(['export', '-qoa.jsonl']).settings).toMatchObject({ quiet: true, out: 'a.jsonl' });
    expect(parseCommandLine(['export', '-qh'])).toEqual({ command: 'help', topic: 'export' });
  });

  it.each([
    [['export', '--nope'], /^unknown flag --nope for clerk-users export$/],
    [['count', '--out', 'x'], /^unknown flag --out for clerk-users count \(it is a flag of clerk-users export\)$/],
    [['frobnicate'], /^unknown command "frobnicate"/],
    [['export', 'extra'], /^unexpected argument "extra": clerk-users export takes flags only$/],
    [['export', '--out'], /^--out needs a value \(FILE\)$/],
    [
      ['export', '--out', '--quiet'],
      /^--out needs a value \(FILE\) but is followed by the flag --quiet; write --out=--quiet/,
    ],
    [['export', '--quiet=yes'], /^--quiet takes no value/],
    [['export', '--out', 'a', '--out', 'b'], /^--out is given twice/],
    [['export', '--banned', '--not-banned'], /^--banned and --not-banned exclude each other/],
    [['export', '--limit', 'ten'], /^--limit must be a whole number, got "ten"$/],
    [['export', '--format', 'xml'], /^--format must be jsonl or csv, got "xml"$/],
    [['export', '--order-by', 'shoe_size'], /^--order-by "shoe_size" is not a field users can be sorted by/],
    [['export', '--created-after', 'yesterday'], /^--created-after "yesterday" is not a date/],
    [['export', '--rate-limit', '100'], /^--rate-limit must be auto or REQUESTS\/SECONDS such as 50\/10/],
  ])('refuses %j: %s', (argv, message) => {
    expect(refusal(argv)).toMatch(message);
  });

  it('leaves ranges to the library: --limit 9999 and --concurrency 0 parse', () => {
    expect(parsed(['export', '--limit', '9999']).query.limit).toBe(9999);
    expect(parsed(['export', '--concurrency', '0']).settings.concurrency).toBe(0);
  });
});

describe('--help', () => {
  it.each(Object.keys(COMMANDS) as CommandName[])(
    'of %s lists every flag it takes, the exit codes and examples',
    (command) => {
      const text = helpText(command);
      for (const option of optionsOf(command)) expect(text, option.name).toContain(`--${option.name}`);
      const names = new Set(optionsOf(command).map((o) => o.name));
      for (const option of OPTIONS.filter((o) => !names.has(o.name)))
        expect(text, option.name).not.toContain(`--${option.name} `);
      expect(text).toContain('Exit codes:\n  0    done');
      expect(text).toContain(`Examples:\n  clerk-users ${command}`);
    },
  );

  it('shows the documented default order written as it is typed', () => {
    expect(helpText('export')).toContain('e.g. --order-by -created_at');
  });

  it('without a command lists the commands and every flag', () => {
    const text = helpText(undefined);
    expect(text).toContain('clerk-users <command>');
    for (const option of OPTIONS) expect(text, option.name).toContain(`--${option.name}`);
  });

  it('keeps every line within 100 columns, but for unbreakable values', () => {
    for (const command of [undefined, ...(Object.keys(COMMANDS) as CommandName[])]) {
      for (const line of helpText(command).split('\n')) {
        if (line.length > 100) expect(line.trim(), line).not.toContain(' ');
      }
    }
  });
});

describe("README's flag table", () => {
  it('is the one generated from the option table (run `npm run docs:cli` after changing a flag)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(withFlagTable(readme)).toBe(readme);
  });

  it('has a row for every flag, with its query parameter', () => {
    const table = flagTable();
    for (const option of OPTIONS) expect(table, option.name).toContain(`--${option.name}`);
    expect(table).toContain('| `--user-id ID` | export, count | `user_id` (list) |');
    expect(table).toContain('`created_at_after` (time, as Unix ms)');
  });
});
