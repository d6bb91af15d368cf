/** The user collection: list, count, create, read, update, delete, bulk ban and unban. */
import { invalidParam } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { countUsers, listUsers } from '../query.ts';
import { json, userListResponse, userResponse } from '../respond.ts';
import { type User, type UserRecord, userFromInput } from '../user-record.ts';
import { bodyOf, recordOf, recordWrite, updateRecord, withSecondFactors } from './common.ts';
import { applyUserFields } from './user-fields.ts';

type Status = 'verified' | 'reserved';

/** `values` with their `…_identification_status` entries (by position, exactly as many, or none). */
function identifications(body: Record<string, unknown>, name: string): { value: string; status: Status }[] {
  const values = (body[name] as string[] | undefined) ?? [];
  const statuses = (body[`${name}_identification_status`] as Status[] | undefined) ?? [];
  if (statuses.length > 0 && statuses.length !== values.length) {
    throw invalidParam(
      `${name}_identification_status`,
      `${name}_identification_status must hold one entry per ${name} (${values.length}), got ${statuses.length}.`,
    );
  }
  return values.map((value, i) => ({ value, status: statuses[i] ?? 'verified' }));
}

function setBanned(call: Call, banned: boolean): Response {
  const ids = bodyOf(call).user_ids as string[];
  const result: User[] = [];
  for (const id of new Set(ids)) {
    let record = call.state.store.get(id);
    if (record === undefined) continue;
    if (record.user.banned !== banned) record = updateRecord(call, record, (u) => ({ ...u, banned }));
    result.push(record.user);
  }
  return json(200, result);
}

async function createUser(call: Call): Promise<Response> {
  const { state } = call;
  const body = bodyOf(call);
  const now = state.now();
  const reserved = (status: Status) => (status === 'reserved' ? { reserved: true, verification: null } : {});
  const base = userFromInput(
    {
      email_addresses: identifications(body, 'email_address').map(({ value, status }) => ({
        email_address: value,
        ...reserved(status),
      })),
      phone_numbers: identifications(body, 'phone_number').map(({ value, status }) => ({
        phone_number: value,
        ...reserved(status),
      })),
      web3_wallets: ((body.web3_wallet as string[] | undefined) ?? []).map((w) => ({ web3_wallet: w })),
    },
    { id: state.store.newId('user'), now, newId: (p) => state.store.newId(p) },
  );
  const changes = await applyUserFields(base, body, now);
  const record: UserRecord = { organization_ids: [], ...changes.hidden, user: changes.user };
  const user = withSecondFactors(changes.user, record, now);
  if (body.created_at === undefined) user.updated_at = user.created_at;
  state.store.insert({ ...record, user });
  recordWrite(call);
  return userResponse(state, user);
}

async function updateUser(call: Call): Promise<Response> {
  const record = recordOf(call);
  const now = call.state.now();
  const changes = await applyUserFields(record.user, bodyOf(call), now);
  const hidden = { ...record, ...changes.hidden };
  const next = updateRecord(call, record, () => withSecondFactors(changes.user, hidden, now), changes.hidden);
  return userResponse(call.state, next.user);
}

/** The operations on `/users` and `/users/{user_id}`. */
export const userOperations: Operation[] = [
  {
    method: 'GET',
    template: '/users',
    handle: (call) =>
      userListResponse(
        call.state,
        listUsers(call.state.store, call.query, call.state.queryOptions).map((r) => r.user),
      ),
  },
  {
    method: 'GET',
    template: '/users/count',
    handle: (call) =>
      json(200, {
        object: 'total_count',
        total_count: countUsers(call.state.store, call.query, call.state.queryOptions),
      }),
  },
  { method: 'POST', template: '/users/ban', handle: (call) => setBanned(call, true) },
  { method: 'POST', template: '/users/unban', handle: (call) => setBanned(call, false) },
  { method: 'POST', template: '/users', handle: createUser },
  { method: 'GET', template: '/users/{user_id}', handle: (call) => userResponse(call.state, recordOf(call).user) },
  { method: 'PATCH', template: '/users/{user_id}', handle: updateUser },
  {
    method: 'DELETE',
    template: '/users/{user_id}',
    handle(call) {
      const record = recordOf(call);
      call.state.store.remove(record.user.id);
      recordWrite(call);
      return json(200, { id: record.user.id, object: 'user', deleted: true });
    },
  },
];
