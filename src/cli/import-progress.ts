// Progress of an import on stderr, as the export shows its own: a cli-progress bar with the counts
// by outcome on a terminal, plain periodic lines otherwise, nothing with --quiet. Counts and rates
// only, never user data.
import cliProgress from 'cli-progress';
import type { ImportOutcome } from '../index.ts';

/** Records so far, by outcome. */
export type OutcomeCounts = Record<ImportOutcome, number>;

/** A fresh set of counts. */
export function emptyCounts(): OutcomeCounts {
  return { created: 0, existing: 0, updated: 0, failed: 0, invalid: 0, new: 0, valid: 0 };
}

/** What the import reports as it goes. */
export interface ImportProgress {
  /** One more record has its result; `counts` already include it. */
  update(done: number, counts: OutcomeCounts): void;
  /** The import ended (done, failed or interrupted): the bar is closed. */
  stop(done: number, counts: OutcomeCounts): void;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const quiet: ImportProgress = { update() {}, stop() {} };

/** The counts that are not zero, as `12 created, 3 existing` (`0 records` before the first). */
export function countsText(counts: OutcomeCounts): string {
  const parts: string[] = [];
  for (const outcome of ['created', 'existing', 'updated', 'new', 'valid', 'failed', 'invalid'] as const) {
    if (counts[outcome] > 0) parts.push(`${counts[outcome].toLocaleString('en-US')} ${outcome}`);
  }
  return parts.length === 0 ? '0 records' : parts.join(', ');
}

/** Picks the reporter for this stderr; `total` is the number of records in the file, when it was counted. */
export function createImportProgress(
  stderr: Stream,
  options: { quiet: boolean; total: number | undefined; now?: () => number },
): ImportProgress {
  if (options.quiet) return quiet;
  const now = options.now ?? Date.now;
  return stderr.isTTY === true ? barProgress(stderr, options.total, now) : lineProgress(stderr, options.total, now);
}

function barProgress(stderr: Stream, total: number | undefined, now: () => number): ImportProgress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WriteStream,
      format: '{bar} {pct}% | {value}/{total} records | {counts} | {rate} records/s | {left}',
      hideCursor: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const began = now();
  let started = false;
  const payload = (done: number, counts: OutcomeCounts) => {
    const rate = done / Math.max(0.001, (now() - began) / 1000);
    const of = Math.max(total ?? done, done);
    const left = of - done;
    return {
      pct: of > 0 ? Math.min(100, Math.floor((done / of) * 100)) : 100,
      counts: countsText(counts),
      rate: Math.round(rate).toLocaleString('en-US'),
      left: rate > 0 && left > 0 ? `ETA ${Math.ceil(left / rate)} s` : 'ETA -',
    };
  };
  const show = (done: number, counts: OutcomeCounts) => {
    const values = payload(done, counts);
    if (!started) {
      bar.start(Math.max(total ?? done, done), done, values);
      started = true;
    }
    if (done > bar.getTotal()) bar.setTotal(done);
    bar.update(done, values);
  };
  return {
    update: show,
    stop(done, counts) {
      show(done, counts);
      bar.stop();
    },
  };
}

/** One line at most every `intervalMs`, and at each tenth of the total when it is known. */
function lineProgress(stderr: Stream, total: number | undefined, now: () => number, intervalMs = 5000): ImportProgress {
  const began = now();
  let lastLine = began;
  let lastTenth = 0;
  return {
    update(done, counts) {
      const tenth = total ? Math.floor((done / Math.max(1, total)) * 10) : 0;
      const t = now();
      if (!((tenth > lastTenth && tenth < 10) || t - lastLine >= intervalMs)) return;
      lastTenth = Math.max(lastTenth, tenth);
      lastLine = t;
      const rate = done / Math.max(0.001, (t - began) / 1000);
      let text = `clerk-users: importing: ${done.toLocaleString('en-US')}`;
      text +=
        total === undefined
          ? ' records'
          : ` of ${total.toLocaleString('en-US')} records (${Math.min(100, Math.floor((done / Math.max(1, total)) * 100))}%)`;
      text += `: ${countsText(counts)}, ${Math.round(rate).toLocaleString('en-US')} records/s`;
      if (total !== undefined && rate > 0 && total > done) text += `, ETA ${Math.ceil((total - done) / rate)} s`;
      stderr.write(`${text}\n`);
    },
    stop() {
      // The command prints the summary.
    },
  };
}
