// `clerk-users export`: every matching user, exactly once, as JSON Lines or CSV, to stdout or to a
// file written as FILE.partial and renamed when complete. An interrupted or failed file export keeps
// whole lines and a state file, and `--resume` continues it after the last user written.
import { type ClerkUsersClient, isClerkInputError, paginate, unwrap } from '../index.ts';
import type { ParsedCommand } from './args.ts';
import { connect } from './connect.ts';
import { EXIT } from './exit-codes.ts';
import { csvHeader, csvLine, DEFAULT_CSV_FIELDS, type Field, jsonLine, parseFields } from './format.ts';
import type { CommandIO } from './io.ts';
import { createProgress, usersText } from './progress.ts';
import { report } from './report.ts';
import { checkFileMatches, keyFingerprint, loadState, removeState, type ResumeState, saveState, type Selection } from './resume-state.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { checkOutputPath, FileOutput, type Output, partialOf, StreamOutput } from './writer.ts';

/** The export's own settings, read from the parsed command line. */
interface ExportSettings {
  out: string | undefined;
  force: boolean;
  format: 'jsonl' | 'csv';
  fields: Field[];
  concurrency: number;
  maxItems: number | undefined;
  resume: boolean;
  quiet: boolean;
}

function settingsOf(parsed: ParsedCommand): ExportSettings {
  const s = parsed.settings;
  const format = s.format as 'jsonl' | 'csv';
  if (s.fields !== undefined && format !== 'csv') {
    throw new UsageError('--fields chooses CSV columns: add --format csv (JSON Lines always has every field)', helpHint('export'));
  }
  const out = s.out as string | undefined;
  if (s.resume === true && out === undefined)
    throw new UsageError('--resume continues a file export: give the same --out FILE as the interrupted run', helpHint('export'));
  if (s.resume === true && s.force === true)
    throw new UsageError('--resume continues FILE.partial and --force starts over: give one of them', helpHint('export'));
  let fields: Field[] = [];
  if (format === 'csv') {
    try {
      fields = parseFields((s.fields as string | undefined) ?? DEFAULT_CSV_FIELDS.join(','));
    } catch (error) {
      throw new UsageError(
        (error as Error).message,
        'Run `clerk-users export --help` for the field names and how nested fields are flattened.',
      );
    }
  }
  const { after, before } = {
    after: parsed.query.created_at_after,
    before: parsed.query.created_at_before,
  };
  if (typeof after === 'number' && typeof before === 'number' && after >= before) {
    throw new UsageError('--created-after must be earlier than --created-before', helpHint('export'));
  }
  return {
    out,
    force: s.force === true,
    format,
    fields,
    concurrency: s.concurrency as number,
    maxItems: s.maxItems as number | undefined,
    resume: s.resume === true,
    quiet: s.quiet === true,
  };
}

