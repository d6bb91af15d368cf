/** The user collection: list, count, create, read, update, delete, bulk ban and unban. */
import { FakeClerkError, invalidParam } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { countUsers, listUsers } from '../query.ts';
import { json, userListResponse, userResponse } from '../respond.ts';
import { userFromInput, type User } from '../user-record.ts';
import { recordOf, recordWrite, updateRecord } from './common.ts';

const MAX_BULK_IDS = 50;

function bodyObject(call: Call): Record<string, unknown> {
  const body = call.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new FakeClerkError(400, 'malformed_request', 'malformed request', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** The fields create and update accept (the rest of the body is ignored). */
function writableFields(call: Call): Partial<User> {
  const given = bodyObject(call);
  const fields: Partial<User> = {};
  for (const name of ['first_name', 'last_name', 'external_id'] as const) {
    if (typeof given[name] === 'string' || given[name] === null) fields[name] = given[name] as string | null;
  }
  if (typeof given.public_metadata === 'object' && given.public_metadata !== null) fields.public_metadata = given.public_metadata as Record<string, unknown>;
  return fields;
}

function setBanned(call: Call, banned: boolean): Response {
  const ids = bodyObject(call).user_ids;
  if (!Array.isArray(ids) || !ids.every((id): id is string => typeof id === 'string')) {
    throw invalidParam('user_ids', 'user_ids must be an array of user id strings', 400);
  }
  if (ids.length < 1 || ids.length > MAX_BULK_IDS) {
    throw invalidParam('user_ids', `user_ids must hold between 1 and ${MAX_BULK_IDS} ids, got ${ids.length}`, 400);
  }
  const result: User[] = [];
  for (const id of new Set(ids)) {
    let record = call.state.store.get(id);
    if (record === undefined) continue;
    if (record.user.banned !== banned) record = updateRecord(call, record, (u) => ({ ...u, banned }));
    result.push(record.user);
  }
  return json(200, result);
}

/** The operations on `/users` and `/users/{user_id}`. */
export const userOperations: Operation[] = [
  {
    method: 'GET',
    template: '/users',
    handle: (call) => userListResponse(call.state, listUsers(call.state.store, call.query, call.state.queryOptions).map((r) => r.user)),
  },
  {
    method: 'GET',
    template: '/users/count',
    handle: (call) => json(200, { object: 'total_count', total_count: countUsers(call.state.store, call.query, call.state.queryOptions) }),
  },
  { method: 'POST', template: '/users/ban', handle: (call) => setBanned(call, true) },
  { method: 'POST', template: '/users/unban', handle: (call) => setBanned(call, false) },
  {
    method: 'POST',
    template: '/users',
    handle(call) {
      const { state } = call;
      const user = userFromInput(writableFields(call), { id: state.store.newId('user'), now: state.now(), newId: (p) => state.store.newId(p) });
      state.store.insert({ user, organization_ids: [] });
      recordWrite(call);
      return userResponse(state, user);
    },
  },
  { method: 'GET', template: '/users/{user_id}', handle: (call) => userResponse(call.state, recordOf(call).user) },
  {
    method: 'PATCH',
    template: '/users/{user_id}',
    handle(call) {
      const record = recordOf(call);
      const fields = writableFields(call);
      return userResponse(call.state, updateRecord(call, record, (u) => ({ ...u, ...fields })).user);
    },
  },
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
