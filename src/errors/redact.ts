/**
 * Redaction: anything shaped like a Clerk secret key is replaced before it is stored in an error, so
 * errors are safe to log or paste into a public issue.
 */

const SECRET_KEY_PATTERN = /\b(sk_(?:live|test))_[A-Za-z0-9]+/g;

/**
 * Replaces anything shaped like a Clerk secret key (`sk_live_…`, `sk_test_…`) and the given exact
 * secrets with a redacted marker, so the text is safe to log or paste into a public issue.
 * @example
 * redactSecrets('Bearer sk_test_abc'); // 'Bearer sk_test_[REDACTED]'
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out.replace(SECRET_KEY_PATTERN, '$1_[REDACTED]');
}

/** {@link redactSecrets} applied to every string inside plain objects and arrays. */
export function redactDeep<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redactSecrets(value) as T;
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, depth + 1)])) as T;
}

/**
 * The cause of a network error, with secret-shaped text removed from its message, stack and string
 * properties (a custom fetch or proxy may quote the Authorization header). Unchanged when clean.
 */
export function redactCause(cause: unknown, depth = 0): unknown {
  if (typeof cause === 'string') return redactSecrets(cause);
  if (!(cause instanceof Error) || depth > 5) return cause;
  const inner = (cause as { cause?: unknown }).cause;
  const safeInner = redactCause(inner, depth + 1);
  const strings = Object.entries(cause).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  const texts = [cause.message, cause.stack ?? '', ...strings.map(([, v]) => v)];
  if (safeInner === inner && texts.every((t) => redactSecrets(t) === t)) return cause;
  const copy = new Error(redactSecrets(cause.message), safeInner === undefined ? undefined : { cause: safeInner });
  Object.defineProperty(copy, 'name', { value: cause.name, enumerable: false, configurable: true, writable: true });
  for (const [key, value] of strings) (copy as unknown as Record<string, string>)[key] = redactSecrets(value);
  copy.stack = redactSecrets(cause.stack ?? `${cause.name}: ${cause.message}`);
  return copy;
}
