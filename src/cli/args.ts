// Argument parsing of the `clerk-users` command, driven by the option table (options.ts). A small
// parser of its own rather than node:util parseArgs: a value may start with `-` (`--order-by
// -created_at`, `--user-id -user_123`), which parseArgs refuses as ambiguous.
import { COMMANDS, type CommandName, isCommandName, OPTIONS, type OptionSpec, optionsOf } from './options.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { parseValue, type Value } from './values.ts';

/** A command line for a command, parsed by the table: what fills the query, and the command's settings. */
export interface ParsedCommand {
  command: CommandName;
  /** The query parameters the flags fill, by parameter name. */
  query: Record<string, Value>;
  /** The command's own settings, by the table's `key`. */
  settings: Record<string, Value>;
}

/** What the command line asks for. */
export type Args = ParsedCommand | { command: 'help'; topic: CommandName | undefined } | { command: 'version' };

/** Parses the command line (without `node` and the script). Throws {@link UsageError}. */
export function parseCommandLine(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    return { command: 'help', topic: isCommandName(rest[0]) ? rest[0] : undefined };
  }
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (!isCommandName(command)) {
    throw new UsageError(
      `unknown command ${JSON.stringify(command)}: use ${Object.keys(COMMANDS)
        .map((c) => `\`clerk-users ${c}\``)
        .join(', ')}`,
    );
  }
  const positionals: string[] = [];
  const given = readFlags(command, rest, positionals);
  if (given.has('help')) return { command: 'help', topic: command };
  const parsed: ParsedCommand = { command, query: {}, settings: {} };
  const positional = COMMANDS[command].positional;
  if (positional !== undefined && positionals[0] !== undefined) parsed.settings[positional.key] = positionals[0];
  const filledBy = new Map<string, OptionSpec>();
  for (const option of optionsOf(command)) {
    let value = given.get(option.name);
    const byDefault = option.commandDefaults?.[command] ?? (option.appliesDefault ? option.default : undefined);
    if (value === undefined && byDefault !== undefined) value = flagValue(option, byDefault, helpHint(command));
    if (value === undefined) continue;
    const target = `${option.fills}:${option.key}`;
    const other = filledBy.get(target);
    if (other !== undefined)
      throw new UsageError(
        `--${other.name} and --${option.name} exclude each other: give one of them`,
        helpHint(command),
      );
    filledBy.set(target, option);
    (option.fills === 'query' ? parsed.query : parsed.settings)[option.key] = value;
  }
  return parsed;
}

/**
 * Reads `--name value`, `--name=value`, `-x value`, `-xvalue` and `-xy` (flags) into values by option
 * name, and the command's one positional argument, if it takes one, into `positionals`.
 */
function readFlags(command: CommandName, args: readonly string[], positionals: string[]): Map<string, Value> {
  const positional = COMMANDS[command].positional;
  const options = optionsOf(command);
  const long = new Map(options.map((o) => [o.name, o]));
  const short = new Map(options.filter((o) => o.short !== undefined).map((o) => [o.short as string, o]));
  const isFlag = (text: string) =>
    text.startsWith('--')
      ? long.has(text.slice(2).split('=')[0] as string)
      : /^-.$/.test(text) && short.has(text.slice(1));
  const values = new Map<string, Value>();
  const hint = helpHint(command);

  const take = (option: OptionSpec, spelled: string, inline: string | undefined, next: () => string | undefined) => {
    let text: string | undefined;
    if (option.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`${spelled} takes no value, got ${JSON.stringify(inline)}`, hint);
    } else {
      text = inline ?? next();
      if (text === undefined) throw new UsageError(`${spelled} needs a value (${option.value})`, hint);
      if (inline === undefined && isFlag(text)) {
        throw new UsageError(
          `${spelled} needs a value (${option.value}) but is followed by the flag ${text}; write ${spelled}=${text} if that is the value`,
          hint,
        );
      }
    }
    const value = flagValue(option, text ?? '', hint);
    const before = values.get(option.name);
    if (before !== undefined && option.kind !== 'list')
      throw new UsageError(`--${option.name} is given twice: give it once`, hint);
    values.set(option.name, Array.isArray(before) && Array.isArray(value) ? [...before, ...value] : value);
  };

  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const next = () => args[++i];
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const option = long.get(name);
      if (option === undefined) throw unknownFlag(`--${name}`, command);
      take(option, `--${name}`, eq < 0 ? undefined : arg.slice(eq + 1), next);
    } else if (arg.startsWith('-') && arg.length > 1 && arg !== '--') {
      const option = short.get(arg[1] as string);
      if (option === undefined) throw unknownFlag(arg.slice(0, 2), command);
      if (option.kind !== 'flag' || arg.length === 2) {
        take(option, `-${option.short}`, arg.length > 2 ? arg.slice(2).replace(/^=/, '') : undefined, next);
        continue;
      }
      // A group of one-letter flags, the last of which may take the rest as its value: `-qh`, `-qo FILE`, `-qoFILE`.
      for (let at = 1; at < arg.length; at++) {
        const each = short.get(arg[at] as string);
        if (each === undefined) throw unknownFlag(`-${arg[at]}`, command);
        if (each.kind === 'flag') {
          take(each, `-${each.short}`, undefined, next);
          continue;
        }
        take(each, `-${each.short}`, at + 1 < arg.length ? arg.slice(at + 1) : undefined, next);
        break;
      }
    } else if (positional !== undefined && positionals.length === 0) {
      positionals.push(arg);
    } else {
      const takes = positional === undefined ? 'takes flags only' : `takes one ${positional.value} and flags`;
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)}: clerk-users ${command} ${takes}`, hint);
    }
  }
  return values;
}

/** {@link parseValue}, its errors pointed at this command's help unless they carry a hint of their own. */
function flagValue(option: OptionSpec, text: string, hint: string): Value {
  try {
    return parseValue(option, text);
  } catch (error) {
    if (error instanceof UsageError && error.hint === helpHint(undefined)) throw new UsageError(error.message, hint);
    throw error;
  }
}

function unknownFlag(spelled: string, command: CommandName): UsageError {
  const elsewhere = OPTIONS.find((o) => `--${o.name}` === spelled || `-${o.short}` === spelled);
  const where = elsewhere === undefined ? '' : ` (it is a flag of clerk-users ${elsewhere.commands.join(' and ')})`;
  return new UsageError(`unknown flag ${spelled} for clerk-users ${command}${where}`, helpHint(command));
}
