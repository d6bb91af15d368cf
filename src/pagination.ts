/**
 * `paginate(client, path, …)`: walks a list endpoint page by page, with the `starting_after` cursor on
 * `GET /users` (created_at orderings) and `limit`/`offset` elsewhere; src/concurrent.ts runs the
 * walks with `concurrency` > 1.
 */

import { redactorOf } from './call-context.ts';
import type { ClerkUsersClient } from './client.ts';
import {
  concurrentCursorWalk,
  concurrentOffsetWalk,
  cursorSeenError,
  type FetchedPage,
  idOf,
  pageError,
  stallCheck,
  uniqueById,
} from './concurrent.ts';
import { ClerkInputError } from './errors/classes.ts';
import type { QueryOf } from './exact-types.ts';
import { checkMaxItems, checkPaginate, LIMIT_RANGE } from './input-checks.ts';
import { usesCursor } from './order-by.ts';
import type { ListItem, PathParamsOf, PathsWithQueryParameter } from './schema-types.ts';
import { unwrap } from './unwrap.ts';

/** Every GET path whose response is a list and that pages with `limit` / `offset`. */
export type PaginatedPath = {
  [P in PathsWithQueryParameter<'limit'>]: [ListItem<P>] extends [never] ? never : P;
}[PathsWithQueryParameter<'limit'>];

/** Options every paginated call takes, besides the endpoint's own `params`. */
export interface PaginateOptions {
  /** Stop after this many items (no request is made for items past it). Default: no cap. */
  maxItems?: number;
  /** Aborting stops the walk promptly; the iterator rejects with the signal's reason (an AbortError). */
  signal?: AbortSignal;
  /** Extra headers for every page request. */
  headers?: Record<string, string>;
  /**
   * Page requests in flight at once (1 to `MAX_CONCURRENCY`, 32; default 1, the sequential walk).
   * `GET /users` cuts the walk into `created_at` ranges walked side by side, still exactly once; pages
   * are yielded as they arrive, so the order is no longer the API's (see {@link paginate}).
   * `{ data, total_count }` endpoints fetch offset pages ahead and still yield in order.
   */
  concurrency?: number;
}

/**
 * `params` of a paginated call: the endpoint's query (whose `limit` is the page size, 1..500,
 * default {@link DEFAULT_PAGE_SIZE}) and, where the path has them, its path parameters.
 */
export type PaginateInit<P extends PaginatedPath> = PaginateOptions &
  ([PathParamsOf<P>] extends [never] | [undefined]
    ? { params?: { query?: QueryOf<P, 'get'> } }
    : { params: { path: PathParamsOf<P>; query?: QueryOf<P, 'get'> } });

/** The arguments after `path`: the init is required where the path has parameters. */
export type PaginateArgs<P extends PaginatedPath> = [PathParamsOf<P>] extends [never] | [undefined]
  ? [init?: PaginateInit<P>]
  : [init: PaginateInit<P>];

/** One page as the API returned it. */
export interface Page<T> {
  /** The page's items (in offset mode, items already seen on an earlier page are dropped). */
  items: T[];
  /** `total_count` of `{ data, total_count }` endpoints; undefined for bare-array endpoints such as `GET /users`. */
  totalCount: number | undefined;
  /** How this page was requested. */
  mode: 'cursor' | 'offset';
  /** Zero-based page number. */
  index: number;
}

/** The type of {@link paginate}: the item walk, with `pages` and `collect` on it. */
export interface Paginate {
  /** Iterates every item of a list endpoint. */
  <P extends PaginatedPath>(client: ClerkUsersClient, path: P, ...init: PaginateArgs<P>): AsyncIterable<ListItem<P>>;
  /** Yields whole pages (`items`, `totalCount`, `mode`, `index`) instead of items. */
  pages<P extends PaginatedPath>(
    client: ClerkUsersClient,
    path: P,
    ...init: PaginateArgs<P>
  ): AsyncIterable<Page<ListItem<P>>>;
  /** Collects every item into an array; throws `max_items_exceeded` rather than truncating past `maxItems`. */
  collect<P extends PaginatedPath>(
    client: ClerkUsersClient,
    path: P,
    init: PaginateInit<P> & { maxItems: number },
  ): Promise<ListItem<P>[]>;
}

