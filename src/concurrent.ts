/**
 * The concurrent walks behind `paginate(…, { concurrency })`. Kept apart from pagination.ts because
 * the scheduling is its own concern: pagination.ts decides what to request, this file decides how
 * many requests run at once and how the work is cut.
 *
 * `GET /users` (created_at orderings): the `created_at` line is cut into ranges `[lo, hi)` (Unix ms),
 * each walked with the `starting_after` cursor inside `created_at_after` / `created_at_before`, at most
 * `concurrency` requests in flight. Exactly once holds because
 * - the ranges partition the line, and each range yields only the users it owns (`lo <= created_at < hi`):
 *   the bounds sent overlap the neighbours by a millisecond (`created_at_after = lo - 1`,
 *   `created_at_before = hi`), so whether the API's bounds are strict or not, each range sees all of
 *   its own users, and the one-millisecond overlap is dropped where the ranges meet;
 * - within a range, the cursor walk is the sequential walk (keyset over created_at and id);
 * - the oldest and the newest range are open-ended, so users created during the walk land in the newest
 *   one exactly as in a sequential walk.
 * Balance: the first page of the walk and one `limit=1` request for the far end of the list run
 * together; then the rest of the first range is cut into `concurrency` ranges evenly in time. Whenever
 * a request slot is idle and no range is waiting, the range whose page just arrived is split again
 * (its remaining time span cut in pieces), so a crowded stretch of time is shared out as it is found.
 */
import type { ClerkResponseError } from './errors/classes.ts';
import { responseError } from './errors/from-response.ts';
import { type Redact, redactKeyShaped } from './errors/redact.ts';

/** A page as fetched: the raw items and the endpoint's `total_count` (undefined for bare arrays). */
export interface FetchedPage {
  items: unknown[];
  totalCount: number | undefined;
}

/** Fetches one page with exactly this query; rejects with the client's typed errors. */
type FetchPage = (query: Record<string, unknown>, signal: AbortSignal | undefined) => Promise<FetchedPage>;

/** What the concurrent walks yield: one page's items (already capped by maxItems) and its total_count. */
export interface WalkedPage {
  items: unknown[];
  totalCount: number | undefined;
}

interface WalkSettings {
  path: string;
  fetchPage: FetchPage;
  /** The caller's query: filters, order_by, user bounds (no limit, no starting_after, no offset). */
  query: Record<string, unknown>;
  pageSize: number;
  maxItems: number;
  concurrency: number;
  signal: AbortSignal | undefined;
  /** The client's redactor, for errors that quote the server's ids. */
  redact: Redact;
}

/** A stretch of created_at owned by one cursor walk: `lo <= created_at < hi` (infinite ends are open). */
export interface Range {
  lo: number;
  hi: number;
  /** Id and created_at of the last user this range has seen (raw, before the ownership filter). */
  cursor?: { id: string; createdAt: number };
  /** Every id this range's walk has continued from: one coming back is a cycle. */
  cursors?: Set<string>;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/**
 * The error for a page the walk cannot continue from (list pages answer 200). Codes:
 * `unexpected_list_shape`, `cursor_not_advancing`, `offset_not_advancing`, `missing_cursor_id`,
 * `missing_created_at`. `redact` cleans the client's key from a message that quotes the server's ids.
 */
export function pageError(
  code: string,
  path: string,
  message: string,
  redact: Redact = redactKeyShaped,
): ClerkResponseError {
  return responseError({ method: 'GET', path, redact }, { code, message });
}

/**
 * Full pages in a row that hold only items already seen, after which an offset walk is declared
 * stuck (a server that ignores `offset`). One or two in a row happen when that many pages of items
 * were inserted ahead of the walk between two requests.
 */
const STALLED_PAGES = 3;

/**
 * Counts the full pages in a row that brought nothing new; throws `offset_not_advancing` when there
 * are {@link STALLED_PAGES}. Call once per page, in offset order.
 */
export function stallCheck(path: string): (full: boolean, fresh: number) => void {
  let stalled = 0;
  return (full, fresh) => {
    stalled = full && fresh === 0 ? stalled + 1 : 0;
    if (stalled >= STALLED_PAGES)
      throw pageError(
        'offset_not_advancing',
        path,
        `${stalled} full pages in a row held only items already seen: the server does not advance the offset`,
      );
  };
}

/** The cursor error: the walk came back to an id it already continued from (the same page, or a cycle). */
export function cursorSeenError(path: string, id: string, redact: Redact): ClerkResponseError {
  return pageError(
    'cursor_not_advancing',
    path,
    `the walk came back to ${id}, a cursor it already continued from`,
    redact,
  );
}

/** The page's items without repeats of an id within the page. */
export function uniqueById(items: unknown[]): unknown[] {
  const ids = new Set<unknown>();
  return items.filter((item) => {
    const id = (item as { id?: unknown } | null)?.id;
    if (id === undefined) return true;
    if (ids.has(id)) return false;
    ids.add(id);
    return true;
  });
}

function createdAtOf(item: unknown, path: string): number {
  const value = (item as { created_at?: unknown } | null)?.created_at;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw pageError(
      'missing_created_at',
      path,
      'a user has no numeric created_at to place it in a range of the concurrent walk',
    );
  }
  return value;
}

