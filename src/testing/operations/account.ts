/** One user's account state: ban, lock, metadata (deep merge or replace) and the profile image. */
import { FakeClerkError } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { userResponse } from '../respond.ts';
import type { User } from '../user-record.ts';
import { bodyOf, recordOf, updateRecord } from './common.ts';

type Metadata = Record<string, unknown>;
const METADATA = ['public_metadata', 'private_metadata', 'unsafe_metadata'] as const;

function isObject(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Clerk's metadata merge: objects merge key by key at every depth, `null` deletes a key, anything else replaces. */
function deepMerge(target: Metadata, patch: Metadata): Metadata {
  const out: Metadata = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (isObject(value) && isObject(out[key])) out[key] = deepMerge(out[key] as Metadata, value);
    else out[key] = structuredClone(value);
  }
  return out;
}

function setFlags(call: Call, change: Partial<User>): Response {
  return userResponse(call.state, updateRecord(call, recordOf(call), (u) => ({ ...u, ...change })).user);
}

function updateMetadata(call: Call, merge: boolean): Response {
  const body = bodyOf(call);
  const record = recordOf(call);
  const next = updateRecord(call, record, (u) => {
    const user = { ...u };
    for (const name of METADATA) {
      const given = body[name];
      if (!isObject(given)) continue;
      user[name] = (merge ? deepMerge((u[name] ?? {}) as Metadata, given) : structuredClone(given)) as never;
    }
    return user;
  });
  return userResponse(call.state, next.user);
}

async function setProfileImage(call: Call, request: Request): Promise<Response> {
  let file: unknown;
  try {
    file = (await request.formData()).get('file');
  } catch {
    throw new FakeClerkError(
      400,
      'form_param_missing',
      'missing data',
      'Send the image as multipart/form-data in the file field.',
      { param_name: 'file' },
    );
  }
  if (file === null || typeof file === 'string') {
    throw new FakeClerkError(
      400,
      'form_param_missing',
      'missing data',
      'file must be included, as a file part of multipart/form-data.',
      { param_name: 'file' },
    );
  }
  const record = recordOf(call);
  const version = call.state.now();
  const url = `https://img.example.invalid/${record.user.id}/${version}`;
  return userResponse(
    call.state,
    updateRecord(call, record, (u) => ({ ...u, has_image: true, image_url: url, profile_image_url: url })).user,
  );
}

/** Ban, unban, lock, unlock, metadata and profile image of one user. */
export const accountOperations: Operation[] = [
  { method: 'POST', template: '/users/{user_id}/ban', handle: (call) => setFlags(call, { banned: true }) },
  { method: 'POST', template: '/users/{user_id}/unban', handle: (call) => setFlags(call, { banned: false }) },
  {
    method: 'POST',
    template: '/users/{user_id}/lock',
    handle: (call) => setFlags(call, { locked: true, lockout_expires_in_seconds: null }),
  },
  {
    method: 'POST',
    template: '/users/{user_id}/unlock',
    handle: (call) => setFlags(call, { locked: false, lockout_expires_in_seconds: null }),
  },
  { method: 'PATCH', template: '/users/{user_id}/metadata', handle: (call) => updateMetadata(call, true) },
  { method: 'PUT', template: '/users/{user_id}/metadata', handle: (call) => updateMetadata(call, false) },
  { method: 'POST', template: '/users/{user_id}/profile_image', handle: (call) => setProfileImage(call, call.request) },
  {
    method: 'DELETE',
    template: '/users/{user_id}/profile_image',
    handle: (call) => {
      const record = recordOf(call);
      const url = `https://img.example.invalid/${record.user.id}`;
      return userResponse(
        call.state,
        updateRecord(call, record, (u) => ({ ...u, has_image: false, image_url: url, profile_image_url: url })).user,
      );
    },
  },
];
