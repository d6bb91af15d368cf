/**
 * Organization memberships (from each user's `organization_ids`: the spec has no endpoint that
 * creates an organization, so seeds say who belongs where) and invitations (none can be sent
 * through this API, so every user has none).
 */
import type { components } from '../../../generated/schema.ts';
import { invalidParam } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { compareKeys, userSortKey } from '../query.ts';
import { json } from '../respond.ts';
import type { UserRecord } from '../user-record.ts';
import { recordOf } from './common.ts';

type Membership = components['schemas']['OrganizationMembership'];
const MEMBERSHIP_ORDER = [
  'phone_number',
  'email_address',
  'created_at',
  'first_name',
  'last_name',
  'username',
] as const;

function membership(record: UserRecord, organizationId: string): Membership {
  const { user } = record;
  return {
    id: `orgmem_${organizationId}_${user.id}`,
    object: 'organization_membership',
    role: 'org:member',
    role_name: 'Member',
    permissions: [],
    public_metadata: {},
    private_metadata: {},
    organization: {
      object: 'organization',
      id: organizationId,
      name: organizationId,
      slug: organizationId,
      has_image: false,
      max_allowed_memberships: 0,
      admin_delete_enabled: true,
      public_metadata: {},
      created_at: 0,
      updated_at: 0,
    },
    public_user_data: {
      user_id: user.id,
      first_name: user.first_name,
      last_name: user.last_name,
      profile_image_url: user.profile_image_url ?? user.image_url ?? null,
      image_url: user.image_url ?? '',
      has_image: user.has_image,
      identifier: user.email_addresses[0]?.email_address ?? user.username ?? user.id,
      username: user.username,
      banned: user.banned,
    },
    created_at: user.created_at,
    updated_at: user.created_at,
  };
}

function page<T>(call: Call, items: T[]): Response {
  const limit = Number(call.query.get('limit') ?? 10);
  const offset = Number(call.query.get('offset') ?? 0);
  return json(200, { data: items.slice(offset, offset + limit), total_count: items.length });
}

function instanceMemberships(call: Call): Response {
  const raw = call.query.get('order_by') ?? '-created_at';
  const direction = raw.startsWith('-') ? -1 : 1;
  const field = raw.replace(/^[+-]/, '');
  if (!(MEMBERSHIP_ORDER as readonly string[]).includes(field)) {
    throw invalidParam(
      'order_by',
      `order_by ${JSON.stringify(raw)} is not supported; use one of ${MEMBERSHIP_ORDER.join(', ')}, optionally prefixed with + or -.`,
    );
  }
  const records = [...call.state.store.values()].filter((r) => r.organization_ids.length > 0);
  const keyed = records.map((r) => ({ r, key: userSortKey(r.user, field as (typeof MEMBERSHIP_ORDER)[number]) }));
  keyed.sort((a, b) => compareKeys(a.key, a.r.user.id, b.key, b.r.user.id, direction));
  return page(
    call,
    keyed.flatMap(({ r }) => r.organization_ids.map((org) => membership(r, org))),
  );
}

/** Memberships of the instance and of one user; a user's invitations. */
export const organizationOperations: Operation[] = [
  { method: 'GET', template: '/organization_memberships', handle: instanceMemberships },
  {
    method: 'GET',
    template: '/users/{user_id}/organization_memberships',
    handle(call) {
      const record = recordOf(call);
      return page(
        call,
        record.organization_ids.map((org) => membership(record, org)),
      );
    },
  },
  {
    method: 'GET',
    template: '/users/{user_id}/organization_invitations',
    handle(call) {
      recordOf(call);
      return page(call, []);
    },
  },
];
