// Every message the command prints passes through here: the exact secret key it holds (from the
// environment or --secret-key-file) and anything shaped like a Clerk secret key are replaced, so a
// key passed by mistake as an argument or a flag value is never echoed.

/**
 * Key-shaped text: `sk_` and six or more key characters, not preceded by a letter or digit (so
 * `bad_sk_test_…` is caught and `task_list` is not). Wider than the library's pattern on purpose:
 * the command also sees keys of shapes the client accepts (`sk_prod_…`, keys with `-`).
 */
const KEY_SHAPED = /(?<![A-Za-z0-9])sk_[A-Za-z0-9_-]{6,}/g;

/** Replaces the keys it was told about, and key-shaped text, in messages. */
export class Redactor {
  readonly #keys = new Set<string>();

  constructor(keys: readonly (string | undefined)[] = []) {
    for (const key of keys) this.add(key);
  }

  /** Adds a key to replace wherever it appears (blank values are ignored). */
  add(key: string | undefined): void {
    const trimmed = key?.trim();
    if (trimmed !== undefined && trimmed.length >= 4) this.#keys.add(trimmed);
  }

  /**
   * `text` with every known key and key-shaped text replaced. A known key is replaced with the
   * key characters around it: a longer token that starts with the key (`<key>def…`) goes whole.
   */
  redact(text: string): string {
    let out = text;
    for (const key of this.#keys) {
      const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`[A-Za-z0-9_.-]*${escaped}[A-Za-z0-9_.-]*`, 'g'), '[REDACTED]');
    }
    return out.replace(KEY_SHAPED, 'sk_[REDACTED]');
  }
}
