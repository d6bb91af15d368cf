// The `clerk-users` command: `export` and `count`, built on the library's client and paginate().
// Exit codes: 0 done, 1 an API or network failure, 2 a usage error, 130 interrupted by Ctrl-C.
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import {
  CLIENT_VERSION,
  createClerkClient,
  isClerkAPIError,
  isClerkInputError,
  isClerkUsersError,
  paginate,
  unwrap,
  usesCursor,
  type ClerkUsersClient,
} from '../index.ts';
import { helpText, parseCommandLine, UsageError, type CommonArgs, type ExportArgs } from './args.ts';
import { csvHeader, csvLine, jsonLine } from './format.ts';
import { createProgress, type Progress } from './progress.ts';

/** The process around the command, passed in so that tests and the entry point agree. */
export interface CommandIO {
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Subscribes to Ctrl-C; returns the unsubscribe. */
  onInterrupt: (handler: () => void) => () => void;
}

/** Exit codes of the command. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** Runs the command line `argv` (without `node` and the script) and resolves to its exit code. */
export async function run(argv: readonly string[], io: CommandIO): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  try {
    const args = parseCommandLine(argv);
    if (args.command === 'help') {
      io.stdout.write(`${helpText(args.topic)}\n`);
      return EXIT.ok;
    }
    if (args.command === 'version') {
      io.stdout.write(`clerk-users ${CLIENT_VERSION}\n`);
      return EXIT.ok;
    }
    const client = await clientFor(args, io.env);
    if (args.command === 'count') {
      const body = await unwrap(client.GET('/users/count', { params: { query: args.filters } }));
      io.stdout.write(`${body.total_count}\n`);
      return EXIT.ok;
    }
    return await runExport(args, client, io, argv);
  } catch (error) {
    return report(error, say);
  }
}

/** Prints an error the way its exit code says: usage errors with a hint, API failures with code and trace id. */
function report(error: unknown, say: (text: string) => void): number {
  if (error instanceof UsageError) {
    say(`clerk-users: ${error.message}`);
    say(error.hint);
    return EXIT.usage;
  }
  if (isClerkInputError(error)) {
    // The library refused the input before sending (a bad id, a conflicting option): a usage error.
    say(`clerk-users: ${error.message}`);
    say('Run `clerk-users --help` for every flag, with examples.');
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
  say(`clerk-users: ${error instanceof Error ? error.message : String(error)}`);
  return EXIT.failure;
}

async function clientFor(args: CommonArgs, env: Record<string, string | undefined>): Promise<ClerkUsersClient> {
  let secretKey = env.CLERK_SECRET_KEY;
  if (args.secretKeyFile !== undefined) {
    try {
      secretKey = await readFile(args.secretKeyFile, 'utf8');
    } catch (error) {
      const code = (error as { code?: string }).code ?? 'unreadable';
      throw new UsageError(`cannot read --secret-key-file ${JSON.stringify(args.secretKeyFile)} (${code})`, 'Give a file that holds only the secret key (sk_live_… or sk_test_…).');
    }
  }
  if (secretKey === undefined || secretKey.trim() === '') {
    throw new UsageError('no secret key: set CLERK_SECRET_KEY or pass --secret-key-file FILE', 'Find the key under API keys in the Clerk dashboard; it is never taken as a flag, to keep it out of shell history.');
  }
  return createClerkClient({
    secretKey,
    ...(args.baseUrl !== undefined ? { baseUrl: args.baseUrl } : {}),
    ...(args.rateLimit !== undefined ? { rateLimit: args.rateLimit } : {}),
    userAgent: `clerk-users-cli/${CLIENT_VERSION}`,
  });
}

/**
 * What an interrupted file export leaves next to `FILE.partial` (as `FILE.partial.state`) so that
 * `--resume` can continue it: the options that must match, and where the file ends.
 */
interface ResumeState {
  version: 1;
  /** The options that decide what the file holds; `--resume` refuses to continue with others. */
  selection: { filters: Record<string, unknown>; orderBy: string | undefined; format: string; fields: string[] };
  /** Why the export cannot be resumed, when it cannot. */
  notResumable?: string;
  written: number;
  bytes: number;
  lastId: string | undefined;
}

const stateFileOf = (out: string) => `${out}.partial.state`;

function selectionOf(args: ExportArgs): ResumeState['selection'] {
  return { filters: args.filters, orderBy: args.orderBy, format: args.format, fields: args.fields.map((f) => f.name) };
}

/** Why an export with these options could not continue after its last user, or undefined when it can. */
function notResumableReason(args: ExportArgs): string | undefined {
  if (args.concurrency > 1) {
    return `it ran with --concurrency ${args.concurrency}, which writes users in arrival order, so the file is not a prefix of the list to continue after`;
  }
  if (!usesCursor('/users', args.orderBy)) {
    return `--order-by ${args.orderBy} walks by offset, which has no stable position to continue from`;
  }
  return undefined;
}

async function loadResumeState(args: ExportArgs, partial: string): Promise<ResumeState> {
  const file = stateFileOf(args.out as string);
  let state: ResumeState;
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as ResumeState;
  } catch {
    throw new UsageError(`nothing to resume: ${file} is missing (the export finished, never started, or did not stop cleanly)`, 'Run the export again without --resume.');
  }
  if (state.notResumable !== undefined) throw new UsageError(`cannot resume: ${state.notResumable}`, 'Run the export again without --resume (use --concurrency 1 for one that can be resumed).');
  if (JSON.stringify(state.selection) !== JSON.stringify(selectionOf(args))) {
    throw new UsageError('cannot resume: the filters, --order-by, --format or --fields differ from the interrupted run', 'Repeat the interrupted command exactly, adding --resume.');
  }
  const size = await stat(partial).then((s) => s.size, () => -1);
  if (size !== state.bytes) {
    throw new UsageError(`cannot resume: ${partial} is not as the interrupted run left it (${size} bytes, expected ${state.bytes})`, 'Run the export again without --resume.');
  }
  return state;
}

