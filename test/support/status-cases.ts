// Each failing status, the error class it must become and a Clerk error code it might carry:
// shared by the errors and unwrap tests.
import {
  ClerkAPIError,
  ClerkAuthenticationError,
  ClerkNotFoundError,
  ClerkRateLimitError,
  ClerkValidationError,
} from '../../src/errors/classes.ts';

export const STATUS_CASES: ReadonlyArray<[status: number, errorClass: typeof ClerkAPIError, code: string]> = [
  [400, ClerkValidationError, 'form_param_missing'],
  [422, ClerkValidationError, 'form_identifier_exists'],
  [401, ClerkAuthenticationError, 'authentication_invalid'],
  [403, ClerkAuthenticationError, 'authorization_invalid'],
  [404, ClerkNotFoundError, 'resource_not_found'],
  [429, ClerkRateLimitError, 'too_many_requests'],
  [500, ClerkAPIError, 'internal_clerk_error'],
  [502, ClerkAPIError, 'bad_gateway'],
];
