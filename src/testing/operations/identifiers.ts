/** A user's identifiers: replacing the email address or phone number, removing wallets, passkeys and external accounts. */
import { notFound } from '../errors.ts';
import type { Call, Operation } from '../operation.ts';
import { json } from '../respond.ts';
import { type User, VERIFIED } from '../user-record.ts';
import { bodyOf, recordOf, updateRecord, withSecondFactors } from './common.ts';

type Status = 'verified' | 'reserved' | 'unverified';

function verificationOf(status: Status) {
  return { reserved: status === 'reserved', verification: status === 'verified' ? VERIFIED : null };
}

function replaceEmail(call: Call): Response {
  const body = bodyOf(call);
  const record = recordOf(call);
  const now = call.state.now();
  const email = {
    id: call.state.store.newId('idn'),
    object: 'email_address' as const,
    email_address: body.email_address as string,
    linked_to: [],
    created_at: now,
    updated_at: now,
    ...verificationOf((body.identification_status as Status | undefined) ?? 'verified'),
  };
  updateRecord(call, record, (u) => ({ ...u, email_addresses: [email], primary_email_address_id: email.id }));
  return json(200, email);
}

function replacePhone(call: Call): Response {
  const body = bodyOf(call);
  const record = recordOf(call);
  const now = call.state.now();
  const phone = {
    id: call.state.store.newId('idn'),
    object: 'phone_number' as const,
    phone_number: body.phone_number as string,
    reserved_for_second_factor: false,
    default_second_factor: false,
    linked_to: [],
    created_at: now,
    updated_at: now,
    ...verificationOf((body.identification_status as Status | undefined) ?? 'verified'),
  };
  // A number reserved for second factor goes with the old numbers, which can turn MFA off.
  updateRecord(call, record, (u) =>
    withSecondFactors({ ...u, phone_numbers: [phone], primary_phone_number_id: phone.id }, record, now),
  );
  return json(200, phone);
}

/** Removes one entry of a user's list by id (404 when the user has none with that id). */
function removeEntry(
  call: Call,
  param: string,
  object: string,
  remove: (user: User, id: string) => User | undefined,
): Response {
  const record = recordOf(call);
  const id = call.params[param] as string;
  const changed = remove(record.user, id);
  if (changed === undefined)
    throw notFound(`User ${record.user.id} has no ${object.replace(/_/g, ' ')} with id ${JSON.stringify(id)}.`);
  updateRecord(call, record, () => changed);
  return json(200, { object, id, deleted: true });
}

/** Replacing the email address and phone number; deleting web3 wallets, passkeys and external accounts. */
export const identifierOperations: Operation[] = [
  { method: 'PUT', template: '/users/{user_id}/email_address', handle: replaceEmail },
  { method: 'PUT', template: '/users/{user_id}/phone_number', handle: replacePhone },
  {
    method: 'DELETE',
    template: '/users/{user_id}/web3_wallets/{web3_wallet_identification_id}',
    handle: (call) =>
      removeEntry(call, 'web3_wallet_identification_id', 'web3_wallet', (u, id) => {
        if (!u.web3_wallets.some((w) => w.id === id)) return undefined;
        const web3_wallets = u.web3_wallets.filter((w) => w.id !== id);
        return {
          ...u,
          web3_wallets,
          primary_web3_wallet_id:
            u.primary_web3_wallet_id === id ? (web3_wallets[0]?.id ?? null) : u.primary_web3_wallet_id,
        };
      }),
  },
  {
    method: 'DELETE',
    template: '/users/{user_id}/passkeys/{passkey_identification_id}',
    handle: (call) =>
      removeEntry(call, 'passkey_identification_id', 'passkey', (u, id) =>
        u.passkeys.some((p) => p.id === id) ? { ...u, passkeys: u.passkeys.filter((p) => p.id !== id) } : undefined,
      ),
  },
  {
    method: 'DELETE',
    template: '/users/{user_id}/external_accounts/{external_account_id}',
    handle: (call) =>
      removeEntry(call, 'external_account_id', 'external_account', (u, id) =>
        u.external_accounts.some((a) => a.id === id)
          ? { ...u, external_accounts: u.external_accounts.filter((a) => a.id !== id) }
          : undefined,
      ),
  },
];
