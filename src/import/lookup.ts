/**
 * Which `external_id`s already belong to a user: `GET /users?external_id=+a&external_id=+b…`, at
 * most {@link LOOKUP_BATCH} values a request. This look-up, not a journal, is what makes an import
 * exactly once: whatever an earlier run or an ambiguous attempt did, the server says what exists.
 */
import { MAX_PAGE_SIZE } from '../pagination.ts';
import { type ImportContext, LOOKUP_BATCH } from './context.ts';
import { sendRepeatable } from './send.ts';

/** The users found, by `external_id` (the oldest when several share one); or the error that ended the look-up. */
export type LookupResult = { ok: true; found: Map<string, string> } | { ok: false; error: unknown };

/** Looks up at most {@link LOOKUP_BATCH} distinct `external_id`s. */
export async function lookUpExternalIds(context: ImportContext, ids: readonly string[]): Promise<LookupResult> {
  const client = context.client;
  if (client === null || ids.length === 0) return { ok: true, found: new Map() };
  if (ids.length > LOOKUP_BATCH)
    throw new RangeError(`at most ${LOOKUP_BATCH} external ids per look-up, got ${ids.length}`);
  // Each value carries the include prefix, so an id that itself starts with "+" or "-" is read as
  // the id it is (include() refuses such ids, to catch a prefix given twice by mistake).
  const external_id = ids.map((id) => `+${id}`);
  const found = new Map<string, string>();
  for (let offset = 0; ; offset += MAX_PAGE_SIZE) {
    const outcome = await sendRepeatable(
      context,
      (signal) =>
        client.GET('/users', {
          params: { query: { external_id, limit: MAX_PAGE_SIZE, offset, order_by: '+created_at' } },
          signal,
        }),
      'GET',
      '/users',
    );
    if (!outcome.ok) return outcome;
    const users = outcome.data as { id: string; external_id?: string | null }[];
    for (const user of users) {
      if (typeof user.external_id === 'string' && !found.has(user.external_id)) found.set(user.external_id, user.id);
    }
    // More users than a page can only mean several users per external_id: read on, to be sure of all ids.
    if (users.length < MAX_PAGE_SIZE) return { ok: true, found };
  }
}
