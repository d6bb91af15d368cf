/**
 * Sending one request of an import: in a concurrency slot, with the run's signal, as an
 * {@link Attempt}; and the retry loop for requests that are safe to repeat (look-ups, updates).
 */
import { backoffMs, type ImportContext, sleep, stopRun } from './context.ts';
import { type Attempt, decideIdempotent } from './decide.ts';
import { responseError } from './results.ts';

/** One client call, given the run's signal. */
export type Call = (signal: AbortSignal) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Sends once; a rejection becomes `{ thrown }` rather than an exception. Each request gets a signal
 * of its own, which the run aborts with the others (see {@link ImportContext.inFlight}): a runtime's
 * `Request` may listen on the signal it is given until the request is collected, and on one signal
 * shared by the whole run those listeners would pile up by the thousand.
 */
export async function attemptOnce(context: ImportContext, call: Call): Promise<Attempt> {
  try {
    return await context.slots.run(() => {
      const run = context.controller.signal;
      if (run.aborted) return Promise.reject(run.reason);
      const own = new AbortController();
      context.inFlight.add(own);
      return call(own.signal).finally(() => context.inFlight.delete(own));
    });
  } catch (thrown) {
    return { thrown };
  }
}

/** The error an attempt stands for (undefined for a success). */
export function errorOf(attempt: Attempt, method: string, path: string): unknown {
  if ('thrown' in attempt) return attempt.thrown;
  if (attempt.response.ok) return undefined;
  return responseError(attempt.response, attempt.error, method, path);
}

/** What a repeatable request ended with: its data, or the error of its last attempt. */
export type Outcome = { ok: true; data: unknown } | { ok: false; error: unknown };

/**
 * Sends a request that is harmless to repeat until it succeeds, fails for good, or has used the
 * run's attempts. A fatal answer (the key refused, the run aborted) stops the run and throws.
 */
export async function sendRepeatable(
  context: ImportContext,
  call: Call,
  method: string,
  path: string,
): Promise<Outcome> {
  for (let attempt = 1; ; attempt++) {
    const result = await attemptOnce(context, call);
    const decision = decideIdempotent(result);
    if (decision.kind === 'done') return { ok: true, data: (result as { data?: unknown }).data };
    const error = errorOf(result, method, path);
    if (decision.kind === 'fatal') {
      stopRun(context, error);
      throw error;
    }
    if (decision.kind === 'failed' || attempt >= context.maxAttempts) return { ok: false, error };
    await sleep(context, decision.kind === 'wait' ? (decision.delayMs ?? backoffMs(attempt)) : backoffMs(attempt));
  }
}
