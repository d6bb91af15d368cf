// Property-based tests (fast-check) over the filter builders, orderBy, the query checks and the path
// serialisation: 10,000+ generated cases in all. For each: nothing but ClerkInputError is thrown,
// invalid input is refused before anything is sent, and valid input arrives exactly as given when
// the URL is parsed the way a server parses it (WHATWG URL, form-decoded query, percent-decoded path).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClerkClient } from '../../src/client.ts';
import { ClerkInputError } from '../../src/errors/classes.ts';
import { exclude, filter, include, MAX_FILTER_IDS } from '../../src/filters.ts';
import { ORDER_BY_FIELDS, orderBy } from '../../src/order-by.ts';

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
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.array(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 3 })), { maxLength: 5 }), (calls) => {
        const signed: string[] = [];
        let conflict = false;
        for (const [including, ids] of calls) {
          for (const id of ids) {
            const value = (including ? '+' : '-') + id;
            if (signed.includes((including ? '-' : '+') + id)) conflict = true;
            if (!signed.includes(value)) signed.push(value);
          }
        }
        const built = outcome(() => calls.reduce((b, [including, ids]) => (including ? b.include(...ids) : b.exclude(...ids)), filter()).toArray());
        if (conflict) expect(built.ok).toBe(false);
        else expect(built.ok && [...built.value]).toEqual(signed);
      }),
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
      fc.asyncProperty(fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double(), fc.constantFrom(Number.NaN, Infinity, '10', null)), async (limit) => {
        const { client, urls } = recorder();
        const sent = await client.GET('/users', { params: { query: { limit: limit as number } } }).then(
          () => true,
          (error: unknown) => {
            expect(error).toBeInstanceOf(ClerkInputError);
            return false;
          },
        );
        const valid = limit === null || (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= 500);
        expect(sent).toBe(valid);
        if (!valid) expect(urls).toHaveLength(0);
        else if (limit !== null) expect(urls[0]?.searchParams.get('limit')).toBe(String(limit));
      }),
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
  const isValidPathValue = (value: string) => value.trim() !== '' && value !== '.' && value !== '..' && wellFormed(value);

  it('refuses collapsing path values before sending and sends every other one as exactly one segment', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(idLike, fc.constantFrom('', ' ', '.', '..', '...', '%2e', '/', '?', '#')), async (userId) => {
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
      }),
      { numRuns: RUNS },
    );
  });
});
