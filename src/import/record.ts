/**
 * One record's way through an import, from its batch's look-up to its result:
 *
 *   found ──────────────▶ existing, or (onExisting: 'update') PATCH ─▶ updated | failed
 *   not found ─▶ POST ─┬▶ 2xx ─────────────────────────────────────▶ created
 *                      ├▶ 429 ─▶ wait Retry-After ─▶ POST again
 *                      ├▶ 5xx / reset / timeout ─▶ look up ─┬▶ found ─▶ created
 *                      │                                    └▶ not found ─▶ POST again
 *                      ├▶ 422 external_id taken ─▶ look up ─▶ created / existing
 *                      └▶ other 4xx ─▶ failed (Clerk's code and message)
 *
 * A create is sent again only once the look-up said the user is not there, so no attempt, however
 * it failed, can make a second user.
 */

import { backoffMs, type ImportContext, sleep, stopRun } from './context.ts';
import { type CreateUserBody, METADATA_FIELDS, UPDATABLE_FIELDS, type UpdateUserBody } from './create-body.ts';
import { decideCreate } from './decide.ts';
import { type LookupResult, lookUpExternalIds } from './lookup.ts';
import { errorInfo, type ImportResult, secretsOf } from './results.ts';
import { attemptOnce, errorOf, sendRepeatable } from './send.ts';

/** A valid record on its way: its place in the input, its identity and its body. */
export interface RecordEntry {
  line: number;
  externalId: string;
  body: CreateUserBody;
}

/** Settles one valid record, once its batch's look-up answered. Throws only when the run stops. */
export async function settleRecord(
  context: ImportContext,
  entry: RecordEntry,
  lookup: LookupResult,
): Promise<ImportResult> {
  if (!lookup.ok) return failed(entry, lookup.error);
  const userId = lookup.found.get(entry.externalId);
  if (context.dryRun) {
    if (userId !== undefined) return result(entry, 'existing', userId);
    return result(entry, context.client === null ? 'valid' : 'new');
  }
  if (userId !== undefined)
    return context.onExisting === 'update' ? update(context, entry, userId) : result(entry, 'existing', userId);
  return create(context, entry);
}

async function create(context: ImportContext, entry: RecordEntry): Promise<ImportResult> {
  const client = context.client;
  if (client === null) throw new Error('unreachable: a run that writes has a client');
  /** Whether an earlier attempt may have created the user: then finding it means this run created it. */
  let ambiguous = false;
  let lastError: unknown;
  for (let attempt = 1; attempt <= context.maxAttempts; attempt++) {
    const sent = await attemptOnce(context, (signal) => client.POST('/users', { body: entry.body, signal }));
    const decision = decideCreate(sent);
    if (decision.kind === 'done') return result(entry, 'created', (sent as { data: { id: string } }).data.id);
    lastError = errorOf(sent, 'POST', '/users');
    if (decision.kind === 'fatal') {
      stopRun(context, lastError);
      throw lastError;
    }
    if (decision.kind === 'failed') return failed(entry, lastError);
    if (decision.kind === 'wait') {
      await sleep(context, decision.delayMs ?? backoffMs(attempt));
      continue;
    }
    const check = await lookUpExternalIds(context, [entry.externalId]);
    if (!check.ok)
      return failed(
        entry,
        check.error,
        undefined,
        'the user may or may not have been created; run the import again to find out',
      );
    const userId = check.found.get(entry.externalId);
    if (userId !== undefined) {
      if (decision.kind === 'look-up' || ambiguous) return result(entry, 'created', userId);
      // Taken at the first clean attempt: another writer created it after this run's look-up.
      return context.onExisting === 'update' ? update(context, entry, userId) : result(entry, 'existing', userId);
    }
    if (decision.kind === 'taken') return failed(entry, lastError);
    ambiguous = true;
  }
  return failed(entry, lastError);
}

async function update(context: ImportContext, entry: RecordEntry, userId: string): Promise<ImportResult> {
  const client = context.client;
  if (client === null) throw new Error('unreachable: a run that writes has a client');
  const fields = pick(entry.body, UPDATABLE_FIELDS) as UpdateUserBody | undefined;
  // A create takes a null digest as "none"; an update takes no null there.
  if ((fields?.password_digest as unknown) === null) delete fields?.password_digest;
  if (fields !== undefined && Object.keys(fields).length > 0) {
    const sent = await sendRepeatable(
      context,
      (signal) => client.PATCH('/users/{user_id}', { params: { path: { user_id: userId } }, body: fields, signal }),
      'PATCH',
      '/users/{user_id}',
    );
    if (!sent.ok) return failed(entry, sent.error, userId);
  }
  const metadata = pick(entry.body, METADATA_FIELDS);
  if (metadata !== undefined) {
    const sent = await sendRepeatable(
      context,
      (signal) =>
        client.PATCH('/users/{user_id}/metadata', { params: { path: { user_id: userId } }, body: metadata, signal }),
      'PATCH',
      '/users/{user_id}/metadata',
    );
    if (!sent.ok) return failed(entry, sent.error, userId);
  }
  return result(entry, 'updated', userId);
}

/** The given fields of `body` that are present, or undefined when none is. */
function pick<K extends keyof CreateUserBody>(
  body: CreateUserBody,
  fields: readonly K[],
): Pick<CreateUserBody, K> | undefined {
  let picked: Pick<CreateUserBody, K> | undefined;
  for (const field of fields) {
    if (body[field] === undefined) continue;
    picked ??= {} as Pick<CreateUserBody, K>;
    picked[field] = body[field];
  }
  return picked;
}

function result(entry: RecordEntry, outcome: ImportResult['outcome'], userId?: string): ImportResult {
  const settled: ImportResult = { line: entry.line, external_id: entry.externalId, outcome };
  if (userId !== undefined) settled.user_id = userId;
  return settled;
}

function failed(entry: RecordEntry, error: unknown, userId?: string, note?: string): ImportResult {
  const settled = result(entry, 'failed', userId);
  const info = errorInfo(error, secretsOf(entry.body));
  if (note !== undefined) info.message = `${info.message} (${note})`;
  settled.error = info;
  return settled;
}
