// The spec's descriptions become the TSDoc users read in their editor: the warnings that protect
// users must be there, and nothing Clerk does not document (facts from Clerk's 2026-05-12 spec).
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { specPath } from '../support/prism.mjs';

interface Schema {
  description?: string;
  properties?: Record<string, Schema>;
}
interface Operation {
  operationId: string;
  description?: string;
  parameters?: Array<{ name: string; description?: string }>;
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
const spec = load(readFileSync(specPath, 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

function operation(id: string): Operation {
  for (const item of Object.values(spec.paths))
    for (const op of Object.values(item)) if (op.operationId === id) return op;
  throw new Error(`no operation ${id}`);
}
const bodyProperty = (id: string, name: string): string =>
  operation(id).requestBody?.content['application/json'].schema.properties?.[name]?.description ?? '';
const userProperty = (name: string): string => spec.components.schemas.User?.properties?.[name]?.description ?? '';

describe('spec descriptions', () => {
  it('does not claim PATCH /users/{user_id} takes metadata, and points to the metadata endpoints', () => {
    const text = operation('UpdateUser').description ?? '';
    expect(text).not.toMatch(/replace the stored value/i);
    expect(text).toContain('no metadata');
    expect(text).toContain('/users/{user_id}/metadata');
  });

  it('says a password can be removed with no other sign-in method and sessions stay unless asked', () => {
    const text = operation('RemoveUserPassword').description ?? '';
    expect(text).not.toMatch(/other sign-in methods must be used/);
    expect(text).toContain('no other way to sign in');
    expect(text).toContain('sign_out_of_other_sessions');
  });

  it('documents +/- prefixes on user_id and external_id of GET /users only, not of /users/count', () => {
    const describe = (id: string, name: string) =>
      operation(id).parameters?.find((p) => p.name === name)?.description ?? '';
    for (const name of ['user_id', 'external_id']) {
      expect(describe('GetUserList', name)).toContain('`+`');
      expect(describe('GetUsersCount', name)).not.toContain('`+`');
    }
  });

  it('says created_at and legal_accepted_at in the create and update bodies are date-time strings', () => {
    for (const id of ['CreateUser', 'UpdateUser']) {
      for (const name of ['created_at', 'legal_accepted_at'])
        expect(bodyProperty(id, name)).toContain('RFC 3339 date-time string');
    }
  });

  it('warns that replacing a second-factor phone number disables MFA and that unverified can lock the user out', () => {
    expect(operation('ReplaceUserPhoneNumber').description).toContain("disables the user's MFA");
    for (const id of ['ReplaceUserEmailAddress', 'ReplaceUserPhoneNumber']) {
      expect(operation(id).description).toContain('lock the user out');
      expect(bodyProperty(id, 'identification_status')).toContain('lock the user out');
    }
  });

  it('says what null and 0 mean on the lockout and organization-limit fields', () => {
    expect(userProperty('lockout_expires_in_seconds')).toMatch(/`null`.*never expires/);
    expect(userProperty('verification_attempts_remaining')).toMatch(/`null` when lockout is off/);
    expect(userProperty('create_organizations_limit')).toContain('`0` means no limit');
    for (const id of ['CreateUser', 'UpdateUser'])
      expect(bodyProperty(id, 'create_organizations_limit')).toContain('`0` means no limit');
  });

  it('states the password length and the identification-status ordering rules on create', () => {
    expect(bodyProperty('CreateUser', 'password')).toContain('at least 8 characters');
    expect(bodyProperty('CreateUser', 'email_address_identification_status')).toContain('matched by position');
    expect(bodyProperty('CreateUser', 'phone_number_identification_status')).toContain('matched by position');
  });

  it('says billing credit amounts are in cents and the currency defaults to USD', () => {
    const request = spec.components.schemas.AdjustCreditBalanceRequest?.properties ?? {};
    expect(request.amount?.description).toContain('cents');
    expect(request.currency?.description).toMatch(/USD.*default/);
  });
});
