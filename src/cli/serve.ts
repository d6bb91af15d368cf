// `clerk-users serve`: the emulator of clerk-users/testing over HTTP, for code in another process
// or language. Prints the base URL (with /v1) on stdout, then serves until interrupted.
import { readFile } from 'node:fs/promises';
import { createFakeClerk, type UserInput } from '../testing/index.ts';
import type { ParsedCommand } from './args.ts';
import type { RunContext } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { writeStdout } from './writer.ts';

/** The key requests must send when CLERK_SECRET_KEY is unset. */
const DEFAULT_KEY = 'sk_test_fake';

/** What the table's serve flags fill (options.ts), as their parsers typed them. */
interface ServeSettings {
  port?: number;
  host?: string;
  seed?: string;
  rateLimit?: 'development' | 'production';
  latencyMs?: number;
}

/** Runs `clerk-users serve` until interrupted and resolves to its exit code; failures are thrown for the caller to report. */
export async function runServe(parsed: ParsedCommand, context: RunContext): Promise<number> {
  const settings = parsed.settings as ServeSettings;
  const { env } = context.io;
  const fake = createFakeClerk({
    secretKey: env.CLERK_SECRET_KEY || DEFAULT_KEY,
    rateLimit: settings.rateLimit,
    latencyMs: settings.latencyMs,
  });
  if (settings.seed !== undefined) {
    const users = await readSeed(settings.seed);
    try {
      fake.seed(users);
    } catch (error) {
      throw usage(`--seed ${JSON.stringify(settings.seed)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let url: string;
  try {
    ({ url } = await fake.listen({
      ...(settings.port === undefined ? {} : { port: settings.port }),
      ...(settings.host === undefined ? {} : { host: settings.host }),
    }));
  } catch (error) {
    // A port in use or an address not of this machine: the command line asks for what cannot be had.
    const where = `${settings.host ?? '127.0.0.1'}:${settings.port ?? 0}`;
    throw usage(`cannot listen on ${where} (${errorCode(error)}): choose another --port or --host`);
  }
  // Listening for the interrupt before the URL is out: whoever reads it may stop the server at once.
  let off = () => {};
  const stopped = new Promise<void>((resolve) => {
    off = context.io.onInterrupt(resolve);
  });
  try {
    await writeStdout(context.io.stdout, `${url}\n`);
    const key = env.CLERK_SECRET_KEY ? 'the value of CLERK_SECRET_KEY' : DEFAULT_KEY;
    // Not through `say`: its redaction would hide the public default key, which this line exists to tell.
    context.io.stderr.write(
      `clerk-users serve: ${fake.users().length} users; send Authorization: Bearer <${key}>; Ctrl-C stops\n`,
    );
    await stopped;
  } finally {
    // Also after a failed write of the URL (a closed stdout): the server must not keep the process alive.
    off();
    await fake.close();
  }
  return EXIT.ok;
}

/** The users of a JSON Lines file, one object per line; blank lines are skipped. */
async function readSeed(file: string): Promise<UserInput[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw usage(`cannot read --seed ${JSON.stringify(file)} (${errorCode(error)})`);
  }
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as UserInput];
    } catch {
      throw usage(`--seed ${JSON.stringify(file)} line ${index + 1} is not JSON: give one user object per line`);
    }
  });
}

const usage = (message: string) => new UsageError(message, helpHint('serve'));

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code ?? 'unusable';
