// Every message the command prints passes through here: the exact secret key it holds (from the
// environment or --secret-key-file) and anything shaped like a Clerk secret key are replaced, so a
// key passed by mistake as an argument or a flag value is never echoed. The rules are the library's
// (redactSecrets, src/errors/redact.ts), so the command and the errors it prints redact alike.
import { redactSecrets } from '../errors/redact.ts';

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
    return redactSecrets(text, [...this.#keys]);
  }
}
