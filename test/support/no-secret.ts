// Every way an error can end up in a log, an issue or a crash report, searched for a secret: the
// message, stack, JSON, `util.inspect` (hidden properties and causes included), each own property,
// and the cause chain. Shared by the redaction tests and the property tests.
import { inspect } from 'node:util';

/** The texts an error shows, by where they come from. */
export function errorTexts(err: unknown): Record<string, string> {
  const error = err as Error;
  const places: Record<string, string> = {
    message: String(error.message),
    stack: String(error.stack),
    json: JSON.stringify(error) ?? '',
    inspect: inspect(error, { depth: 10, showHidden: true }),
    string: String(error),
  };
  for (const key of Reflect.ownKeys(error)) {
    places[`property ${String(key)}`] = inspect((error as unknown as Record<PropertyKey, unknown>)[key], {
      depth: 10,
      showHidden: true,
    });
  }
  let depth = 0;
  for (let cause = (error as { cause?: unknown }).cause; cause !== undefined && depth < 8; depth++) {
    places[`cause ${depth} message`] = cause instanceof Error ? cause.message : String(cause);
    places[`cause ${depth} inspect`] = inspect(cause, { depth: 10, showHidden: true });
    cause = (cause as { cause?: unknown }).cause;
  }
  return places;
}

/** Stack frames name code locations, not data (`node:internal/process/task_queues` holds `sk_q`). */
const FRAMES = /^\s*'?\s*at [^\n]*:\d+:\d+\)?(?:\\n)?'?(?: \+)?,?$/gm;

/** Where `needle` appears in what the error shows, stack frames aside (empty when nowhere). */
export function placesHolding(err: unknown, needle: string): string[] {
  return Object.entries(errorTexts(err))
    .filter(([, text]) => text.replace(FRAMES, '').includes(needle))
    .map(([where]) => where);
}
