// Every operation declares Clerk's 429 with Retry-After, so `Prefer: code=429` lets users exercise
// rate limiting against the Prism mock.
import { describe, expect, it } from 'vitest';
import { ClerkRateLimitError, unwrap } from '../../src/index.ts';
import { createContractClient, type OperationId, requestViolations, specOperation } from '../support/contract.ts';
import { type OperationCall, operationCalls } from './operation-calls.ts';

const calls = Object.entries(operationCalls) as [OperationId, OperationCall][];

describe('every operation answers Prefer: code=429 with Retry-After', () => {
  it('declares a 429 on every operation', () => {
    expect(calls.filter(([id]) => !specOperation(id).responseStatuses.includes('429')).map(([id]) => id)).toEqual([]);
  });

  it.each(calls)(
    '%s: a 429 with Retry-After becomes ClerkRateLimitError with retryAfter',
    async (_operationId, call) => {
      // Retries off: the mock would answer 429 again, and its Retry-After example is 7 s.
      const { client, only } = createContractClient({ headers: { Prefer: 'code=429' }, maxRetries: 0 });
      const sent = await call.send(client);
      expect(sent.response.status).toBe(429);
      expect(requestViolations(only().response)).toEqual([]);
      const error = await unwrap(Promise.resolve(sent)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClerkRateLimitError);
      expect((error as ClerkRateLimitError).retryAfter).toBe(7);
    },
  );
});
