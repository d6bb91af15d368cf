// The exit codes of the `clerk-users` command, with what each means (help and the README list them).

/** Exit codes of the command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** One of {@link EXIT}. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What each exit code means, as help prints it. */
export const EXIT_MEANINGS: Record<ExitCode, string> = {
  [EXIT.ok]: 'done',
  [EXIT.failure]: 'an API or network failure, or a failed write to the output',
  [EXIT.usage]: 'a usage error (a bad flag or value, no key, an unusable output path) with a one-line hint',
  [EXIT.interrupted]: 'interrupted (Ctrl-C, SIGTERM, SIGHUP)',
};
