/**
 * The `POST /users` request body, checked before it is sent: unknown fields, wrong types, values
 * outside an enum. The rules are a table whose shape the compiler derives from the generated body
 * type, so a field added to, removed from or retyped in the spec is a compile error here until the
 * table follows; no schema is interpreted or compiled at run time.
 */
import type { components } from '../../generated/schema.ts';
import type { BodyOf } from '../schema-types.ts';

/** A `POST /users` body as the spec defines it (snake_case): what {@link importUsers} takes per record. */
export type CreateUserBody = BodyOf<'/users', 'post'>;

/** A `PATCH /users/{user_id}` body. */
export type UpdateUserBody = BodyOf<'/users/{user_id}', 'patch'>;

/** Why a record was refused before anything was sent: a stable code and a message naming the field. */
export interface RecordProblem {
  /** `unknown_field`, `invalid_type`, `invalid_value`, `missing_external_id`, … */
  code: string;
  /** What is wrong, naming the field and what it accepts (never a secret field's value). */
  message: string;
}

type Scalar = 'string' | 'boolean' | 'integer' | 'object';
type ScalarOf<T> = [T] extends [string]
  ? 'string'
  : [T] extends [boolean]
    ? 'boolean'
    : [T] extends [number]
      ? 'integer'
      : 'object';

/** What one field accepts; its type is computed from the field's generated type, so the two cannot drift. */
type Rule<T> = [NonNullable<T>] extends [readonly (infer Item)[]]
  ? { array: ScalarOf<Item>; nullable: null extends T ? true : false; values?: readonly Item[] }
  : { type: ScalarOf<NonNullable<T>>; nullable: null extends T ? true : false; values?: readonly NonNullable<T>[] };

type Rules = { readonly [K in keyof Required<CreateUserBody>]: Rule<CreateUserBody[K]> };

type PasswordHasher = components['schemas']['PasswordHasher'];
type IdentificationStatus = NonNullable<CreateUserBody['email_address_identification_status']>[number];

/** Every hasher, checked both ways against the generated union (a missing or extra one fails to compile). */
const PASSWORD_HASHERS = [
  'bcrypt',
  'bcrypt_sha256_django',
  'md5',
  'md5_phpass',
  'pbkdf2_sha1',
  'pbkdf2_sha256',
  'pbkdf2_sha256_django',
  'pbkdf2_sha512',
  'pbkdf2_sha512_hex',
  'phpass',
  'scrypt_firebase',
  'scrypt_werkzeug',
  'sha256',
  'sha512_symfony',
  'ldap_ssha',
  'argon2i',
  'argon2id',
] as const satisfies readonly PasswordHasher[];
/** Compiles only when `T` is `true`: these checks cost no code at run time. */
type Expect<T extends true> = T;
/** `true` when every member of `Union` is in `Listed`. */
type AllListed<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : false;
// biome-ignore lint/correctness/noUnusedVariables: a compile-time check, used by no code
type HashersListed = Expect<AllListed<PasswordHasher, (typeof PASSWORD_HASHERS)[number]>>;
const IDENTIFICATION_STATUSES = ['verified', 'reserved'] as const satisfies readonly IdentificationStatus[];

const string = { type: 'string', nullable: true } as const;
const flag = { type: 'boolean', nullable: true } as const;
const strings = { array: 'string', nullable: false } as const;
const metadata = { type: 'object', nullable: false } as const;

/** The body's fields and what each accepts. */
const RULES: Rules = {
  external_id: string,
  first_name: string,
  last_name: string,
  locale: string,
  email_address: strings,
  email_address_identification_status: { array: 'string', nullable: false, values: IDENTIFICATION_STATUSES },
  phone_number: strings,
  phone_number_identification_status: { array: 'string', nullable: false, values: IDENTIFICATION_STATUSES },
  web3_wallet: strings,
  username: string,
  password: string,
  password_digest: string,
  password_hasher: { type: 'string', nullable: false, values: PASSWORD_HASHERS },
  skip_password_checks: flag,
  skip_password_requirement: flag,
  totp_secret: string,
  backup_codes: strings,
  public_metadata: metadata,
  private_metadata: metadata,
  unsafe_metadata: metadata,
  delete_self_enabled: flag,
  legal_accepted_at: string,
  skip_legal_checks: flag,
  skip_user_requirement: flag,
  create_organization_enabled: flag,
  create_organizations_limit: { type: 'integer', nullable: true },
  created_at: string,
  bypass_client_trust: flag,
  banned: flag,
  locked: flag,
};

/** The fields whose values are never repeated in a message (or anywhere else). */
export const SECRET_FIELDS = [
  'password',
  'password_digest',
  'totp_secret',
  'backup_codes',
] as const satisfies readonly (keyof CreateUserBody)[];

