// The process around the command, passed in so that tests run it in-process and main.ts wires it to
// the real process.

/** The process around the command. */
export interface CommandIO {
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Subscribes to an interruption (Ctrl-C, SIGTERM, SIGHUP); returns the unsubscribe. */
  onInterrupt: (handler: () => void) => () => void;
}