/** Page size when the query sets no `limit`: larger than the API's default of 10 to save round trips. */
export const DEFAULT_PAGE_SIZE = 100;
/** The API's largest `limit`. */
export const MAX_PAGE_SIZE = LIMIT_RANGE.max;

interface Plan {
  query: Record<string, unknown>;
  pageSize: number;
  maxItems: number;
  cursorMode: boolean;
  concurrency: number;
}

function plan(path: string, init: PaginateOptions & { params?: { query?: object } }): Plan {
  const query: Record<string, unknown> = { ...(init.params?.query ?? {}) };
  const maxItems = init.maxItems ?? Number.POSITIVE_INFINITY;
  const concurrency = init.concurrency ?? 1;
  const cursorMode = usesCursor(path, query.order_by);
  checkPaginate({ path, query, maxItems, concurrency, cursorMode });
  // The OAuth token list returns every token unless asked to page.
  if (path.includes('/oauth_access_tokens/') && query.paginated === undefined) query.paginated = true;
  return {
    query,
    pageSize: (query.limit as number | undefined) ?? DEFAULT_PAGE_SIZE,
    maxItems,
    cursorMode,
    concurrency,
  };
}

/** Fetches one page with this query through the client: typed errors, the caller's headers and signal. */
function pageFetcher(client: ClerkUsersClient, path: string, init: PaginateOptions & { params?: { path?: object } }) {
  return async (query: Record<string, unknown>, signal: AbortSignal | undefined): Promise<FetchedPage> => {
    const call = (
      client.GET as (p: string, i: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>
    )(path, {
      params: { ...init.params, query },
      ...(init.headers ? { headers: init.headers } : {}),
      ...(signal ? { signal } : {}),
    });
    const body = await unwrap(call);
    const items = readItems(body, path);
    const totalCount = Array.isArray(body) ? undefined : (body as { total_count?: number }).total_count;
    return { items, totalCount };
  };
}

/** The concurrent walks, as pages. A walk that yields nothing still yields one empty page, as the sequential one does. */
async function* walkPagesConcurrently<T>(
  client: ClerkUsersClient,
  path: string,
  init: PaginateOptions & { params?: { path?: object; query?: object } },
  planned: Plan,
): AsyncGenerator<Page<T>> {
  const { query, pageSize, maxItems, cursorMode, concurrency } = planned;
  const { signal } = init;
  const fetchPage = pageFetcher(client, path, init);
  const redact = redactorOf(client);
  let index = 0;
  if (cursorMode) {
    delete query.offset;
    const walk = concurrentCursorWalk({ path, fetchPage, query, pageSize, maxItems, concurrency, signal, redact });
    for await (const page of walk)
      yield { items: page.items as T[], totalCount: undefined, mode: 'cursor', index: index++ };
    if (index === 0) yield { items: [], totalCount: undefined, mode: 'cursor', index };
    return;
  }
  // Offset endpoints: the first page tells total_count, then the rest is fetched ahead in order.
  signal?.throwIfAborted();
  const offset = (query.offset as number | undefined) ?? 0;
  const limit = Math.min(pageSize, maxItems);
  const first = await fetchPage({ ...query, offset, limit }, signal);
  const seen = new Set<unknown>();
  const firstItems = first.items.filter((item) => keep(seen, item)).slice(0, maxItems);
  yield { items: firstItems as T[], totalCount: first.totalCount, mode: 'offset', index: index++ };
  const rest = maxItems - firstItems.length;
  if (first.items.length < limit || rest <= 0) return;
  if (first.totalCount === undefined) {
    // A bare list with no total_count cannot be fetched ahead: walk on one page at a time.
    const next = {
      ...init,
      concurrency: 1,
      maxItems: rest,
      params: { ...init.params, query: { ...query, offset: offset + first.items.length } },
    };
    for await (const page of walkPages<T>(client, path, next)) yield { ...page, index: index++ };
    return;
  }
  if (offset + first.items.length >= first.totalCount) return;
  const walk = concurrentOffsetWalk({
    path,
    fetchPage,
    query,
    pageSize,
    maxItems: rest,
    concurrency,
    signal,
    redact,
    offset: offset + first.items.length,
    first,
    keep: (item) => keep(seen, item),
  });
  for await (const page of walk)
    yield { items: page.items as T[], totalCount: page.totalCount, mode: 'offset', index: index++ };
}

async function* walkPages<T>(
  client: ClerkUsersClient,
  path: string,
  init: PaginateOptions & { params?: { path?: object; query?: object } },
): AsyncGenerator<Page<T>> {
  const planned = plan(path, init);
  if (planned.concurrency > 1) {
    yield* walkPagesConcurrently<T>(client, path, init, planned);
    return;
  }
  const { query, pageSize, maxItems, cursorMode } = planned;
  const { signal } = init;
  const fetchPage = pageFetcher(client, path, init);
  let offset = (query.offset as number | undefined) ?? 0;
  let cursor = query.starting_after as string | undefined;
  let remaining = maxItems;
  // Offset pages shift when users are created or deleted mid-walk; drop what was already seen.
  const seen = cursorMode ? undefined : new Set<unknown>();
  // A walk that stops making progress ends with an error: a cursor coming back, or offset pages of old items.
  const cursors = new Set<string>(cursor === undefined ? [] : [cursor]);
  const stalled = stallCheck(path);
  for (let index = 0; ; index++) {
    signal?.throwIfAborted();
    const limit = Math.min(pageSize, remaining);
    const pageQuery: Record<string, unknown> = { ...query, limit };
    if (cursorMode && cursor !== undefined) {
      pageQuery.starting_after = cursor;
      delete pageQuery.offset; // a non-zero offset next to a cursor is a 422
    } else if (!cursorMode || offset > 0) {
      pageQuery.offset = offset;
    }
    const { items: raw, totalCount } = await fetchPage(pageQuery, signal);
    const full = raw.length >= limit && raw.length > 0;
    const items = seen ? raw.filter((item) => keep(seen, item)) : uniqueById(raw);
    if (seen) stalled(full, items.length);
    const reachedTotal = totalCount !== undefined && offset + raw.length >= totalCount;
    const emitted = items.slice(0, remaining);
    remaining -= emitted.length;
    const isLast = !full || reachedTotal || remaining <= 0;
    // Checked before the page is passed on: a page that leads back to a cursor was seen before.
    const next = cursorMode && !isLast ? idOf(raw[raw.length - 1], path) : undefined;
    if (next !== undefined && cursors.has(next)) throw cursorSeenError(path, next, redactorOf(client));
    yield { items: emitted as T[], totalCount, mode: cursorMode ? 'cursor' : 'offset', index };

    if (isLast) return;
    offset += raw.length;
    if (next !== undefined) {
      cursors.add(next);
      cursor = next;
    }
  }
}

function readItems(body: unknown, path: string): unknown[] {
  if (Array.isArray(body)) return body;
  const data = (body as { data?: unknown } | null)?.data;
  if (Array.isArray(data)) return data;
  throw pageError('unexpected_list_shape', path, 'expected a JSON array or a { data, total_count } page');
}

function keep(seen: Set<unknown>, item: unknown): boolean {
  const id = (item as { id?: unknown } | null)?.id;
  if (id === undefined) return true; // nothing to dedupe by
  if (seen.has(id)) return false;
  seen.add(id);
  return true;
}

async function* walkItems<T>(pages: AsyncGenerator<Page<T>>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  for await (const page of pages) {
    for (const item of page.items) {
      signal?.throwIfAborted();
      yield item;
    }
  }
}

function pages<P extends PaginatedPath>(
  client: ClerkUsersClient,
  path: P,
  ...init: PaginateArgs<P>
): AsyncIterable<Page<ListItem<P>>> {
  return walkPages<ListItem<P>>(client, path, (init[0] ?? {}) as PaginateOptions);
}

async function collect<P extends PaginatedPath>(
  client: ClerkUsersClient,
  path: P,
  init: PaginateInit<P> & { maxItems: number },
): Promise<ListItem<P>[]> {
  const maxItems = init.maxItems;
  checkMaxItems(maxItems, 'collect()');
  const out: ListItem<P>[] = [];
  // Ask for one item more than allowed, to know whether the list is larger than the guard.
  for await (const item of walkItems(
    walkPages<ListItem<P>>(client, path, { ...(init as PaginateOptions), maxItems: maxItems + 1 }),
    init.signal,
  )) {
    if (out.length === maxItems) {
      throw new ClerkInputError(
        'max_items_exceeded',
        'maxItems',
        `${path} has more than maxItems (${maxItems}) items; raise maxItems or iterate with paginate() instead of collecting`,
      );
    }
    out.push(item);
  }
  return out;
}

/**
 * Iterates every item of a list endpoint, fetching pages as needed. Typed by the path: on
 * `'/users'` the items are Users, on `'/users/{user_id}/organization_memberships'` memberships.
 *
 * `GET /users` walks with the `starting_after` cursor whenever the ordering is `created_at` (the
 * default, `+created_at` or `-created_at`): every page costs the same and users created or deleted
 * during the walk are neither skipped nor repeated. Other orderings, and the other endpoints, walk
 * with `limit`/`offset`; items seen twice there (the list shifted) are dropped by id.
 * A walk stops on a page shorter than `limit`, an empty page, `total_count` reached or `maxItems`.
 *
 * `concurrency: N` keeps N page requests in flight. On `GET /users` (created_at orderings only) the
 * walk is cut into `created_at` ranges, each walked with the cursor; every user that exists for the
 * whole walk is still yielded exactly once, and users created meanwhile are treated as in the
 * sequential walk. Its order: pages are yielded as they arrive, each page in the requested order
 * (`-created_at` by default) and holding users of one range, pages of different ranges interleaved;
 * sort afterwards if order matters. Filters apply; `created_at_after` / `created_at_before` bound the
 * whole walk; `starting_after` or an offset cannot be combined with it. With `maxItems`, requests in
 * flight may fetch a little past it (nothing past it is yielded). On `{ data, total_count }`
 * endpoints the pages after the first are fetched N at a time and yielded in offset order.
 *
 * @example
 * for await (const user of paginate(clerk, '/users', { params: { query: { limit: 500 } } })) {
 *   console.log(user.id);
 * }
 * const pages = paginate.pages(clerk, '/organization_memberships');
 * const admins = await paginate.collect(clerk, '/users', { params: { query: { query: 'admin' } }, maxItems: 1000 });
 * for await (const user of paginate(clerk, '/users', { params: { query: { limit: 500 } }, concurrency: 4 })) backup(user);
 */
export const paginate: Paginate = Object.assign(
  function paginate<P extends PaginatedPath>(
    client: ClerkUsersClient,
    path: P,
    ...init: PaginateArgs<P>
  ): AsyncIterable<ListItem<P>> {
    const options = (init[0] ?? {}) as PaginateOptions;
    return walkItems(walkPages<ListItem<P>>(client, path, options), options.signal);
  },
  {
    /** Yields whole pages (`items`, `totalCount`, `mode`, `index`) instead of items. */
    pages,
    /** Collects every item into an array; throws `max_items_exceeded` rather than truncating past `maxItems`. */
    collect,
  },
);
