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
