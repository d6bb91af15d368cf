/** Waiting that an abort signal can cut short: the two timing helpers of the retry loop and the limiter. */

/**
 * The longest delay a timer takes (2^31 − 1 ms, about 24.8 days): a longer one fires at once, with a
 * TimeoutOverflowWarning. Longer waits are slept in pieces of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Resolves after `ms` (checked against the clock, so it never ends early) or rejects with the
 * signal's reason as soon as it aborts.
 */
export function sleep(ms: number, signal: AbortSignal | null): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // Timers may fire a millisecond early against the wall clock: wait again until the deadline passed.
    const arm = (wait: number) => {
      timer = setTimeout(
        () => {
          const left = deadline - Date.now();
          if (left > 0) return arm(left);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.min(wait, MAX_TIMER_MS),
      );
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(ms);
  });
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
export function abortable(promise: Promise<void>, signal: AbortSignal | null): Promise<void> {
  if (signal === null) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