/** The create body's fields that `PATCH /users/{user_id}` also takes: what `onExisting: 'update'` sends. */
export const UPDATABLE_FIELDS = [
  'external_id',
  'first_name',
  'last_name',
  'locale',
  'username',
  'password',
  'password_digest',
  'password_hasher',
  'skip_password_checks',
  'totp_secret',
  'backup_codes',
  'delete_self_enabled',
  'create_organization_enabled',
  'legal_accepted_at',
  'skip_legal_checks',
  'create_organizations_limit',
  'created_at',
  'bypass_client_trust',
] as const satisfies readonly (keyof CreateUserBody & keyof UpdateUserBody)[];
// biome-ignore lint/correctness/noUnusedVariables: a compile-time check, used by no code
type UpdatableListed = Expect<
  AllListed<keyof CreateUserBody & keyof UpdateUserBody, (typeof UPDATABLE_FIELDS)[number]>
>;

/** The metadata objects, which an update merges with `PATCH /users/{user_id}/metadata`. */
export const METADATA_FIELDS = [
  'public_metadata',
  'private_metadata',
  'unsafe_metadata',
] as const satisfies readonly (keyof CreateUserBody)[];

/** One rule as the check reads it: the typed table, without the per-field types. */
interface RuntimeRule {
  type?: Scalar;
  array?: Scalar;
  nullable: boolean;
  values?: readonly unknown[];
}
/** A field's rule; undefined for a name the body does not have. */
const ruleOf = (field: string): RuntimeRule | undefined =>
  Object.hasOwn(RULES, field) ? (RULES as unknown as Record<string, RuntimeRule>)[field] : undefined;

function isScalar(value: unknown, type: Scalar): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'integer':
      return Number.isSafeInteger(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

const describe = (type: Scalar) =>
  type === 'object' ? 'an object' : type === 'integer' ? 'a whole number' : `a ${type}`;

/**
 * Checks one record against the `POST /users` body, plus what the import needs (an `external_id`).
 * Returns the first problem, or undefined when the record may be sent. Messages name the field and
 * what it accepts, and never repeat a value of a secret field.
 */
export function checkCreateBody(record: unknown): RecordProblem | undefined {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return {
      code: 'record_not_an_object',
      message: `a record must be a JSON object (a POST /users body), got ${Array.isArray(record) ? 'an array' : record === null ? 'null' : typeof record}`,
    };
  }
  for (const [field, value] of Object.entries(record)) {
    const rule = ruleOf(field);
    if (rule === undefined) {
      return {
        code: 'unknown_field',
        message: `${field} is not a field of a POST /users body (fields are snake_case, e.g. first_name, email_address)`,
      };
    }
    if (value === null) {
      if (rule.nullable) continue;
      return { code: 'invalid_type', message: `${field} must not be null` };
    }
    const shown = (SECRET_FIELDS as readonly string[]).includes(field) ? '' : ` ${JSON.stringify(value)}`;
    if (rule.array !== undefined) {
      if (!Array.isArray(value))
        return { code: 'invalid_type', message: `${field} must be an array of ${rule.array}s` };
      const index = value.findIndex((item) => !isScalar(item, rule.array as Scalar));
      if (index >= 0) return { code: 'invalid_type', message: `${field}[${index}] must be ${describe(rule.array)}` };
      const bad = rule.values === undefined ? -1 : value.findIndex((item) => !rule.values?.includes(item));
      if (bad >= 0)
        return { code: 'invalid_value', message: `${field}[${bad}] must be one of ${rule.values?.join(', ')}` };
      continue;
    }
    if (!isScalar(value, rule.type as Scalar))
      return {
        code: 'invalid_type',
        message: `${field} must be ${describe(rule.type as Scalar)}${rule.nullable ? ' or null' : ''}`,
      };
    if (rule.values !== undefined && !rule.values.includes(value)) {
      return { code: 'invalid_value', message: `${field}${shown} is not one of ${rule.values.join(', ')}` };
    }
  }
  const externalId = (record as { external_id?: unknown }).external_id;
  if (typeof externalId !== 'string' || externalId.trim() === '') {
    return {
      code: 'missing_external_id',
      message:
        'external_id is required: it identifies the record, so that running the import again never creates the user twice',
    };
  }
  if (/[\uD800-\uDFFF]/u.test(externalId)) {
    return {
      code: 'invalid_value',
      message: 'external_id holds a lone UTF-16 surrogate, which no URL can carry, so it could not be looked up',
    };
  }
  return undefined;
}

/**
 * What a field of the `POST /users` body holds: `string`, `boolean`, `integer`, `object` or `array`
 * (of strings), or undefined for a name the body does not have.
 */
export function createBodyFieldType(field: string): Scalar | 'array' | undefined {
  const rule = ruleOf(field);
  if (rule === undefined) return undefined;
  return rule.array !== undefined ? 'array' : rule.type;
}
