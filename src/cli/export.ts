// `clerk-users export`: every matching user, exactly once, as JSON Lines or CSV, to stdout or to a
// file written as FILE.partial and renamed when complete. An interrupted or failed file export keeps
// whole lines and a state file, and `--resume` continues it after the last user written.
import { type ClerkUsersClient, isClerkInputError, paginate, unwrap } from '../index.ts';
import type { ParsedCommand } from './args.ts';
import { connect } from './connect.ts';
import type { RunContext } from './context.ts';
import { EXIT } from './exit-codes.ts';
import { type CsvCells, csvHeader, csvLine, DEFAULT_CSV_FIELDS, type Field, jsonLine, parseFields } from './format.ts';
import { createProgress, usersText } from './progress.ts';
import { report } from './report.ts';
import {
  checkFileMatches,
  keyFingerprint,
  loadState,
  type ResumeState,
  removeState,
  type Selection,
  saveState,
} from './resume-state.ts';
import { helpHint, UsageError } from './usage-error.ts';
import { checkOutputPath, FileOutput, type Output, partialOf, StreamOutput } from './writer.ts';

/** The export's own settings, read from the parsed command line. */
interface ExportSettings {
  out: string | undefined;
  force: boolean;
  format: 'jsonl' | 'csv';
  fields: Field[];
  cells: CsvCells;
  concurrency: number;
  maxItems: number | undefined;
  resume: boolean;
  quiet: boolean;
}

function settingsOf(parsed: ParsedCommand): ExportSettings {
  const s = parsed.settings;
  const format = s.format as 'jsonl' | 'csv';
  if (s.csvRaw === true && format !== 'csv')
    throw new UsageError(
      '--csv-raw is about CSV cells: add --format csv (JSON Lines is always written as it is)',
      helpHint('export'),
    );
  if (s.fields !== undefined && format !== 'csv') {
    throw new UsageError(
      '--fields chooses CSV columns: add --format csv (JSON Lines always has every field)',
      helpHint('export'),
    );
  }
  const out = s.out as string | undefined;
  if (s.resume === true && out === undefined)
    throw new UsageError(
      '--resume continues a file export: give the same --out FILE as the interrupted run',
      helpHint('export'),
    );
  if (s.resume === true && s.force === true)
    throw new UsageError(
      '--resume continues FILE.partial and --force starts over: give one of them',
      helpHint('export'),
    );
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
    cells: s.csvRaw === true ? 'raw' : 'safe',
    concurrency: s.concurrency as number,
    maxItems: s.maxItems as number | undefined,
    resume: s.resume === true,
    quiet: s.quiet === true,
  };
}

/** One export under way: what it writes to, and how far it got. */
interface ExportRun {
  context: RunContext;
  settings: ExportSettings;
  selection: Selection;
  /** The file, with `--out`; otherwise the output is stdout. */
  file: FileOutput | undefined;
  output: Output;
  /** The state of the interrupted run this one resumes. */
  resumed: ResumeState | undefined;
  /** Users in the output, the last one's id, and whether the walk went by offset (not resumable). */
  written: number;
  lastId: string | null;
  offsetWalk: boolean;
  interrupted: boolean;
  orderBy: unknown;
}

