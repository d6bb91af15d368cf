// `clerk-users import FILE`: every record of FILE created in Clerk exactly once (importUsers() does
// the work), with progress on stderr, a report line per record, and a summary. Running the same
// command again after a failure, Ctrl-C or kill -9 finishes the rest and creates no user twice:
// the look-up by external_id, not a journal, decides what is done.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type ClerkUsersClient, type ImportResult, importUsers } from '../index.ts';
import type { ParsedCommand } from './args.ts';
import { connect } from './connect.ts';
import type { RunContext } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { type InputFormat, readRecords } from './import-input.ts';
import { countsText, createImportProgress, emptyCounts } from './import-progress.ts';
import { report } from './report.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { checkOutputPath, FileOutput } from './writer.ts';

/** The import's own settings, read from the parsed command line. */
interface ImportSettings {
  file: string;
  input: InputFormat;
  dryRun: boolean;
  onExisting: 'skip' | 'update';
  report: string | undefined;
  concurrency: number | undefined;
  quiet: boolean;
}

/** Failures listed on stderr when there is no --report to hold them. */
const LISTED_FAILURES = 10;
/** Report lines are written in chunks of about this many bytes. */
const REPORT_CHUNK = 64 * 1024;

function settingsOf(parsed: ParsedCommand): ImportSettings {
  const s = parsed.settings;
  const file = s.file as string | undefined;
  if (file === undefined)
    throw new UsageError(
      'clerk-users import needs the FILE to import: clerk-users import users.jsonl',
      helpHint('import'),
    );
  const format = s.format as 'jsonl' | 'csv';
  const from = s.from as 'body' | 'export';
  if (from === 'export' && format === 'csv') {
    throw new UsageError(
      '--from export reads the JSON Lines that clerk-users export writes: drop --format csv',
      helpHint('import'),
    );
  }
  return {
    file,
    input: { format, from },
    dryRun: s.dryRun === true,
    onExisting: s.onExisting as 'skip' | 'update',
    report: s.report as string | undefined,
    concurrency: s.concurrency as number | undefined,
    quiet: s.quiet === true,
  };
}

