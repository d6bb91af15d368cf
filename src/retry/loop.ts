/**
 * The retry loop beneath openapi-fetch: openapi-fetch's middleware sees one request and one final
 * response however many attempts were made. Each attempt is sent by src/transport.ts; whether to
 * retry is src/retry/policy.ts; the cool-down and the limiter are src/retry/limiter.ts.
 */
import type { CallContext } from '../call-context.ts';
import { discard, readBody, sendAttempt } from '../transport.ts';
import { createGate } from './limiter.ts';
import type { RetryEvent, RetrySettings } from './options.ts';
import { decideRetry, failureOf, isIdempotent, retriesFor } from './policy.ts';
import { parseRetryAfter } from './retry-after.ts';
import { sleep } from './sleep.ts';

/** Sends a call's request with retries; resolves to the response the call ends with. */
export type Send = (request: Request, call: CallContext) => Promise<Response>;

/** The sender of one client: one gate (cool-down and limiter) for all its calls. */
export function createSend(settings: RetrySettings): Send {
  const gate = createGate(settings.rateLimit, settings.perUserRateLimit);
  return async function send(request, call) {
    const { method, signal } = request;
    const retries = retriesFor(method, call.maxRetries);
    // A body can be sent once: keep an unsent copy while another attempt may follow.
    let spare = retries > 0 && request.body !== null ? request.clone() : undefined;
    let current = request;
    for (let attempt = 1; ; attempt++) {
      call.attempts = attempt;
      const release = gate.isOpen(call.user) ? undefined : await gate.enter(signal, call.user);
      let response: Response | undefined;
      let error: unknown;
      try {
        const answer = await sendAttempt(current, call);
        // While another attempt may follow, a read's body is read inside this one: a timeout or a
        // broken connection mid-body is then retried like one before the headers.
        if (answer.ok && call.readsText && attempt <= retries && isIdempotent(method)) await readBody(answer);
        response = answer;
      } catch (caught) {
        error = caught;
      }
      release?.();
      if (response?.ok) {
        call.response = response;
        return response;
      }
      if (signal.aborted && error !== undefined) throw error;

      const decision = decideRetry(
        {
          method,
          attempt,
          maxRetries: call.maxRetries,
          status: response?.status,
          retryAfterSeconds: response && parseRetryAfter(response.headers.get('retry-after')),
          failure: response ? undefined : failureOf(error),
        },
        settings,
        Math.random,
      );
      if (!decision.retry) {
        if (response !== undefined) {
          call.response = response;
          return response;
        }
        throw error;
      }
      // On a route Clerk limits per user, a 429 is that user's limit: it holds back that user's requests only.
      if (decision.coolDownMs > 0) gate.coolDown(decision.coolDownMs, call.user);
      // This answer is dropped: free its connection.
      if (response !== undefined) discard(response);
      notify(settings.onRetry, { attempt, delayMs: decision.delayMs, method, path: call.path }, response, error);
      await sleep(decision.delayMs, signal);
      if (spare !== undefined) {
        current = spare;
        spare = attempt < retries ? spare.clone() : undefined;
      }
    }
  };
}

function notify(
  onRetry: RetrySettings['onRetry'],
  event: RetryEvent,
  response: Response | undefined,
  error: unknown,
): void {
  if (!onRetry) return;
  if (response !== undefined) event.status = response.status;
  else event.error = error;
  try {
    onRetry(event);
  } catch {
    // A logging hook must not change what the call does.
  }
}
