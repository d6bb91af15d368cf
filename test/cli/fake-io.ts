// The process around the command, faked for in-process tests of `run(argv, io)`: collected stdout and
// stderr, an environment, and an interruption a test can trigger.
import { Writable } from 'node:stream';
import type { CommandIO } from '../../src/cli/io.ts';
import { run } from '../../src/cli/run.ts';

/** What a run printed and how it ended. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A writable that keeps what is written, as text. */
function collector(
  options: { isTTY?: boolean; fail?: (text: string) => Error | undefined } = {},
): Writable & { text: string; isTTY?: boolean } {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString('utf8');
      const error = options.fail?.(text);
      if (error !== undefined) return done(error);
      (stream as unknown as { text: string }).text += text;
      done();
    },
  }) as Writable & { text: string; isTTY?: boolean };
  stream.text = '';
  if (options.isTTY !== undefined) stream.isTTY = options.isTTY;
  return stream;
}

/** Fake IO: `interrupt()` plays Ctrl-C. */
export function fakeIO(
  env: Record<string, string | undefined> = { CLERK_SECRET_KEY: 'sk_test_fake' },
  stdout = collector(),
) {
  const stderr = collector();
  const handlers = new Set<() => void>();
  const io: CommandIO = {
    env,
    stdout,
    stderr,
    onInterrupt(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
  return {
    io,
    stdout,
    stderr,
    interrupt: () => {
      for (const handler of handlers) handler();
    },
  };
}

/** Runs the command in-process with fake IO. */
export async function runInProcess(argv: string[], env?: Record<string, string | undefined>): Promise<RunResult> {
  const { io, stdout, stderr } = fakeIO(env);
  const code = await run(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text };
}
