// What one run of the command carries from function to function: the process, and how it prints.
import type { CommandIO } from './io.ts';
import type { Redactor } from './redact.ts';

/** One run of the command. */
export interface RunContext {
  io: CommandIO;
  /** The command line as given (without `node` and the script), for the resume hint. */
  argv: readonly string[];
  /** Replaces the secret key in every message; `connect()` adds a key read from a file. */
  redactor: Redactor;
  /** Prints one message line on stderr, redacted. */
  say(text: string): void;
}
