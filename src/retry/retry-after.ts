/**
 * `Retry-After` (RFC 9110 §10.2.3): a non-negative whole number of seconds, or an HTTP date. Anything
 * else (`-5`, `0.5`, garbage) counts as absent, so the client falls back to its own back-off.
 */

/** IMF-fixdate and RFC 850, which name GMT themselves. */
const ZONED_HTTP_DATE =
  /^(?:[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4}|[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2}) \d{2}:\d{2}:\d{2} GMT$/;
/** asctime, which is GMT without saying so. */
const ASCTIME_DATE = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;

/**
 * Parses `Retry-After` into whole seconds from `now`, or undefined when the header is missing or is
 * neither a non-negative integer nor an HTTP date. A date in the past is 0.
 * @example
 * parseRetryAfter('120'); // 120
 * parseRetryAfter('0.5'); // undefined
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  let at = Number.NaN;
  if (ZONED_HTTP_DATE.test(trimmed)) at = Date.parse(trimmed);
  else if (ASCTIME_DATE.test(trimmed)) at = Date.parse(`${trimmed} GMT`);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