/** Writes whole chunks to a stream, honouring back-pressure; a write error rejects the next write. */
function writerFor(stream: NodeJS.WritableStream) {
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  stream.on('error', onError);
  return {
    async write(chunk: string): Promise<void> {
      if (failure !== undefined) throw failure;
      if (!stream.write(chunk)) {
        await new Promise<void>((resolve) => {
          const done = () => (stream.off('drain', done), stream.off('error', done), resolve());
          stream.on('drain', done);
          stream.on('error', done);
        });
      }
      if (failure !== undefined) throw failure;
    },
    failure: () => failure,
    detach: () => stream.off('error', onError),
  };
}

async function runExport(args: ExportArgs, client: ClerkUsersClient, io: CommandIO, argv: readonly string[]): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const partial = args.out === undefined ? undefined : `${args.out}.partial`;
  const state = args.resume ? await loadResumeState(args, partial as string) : undefined;
  let written = state?.written ?? 0;
  let bytes = state?.bytes ?? 0;
  let lastId = state?.lastId;

  const query: Record<string, unknown> = { ...args.filters, limit: args.limit };
  if (args.orderBy !== undefined) query.order_by = args.orderBy;
  if (lastId !== undefined) query.starting_after = lastId;
  const maxItems = args.maxItems === undefined ? undefined : args.maxItems - written;

  const controller = new AbortController();
  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  let file: WriteStream | undefined;
  const progress: Progress = createProgress(io.stderr, { quiet: args.quiet, start: written });
  try {
    if (partial !== undefined) {
      file = createWriteStream(partial, { flags: state ? 'a' : 'w' });
      await new Promise<void>((resolve, reject) => file?.once('open', () => resolve()).once('error', reject));
    }
    const sink = writerFor(file ?? io.stdout);
    if (!args.quiet) {
      // The total for the progress output; the export does not wait for it, and a failure is the export's to report.
      void unwrap(client.GET('/users/count', { params: { query: args.filters } })).then(
        (body) => progress.setTotal(Math.min(body.total_count, args.maxItems ?? Number.POSITIVE_INFINITY)),
        () => undefined,
      );
    }
    let failure: unknown;
    try {
      if (args.format === 'csv' && state === undefined) {
        const header = csvHeader(args.fields);
        await sink.write(header);
        bytes += Buffer.byteLength(header);
      }
      if (maxItems === undefined || maxItems > 0) {
        const pages = paginate.pages(client, '/users', {
          params: { query },
          concurrency: args.concurrency,
          signal: controller.signal,
          ...(maxItems !== undefined ? { maxItems } : {}),
        });
        for await (const page of pages) {
          if (page.items.length === 0) continue;
          let chunk = '';
          for (const user of page.items) chunk += args.format === 'csv' ? csvLine(user, args.fields) : jsonLine(user);
          // One write per page: an interruption falls between pages, so the output has whole lines only.
          await sink.write(chunk);
          written += page.items.length;
          bytes += Buffer.byteLength(chunk);
          lastId = page.items[page.items.length - 1]?.id;
          progress.update(written);
        }
      }
    } catch (error) {
      failure = error;
    }
    sink.detach();
    if (file !== undefined) await new Promise<void>((resolve) => file?.end(resolve));
    if (isClerkInputError(failure)) {
      // Refused by the library before the first request: a usage error, and nothing was written.
      if (partial !== undefined && state === undefined && written === 0) await rm(partial, { force: true });
      throw failure;
    }
    progress.stop(written);
    if (failure === undefined && sink.failure() === undefined) {
      if (args.out !== undefined && partial !== undefined) {
        await rename(partial, args.out);
        await rm(stateFileOf(args.out), { force: true });
        if (!args.quiet) say(`clerk-users: wrote ${written.toLocaleString('en-US')} users to ${args.out}`);
      }
      return EXIT.ok;
    }
    if (sink.failure() !== undefined && failure === undefined) failure = sink.failure();
    // A closed stdout (`| head`) is the reader's choice, not a failure.
    if ((failure as { code?: string }).code === 'EPIPE') return EXIT.ok;
    const code = interrupted ? EXIT.interrupted : report(failure, say);
    if (interrupted) say(`clerk-users: interrupted after ${written.toLocaleString('en-US')} users`);
    if (written === 0 && state === undefined) {
      // Nothing to keep or continue: leave no file behind that could pass for an export.
      if (partial !== undefined) await rm(partial, { force: true });
      return code;
    }
    await explainResume(args, io, argv, { partial, written, bytes, lastId });
    return code;
  } finally {
    unsubscribe();
  }
}

