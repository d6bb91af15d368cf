// The README's reference tables against the code they describe, so a changed default cannot leave the
// documentation behind.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BASE_URL, RETRY_DEFAULTS } from '../../src/index.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The rows of the "Client options" table: option name → its default cell, without backticks. */
function clientOptionDefaults(): Map<string, string> {
  const section = readme.split('### Client options')[1]?.split('\n### ')[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.match(/^\| `(\w+)` \|.*?\| (.*?) \| [^|]*\|$/);
    if (cells) rows.set(cells[1] as string, (cells[2] as string).replaceAll('`', ''));
  }
  return rows;
}

describe("the README's client options table", () => {
  const defaults = clientOptionDefaults();

  it('lists every reliability option with the default that RETRY_DEFAULTS holds', () => {
    expect(defaults.get('maxRetries')).toBe(String(RETRY_DEFAULTS.maxRetries));
    expect(defaults.get('timeoutMs')).toBe(String(RETRY_DEFAULTS.timeoutMs));
    expect(defaults.get('maxRetryAfterMs')).toBe(String(RETRY_DEFAULTS.maxRetryAfterMs));
    expect(defaults.get('backoff')).toBe(
      `{ baseMs: ${RETRY_DEFAULTS.backoffBaseMs}, maxMs: ${RETRY_DEFAULTS.backoffMaxMs} }`,
    );
  });

  it('gives the default base URL that the client uses', () => {
    expect(defaults.get('baseUrl')).toBe(DEFAULT_BASE_URL);
  });

  it('names every option of createClerkClient, and no other', () => {
    const declared = readFileSync(new URL('../../src/client-options.ts', import.meta.url), 'utf8');
    const resilience = readFileSync(new URL('../../src/retry/options.ts', import.meta.url), 'utf8');
    const optionNames = (source: string, iface: string) => {
      const body = source.split(`interface ${iface}`)[1]?.split('\n}')[0] ?? '';
      return [...body.matchAll(/^ {2}(\w+)\?:/gm)].map((m) => m[1]);
    };
    const names = [
      ...optionNames(declared, 'ClerkClientOptions'),
      ...optionNames(resilience, 'ClerkClientResilienceOptions'),
    ];
    expect(names.length).toBeGreaterThan(8);
    expect([...defaults.keys()].sort()).toEqual(names.sort());
  });
});