/** Runs `clerk-users import` and resolves to its exit code; failures before the first record are thrown for the caller to report. */
export async function runImport(parsed: ParsedCommand, context: RunContext): Promise<number> {
  const settings = settingsOf(parsed);
  const { io, say } = context;
  const fileStat = await stat(settings.file).catch(() => undefined);
  if (fileStat === undefined || !fileStat.isFile()) {
    throw new UsageError(
      `cannot read ${JSON.stringify(settings.file)}: it is not a file`,
      'Give the path of a JSON Lines (or, with --format csv, CSV) file of users to import.',
    );
  }
  // A dry run without a key checks the file only; anything that writes needs one.
  const hasKey = (io.env.CLERK_SECRET_KEY ?? '').trim() !== '' || parsed.settings.secretKeyFile !== undefined;
  let client: ClerkUsersClient | null = null;
  if (hasKey || !settings.dryRun) {
    // Paced by default (--rate-limit auto): Clerk's documented budget for the key.
    client = (await connect(parsed.settings, context)).client;
  }
  let reportFile: FileOutput | undefined;
  if (settings.report !== undefined) {
    await checkOutputPath(settings.report, { force: true, resume: false });
    reportFile = await FileOutput.create(settings.report, { force: true });
  }

  const total = settings.quiet ? undefined : await countRecords(settings.file, settings.input.format);
  const progress = createImportProgress(io.stderr, { quiet: settings.quiet, total });
  const counts = emptyCounts();
  const listed: ImportResult[] = [];
  let done = 0;
  let chunk = '';
  const controller = new AbortController();
  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  // The file line of each record between being read and its result: results come in input order.
  const lines: number[] = [];
  async function* records() {
    for await (const { line, record } of readRecords(settings.file, settings.input)) {
      lines.push(line);
      yield record;
    }
  }
  const started = Date.now();
  let failure: unknown;
  try {
    const results = importUsers(client, records(), {
      onExisting: settings.onExisting,
      dryRun: settings.dryRun,
      signal: controller.signal,
      ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
    });
    for await (const result of results) {
      const line = lines.shift() ?? result.line;
      const entry: ImportResult = { ...result, line };
      done++;
      counts[entry.outcome]++;
      if ((entry.outcome === 'failed' || entry.outcome === 'invalid') && listed.length < LISTED_FAILURES)
        listed.push(entry);
      if (reportFile !== undefined) {
        chunk += `${JSON.stringify(entry)}\n`;
        if (chunk.length >= REPORT_CHUNK) {
          await reportFile.write(chunk);
          chunk = '';
        }
      }
      progress.update(done, counts);
    }
  } catch (error) {
    failure = error;
  } finally {
    unsubscribe();
  }
  progress.stop(done, counts);
  // The file was refused before its first record (a CSV header naming no body field): a usage error, nothing to report.
  const refusedFile = failure instanceof UsageError && done === 0;
  if (reportFile !== undefined) {
    // The report holds a line for every record that has a result, also after a failure or Ctrl-C.
    if (refusedFile) await reportFile.discard();
    else {
      if (chunk !== '') await reportFile.write(chunk);
      await reportFile.complete();
    }
  }
  if (refusedFile) return report(failure, say, 'import', io.env);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const badCount = counts.failed + counts.invalid;
  if (failure !== undefined || interrupted) {
    const code = interrupted ? EXIT.interrupted : report(failure, say, 'import', io.env);
    say(
      `clerk-users: ${interrupted ? 'interrupted' : 'stopped'} after ${done.toLocaleString('en-US')} records (${countsText(counts)}).`,
    );
    if (!settings.dryRun) {
      say(
        'clerk-users: run the same command again to import the rest: records already imported are found by their external_id and not created twice:',
      );
      say(`  clerk-users ${quoted(context.argv)}`);
    }
    return code;
  }
  say(
    `clerk-users: ${settings.dryRun ? 'checked' : 'imported'} ${done.toLocaleString('en-US')} records from ${settings.file} in ${seconds} s: ${countsText(counts)}.`,
  );
  if (settings.dryRun && client === null)
    say(
      'clerk-users: dry run without a key: records were checked, not looked up (set CLERK_SECRET_KEY to see which exist).',
    );
  if (badCount > 0) {
    if (reportFile !== undefined) {
      say(
        `clerk-users: ${badCount.toLocaleString('en-US')} records failed or were invalid; ${settings.report} has a line for every record, with the reason.`,
      );
    } else {
      for (const entry of listed)
        say(
          `  line ${entry.line}${entry.external_id === null ? '' : ` (${entry.external_id})`}: ${entry.outcome}: ${entry.error?.code}: ${entry.error?.message}`,
        );
      if (badCount > listed.length)
        say(
          `  … and ${(badCount - listed.length).toLocaleString('en-US')} more; add --report FILE for a line per record.`,
        );
    }
    return EXIT.failure;
  }
  return EXIT.ok;
}

/** How many records the file holds (non-blank lines; less the header for CSV), for the progress total. */
async function countRecords(file: string, format: InputFormat['format']): Promise<number | undefined> {
  let count = 0;
  let blank = true;
  try {
    for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
      for (const byte of chunk) {
        if (byte === 0x0a) {
          if (!blank) count++;
          blank = true;
        } else if (byte !== 0x0d && byte !== 0x20) blank = false;
      }
    }
  } catch {
    return undefined;
  }
  if (!blank) count++;
  // A quoted CSV cell may span lines: the total is then a little high, which only the ETA notices.
  return format === 'csv' ? Math.max(0, count - 1) : count;
}

/** The command line, quoted for a POSIX shell. */
function quoted(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