/** After an interruption or failure: keep what was written and say whether and how to continue. */
async function explainResume(args: ExportArgs, io: CommandIO, argv: readonly string[], where: { partial: string | undefined; written: number; bytes: number; lastId: string | undefined }) {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  if (args.out === undefined || where.partial === undefined) {
    say('clerk-users: the output went to stdout, so it cannot be resumed; give --out FILE for an export that can be.');
    return;
  }
  const notResumable = notResumableReason(args);
  const state: ResumeState = {
    version: 1,
    selection: selectionOf(args),
    ...(notResumable !== undefined ? { notResumable } : {}),
    written: where.written,
    bytes: where.bytes,
    lastId: where.lastId,
  };
  await writeFile(stateFileOf(args.out), `${JSON.stringify(state)}\n`);
  say(`clerk-users: ${where.partial} holds the ${where.written.toLocaleString('en-US')} users written so far (whole lines).`);
  if (notResumable !== undefined) {
    say(`clerk-users: this export cannot be resumed: ${notResumable}. Run it again, or with --concurrency 1 for one that can be resumed.`);
  } else {
    say(`clerk-users: to continue after the last user written, run the same command with --resume:`);
    say(`  clerk-users ${resumeCommand(argv)}`);
  }
}

/** The command line to continue this export (the flags as given, plus --resume), quoted for a POSIX shell. */
function resumeCommand(argv: readonly string[]): string {
  const given = argv.filter((a) => a !== '--resume');
  return [...given, '--resume'].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
