// Property-based tests (fast-check) over the filter builders, orderBy, the query checks and the path
// serialisation: 10,000+ generated cases in all. For each: nothing but ClerkInputError is thrown,
// invalid input is refused before anything is sent, and valid input arrives exactly as given when
// the URL is parsed the way a server parses it (WHATWG URL, form-decoded query, percent-decoded path).
// Then `Retry-After` (only non-negative whole seconds or an HTTP date yield a wait) and redaction (a
// key of any accepted shape, embedded anywhere in what a server answers, survives in no field).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { ClerkInputError, ClerkUsersError } from '../../src/errors/classes.ts';
import { redactSecrets } from '../../src/errors/redact.ts';
import { exclude, filter, include, MAX_FILTER_IDS } from '../../src/filters.ts';
import { ORDER_BY_FIELDS, orderBy } from '../../src/order-by.ts';
import { parseRetryAfter } from '../../src/retry/retry-after.ts';
import { unwrap } from '../../src/unwrap.ts';
import { placesHolding } from '../support/no-secret.ts';

const RUNS = 2000; // per property; six properties

/** A client whose fetch records the URL instead of sending it. */
function recorder() {
  const urls: URL[] = [];
  const client = createClerkClient({
    secretKey: 'sk_test_properties',
    baseUrl: 'http://127.0.0.1:9/v1',
    maxRetries: 0,
    fetch: async (request) => {
      urls.push(new URL(request.url));
      return Response.json([]);
    },
  });
  return { client, urls };
}

/** Runs `make` and reports what it returned or which ClerkInputError it threw; anything else fails the property. */
function outcome<T>(make: () => T): { ok: true; value: T } | { ok: false; error: ClerkInputError } {
  try {
    return { ok: true, value: make() };
  } catch (error) {
    if (!(error instanceof ClerkInputError)) throw error;
    return { ok: false, error };
  }
}

/** False for a string with a lone surrogate, which no URL can carry (`u` regexes match surrogates only when unpaired). */
const wellFormed = (text: string) => !/[\uD800-\uDFFF]/u.test(text);
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

