// Text generated from the option table: `--help` for each command, and the README's flag table
// (written by `npm run docs:cli`, compared by a unit test).
import { EXIT_MEANINGS } from './exit-codes.ts';
import {
  COMMANDS,
  type CommandName,
  OPTIONS,
  type OptionSpec,
  optionsOf,
  SECTIONS,
  type ValueKind,
} from './options.ts';

const WIDTH = 100;
const LEFT = 32;

/** `clerk-users --help` (every command and flag) and `clerk-users <command> --help`. */
export function helpText(topic: CommandName | undefined): string {
  const commands = Object.keys(COMMANDS) as CommandName[];
  if (topic === undefined) {
    const list = commands.map((c) => `  ${c.padEnd(9)} ${COMMANDS[c].summary}`).join('\n');
    return [
      'clerk-users: export, count and import the users of a Clerk instance, or serve an emulator of one',
      'Usage: clerk-users <command> [flags]     (clerk-users <command> --help for one command)',
      `Commands:\n${list}`,
      ...sections(OPTIONS, undefined),
      exitCodes([...new Set(commands.flatMap((c) => COMMANDS[c].exits))]),
      `Examples:\n${commands
        .flatMap((c) => COMMANDS[c].examples.slice(0, 2))
        .map((e) => `  ${e}`)
        .join('\n')}`,
    ].join('\n\n');
  }
  const spec = COMMANDS[topic];
  return [
    `clerk-users ${topic}: ${spec.summary}`,
    `Usage: clerk-users ${topic}${spec.positional === undefined ? '' : ` ${spec.positional.value}`} [flags]`,
    wrap(spec.about, WIDTH).join('\n'),
    ...sections(optionsOf(topic), topic),
    exitCodes(spec.exits),
    `Examples:\n${spec.examples.map((e) => `  ${e}`).join('\n')}`,
  ].join('\n\n');
}

/** The flags by section; `command` is the command whose help this is (undefined: the help of every command). */
function sections(options: readonly OptionSpec[], command: CommandName | undefined): string[] {
  return (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).flatMap((section) => {
    const rows = options.filter((o) => o.section === section);
    if (rows.length === 0) return [];
    return [`${SECTIONS[section]}:\n${rows.map((o) => helpRow(o, command)).join('\n')}`];
  });
}

/** How the flag is written: `-o, --out FILE`. */
function spelling(option: OptionSpec): string {
  return `${option.short === undefined ? '' : `-${option.short}, `}--${option.name}${option.value === undefined ? '' : ` ${option.value}`}`;
}

/** The default as the docs say it: the command's own, or the shared one with each command's exception. */
function defaultText(option: OptionSpec, command: CommandName | undefined): string | undefined {
  if (command !== undefined) return option.commandDefaults?.[command] ?? option.default;
  const exceptions = Object.entries(option.commandDefaults ?? {}).map(([c, d]) => `${c}: ${d}`);
  if (option.default === undefined) return exceptions.length === 0 ? undefined : exceptions.join(', ');
  return exceptions.length === 0 ? option.default : `${option.default} (${exceptions.join(', ')})`;
}

function helpRow(option: OptionSpec, command: CommandName | undefined): string {
  let text = option.description;
  const byDefault = defaultText(option, command);
  const notes = [
    ...(command === undefined && option.commands.length < Object.keys(COMMANDS).length
      ? [`${option.commands.join(', ')} only`]
      : []),
    ...(byDefault !== undefined ? [`default ${byDefault}`] : []),
    ...(option.example !== undefined && option.kind !== 'flag' ? [`e.g. ${option.example}`] : []),
  ];
  if (notes.length > 0) text += ` (${notes.join('; ')})`;
  const left = `  ${spelling(option)}`;
  const lines = wrap(text, WIDTH - LEFT - 2);
  const first = left.length < LEFT ? `${left.padEnd(LEFT)}${lines[0]}` : `${left}\n${' '.repeat(LEFT)}${lines[0]}`;
  return [first, ...lines.slice(1).map((l) => `${' '.repeat(LEFT + 2)}${l}`)].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function exitCodes(codes: readonly (keyof typeof EXIT_MEANINGS)[]): string {
  return `Exit codes:\n${codes.map((c) => `  ${String(c).padEnd(4)} ${EXIT_MEANINGS[c]}`).join('\n')}`;
}

/** How each kind of value reaches the query, for the README's table. */
const SENT_AS: Record<ValueKind, string> = {
  flag: 'boolean',
  text: 'text',
  list: 'list',
  integer: 'number',
  time: 'time, as Unix ms',
  choice: 'text',
  'order-by': 'text',
  rate: 'text',
};

const cell = (text: string) => text.replace(/\|/g, '\\|');
/** The README's default cell: `off` (import: `auto`). */
const defaultCell = (o: OptionSpec) => {
  const exceptions = Object.entries(o.commandDefaults ?? {}).map(([c, d]) => `${c}: ${code(d)}`);
  const shared = o.default === undefined ? '' : code(o.default);
  return exceptions.length === 0 ? shared : `${shared} (${exceptions.join(', ')})`.trim();
};
const code = (text: string) => `\`${cell(text)}\``;

/** The README's flag table (Markdown), every flag of every command. */
export function flagTable(): string {
  const head = '| Flag | Commands | Query parameter | Default | What it does |\n|---|---|---|---|---|';
  const rows = OPTIONS.map((o) => {
    const fills =
      o.fills === 'query' ? `${code(o.key)} (${o.kind === 'flag' ? String(o.set ?? true) : SENT_AS[o.kind]})` : '';
    const example = o.example === undefined || o.kind === 'flag' ? '' : ` E.g. ${code(o.example)}.`;
    return `| ${code(spelling(o))} | ${o.commands.join(', ')} | ${fills} | ${defaultCell(o)} | ${cell(o.description)}.${example} |`;
  });
  return [head, ...rows].join('\n');
}

/** The markers around the generated table in README.md. */
const FLAG_TABLE_MARKERS = { start: '<!-- cli-flags:start -->', end: '<!-- cli-flags:end -->' } as const;

/** `readme` with the text between the markers replaced by {@link flagTable}. Throws when a marker is missing. */
export function withFlagTable(readme: string): string {
  const start = readme.indexOf(FLAG_TABLE_MARKERS.start);
  const end = readme.indexOf(FLAG_TABLE_MARKERS.end);
  if (start < 0 || end < start)
    throw new Error(
      `README.md needs the markers ${FLAG_TABLE_MARKERS.start} and ${FLAG_TABLE_MARKERS.end}, in this order`,
    );
  const note = '<!-- generated from src/cli/options.ts by `npm run docs:cli`: edit the table there -->';
  return `${readme.slice(0, start + FLAG_TABLE_MARKERS.start.length)}\n${note}\n${flagTable()}\n${readme.slice(end)}`;
}
