/**
 * Errors the emulator answers with: a class with Clerk's status, `code` and messages, and the
 * envelope Clerk sends (`errors[]` and `clerk_trace_id`).
 */
import type { components } from '../../generated/schema.ts';

type ClerkErrors = components['schemas']['ClerkErrors'];

/** A request the emulator refuses; the fetch handler turns it into Clerk's error envelope. */
export class FakeClerkError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage: string,
    readonly meta?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'FakeClerkError';
  }
}

/** A parameter with a bad value: Clerk's `form_param_value_invalid`, naming the parameter. */
export function invalidParam(param: string, longMessage: string, status = 422): FakeClerkError {
  return new FakeClerkError(status, 'form_param_value_invalid', 'is invalid', longMessage, { param_name: param });
}

/** A body or query field the operation does not take: Clerk's `form_param_unknown`. */
export function unknownParam(param: string): FakeClerkError {
  return new FakeClerkError(
    422,
    'form_param_unknown',
    'is unknown',
    `${param} is not a valid parameter for this request.`,
    { param_name: param },
  );
}

/** A required parameter that is missing: Clerk's `form_param_missing`. */
export function missingParam(param: string): FakeClerkError {
  return new FakeClerkError(422, 'form_param_missing', 'missing data', `${param} must be included.`, {
    param_name: param,
  });
}

/** An identifier (email address, phone number, username, external_id, …) another user holds. */
export function identifierExists(param: string): FakeClerkError {
  return new FakeClerkError(
    422,
    'form_identifier_exists',
    'That identifier is taken.',
    `That ${param.replace(/_/g, ' ')} is taken. Please try another.`,
    { param_name: param },
  );
}

/** Clerk's 404 for a resource that does not exist. */
export function notFound(longMessage: string): FakeClerkError {
  return new FakeClerkError(404, 'resource_not_found', 'not found', longMessage);
}

/** The body Clerk sends with an error status. */
export function errorBody(error: FakeClerkError, traceId: string): ClerkErrors {
  const entry: components['schemas']['ClerkError'] = {
    message: error.message,
    long_message: error.longMessage,
    code: error.code,
  };
  if (error.meta !== undefined) entry.meta = error.meta;
  return { errors: [entry], clerk_trace_id: traceId };
}
