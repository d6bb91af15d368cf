// `clerk-users count`: how many users match the filters (GET /users/count), printed on stdout.
import { unwrap } from '../index.ts';
import type { ParsedCommand } from './args.ts';
import { connect } from './connect.ts';
import { EXIT } from './exit-codes.ts';
import type { CommandIO } from './io.ts';

/** Runs `clerk-users count` and resolves to its exit code; failures are thrown for the caller to report. */
export async function runCount(parsed: ParsedCommand, io: CommandIO): Promise<number> {
  const { client } = await connect(parsed.settings, io.env);
  const body = await unwrap(client.GET('/users/count', { params: { query: parsed.query } }));
  io.stdout.write(`${body.total_count}\n`);
  return EXIT.ok;
}
