/**
 * Redaction: the exact secret key a client holds, pieces of it long enough to matter (a parser's
 * excerpt of a body that began with it), and anything shaped like a Clerk secret key are replaced
 * before any text is stored in an error, so errors are safe to log or paste into a public issue.
 * The command (src/cli/redact.ts) uses the same rules for everything it prints.
 */

/** Replaces the secrets it knows about, then key-shaped text, in one text. */
export type Redact = (text: string) => string;

/**
 * Key-shaped text: `sk_` and six or more key characters, not right after a letter or digit, so that
 * `bad_sk_test_…` is caught and `task_list` is not. Wide on purpose: the client accepts any `sk_` key
 * (`sk_prod_…`, keys with `-`). `sk_live_` / `sk_test_` stay visible: which kind of key, not which key.
 */
const KEY_SHAPED = /(?<![A-Za-z0-9])sk_(?:(live|test)_)?[A-Za-z0-9_-]{6,}/g;
/** The characters a token holding a key is made of: a longer token that contains a key goes whole. */
const TOKEN = '[A-Za-z0-9_.-]*';
/** Tokens long enough that sharing this many characters with a secret means they are a piece of it. */
const FRAGMENT_MIN = 8;
const FRAGMENT = new RegExp(`[A-Za-z0-9_.-]{${FRAGMENT_MIN},}`, 'g');
const MARK = '[REDACTED]';

/**
 * Replaces each of `secrets` wherever it appears (with the token around it), any token that is a cut
 * piece of one (8 characters or more of its start, end or middle), and anything shaped like a Clerk
 * secret key, so the text is safe to log or paste into a public issue.
 * @example
 * redactSecrets('Bearer sk_test_abc123xyz'); // 'Bearer sk_test_[REDACTED]'
 * redactSecrets('key=sk_odd.key', ['sk_odd.key']); // 'key=[REDACTED]'
 */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    out = out.replace(new RegExp(`${TOKEN}${escaped}${TOKEN}`, 'g'), MARK);
    if (secret.length > FRAGMENT_MIN) out = out.replace(FRAGMENT, (run) => (isPieceOf(run, secret) ? MARK : run));
  }
  return out.replace(KEY_SHAPED, (_, kind: string | undefined) => (kind ? `sk_${kind}_${MARK}` : `sk_${MARK}`));
}

/** True when `run` holds 8 or more characters of `secret` where a cut could leave them: middle, start or end. */
function isPieceOf(run: string, secret: string): boolean {
  if (secret.includes(run)) return true;
  const head = secret.slice(0, FRAGMENT_MIN);
  const tail = secret.slice(-FRAGMENT_MIN);
  // The run ends with the secret's start (cut after it), or begins with its end (cut before it).
  for (let i = run.indexOf(head); i >= 0; i = run.indexOf(head, i + 1))
    if (secret.startsWith(run.slice(i))) return true;
  for (let i = run.indexOf(tail); i >= 0; i = run.indexOf(tail, i + 1))
    if (secret.endsWith(run.slice(0, i + FRAGMENT_MIN))) return true;
  return false;
}

/**
 * A {@link Redact} for these exact secrets (a client's key), plus key-shaped text. The secrets stay in
 * the closure: nothing that holds the function shows them.
 * @example
 * const redact = secretRedactor([secretKey]);
 */
export function secretRedactor(secrets: readonly string[]): Redact {
  return (text) => redactSecrets(text, secrets);
}

/** Key-shaped text only: what an error made outside a client (no exact key known) gets. */
export const redactKeyShaped: Redact = (text) => redactSecrets(text);

/** `redact` applied to every string inside plain objects and arrays, keys included. */
export function redactDeep<T>(value: T, redact: Redact = redactKeyShaped, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (depth > 20 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, redact, depth + 1)) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), redactDeep(v, redact, depth + 1)])) as T;
}

/** The native error classes a redacted copy keeps, so `cause instanceof TypeError` still holds. */
const NATIVE_ERRORS = [TypeError, SyntaxError, RangeError] as const;

/**
 * The cause of an error, safe to keep: secrets removed from its message, stack and properties (a
 * custom fetch or proxy may quote the Authorization header), objects that are neither plain data nor
 * errors (a `Request` with its headers) replaced by their tag (`[object Request]`), and the same for
 * its own cause. Whatever needed no change is returned as it was.
 */
export function redactCause(cause: unknown, redact: Redact = redactKeyShaped, depth = 0): unknown {
  if (typeof cause === 'string') return redact(cause);
  if (typeof cause !== 'object' || cause === null) return cause;
  if (depth > 5) return undefined;
  const clean = (value: unknown) => redactCause(value, redact, depth + 1);
  if (Array.isArray(cause)) {
    const out = cause.map(clean);
    return out.every((v, i) => v === cause[i]) ? cause : out;
  }
  if (!(cause instanceof Error)) {
    const proto = Object.getPrototypeOf(cause);
    if (proto !== Object.prototype && proto !== null) return Object.prototype.toString.call(cause);
    const entries = Object.entries(cause);
    const out = entries.map(([k, v]) => [redact(k), clean(v)] as const);
    return out.every(([k, v], i) => k === entries[i]?.[0] && v === entries[i]?.[1]) ? cause : Object.fromEntries(out);
  }
  const inner = (cause as { cause?: unknown }).cause;
  const safeInner = clean(inner);
  // Non-enumerable properties too: inspect with showHidden prints them.
  const names = Object.getOwnPropertyNames(cause).filter((n) => n !== 'message' && n !== 'stack' && n !== 'cause');
  const values = names.map((n) => (cause as unknown as Record<string, unknown>)[n]);
  const safeValues = values.map(clean);
  const stack = cause.stack ?? `${cause.name}: ${cause.message}`;
  if (
    safeInner === inner &&
    redact(cause.message) === cause.message &&
    redact(stack) === stack &&
    safeValues.every((v, i) => v === values[i])
  )
    return cause;
  const Class = NATIVE_ERRORS.find((C) => cause instanceof C) ?? Error;
  const copy = new Class(redact(cause.message), safeInner === undefined ? undefined : { cause: safeInner });
  Object.defineProperty(copy, 'name', { value: cause.name, enumerable: false, configurable: true, writable: true });
  names.forEach((n, i) => {
    if (n !== 'name') (copy as unknown as Record<string, unknown>)[n] = safeValues[i];
  });
  copy.stack = redact(stack);
  return copy;
}