/** The id a cursor continues from; a page whose last item has none cannot be walked further. */
export function idOf(item: unknown, path: string): string {
  const id = (item as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '') {
    throw pageError('missing_cursor_id', path, 'the last item of the page has no id to continue from');
  }
  return id;
}

function optionalBound(query: Record<string, unknown>, name: string): number | undefined {
  const value = query[name];
  return typeof value === 'number' ? value : undefined;
}

/** The first and last millisecond of `range` that may still hold users not walked yet. */
function remainingEnds(range: Range, oldest: number, newest: number, ascending: boolean): [number, number] {
  let low = Math.max(range.lo, oldest);
  let high = Math.min(range.hi - 1, newest);
  // The cursor user is the last seen: what is left is at or after it (ascending) or at or before it.
  if (range.cursor !== undefined) {
    if (ascending) low = Math.max(low, range.cursor.createdAt);
    else high = Math.min(high, range.cursor.createdAt);
  }
  return [low, high];
}

/**
 * Cuts the part of `range` not walked yet into at most `pieces` ranges, evenly in time between the
 * remaining ends known so far (`oldest`..`newest`). The piece holding the cursor keeps it and comes
 * first in the result, the others follow in the walk's order. Returns the range itself when its
 * remaining span is a single millisecond (ties cannot be split by time).
 */
export function splitRange(range: Range, pieces: number, oldest: number, newest: number, ascending: boolean): Range[] {
  const [low, high] = remainingEnds(range, oldest, newest, ascending);
  const span = high - low + 1;
  const count = Math.min(pieces, span);
  if (!Number.isFinite(span) || count < 2) return [range];
  const cuts: number[] = [];
  for (let j = 1; j < count; j++) cuts.push(low + Math.floor((j * span) / count));
  const out: Range[] = [];
  let lo = range.lo;
  for (const cut of [...cuts, range.hi]) {
    out.push({ lo, hi: cut });
    lo = cut;
  }
  // The cursor lies in the first piece (ascending) or the last (descending): that piece walks on from it.
  const keeper = ascending ? out[0] : out[out.length - 1];
  if (range.cursor !== undefined && keeper !== undefined) {
    keeper.cursor = range.cursor;
    keeper.cursors = range.cursors;
  }
  return ascending ? out : out.reverse();
}

/**
 * The concurrent cursor walk of `GET /users`. Yields pages as they arrive: within a range in the
 * walk's order, ranges interleaved. At most `concurrency` requests in flight and `concurrency` pages
 * waiting for the consumer, so memory does not grow with the number of users.
 */
