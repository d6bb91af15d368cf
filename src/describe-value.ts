/**
 * How the input checks talk about a caller's value: a short description that is safe in an error
 * message, and the one text property no URL can carry (a lone UTF-16 surrogate).
 */

/**
 * A short, safe description of any value for an error message.
 * @example
 * describeValue(null); // 'null'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Matches an unpaired UTF-16 surrogate (with the `u` flag, paired ones are one code point and do not match). */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * True when `text` holds an unpaired UTF-16 surrogate, which cannot be percent-encoded.
 * @example
 * hasLoneSurrogate('\uD800'); // true
 */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}
