// How the text of a flag becomes its value, one parser per kind of the option table. These check
// only what the text must look like; ranges and everything else the library checks are left to it.
import { ORDER_BY_FIELDS, type RateLimit } from '../index.ts';
import type { OptionSpec, ValueKind } from './options.ts';
import { UsageError } from './usage-error.ts';

/** A parsed flag value. */
export type Value = string | string[] | number | boolean | RateLimit | 'auto';

/** Parses `text` given to `option` (a `flag` has no text). Throws {@link UsageError}. */
export function parseValue(option: OptionSpec, text: string): Value {
  return PARSERS[option.kind](option, text);
}

const flag = (o: OptionSpec) => `--${o.name}`;

const PARSERS: Record<ValueKind, (option: OptionSpec, text: string) => Value> = {
  flag: (option) => option.set ?? true,
  text: (_option, text) => text,
  // Empty entries are passed on: the library says which one is empty, and why that matters.
  list: (_option, text) => text.split(',').map((v) => v.trim()),
  integer(option, text) {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value > (option.max ?? value)) {
      const range = option.max === undefined ? '' : ` from 0 to ${option.max}`;
      throw new UsageError(`${flag(option)} must be a whole number${range}, got ${JSON.stringify(text)}`);
    }
    return value;
  },
  time: (option, text) => parseTime(flag(option), text),
  choice(option, text) {
    const choices = option.choices ?? [];
    if (!choices.includes(text))
      throw new UsageError(`${flag(option)} must be ${choices.join(' or ')}, got ${JSON.stringify(text)}`);
    return text;
  },
  'order-by'(option, text) {
    // The library types order_by but does not check it at run time: the API would answer 422.
    const fields: readonly string[] = ORDER_BY_FIELDS['/users'];
    if (!fields.includes(text.replace(/^[+-]/, ''))) {
      throw new UsageError(
        `${flag(option)} ${JSON.stringify(text)} is not a field users can be sorted by; use one of ${fields.join(', ')}, with + (ascending) or - (descending)`,
      );
    }
    return text;
  },
  rate(option, text) {
    if (text === 'auto') return 'auto';
    const match = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(text);
    if (match === null) {
      throw new UsageError(
        `${flag(option)} must be auto or REQUESTS/SECONDS such as 50/10, got ${JSON.stringify(text)}`,
        "Give auto (Clerk's documented budget for the key: 1000 per 10 s for sk_live_, else 100 per 10 s) or your share of it, e.g. 50/10.",
      );
    }
    return { requests: Number(match[1]), perMs: Number(match[2]) * 1000 };
  },
};

/**
 * A point in time as Unix milliseconds: digits are taken as Unix ms; otherwise an ISO 8601 date
 * (`2024-05-01`) or date-time (`2024-05-01T12:00:00Z`); a date-time without a zone is UTC.
 */
function parseTime(flagName: string, text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  const ms =
    iso === null
      ? Number.NaN
      : Date.parse(iso[2] === undefined ? `${iso[1]}T00:00:00Z` : `${iso[1]}T${iso[2]}${iso[3] ?? 'Z'}`);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `${flagName} ${JSON.stringify(text)} is not a date: give an ISO date (2024-05-01), an ISO date-time (2024-05-01T12:00:00Z) or Unix milliseconds`,
    );
  }
  return ms;
}