export async function* concurrentCursorWalk(settings: WalkSettings): AsyncGenerator<WalkedPage> {
  const { path, fetchPage, query, pageSize, concurrency } = settings;
  const ascending = query.order_by !== undefined && query.order_by !== '-created_at';
  const userAfter = optionalBound(query, 'created_at_after');
  const userBefore = optionalBound(query, 'created_at_before');
  // Our own abort stops in-flight requests when the consumer stops early or a request fails.
  const stop = new AbortController();
  const signal = settings.signal ? AbortSignal.any([settings.signal, stop.signal]) : stop.signal;
  let remaining = settings.maxItems;

  const rangeQuery = (range: Range, limit: number): Record<string, unknown> => {
    const q: Record<string, unknown> = { ...query, limit };
    // lo - 1 and hi: one millisecond wider than the range on each side, whatever the API's strictness.
    if (range.lo > Number.NEGATIVE_INFINITY)
      q.created_at_after = userAfter === undefined ? range.lo - 1 : Math.max(userAfter, range.lo - 1);
    if (range.hi < Number.POSITIVE_INFINITY)
      q.created_at_before = userBefore === undefined ? range.hi : Math.min(userBefore, range.hi);
    if (range.cursor !== undefined) q.starting_after = range.cursor.id;
    return q;
  };

  type Task =
    | { kind: 'page'; range: Range; limit: number; outcome: Outcome<FetchedPage> }
    | { kind: 'extent'; outcome: Outcome<FetchedPage> };
  // Settled tasks queue up in `done` (none is lost when several settle at once); `wake` resumes the loop.
  const inFlight = new Set<Promise<void>>();
  const done: Task[] = [];
  let wake: (() => void) | undefined;
  const launch = (make: () => Promise<Task>) => {
    const running = make().then((task) => {
      inFlight.delete(running);
      done.push(task);
      wake?.();
    });
    inFlight.add(running);
  };
  const launchPage = (range: Range) => {
    const limit = Math.min(pageSize, remaining);
    launch(async () => ({
      kind: 'page',
      range,
      limit,
      outcome: await settle(fetchPage(rangeQuery(range, limit), signal)),
    }));
  };

  const waiting: Range[] = [];
  const ready: WalkedPage[] = [];
  // The far end of the list (oldest for a descending walk, newest for an ascending one), with the
  // caller's filters: one request, sent together with the first page.
  let extent: { oldest: number; newest: number } | undefined;
  let extentPending = true;
  let firstCreatedAt: number | undefined;

  try {
    signal.throwIfAborted();
    launchPage({ lo: Number.NEGATIVE_INFINITY, hi: Number.POSITIVE_INFINITY });
    launch(async () => ({
      kind: 'extent',
      outcome: await settle(
        fetchPage({ ...query, order_by: ascending ? '-created_at' : '+created_at', limit: 1 }, signal),
      ),
    }));
    let farEnd: number | null | undefined; // null: nothing matches (at the time of asking)

    for (;;) {
      settings.signal?.throwIfAborted();
      if (ready.length > 0) {
        yield ready.shift() as WalkedPage;
        continue;
      }
      // Settled requests first: every range is back in `waiting` before the idle slots are counted.
      if (done.length === 0) {
        if (remaining <= 0 || (inFlight.size === 0 && waiting.length === 0)) return;
        // Until the far end is known the first range waits, so that it can be cut before walking on.
        if (!extentPending) {
          const known = extent;
          if (known !== undefined) {
            const idle = concurrency - inFlight.size - waiting.length;
            if (idle > 0 && waiting.length > 0) {
              // Split the range with the widest remaining span so the idle slots get work.
              const span = (r: Range) => {
                const [low, high] = remainingEnds(r, known.oldest, known.newest, ascending);
                return high - low;
              };
              waiting.sort((a, b) => span(b) - span(a));
              const widest = waiting.shift() as Range;
              waiting.unshift(...splitRange(widest, idle + 1, known.oldest, known.newest, ascending));
            }
          }
          while (waiting.length > 0 && inFlight.size < concurrency && remaining > 0)
            launchPage(waiting.shift() as Range);
        }
        if (inFlight.size === 0)
          throw new Error('clerk-users: the concurrent walk has ranges left but nothing to wait for (a bug)');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      const task = done.shift() as Task;
      if (!task.outcome.ok) {
        settings.signal?.throwIfAborted();
        throw task.outcome.error;
      }
      const page = task.outcome.value;
      if (task.kind === 'extent') {
        extentPending = false;
        const item = page.items[0];
        farEnd = item === undefined ? null : createdAtOf(item, path);
        if (farEnd !== null && firstCreatedAt !== undefined) {
          extent = ascending ? { oldest: firstCreatedAt, newest: farEnd } : { oldest: farEnd, newest: firstCreatedAt };
        }
        continue;
      }
      const { range, limit } = task;
      const full = page.items.length >= limit && page.items.length > 0;
      let next: Range['cursor'];
      if (full) {
        const last = page.items[page.items.length - 1];
        next = { id: idOf(last, path), createdAt: createdAtOf(last, path) };
        // Checked before the page is passed on: a page that leads back to a cursor was seen before.
        if (range.cursors?.has(next.id)) throw cursorSeenError(path, next.id, settings.redact);
      }
      const owned = uniqueById(page.items).filter((item) => {
        const createdAt = createdAtOf(item, path);
        return createdAt >= range.lo && createdAt < range.hi;
      });
      if (firstCreatedAt === undefined && page.items[0] !== undefined) {
        firstCreatedAt = createdAtOf(page.items[0], path);
        if (farEnd !== undefined && farEnd !== null) {
          extent = ascending ? { oldest: firstCreatedAt, newest: farEnd } : { oldest: farEnd, newest: firstCreatedAt };
        }
      }
      const emitted = owned.slice(0, remaining);
      remaining -= emitted.length;
      if (emitted.length > 0) ready.push({ items: emitted, totalCount: undefined });
      if (next === undefined || remaining <= 0) continue; // this range is done
      const cursors = range.cursors ?? new Set<string>();
      cursors.add(next.id);
      waiting.unshift({ ...range, cursor: next, cursors });
    }
  } finally {
    // Early return, a failure or the caller's abort: cancel whatever is still in flight.
    stop.abort();
    await Promise.allSettled([...inFlight]);
  }
}

interface OffsetSettings extends WalkSettings {
  /** Offset of the page after the first; `maxItems` counts from there. */
  offset: number;
  /** The first page, already fetched sequentially (it carries total_count). */
  first: FetchedPage;
  /** Keeps an item the first time its id is seen (offset pages shift when the list changes). */
  keep: (item: unknown) => boolean;
}

/**
 * The pages after the first of a `{ data, total_count }` endpoint, `concurrency` at a time, yielded in
 * offset order. Further offsets are requested while they are below the latest `total_count` seen.
 */
export async function* concurrentOffsetWalk(settings: OffsetSettings): AsyncGenerator<WalkedPage> {
  const { fetchPage, query, pageSize, concurrency, first, keep } = settings;
  const stalled = stallCheck(settings.path);
  const stop = new AbortController();
  const signal = settings.signal ? AbortSignal.any([settings.signal, stop.signal]) : stop.signal;
  let remaining = settings.maxItems;
  let total = first.totalCount ?? 0;
  const end = () => Math.min(total, settings.offset + settings.maxItems);
  let nextOffset = settings.offset;
  const queue: { limit: number; result: Promise<Outcome<FetchedPage>> }[] = [];
  try {
    for (;;) {
      while (queue.length < concurrency && nextOffset < end()) {
        const limit = Math.min(pageSize, end() - nextOffset);
        queue.push({ limit, result: settle(fetchPage({ ...query, offset: nextOffset, limit }, signal)) });
        nextOffset += limit;
      }
      const head = queue.shift();
      if (head === undefined) return;
      const outcome = await head.result;
      settings.signal?.throwIfAborted();
      if (!outcome.ok) throw outcome.error;
      const page = outcome.value;
      if (page.totalCount !== undefined) total = page.totalCount;
      const fresh = page.items.filter(keep);
      stalled(page.items.length >= head.limit, fresh.length);
      const emitted = fresh.slice(0, remaining);
      remaining -= emitted.length;
      yield { items: emitted, totalCount: page.totalCount };
      // A short page means the list shrank under us: stop here, as the sequential walk does.
      if (page.items.length < head.limit || remaining <= 0) return;
    }
  } finally {
    stop.abort();
    await Promise.allSettled(queue.map((q) => q.result));
  }
}
