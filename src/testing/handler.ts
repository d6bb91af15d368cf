/**
 * The emulator as a fetch handler, `(Request) => Promise<Response>`: served under `/v1` at any
 * origin (and at the root, so a base URL without the version works too). A request is recorded,
 * runs the hooks, waits the configured delay, then: authentication, routing, rate limits,
 * injected faults, validation against the spec, and only then the operation.
 */

import type { OperationSpec } from '../../generated/operation-spec.ts';
import { OPERATIONS } from '../../generated/operations.ts';
import { FakeClerkError, notFound } from './errors.ts';
import { takeFault } from './faults.ts';
import type { Call, Operation } from './operation.ts';
import { checkRateLimit } from './rate-limit.ts';
import { errorResponse, json } from './respond.ts';
import { createRouter } from './router.ts';
import type { EmulatorState, RecordedRequest } from './state.ts';
import { validateRequest } from './validate.ts';

function recordHeaders(headers: Headers): Record<string, string> {
  const recorded: Record<string, string> = {};
  headers.forEach((value, name) => {
    recorded[name] = value;
  });
  // Keep only the scheme: the credential itself is never stored.
  if (recorded.authorization !== undefined)
    recorded.authorization = /^bearer\s/i.test(recorded.authorization) ? 'Bearer [REDACTED]' : '[REDACTED]';
  return recorded;
}

function delay(state: EmulatorState, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      state.pendingDelays.delete(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    state.pendingDelays.add(done);
  });
}

function authenticate(state: EmulatorState, authorization: string | null): void {
  if (authorization === null) {
    throw new FakeClerkError(
      401,
      'authentication_invalid',
      'Invalid authentication',
      'No Authorization header: send Authorization: Bearer <secret key>.',
    );
  }
  const match = /^bearer\s+(.+)$/i.exec(authorization);
  if (match === null || match[1] !== state.secretKey) {
    throw new FakeClerkError(
      401,
      'authentication_invalid',
      'Invalid authentication',
      'The Authorization header does not hold a valid secret key for this instance.',
    );
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new FakeClerkError(400, 'malformed_request', 'malformed request', 'The request body is not valid JSON.');
  }
}

function faultResponse(state: EmulatorState, fault: { status: number; retryAfter?: number; body?: unknown }): Response {
  const retryAfter = fault.retryAfter ?? (fault.status === 429 ? 1 : undefined);
  const headers: Record<string, string> = retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  if (fault.body !== undefined) return json(fault.status, fault.body, headers);
  const error =
    fault.status === 429
      ? new FakeClerkError(429, 'too_many_requests', 'Too many requests', 'Too many requests, please retry later.')
      : new FakeClerkError(
          fault.status,
          fault.status >= 500 ? 'internal_clerk_error' : 'injected_error',
          'injected fault',
          `A fault injected with inject() answered ${fault.status}.`,
        );
  return errorResponse(state, error, headers);
}

/** A fetch handler over `state` serving `operations`. A dropped request (the instance closed meanwhile) answers `undefined`. */
export function createHandler(
  state: EmulatorState,
  operations: readonly Operation[],
): (request: Request) => Promise<Response | undefined> {
  const route = createRouter(operations);
  const specs = new Map<string, OperationSpec>(OPERATIONS.map((op) => [`${op.method} ${op.path}`, op]));
  return async (request) => {
    const url = new URL(request.url);
    const path = url.pathname.startsWith('/v1/') ? url.pathname.slice(3) : url.pathname;
    const recorded: RecordedRequest = {
      method: request.method,
      path,
      query: url.searchParams,
      headers: recordHeaders(request.headers),
    };
    state.requests.push(recorded);
    try {
      for (const hook of state.hooks) await hook(recorded);
      if (state.delayMs > 0) await delay(state, state.delayMs);
      if (state.closed) return undefined;
      authenticate(state, request.headers.get('authorization'));
      const match = route(request.method, path);
      const template = typeof match === 'object' ? match.operation.template : undefined;
      if (state.rateLimit !== undefined) {
        checkRateLimit(
          state.rateWindows,
          state.rateLimit,
          {
            method: request.method,
            template: template ?? path,
            userId: typeof match === 'object' ? match.params.user_id : undefined,
          },
          state.now(),
        );
      }
      const fault = takeFault(state.faults, request.method, template);
      if (fault !== undefined) return faultResponse(state, fault);
      if (match === 'malformed') throw notFound('No resource matches this malformed path segment.');
      if (match === undefined) throw notFound(`The fake Clerk server does not serve ${request.method} ${path}.`);
      const spec = specs.get(`${request.method} ${match.operation.template}`);
      const isJson = spec?.body?.contentType !== 'multipart/form-data';
      const bodyText = isJson && request.method !== 'GET' && request.method !== 'HEAD' ? await request.text() : '';
      const body = isJson ? parseBody(bodyText) : undefined;
      if (spec !== undefined) validateRequest(spec, url.searchParams, body);
      const call: Call = {
        state,
        method: request.method,
        template: match.operation.template,
        path,
        params: match.params,
        query: url.searchParams,
        bodyText,
        body,
        request,
      };
      return await match.operation.handle(call);
    } catch (error) {
      if (error instanceof FakeClerkError) {
        const retryAfter = error.status === 429 ? error.meta?.retry_after : undefined;
        if (typeof retryAfter === 'number') {
          return errorResponse(state, new FakeClerkError(429, error.code, error.message, error.longMessage, {}), {
            'retry-after': String(retryAfter),
          });
        }
        return errorResponse(state, error);
      }
      const message = error instanceof Error ? error.message : String(error);
      return errorResponse(
        state,
        new FakeClerkError(
          500,
          'fake_internal_error',
          'internal error',
          `The fake Clerk server failed (an onRequest hook may have thrown): ${message}`,
        ),
      );
    }
  };
}