/** Runs `clerk-users export` and resolves to its exit code; failures before the walk are thrown for the caller to report. */
export async function runExport(parsed: ParsedCommand, context: RunContext): Promise<number> {
  const settings = settingsOf(parsed);
  const connection = await connect(parsed.settings, context);
  const { limit: _pageSize, ...filters } = parsed.query;
  const selection: Selection = {
    query: filters,
    format: settings.format,
    fields: settings.fields.map((f) => f.name),
    cells: settings.cells,
    baseUrl: connection.baseUrl ?? null,
    key: keyFingerprint(connection.secretKey),
  };

  // Everything about the file is checked, and the file created, before the first request.
  let file: FileOutput | undefined;
  let resumed: ResumeState | undefined;
  if (settings.out !== undefined) {
    const out = settings.out;
    await checkOutputPath(out, settings);
    if (settings.resume) {
      const state = await loadState(out, selection);
      file = await FileOutput.append(out, (summary) =>
        checkFileMatches(
          state,
          partialOf(out),
          { ...summary, sha256: summary.hash.copy().digest('hex') },
          settings.format,
        ),
      );
      resumed = state;
    } else {
      if (settings.force) await removeState(out);
      file = await FileOutput.create(out, settings);
    }
  }
  const run: ExportRun = {
    context,
    settings,
    selection,
    file,
    output: file ?? new StreamOutput(context.io.stdout),
    resumed,
    written: resumed?.written ?? 0,
    lastId: resumed?.lastId ?? null,
    offsetWalk: false,
    interrupted: false,
    orderBy: parsed.query.order_by,
  };

  const query: Record<string, unknown> = { ...parsed.query };
  if (resumed?.lastId) query.starting_after = resumed.lastId;
  const maxItems = settings.maxItems === undefined ? undefined : settings.maxItems - run.written;
  const controller = new AbortController();
  const unsubscribe = context.io.onInterrupt(() => {
    run.interrupted = true;
    controller.abort();
  });
  const progress = createProgress(context.io.stderr, { quiet: settings.quiet, start: run.written });
  try {
    let failure: unknown;
    try {
      if (settings.format === 'csv' && resumed === undefined) await run.output.write(csvHeader(settings.fields));
      // A resumed export that already holds --max-items users has nothing left to ask for; a fresh one lets the library check the value.
      if (maxItems === undefined || maxItems > 0 || resumed === undefined) {
        const pages = paginate.pages(connection.client, '/users', {
          params: { query: query as never },
          concurrency: settings.concurrency,
          signal: controller.signal,
          ...(maxItems !== undefined ? { maxItems } : {}),
        });
        for await (const page of pages) {
          // The total is asked for once the library has accepted the query and the first page came.
          if (page.index === 0 && !settings.quiet)
            showTotal(connection.client, parsed.query, settings.maxItems, progress);
          run.offsetWalk ||= page.mode === 'offset';
          if (page.items.length === 0) continue;
          let chunk = '';
          for (const user of page.items)
            chunk += settings.format === 'csv' ? csvLine(user, settings.fields, settings.cells) : jsonLine(user);
          // One write per page: an interruption or a failure falls between pages, so the output holds whole lines only.
          await run.output.write(chunk);
          run.written += page.items.length;
          run.lastId = page.items[page.items.length - 1]?.id ?? run.lastId;
          progress.update(run.written);
        }
      }
      await run.file?.complete();
    } catch (error) {
      failure = error;
    }
    if (failure === undefined) {
      progress.stop(run.written, true);
      if (run.file !== undefined) {
        await removeState(run.file.out);
        if (!settings.quiet) context.say(`clerk-users: wrote ${usersText(run.written)} to ${run.file.out}`);
      }
      return EXIT.ok;
    }
    // Refused before the first request: there is no progress to close.
    if (!isClerkInputError(failure)) progress.stop(run.written, false);
    return await stopped(run, failure);
  } finally {
    // Until here a signal stops the walk; a second one, while the file is closed, stops at once (main.ts).
    unsubscribe();
  }
}

/** After an interruption or a failure: report it once, keep what was written and say whether and how to continue. */
async function stopped(run: ExportRun, failure: unknown): Promise<number> {
  const { say } = run.context;
  // A closed stdout (`| head`) is the reader's choice, not a failure.
  if (run.output instanceof StreamOutput && run.output.isClosedByReader) return EXIT.ok;
  const code = run.interrupted ? EXIT.interrupted : report(failure, say, 'export', run.context.io.env);
  if (run.interrupted) say(`clerk-users: interrupted after ${usersText(run.written)}`);
  const file = run.file;
  if (file === undefined) {
    if (run.written > 0)
      say(
        'clerk-users: the output went to stdout, so it cannot be resumed; give --out FILE for an export that can be.',
      );
    return code;
  }
  if (run.resumed === undefined && run.written === 0) {
    // Nothing to keep or continue: leave no file behind that could pass for an export.
    await file.discard();
    return code;
  }
  await file.keep();
  const notResumable = notResumableReason(run.settings, run.offsetWalk, run.orderBy);
  try {
    await saveState(file.out, {
      version: 2,
      selection: run.selection,
      ...(notResumable !== undefined ? { notResumable } : {}),
      written: run.written,
      bytes: file.bytes,
      sha256: file.digest(),
      lastId: run.lastId,
    });
  } catch (error) {
    say(
      `clerk-users: ${file.partial} holds the ${usersText(run.written)} written so far (whole lines), but the state to resume it could not be saved (${(error as { code?: string }).code ?? 'write failed'}).`,
    );
    say('clerk-users: run the export again with --force once the problem is fixed.');
    return code;
  }
  say(`clerk-users: ${file.partial} holds the ${usersText(run.written)} written so far (whole lines).`);
  if (notResumable !== undefined) {
    say(
      `clerk-users: this export cannot be resumed: ${notResumable}. Run it again, or with --concurrency 1 for one that can be resumed.`,
    );
  } else {
    say('clerk-users: to continue after the last user written, run the same command with --resume:');
    say(`  clerk-users ${resumeCommand(run.context.argv)}`);
  }
  return code;
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
      if (typeof body?.total_count === 'number')
        progress.setTotal(Math.min(body.total_count, maxItems ?? Number.POSITIVE_INFINITY));
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
  return [...given, '--resume']
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}
