// The one error class of the command itself: a mistake in the command line or in a local path.

/** A mistake in the command line: printed as one line plus a hint, exit code 2. */
export class UsageError extends Error {
  readonly code = 'usage_error';
  constructor(
    message: string,
    readonly hint: string = helpHint(undefined),
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The hint that points at a command's help. */
export const helpHint = (command: string | undefined) =>
  `Run \`clerk-users${command === undefined ? '' : ` ${command}`} --help\` for every flag, with examples.`;
