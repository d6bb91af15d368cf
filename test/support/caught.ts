import { expect } from 'vitest';
import { ClerkInputError } from '../../src/errors/classes.ts';

// Returns what a promise rejected with, failing the test when it resolved instead, so a test can
// assert on the error's class and fields.
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Runs `fn`, expects it to throw a ClerkInputError, and returns that error for closer checks. */
export function inputErrorOf(fn: () => unknown): ClerkInputError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(ClerkInputError);
  return thrown as ClerkInputError;
}

/** `count` distinct ids: `user_1`, `user_2`, … (or with another prefix). */
export const ids = (count: number, prefix = 'user_') => Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
