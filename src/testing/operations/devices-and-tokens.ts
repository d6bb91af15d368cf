/**
 * Trusted devices (from seeds: no endpoint of the spec creates one) and OAuth access tokens (the
 * emulator talks to no OAuth provider, so it holds no token: every user answers an empty list).
 */
import { invalidParam, notFound } from '../errors.ts';
import type { Operation } from '../operation.ts';
import { json } from '../respond.ts';
import { recordOf, updateRecord } from './common.ts';

/** Trusted devices and OAuth access tokens of one user. */
export const deviceAndTokenOperations: Operation[] = [
  {
    method: 'GET',
    template: '/users/{user_id}/trusted_devices',
    handle(call) {
      const devices = recordOf(call).trustedDevices ?? [];
      return json(200, { data: devices, total_count: devices.length });
    },
  },
  {
    method: 'DELETE',
    template: '/users/{user_id}/trusted_devices/{trusted_device_id}',
    handle(call) {
      const record = recordOf(call);
      const id = call.params.trusted_device_id as string;
      const device = record.trustedDevices?.find((d) => d.id === id);
      if (device === undefined)
        throw notFound(`User ${record.user.id} has no trusted device with id ${JSON.stringify(id)}.`);
      const now = call.state.now();
      const revoked = { ...device, status: 'revoked' as const, revoked_at: device.revoked_at ?? now, updated_at: now };
      updateRecord(call, record, (u) => u, {
        trustedDevices: (record.trustedDevices ?? []).map((d) => (d.id === id ? revoked : d)),
      });
      return json(200, revoked);
    },
  },
  {
    method: 'GET',
    template: '/users/{user_id}/oauth_access_tokens/{provider}',
    handle(call) {
      recordOf(call);
      const provider = call.params.provider as string;
      if (!/^oauth_[a-z0-9_]+$/.test(provider))
        throw invalidParam(
          'provider',
          `provider must name an OAuth provider such as oauth_google, got ${JSON.stringify(provider)}.`,
        );
      return json(200, []);
    },
  },
];
