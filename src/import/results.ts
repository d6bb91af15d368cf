/**
 * What {@link importUsers} yields per record, and how a failure becomes the `error` of a result:
 * Clerk's code and message, with the key and the record's secrets (password, digest, TOTP secret,
 * backup codes) removed wherever they appear.
 */
import { ClerkAPIError, ClerkUsersError } from '../errors/classes.ts';
import { clerkErrorFromResponse } from '../errors/from-response.ts';
import { redactSecrets } from '../errors/redact.ts';
import { type CreateUserBody, type RecordProblem, SECRET_FIELDS } from './create-body.ts';

/**
 * How one record ended.
 * - `created`: this run created the user (also after an ambiguous failure, once a look-up found it).
 * - `existing`: a user with this `external_id` was there already; nothing was sent for it.
 * - `updated`: it was there, and `onExisting: 'update'` updated it.
 * - `failed`: Clerk refused it (for instance a 422: an email address taken by another user), or it
 *   kept failing; `error` says why. Running the import again retries it.
 * - `invalid`: refused before sending: not a valid `POST /users` body, no `external_id`, or an
 *   `external_id` that appeared earlier in the input.
 * - `new` (dry run only): no user has this `external_id`; a real run would create it.
 * - `valid` (dry run without a client only): the record is valid; nothing was looked up.
 */
export type ImportOutcome = 'created' | 'existing' | 'updated' | 'failed' | 'invalid' | 'new' | 'valid';

/** Why a record failed or was refused: Clerk's error code and message, or the local check's. */
export interface ImportErrorInfo {
  /** Clerk's error code (`form_identifier_exists`), or the local check's (`unknown_field`, `repeated_external_id`). */
  code: string;
  /** What went wrong, naming the field; Clerk's long message when it sent one. */
  message: string;
}

/**
 * One record's result. Results come in input order, one per record.
 * @example
 * { line: 3, external_id: 'crm_42', outcome: 'created', user_id: 'user_2x…' }
 */
export interface ImportResult {
  /** The record's 1-based position in the input. */
  line: number;
  /** The record's `external_id` (null when it had none, or it was not a string). */
  external_id: string | null;
  /** How the record ended. */
  outcome: ImportOutcome;
  /** The Clerk user, for `created`, `existing` and `updated`. */
  user_id?: string;
  /** For `failed` and `invalid`. Never holds the secret key, a password or a digest. */
  error?: ImportErrorInfo;
}

/**
 * Stands in for an input record that could not even be read (a line that is not JSON, a CSV row
 * with too many cells): feed it to {@link importUsers} in the record's place and it is reported
 * `invalid` with this code and message, so the results stay one per input record.
 * @example
 * yield new UnreadableRecord('invalid_json', 'line 7 is not JSON: Unexpected token }');
 */
export class UnreadableRecord {
  constructor(
    /** A stable code, e.g. `invalid_json`. */
    readonly code: string,
    /** What is wrong, naming the place in the input; it must not repeat secret values. */
    readonly message: string,
  ) {}
}

/** What a record's secrets are, to remove from any message about it. */
export function secretsOf(record: CreateUserBody): string[] {
  const secrets: string[] = [];
  for (const field of SECRET_FIELDS) {
    const value = record[field];
    if (typeof value === 'string' && value !== '') secrets.push(value);
    else if (Array.isArray(value))
      for (const item of value) if (typeof item === 'string' && item !== '') secrets.push(item);
  }
  return secrets;
}

/** The `error` of a result, from a local problem, a failed response or a thrown error. */
export function errorInfo(
  problem: RecordProblem | ClerkUsersError | unknown,
  secrets: readonly string[],
): ImportErrorInfo {
  let code = 'unknown_error';
  let message = 'unknown error';
  if (problem instanceof ClerkAPIError) {
    const first = problem.errors[0];
    code = first?.code ?? problem.code;
    message = first?.longMessage ?? first?.message ?? problem.message;
  } else if (problem instanceof ClerkUsersError) {
    code = problem.code;
    message = problem.message;
  } else if (typeof problem === 'object' && problem !== null && typeof (problem as RecordProblem).code === 'string') {
    code = (problem as RecordProblem).code;
    message = String((problem as RecordProblem).message);
  } else if (problem instanceof Error) {
    message = problem.message;
  }
  return { code, message: redactSecrets(message, secrets) };
}

/** The error a failed response stands for, as the client's `unwrap` would throw it. */
export function responseError(response: Response, body: unknown, method: string, path: string): ClerkAPIError {
  return clerkErrorFromResponse(response, body, { method, path });
}
