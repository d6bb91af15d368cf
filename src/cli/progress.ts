// Progress of an export on stderr: a cli-progress bar on a terminal, plain periodic lines otherwise
// (CI logs, files), nothing with --quiet. Only counts and rates are printed, never user data.
import cliProgress from 'cli-progress';

/** What the export reports as it goes. */
export interface Progress {
  /** The total became known (from /users/count): shown as "of N", percent and ETA. */
  setTotal(total: number): void;
  /** `done` users are written so far. */
  update(done: number): void;
  /**
   * The export ended: the bar is closed, a last line printed. `complete`: the walk reached the end
   * (then `done` is the total, whatever the count said); otherwise it failed or was interrupted.
   */
  stop(done: number, complete: boolean): void;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const quiet: Progress = { setTotal() {}, update() {}, stop() {} };

/** `1 user`, `2 users`, `1,000 users`. */
export function usersText(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'user' : 'users'}`;
}

/** Seconds left at `rate` per second, as text; empty when it cannot be known (no rate yet, nothing left). */
function etaText(left: number, rate: number): string {
  const seconds = left / rate;
  return Number.isFinite(seconds) && seconds >= 0 && left > 0 ? `${Math.ceil(seconds)} s` : '';
}

/** Picks the reporter for this stderr. `start` is the count already exported by an interrupted run. */
export function createProgress(
  stderr: Stream,
  options: { quiet: boolean; start: number; now?: () => number },
): Progress {
  if (options.quiet) return quiet;
  const now = options.now ?? Date.now;
  return stderr.isTTY === true ? barProgress(stderr, options.start, now) : lineProgress(stderr, options.start, now);
}

function barProgress(stderr: Stream, start: number, now: () => number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WriteStream,
      // Percent and ETA are computed here: cli-progress prints NaN and Inf for a total of 0 or no rate.
      format: '{bar} {pct}% | {value}/{total} {noun} | {rate} users/s | {left}',
      hideCursor: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const began = now();
  let total = 0;
  let latest = start;
  let started = false;
  const rate = (done: number) => (done - start) / Math.max(0.001, (now() - began) / 1000);
  // Token names of our own: cli-progress fills {percentage} and {eta} itself, with NaN and Inf.
  const payload = (done: number, of: number, left: string | undefined) => {
    const eta = etaText(of - done, rate(done));
    return {
      pct: of > 0 ? Math.min(100, Math.floor((done / of) * 100)) : 100,
      noun: of === 1 ? 'user' : 'users',
      rate: Math.round(rate(done)).toLocaleString('en-US'),
      left: left ?? (eta === '' ? 'ETA -' : `ETA ${eta}`),
    };
  };
  const ensure = (done: number) => {
    if (!started) {
      bar.start(Math.max(total, done), done, payload(done, Math.max(total, done), undefined));
      started = true;
    }
  };
  return {
    setTotal(value) {
      total = value;
      if (started) bar.setTotal(Math.max(value, latest));
    },
    update(done) {
      latest = done;
      ensure(done);
      // The list may grow during the export: never show more done than total.
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, payload(done, bar.getTotal(), undefined));
    },
    stop(done, complete) {
      ensure(done);
      // A walk that reached the end is complete at what it wrote, even when the count said more.
      if (complete) bar.setTotal(done);
      bar.update(done, payload(done, bar.getTotal(), complete ? 'done' : 'stopped'));
      bar.stop();
    },
  };
}

/** One line at most every `intervalMs`, and at each tenth of the total when it is known. */
function lineProgress(stderr: Stream, start: number, now: () => number, intervalMs = 5000): Progress {
  const began = now();
  let total: number | undefined;
  let lastLine = began;
  let lastTenth = 0;
  const line = (done: number, ended: boolean, complete: boolean) => {
    const seconds = Math.max(0.001, (now() - began) / 1000);
    const rate = (done - start) / seconds;
    let text = `clerk-users: ${ended ? 'exported' : 'exporting:'} `;
    if (total !== undefined && !(complete && done !== total)) {
      text += `${done.toLocaleString('en-US')} of ${usersText(total)} (${total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100}%)`;
    } else {
      text += usersText(done);
      if (complete && total !== undefined)
        text += ` (the count at the start said ${total.toLocaleString('en-US')}: the list changed during the export)`;
    }
    text += `, ${Math.round(rate).toLocaleString('en-US')} users/s`;
    if (ended) text += `, ${seconds.toFixed(1)} s`;
    else if (total !== undefined) {
      const eta = etaText(total - done, rate);
      if (eta !== '') text += `, ETA ${eta}`;
    }
    stderr.write(`${text}\n`);
  };
  return {
    setTotal(value) {
      total = value;
    },
    update(done) {
      const tenth = total ? Math.floor((done / Math.max(1, total)) * 10) : 0;
      const t = now();
      if ((tenth > lastTenth && tenth < 10) || t - lastLine >= intervalMs) {
        lastTenth = Math.max(lastTenth, tenth);
        lastLine = t;
        line(done, false, false);
      }
    },
    stop(done, complete) {
      line(done, true, complete);
    },
  };
}