// Strings from every corner: ASCII, full Unicode, lone surrogates, and URL-significant characters.
const anyString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.tuple(fc.string({ maxLength: 3 }), loneSurrogate, fc.string({ maxLength: 3 })).map((parts) => parts.join('')),
  fc.stringMatching(/^[ +\-./%?#&=\\;,:@!$'()*~_a-z0-9]{0,8}$/),
);
const idLike = fc.oneof(anyString, fc.stringMatching(/^user_[A-Za-z0-9]{1,27}$/));

/** The rules of include()/exclude() as documented, written out independently of the code. */
const isValidId = (id: string) => id.trim() !== '' && !id.startsWith('+') && !id.startsWith('-') && wellFormed(id);

describe('filter builders', () => {
  it('include()/exclude() refuse invalid ids and send valid ones exactly, with their sign', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(idLike, { maxLength: 6 }), fc.boolean(), async (ids, including) => {
        const { client, urls } = recorder();
        const built = outcome(() => (including ? include(...ids) : exclude(...ids)));
        const distinct = [...new Set(ids)];
        if (!ids.every(isValidId) || distinct.length > MAX_FILTER_IDS) {
          expect(built.ok).toBe(false);
          return;
        }
        if (!built.ok) throw built.error;
        const sign = including ? '+' : '-';
        expect([...built.value]).toEqual(distinct.map((id) => sign + id));
        const sent = outcome(() => client.GET('/users', { params: { query: { user_id: built.value } } }));
        if (!sent.ok) {
          // The only refusal left is the empty list, made at request time.
          expect(distinct).toHaveLength(0);
          expect(urls).toHaveLength(0);
          return;
        }
        await sent.value.catch((error: unknown) => {
          expect(distinct).toHaveLength(0);
          expect(error).toBeInstanceOf(ClerkInputError);
        });
        if (distinct.length === 0) {
          expect(urls).toHaveLength(0);
          return;
        }
        expect(urls[0]?.searchParams.getAll('user_id')).toEqual(distinct.map((id) => sign + id));
      }),
      { numRuns: RUNS },
    );
  });

  it('filter() keeps the order of mixed include/exclude calls and refuses an id both included and excluded', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.array(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 3 })), {
          maxLength: 5,
        }),
        (calls) => {
          const signed: string[] = [];
          let conflict = false;
          for (const [including, ids] of calls) {
            for (const id of ids) {
              const value = (including ? '+' : '-') + id;
              if (signed.includes((including ? '-' : '+') + id)) conflict = true;
              if (!signed.includes(value)) signed.push(value);
            }
          }
          const built = outcome(() =>
            calls
              .reduce((b, [including, ids]) => (including ? b.include(...ids) : b.exclude(...ids)), filter())
              .toArray(),
          );
          if (conflict) expect(built.ok).toBe(false);
          else expect(built.ok && [...built.value]).toEqual(signed);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('orderBy', () => {
  const paths = Object.keys(ORDER_BY_FIELDS) as (keyof typeof ORDER_BY_FIELDS)[];
  const knownFields = [...new Set(Object.values(ORDER_BY_FIELDS).flat())];

  it('accepts exactly the listed path/field/direction combinations, and the value reaches the server unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...paths), anyString),
        fc.oneof(fc.constantFrom(...knownFields), anyString),
        fc.oneof(fc.constantFrom('asc', 'desc', undefined), anyString),
        async (path, field, direction) => {
          const built = outcome(() => orderBy(path as '/users', field as 'created_at', direction as 'asc'));
          const valid =
            Object.hasOwn(ORDER_BY_FIELDS, path) &&
            (ORDER_BY_FIELDS[path as keyof typeof ORDER_BY_FIELDS] as readonly string[]).includes(field) &&
            (direction === undefined || direction === 'asc' || direction === 'desc');
          expect(built.ok).toBe(valid);
          if (!built.ok) return;
          expect(built.value).toBe((direction === 'desc' ? '-' : '+') + field);
          if (path !== '/users') return;
          const { client, urls } = recorder();
          await client.GET('/users', { params: { query: { order_by: built.value } } });
          expect(urls[0]?.searchParams.getAll('order_by')).toEqual([built.value]);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('query checks', () => {
  it('sends a limit only when it is an integer from 1 to 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.constantFrom(Number.NaN, Infinity, '10', null)),
        async (limit) => {
          const { client, urls } = recorder();
          const sent = await client.GET('/users', { params: { query: { limit: limit as number } } }).then(
            () => true,
            (error: unknown) => {
              expect(error).toBeInstanceOf(ClerkInputError);
              return false;
            },
          );
          const valid =
            limit === null || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= 500);
          expect(sent).toBe(valid);
          if (!valid) expect(urls).toHaveLength(0);
          else if (limit !== null) expect(urls[0]?.searchParams.get('limit')).toBe(String(limit));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('sends plain list and text parameters exactly as given, and refuses an empty list or a lone surrogate before sending', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyString, { maxLength: 5 }), anyString, async (emails, text) => {
        const { client, urls } = recorder();
        const sent = await client.GET('/users', { params: { query: { email_address: emails, query: text } } }).then(
          () => true,
          (error: unknown) => {
            expect(error).toBeInstanceOf(ClerkInputError);
            return false;
          },
        );
        expect(sent).toBe(emails.length > 0 && emails.every(wellFormed) && wellFormed(text));
        if (!sent) {
          expect(urls).toHaveLength(0);
          return;
        }
        const params = urls[0]?.searchParams;
        expect(params?.getAll('email_address')).toEqual(emails);
        expect(params?.get('query')).toBe(text);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('path serialisation', () => {
  /** What the documented path check refuses: values that URL parsing would collapse, or cannot encode. */
  const isValidPathValue = (value: string) =>
    value.trim() !== '' && value !== '.' && value !== '..' && wellFormed(value);

  it('refuses collapsing path values before sending and sends every other one as exactly one segment', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(idLike, fc.constantFrom('', ' ', '.', '..', '...', '%2e', '/', '?', '#')),
        async (userId) => {
          const { client, urls } = recorder();
          const sent = await client.GET('/users/{user_id}', { params: { path: { user_id: userId } } }).then(
            () => true,
            (error: unknown) => {
              expect(error).toBeInstanceOf(ClerkInputError);
              return false;
            },
          );
          expect(sent).toBe(isValidPathValue(userId));
          if (!sent) {
            expect(urls).toHaveLength(0);
            return;
          }
          const segments = (urls[0] as URL).pathname.split('/');
          expect(segments.slice(0, 3)).toEqual(['', 'v1', 'users']);
          expect(segments).toHaveLength(4);
          expect(decodeURIComponent(segments[3] as string)).toBe(userId);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('Retry-After', () => {
  // Header values from every corner: numbers of every shape (negative, fractional, signed, exponent),
  // HTTP dates and near-dates, arbitrary text, with whitespace around.
  const numberish = fc.oneof(
    fc.integer({ min: -1e6, max: 1e12 }).map(String),
    fc.double({ noNaN: false }).map(String),
    fc.constantFrom('-5', '0.5', '1.5', '+3', '1e3', '0x10', '', ' ', '5s', '٣'),
  );
  const dateish = fc
    .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
    .chain((date) => fc.constantFrom(date.toUTCString(), date.toISOString(), date.toString(), String(date.getTime())));
  const headerValue = fc
    .tuple(fc.constantFrom('', ' ', '\t'), fc.oneof(numberish, dateish, fc.string()), fc.constantFrom('', ' '))
    .map((parts) => parts.join(''));
  const NOW = Date.UTC(2030, 0, 1);

  it('yields a wait only for non-negative whole seconds or an HTTP date, and then a whole number of seconds 0 or more', () => {
    fc.assert(
      fc.property(headerValue, (value) => {
        const seconds = parseRetryAfter(value, NOW);
        const trimmed = value.trim();
        const wholeSeconds = /^[0-9]+$/.test(trimmed);
        // An HTTP date names its zone (IMF-fixdate, RFC 850) or is asctime: never a bare number or an ISO date.
        const httpDate =
          /GMT$/.test(trimmed) || /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/.test(trimmed);
        if (seconds !== undefined) {
          expect(Number.isSafeInteger(seconds) || (wholeSeconds && Number.isInteger(seconds))).toBe(true);
          expect(seconds).toBeGreaterThanOrEqual(0);
          expect(wholeSeconds || httpDate).toBe(true);
        }
        if (wholeSeconds) expect(seconds).toBe(Number(trimmed));
        if (!wholeSeconds && !httpDate) expect(seconds).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });

  it('reads an IMF-fixdate as the whole seconds from now until it, 0 once it has passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e10, max: 1e10 }), (offsetMs) => {
        const at = new Date(NOW + offsetMs);
        const expected = Math.max(0, Math.ceil((Math.floor(at.getTime() / 1000) * 1000 - NOW) / 1000));
        expect(parseRetryAfter(at.toUTCString(), NOW)).toBe(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('the client waits what a valid value says and falls back to its back-off for anything else', async () => {
    await fc.assert(
      fc.asyncProperty(headerValue, async (value) => {
        const delays: number[] = [];
        const controller = new AbortController();
        const client = createClerkClient({
          secretKey: 'sk_test_properties',
          baseUrl: 'http://127.0.0.1:9/v1',
          maxRetryAfterMs: Number.MAX_VALUE,
          backoff: { baseMs: 7, maxMs: 7 },
          onRetry: (event) => {
            delays.push(event.delayMs);
            controller.abort(new Error('seen'));
          },
          fetch: async () => new Response('{}', { status: 503, headers: { 'retry-after': value } }),
        });
        await client.GET('/users', { signal: controller.signal }).catch(() => undefined);
        expect(delays).toHaveLength(1);
        const seconds = parseRetryAfter(value);
        const delay = delays[0] as number;
        if (seconds === undefined) {
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(7);
        } else if (!/GMT$|\d{4}$/.test(value.trim()) || /^[0-9]+$/.test(value.trim())) {
          expect(delay).toBe(seconds * 1000);
        } else {
          // A date is read against the clock, which moved on a little between the two reads.
          expect(Math.abs(delay - seconds * 1000)).toBeLessThanOrEqual(1000);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('redaction', () => {
  // Keys the client accepts: `sk_` and key characters, `-` and `_` included.
  const key = fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/).map((rest) => `sk_${rest}`);
  /** Text around and between the copies of the key: anything, and the characters next to a key that matter. */
  const around = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom('bad_', 'x', '"', 'Bearer ', '-', '.', '/'),
  );
  const withKey = fc
    .tuple(key, fc.array(around, { minLength: 2, maxLength: 4 }))
    .map(([k, parts]) => ({ key: k, text: parts.join(k) }));

  it('the exact key, embedded anywhere in any text, survives in no field of the error a server answer makes', async () => {
    const shapes = ['clerk error', 'plain text', 'bad JSON 2xx', 'HTML 2xx', 'JSON string 2xx'] as const;
    await fc.assert(
      fc.asyncProperty(withKey, fc.constantFrom(...shapes), async ({ key: secret, text }, shape) => {
        const answer = (): Response => {
          const json = { 'content-type': 'application/json' };
          switch (shape) {
            case 'clerk error':
              return new Response(
                JSON.stringify({
                  errors: [{ code: text, message: text, long_message: text, meta: { [text]: text } }],
                  clerk_trace_id: text,
                }),
                { status: 422, headers: json },
              );
            case 'plain text':
              return new Response(text, {
                status: 500,
                headers: { 'content-type': 'text/plain', 'cf-ray': text.replace(/[^\x20-\x7e]/g, '') },
              });
            case 'bad JSON 2xx':
              return new Response(`${text}{`, { status: 200, headers: json });
            case 'HTML 2xx':
              return new Response(text, { status: 200, headers: { 'content-type': 'text/html' } });
            case 'JSON string 2xx':
              return new Response(JSON.stringify(text), { status: 200, headers: json });
          }
        };
        const client = createClerkClient({
          secretKey: secret,
          baseUrl: 'http://127.0.0.1:9/v1',
          maxRetries: 0,
          fetch: async () => answer(),
        });
        const error = await unwrap(client.GET('/users')).then(
          () => undefined,
          (caught: unknown) => caught,
        );
        expect(error).toBeInstanceOf(ClerkUsersError);
        expect(placesHolding(error, secret)).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it('key-shaped text survives in no text, even right after a word character, without the exact key', () => {
    const shaped = fc
      .tuple(fc.constantFrom('sk_live_', 'sk_test_', 'sk_prod_', 'sk_'), fc.stringMatching(/^[A-Za-z0-9_-]{6,40}$/))
      .map((p) => p.join(''));
    fc.assert(
      fc.property(shaped, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (k, before, after) => {
        // A key glued to a letter or digit before it is part of another word (task_list), by design.
        const prefix = /[A-Za-z0-9]$/.test(before) ? `${before} ` : before;
        expect(redactSecrets(`${prefix}${k}${after}`)).not.toContain(k.slice(3));
      }),
      { numRuns: RUNS },
    );
  });
});
