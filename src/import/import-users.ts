/**
 * importUsers(): streams records through validation, batched look-ups and creates, and yields one
 * result per record in input order. Memory is bounded by a window of records between "read" and
 * "result yielded" (plus 16 bytes per distinct `external_id`, see src/import/seen-ids.ts), so a
 * million records from a database cursor cost what a few hundred do.
 */
import type { ClerkUsersClient } from '../client.ts';
import { createContext, type ImportContext, type ImportOptions, LOOKUP_BATCH, stopRun } from './context.ts';
import { type CreateUserBody, checkCreateBody } from './create-body.ts';
import { lookUpExternalIds } from './lookup.ts';
import { type RecordEntry, settleRecord } from './record.ts';
import { type ImportResult, UnreadableRecord } from './results.ts';
import { SeenIds } from './seen-ids.ts';

/** Records between being read and their result being yielded, at most. */
const WINDOW = 3 * LOOKUP_BATCH;

/** One record's place in the window: its result once settled. */
interface Place {
  result: ImportResult | undefined;
  settled: Promise<void>;
}

/** Valid records waiting for their look-up, with their places. */
interface Batch {
  entries: RecordEntry[];
  places: Place[];
  resolvers: (() => void)[];
}

/**
 * Imports users from `records`, each a `POST /users` body with an `external_id`, exactly once: each
 * batch of up to 100 records is looked up by `external_id` first (`GET /users?external_id=+…`);
 * a user that exists is `existing` (or `updated`, with `onExisting: 'update'`); the others are
 * created. After an ambiguous failure (a 5xx, a reset connection, a timeout) the record is looked up
 * again before it is sent again, so running the same import twice, or after a crash, creates no
 * user twice. A 422 fails that record only, with Clerk's code and message; the import goes on.
 *
 * Records are checked first, without a request: unknown fields, wrong types, values outside an
 * enum, a missing `external_id` or one seen earlier in the input make the record `invalid`.
 *
 * Yields one {@link ImportResult} per record, in input order. Pace it with the client's `rateLimit`
 * (`'auto'`: Clerk's budget for the key); a 429 pauses the whole client for its `Retry-After`.
 * Rejects when the key is refused (401/403), when `records` throws, or when `signal` aborts; records
 * whose result was not yielded yet are then simply imported by the next run.
 *
 * @example
 * const clerk = createClerkClient({ rateLimit: 'auto' });
 * for await (const result of importUsers(clerk, rowsFromMyDatabase())) {
 *   if (result.outcome === 'failed' || result.outcome === 'invalid') console.error(result.line, result.error);
 * }
 */
