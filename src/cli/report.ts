// How the command reports a failure on stderr, and the exit code that goes with it: usage errors
// with a hint, input the library refused with the flag it came from, API failures with code and trace id.
import { isClerkAPIError, isClerkInputError, isClerkUsersError } from '../index.ts';
import { EXIT } from './exit-codes.ts';
import { type CommandName, optionForParameter } from './options.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { OutputWriteError } from './writer.ts';

/**
 * Prints `error` as one message line (plus a hint or code line) and returns the exit code it means.
 * Every failure is shown as an error of this package with a code, never a JavaScript error's text
 * (set CLERK_USERS_DEBUG=1 for the stack of an unexpected one).
 */
export function report(
  error: unknown,
  say: (text: string) => void,
  command: CommandName | undefined,
  env: Record<string, string | undefined> = {},
): number {
  if (error instanceof UsageError) {
    say(`clerk-users: ${error.message}`);
    say(error.hint);
    return EXIT.usage;
  }
  if (isClerkInputError(error)) {
    // The library refused the input before sending: a usage error, pointed at the flag it came from.
    const option = command === undefined ? undefined : optionForParameter(command, error.parameter);
    say(`clerk-users: ${error.message}`);
    say(
      option === undefined
        ? helpHint(command)
        : `Check --${option.name}${option.example === undefined ? '' : ` (e.g. ${option.example})`}. ${helpHint(command)}`,
    );
    return EXIT.usage;
  }
  if (isClerkAPIError(error)) {
    say(`clerk-users: ${error.message}`);
    say(`  code: ${error.code}${error.clerkTraceId ? `, clerk trace id: ${error.clerkTraceId}` : ''}`);
    return EXIT.failure;
  }
  if (isClerkUsersError(error)) {
    say(`clerk-users: ${error.message}`);
    say(`  code: ${error.code}`);
    return EXIT.failure;
  }
  if (error instanceof OutputWriteError) {
    say(`clerk-users: ${error.message}`);
    return EXIT.failure;
  }
  const name = error instanceof Error ? error.name : typeof error;
  say(
    `clerk-users: an unexpected ${name} stopped the command (a bug in clerk-users: please report it with the command line)`,
  );
  say('  code: internal_error');
  if (env.CLERK_USERS_DEBUG === '1') say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  return EXIT.failure;
}
