// `clerk-users count`: how many users match the filters (GET /users/count), printed on stdout.
import { ClerkUsersError, unwrap } from '../index.ts';
import type { ParsedCommand } from './args.ts';
import { connect } from './connect.ts';
import type { RunContext } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { writeStdout } from './writer.ts';

/** Runs `clerk-users count` and resolves to its exit code; failures are thrown for the caller to report. */
export async function runCount(parsed: ParsedCommand, context: RunContext): Promise<number> {
  const { client } = await connect(parsed.settings, context);
  const body: unknown = await unwrap(client.GET('/users/count', { params: { query: parsed.query as never } }));
  const total = (body as { total_count?: unknown } | null | undefined)?.total_count;
  if (typeof total !== 'number' || !Number.isSafeInteger(total) || total < 0) {
    throw new ClerkUsersError(
      'GET /users/count answered 2xx without a total_count (an empty or unexpected body); check --base-url',
      'invalid_response_body',
    );
  }
  await writeStdout(context.io.stdout, `${total}\n`);
  return EXIT.ok;
}