export async function* importUsers(
  client: ClerkUsersClient | null,
  records: Iterable<CreateUserBody | UnreadableRecord> | AsyncIterable<CreateUserBody | UnreadableRecord>,
  options: ImportOptions = {},
): AsyncGenerator<ImportResult, void, undefined> {
  const context = createContext(client, options);
  const source = iteratorOf(records);
  const window: Place[] = [];
  const seen = new SeenIds();
  let batch: Batch = { entries: [], places: [], resolvers: [] };
  /** Records whose look-up was started and that have not settled. */
  let inFlight = 0;
  let line = 0;
  let finished = false;

  const flush = () => {
    if (batch.entries.length === 0) return;
    const { entries, places, resolvers } = batch;
    batch = { entries: [], places: [], resolvers: [] };
    inFlight += entries.length;
    startBatch(context, entries, places, resolvers, () => {
      inFlight--;
      // Nothing else to wait for: looking up a partial batch now beats waiting for a slow source.
      if (inFlight === 0) flush();
    });
  };

  // Waits end when one of the given promises settles or the run stops. Not a race with a promise
  // of the abort: that one never settles in a run that ends well, and each race would leave a
  // reaction on it, one per record.
  let wake: (() => void) | undefined;
  context.controller.signal.addEventListener('abort', () => wake?.(), { once: true });
  const waitFor = (...promises: Promise<unknown>[]) =>
    new Promise<void>((resolve) => {
      if (context.controller.signal.aborted) return resolve();
      wake = resolve;
      for (const promise of promises)
        promise.then(
          () => resolve(),
          () => resolve(),
        );
    });
  /** The source's next record once it arrived (or its error), and the wait for it. */
  let pulled: { value: IteratorResult<CreateUserBody | UnreadableRecord> } | { error: unknown } | undefined;
  let pulling: Promise<void> | undefined;
  const pull = () => {
    pulled = undefined;
    pulling = source.next().then(
      (value) => {
        pulled = { value };
      },
      (error: unknown) => {
        pulled = { error };
      },
    );
  };
  pull();
  try {
    for (;;) {
      while (window[0]?.result !== undefined) yield (window.shift() as Place).result as ImportResult;
      if (context.fatal !== undefined) throw context.fatal.error;
      // Aborted by the caller while nothing was in flight to report it.
      if (context.controller.signal.aborted) throw context.controller.signal.reason;
      if (pulling === undefined) {
        // The input ended: look up what is left, then wait for the rest in order.
        flush();
        const head = window[0];
        if (head === undefined) break;
        await waitFor(head.settled);
        continue;
      }
      if (window.length >= WINDOW) {
        // The head cannot be in the unflushed batch (a batch is smaller than the window): it will settle.
        await waitFor((window[0] as Place).settled);
        continue;
      }
      if (pulled === undefined) {
        await (window[0] === undefined ? waitFor(pulling) : waitFor(pulling, window[0].settled));
        if (pulled === undefined) continue;
      }
      if ('error' in pulled) {
        stopRun(context, pulled.error);
        continue;
      }
      if (pulled.value.done) {
        pulling = undefined;
        continue;
      }
      const record = pulled.value.value;
      pull();
      line++;
      const place = admit(record, line, seen);
      if ('result' in place) {
        window.push({ result: place.result, settled: Promise.resolve() });
        continue;
      }
      let resolve!: () => void;
      const waiting: Place = { result: undefined, settled: new Promise<void>((r) => (resolve = r)) };
      window.push(waiting);
      batch.entries.push(place.entry);
      batch.places.push(waiting);
      batch.resolvers.push(resolve);
      if (batch.entries.length === LOOKUP_BATCH || inFlight === 0) flush();
    }
    finished = true;
  } finally {
    if (!finished) {
      // Stopped early (a fatal error, an abort, a source that threw, or the caller's break): end what is in flight.
      context.controller.abort(context.fatal?.error);
      void source.return?.()?.catch(() => undefined);
    }
  }
}

/** Looks a batch up, then settles each record; `onSettled` runs once per record. */
function startBatch(
  context: ImportContext,
  entries: RecordEntry[],
  places: Place[],
  resolvers: (() => void)[],
  onSettled: () => void,
): void {
  const lookup = lookUpExternalIds(
    context,
    entries.map((entry) => entry.externalId),
  );
  entries.forEach((entry, index) => {
    lookup
      .then((found) => settleRecord(context, entry, found))
      .then(
        (result) => {
          (places[index] as Place).result = result;
        },
        (error: unknown) => stopRun(context, error),
      )
      .finally(() => {
        (resolvers[index] as () => void)();
        onSettled();
      });
  });
}

/** A record checked: a result at once (invalid), or an entry to look up. */
function admit(
  record: CreateUserBody | UnreadableRecord,
  line: number,
  seen: SeenIds,
): { result: ImportResult } | { entry: RecordEntry } {
  if (record instanceof UnreadableRecord) {
    return {
      result: { line, external_id: null, outcome: 'invalid', error: { code: record.code, message: record.message } },
    };
  }
  const given = (record as { external_id?: unknown } | null)?.external_id;
  const externalId = typeof given === 'string' ? given : null;
  // Every appearance counts, even in a record refused for another reason: the id is taken in this input.
  const isRepeat = externalId !== null && !seen.add(externalId);
  const problem = checkCreateBody(record);
  if (problem !== undefined) return { result: { line, external_id: externalId, outcome: 'invalid', error: problem } };
  if (isRepeat) {
    return {
      result: {
        line,
        external_id: externalId,
        outcome: 'invalid',
        error: {
          code: 'repeated_external_id',
          message: `external_id ${JSON.stringify(externalId)} appeared earlier in the input; each record needs its own`,
        },
      },
    };
  }
  return { entry: { line, externalId: externalId as string, body: record } };
}

function iteratorOf<T>(records: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (records !== null && typeof records === 'object' && Symbol.asyncIterator in records)
    return (records as AsyncIterable<T>)[Symbol.asyncIterator]();
  if (records !== null && typeof records === 'object' && Symbol.iterator in records) {
    const iterator = (records as Iterable<T>)[Symbol.iterator]();
    return {
      next: async () => iterator.next(),
      return: async () => iterator.return?.() ?? { done: true, value: undefined },
    };
  }
  throw new TypeError('importUsers: records must be an iterable or an async iterable of POST /users bodies');
}
