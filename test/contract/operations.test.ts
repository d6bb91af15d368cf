// Every operation of the spec, called through the typed client against the real Prism server:
// Prism must find nothing wrong with the request, and the answer must be a typed 2xx body.
import { describe, expect, it } from 'vitest';
import { CLERK_API_VERSION } from '../../src/index.ts';
import {
  assertValidCall,
  CONTRACT_SECRET_KEY,
  createContractClient,
  type OperationId,
  specOperation,
} from '../support/contract.ts';
import { type OperationCall, operationCalls } from './operation-calls.ts';

const entries = Object.entries(operationCalls) as [OperationId, OperationCall][];

describe('every operation through the typed client against Prism', () => {
  it.each(entries)('%s sends a request Prism accepts and returns typed data', async (operationId, call) => {
    const harness = createContractClient();
    const sent = await call.send(harness.client);
    const exchange = harness.only();

    // The table's own method and path agree with the spec (so a wrong table entry cannot pass).
    const op = specOperation(operationId);
    expect(`${call.method} ${call.path}`).toBe(`${op.method} ${op.path}`);

    assertValidCall(exchange, {
      operationId,
      ...(call.pathParams ? { pathParams: call.pathParams } : {}),
      ...(call.query ? { query: call.query } : {}),
    });

    expect(
      exchange.headers.get('authorization') === `Bearer ${CONTRACT_SECRET_KEY}`,
      'Authorization carries the secret key as a Bearer token',
    ).toBe(true);
    expect(exchange.headers.get('clerk-api-version')).toBe(CLERK_API_VERSION);

    // The body that went out is the body passed, in the media type the spec lists.
    if (call.body !== undefined) await expectSentBody(exchange.request, call.body, op.requestContentTypes);

    expect(sent.error).toBeUndefined();
    sent.checkData();
  });
});

async function expectSentBody(request: Request, passed: unknown, mediaTypes: string[]) {
  const type = request.headers.get('content-type') ?? '';
  if (mediaTypes.includes('multipart/form-data')) {
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await request.formData();
    for (const [name, expected] of Object.entries(passed as Record<string, { type: string; size: number }>)) {
      const value = form.get(name);
      expect(value, `form field ${name} is a file`).toBeInstanceOf(Blob);
      expect({ type: (value as Blob).type, size: (value as Blob).size }).toEqual(expected);
    }
    return;
  }
  expect(type).toMatch(/^application\/json\b/);
  expect(await request.json()).toEqual(passed);
}