/** Runs `clerk-users export` and resolves to its exit code; failures before the walk are thrown for the caller to report. */
export async function runExport(parsed: ParsedCommand, io: CommandIO, argv: readonly string[]): Promise<number> {
  const say = (text: string) => io.stderr.write(`${text}\n`);
  const settings = settingsOf(parsed);
  const connection = await connect(parsed.settings, io.env);
  const { limit: _pageSize, ...filters } = parsed.query;
  const selection: Selection = {
    query: filters,
    format: settings.format,
    fields: settings.fields.map((f) => f.name),
    baseUrl: connection.baseUrl ?? null,
    key: keyFingerprint(connection.secretKey),
  };

  // Everything about the file is checked, and the file created, before the first request.
  let file: FileOutput | undefined;
  let state: ResumeState | undefined;
  if (settings.out !== undefined) {
    const out = settings.out;
    await checkOutputPath(out, settings);
    if (settings.resume) {
      const loaded = await loadState(out, selection);
      file = await FileOutput.append(out, (summary) =>
        checkFileMatches(loaded, partialOf(out), { ...summary, sha256: summary.hash.copy().digest('hex') }, settings.format),
      );
      state = loaded;
    } else {
      if (settings.force) await removeState(out);
      file = await FileOutput.create(out, settings);
    }
  }
  const output: Output = file ?? new StreamOutput(io.stdout);

  const query: Record<string, unknown> = { ...parsed.query };
  if (state?.lastId) query.starting_after = state.lastId;
  const maxItems = settings.maxItems === undefined ? undefined : settings.maxItems - (state?.written ?? 0);

  const controller = new AbortController();
  let interrupted = false;
  const unsubscribe = io.onInterrupt(() => {
    interrupted = true;
    controller.abort();
  });
  const walk = {
    written: state?.written ?? 0,
    lastId: state?.lastId ?? null,
    offsetWalk: false,
  };
  const progress = createProgress(io.stderr, {
    quiet: settings.quiet,
    start: walk.written,
  });
  let failure: unknown;
  try {
    if (settings.format === 'csv' && state === undefined) await output.write(csvHeader(settings.fields));
    // A resumed export that already holds --max-items users has nothing left to ask for; a fresh one lets the library check the value.
    if (maxItems === undefined || maxItems > 0 || state === undefined) {
      const pages = paginate.pages(connection.client, '/users', {
        params: { query: query as never },
        concurrency: settings.concurrency,
        signal: controller.signal,
        ...(maxItems !== undefined ? { maxItems } : {}),
      });
      for await (const page of pages) {
        // The total is asked for once the library has accepted the query and the first page came.
        if (page.index === 0 && !settings.quiet) showTotal(connection.client, parsed.query, settings.maxItems, progress);
        walk.offsetWalk ||= page.mode === 'offset';
        if (page.items.length === 0) continue;
        let chunk = '';
        for (const user of page.items) chunk += settings.format === 'csv' ? csvLine(user, settings.fields) : jsonLine(user);
        // One write per page: an interruption or failure falls between pages, so the output has whole lines only.
        await output.write(chunk);
        walk.written += page.items.length;
        walk.lastId = page.items[page.items.length - 1]?.id ?? walk.lastId;
        progress.update(walk.written);
      }
    }
  } catch (error) {
    failure = error;
  }
  try {
    return await finish();
  } finally {
    // Until here a signal stops the walk; a second one, while the file is closed, stops at once (main.ts).
    unsubscribe();
  }

  async function finish(): Promise<number> {
    if (failure === undefined) {
      progress.stop(walk.written, true);
      if (file !== undefined) {
        await file.complete();
        await removeState(file.out);
        if (!settings.quiet) say(`clerk-users: wrote ${usersText(walk.written)} to ${file.out}`);
      }
      return EXIT.ok;
    }
    // Refused before the first request: no progress to close.
    if (!isClerkInputError(failure)) progress.stop(walk.written, false);
    // A closed stdout (`| head`) is the reader's choice, not a failure.
    if (output instanceof StreamOutput && output.isClosedByReader) return EXIT.ok;
    const code = interrupted ? EXIT.interrupted : report(failure, say, 'export');
    if (interrupted) say(`clerk-users: interrupted after ${usersText(walk.written)}`);
    if (file === undefined) {
      if (walk.written > 0)
        say('clerk-users: the output went to stdout, so it cannot be resumed; give --out FILE for an export that can be.');
      return code;
    }
    if (state === undefined && walk.written === 0) {
      // Nothing to keep or continue: leave no file behind that could pass for an export.
      await file.discard();
      return code;
    }
    await file.keep();
    const notResumable = notResumableReason(settings, walk.offsetWalk, parsed.query.order_by);
    await saveState(file.out, {
      version: 2,
      selection,
      ...(notResumable !== undefined ? { notResumable } : {}),
      written: walk.written,
      bytes: file.bytes,
      sha256: file.digest(),
      lastId: walk.lastId,
    });
    say(`clerk-users: ${file.partial} holds the ${usersText(walk.written)} written so far (whole lines).`);
    if (notResumable !== undefined) {
      say(
        `clerk-users: this export cannot be resumed: ${notResumable}. Run it again, or with --concurrency 1 for one that can be resumed.`,
      );
    } else {
      say('clerk-users: to continue after the last user written, run the same command with --resume:');
      say(`  clerk-users ${resumeCommand(argv)}`);
    }
    return code;
  }
}

/** Asks for the total, for the progress output; the export does not wait for it, and a failure is the export's to report. */
function showTotal(
  client: ClerkUsersClient,
  query: Record<string, unknown>,
  maxItems: number | undefined,
  progress: { setTotal(total: number): void },
) {
  const { limit: _limit, order_by: _order, ...filters } = query;
  void unwrap(client.GET('/users/count', { params: { query: filters as never } })).then(
    (body) => {
      if (typeof body?.total_count === 'number') progress.setTotal(Math.min(body.total_count, maxItems ?? Number.POSITIVE_INFINITY));
    },
    () => undefined,
  );
}

/** Why an export with these options could not continue after its last user, or undefined when it can. */
function notResumableReason(settings: ExportSettings, offsetWalk: boolean, orderBy: unknown): string | undefined {
  if (settings.concurrency > 1) {
    return `it ran with --concurrency ${settings.concurrency}, which writes users in arrival order, so the file is not a prefix of the list to continue after`;
  }
  if (offsetWalk) return `--order-by ${String(orderBy)} walks by offset, which has no stable position to continue from`;
  return undefined;
}

/** The command line to continue this export (the flags as given, plus --resume), quoted for a POSIX shell. */
function resumeCommand(argv: readonly string[]): string {
  const given = argv.filter((a) => a !== '--resume' && a !== '--force');
  return [...given, '--resume'].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
