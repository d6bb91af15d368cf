// `clerk-users serve`: the emulator of clerk-users/testing over HTTP, for code in another process
// or language. Prints the base URL (with /v1) on stdout, then serves until Ctrl-C.
// Exit codes as the other commands: 0 stopped, 2 a usage error (bad flag, unreadable seed file).
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createFakeClerk, type UserInput } from '../testing/index.ts';

/** The process around the command (the same shape `run` takes). */
export interface ServeIO {
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  onInterrupt: (handler: () => void) => () => void;
}

/** `--help` of `clerk-users serve`. */
export const SERVE_HELP = `Usage: clerk-users serve [--port N] [--host HOST] [--seed FILE.jsonl] [--rate-limit development|production] [--latency-ms N]

Serves a stateful emulator of the Clerk /users API (clerk-users/testing) and prints its base URL.
Requests must send Authorization: Bearer <key>, where the key is CLERK_SECRET_KEY or, when that is
unset, sk_test_fake.

  --port N              port to listen on (default: a free one, printed)       --port 4011
  --host HOST           address to listen on (default 127.0.0.1)               --host 0.0.0.0
  --seed FILE.jsonl     users to start with, one per line, as \`clerk-users export\` writes them
  --rate-limit MODE     Clerk's limits: development (100 per 10 s) or production (1000 per 10 s)
  --latency-ms N        delay every answer by N milliseconds (default 0)`;

class ServeUsageError extends Error {}

function integerFlag(name: string, raw: string | undefined, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max)
    throw new ServeUsageError(`--${name} must be an integer from 0 to ${max}, got ${JSON.stringify(raw)}`);
  return value;
}

async function readSeed(file: string): Promise<UserInput[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ServeUsageError(
      `cannot read --seed ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
  }
  return text.split('\n').flatMap((line, index) => {
    if (line.trim() === '') return [];
    try {
      return [JSON.parse(line) as UserInput];
    } catch {
      throw new ServeUsageError(
        `--seed ${JSON.stringify(file)} line ${index + 1} is not JSON: give one user object per line`,
      );
    }
  });
}

/** Runs `clerk-users serve …` (`argv` without `serve`) until interrupted; resolves to the exit code. */
export async function runServe(argv: readonly string[], io: ServeIO): Promise<number> {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        'rate-limit': { type: 'string' },
        'latency-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) {
      io.stdout.write(`${SERVE_HELP}\n`);
      return 0;
    }
    const rateLimit = values['rate-limit'];
    if (rateLimit !== undefined && rateLimit !== 'development' && rateLimit !== 'production') {
      throw new ServeUsageError(`--rate-limit must be development or production, got ${JSON.stringify(rateLimit)}`);
    }
    const port = integerFlag('port', values.port, 65_535);
    const latencyMs = integerFlag('latency-ms', values['latency-ms'], 600_000);
    const fake = createFakeClerk({ secretKey: io.env.CLERK_SECRET_KEY || 'sk_test_fake', rateLimit, latencyMs });
    if (values.seed !== undefined) {
      const users = await readSeed(values.seed);
      try {
        fake.seed(users);
      } catch (error) {
        throw new ServeUsageError(
          `--seed ${JSON.stringify(values.seed)}: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    const { url } = await fake.listen({
      ...(port === undefined ? {} : { port }),
      ...(values.host === undefined ? {} : { host: values.host }),
    });
    io.stdout.write(`${url}\n`);
    const key = io.env.CLERK_SECRET_KEY ? 'the value of CLERK_SECRET_KEY' : 'sk_test_fake';
    io.stderr.write(
      `clerk-users serve: ${fake.users().length} users; send Authorization: Bearer <${key}>; Ctrl-C stops\n`,
    );
    await new Promise<void>((resolve) => {
      const off = io.onInterrupt(() => {
        off();
        resolve();
      });
    });
    await fake.close();
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`clerk-users serve: ${message}\nRun \`clerk-users serve --help\` for every flag.\n`);
    return 2;
  }
}
