// Progress of an export on stderr: a cli-progress bar on a terminal, plain periodic lines otherwise
// (CI logs, files), nothing with --quiet. Only counts and rates are printed, never user data.
import cliProgress from 'cli-progress';

/** What the export reports as it goes. */
export interface Progress {
  /** The total became known (from /users/count): shown as "of N", percent and ETA. */
  setTotal(total: number): void;
  /** `done` users are written so far. */
  update(done: number): void;
  /** The export ended (done, failed or interrupted): the bar is closed, a last line printed. */
  stop(done: number): void;
}

interface Stream {
  write(text: string): unknown;
  isTTY?: boolean;
}

const quiet: Progress = { setTotal() {}, update() {}, stop() {} };

/** Picks the reporter for this stderr. `start` is the count already exported by an interrupted run. */
export function createProgress(stderr: Stream, options: { quiet: boolean; start: number; now?: () => number }): Progress {
  if (options.quiet) return quiet;
  return stderr.isTTY === true ? barProgress(stderr, options.start) : lineProgress(stderr, options.start, options.now ?? Date.now);
}

function barProgress(stderr: Stream, start: number): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WriteStream,
      format: '{bar} {percentage}% | {value}/{total} users | {speed} users/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 20,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  const began = Date.now();
  let total = 0;
  let started = false;
  const speed = (done: number) => Math.round((done - start) / Math.max(0.001, (Date.now() - began) / 1000));
  const ensure = (done: number) => {
    if (!started) {
      bar.start(Math.max(total, done), done, { speed: 0 });
      started = true;
    }
  };
  return {
    setTotal(value) {
      total = value;
      if (started) bar.setTotal(value);
    },
    update(done) {
      ensure(done);
      // The list may grow during the export: never show more done than total.
      if (done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { speed: speed(done) });
    },
    stop(done) {
      ensure(done);
      bar.update(done, { speed: speed(done) });
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
  const line = (done: number, final: boolean) => {
    const seconds = Math.max(0.001, (now() - began) / 1000);
    const rate = (done - start) / seconds;
    let text = `clerk-users: ${final ? 'exported' : 'exporting:'} ${done.toLocaleString('en-US')}`;
    if (total !== undefined) text += ` of ${total.toLocaleString('en-US')} users (${Math.min(100, Math.floor((done / Math.max(1, total)) * 100))}%)`;
    else text += ' users';
    text += `, ${Math.round(rate).toLocaleString('en-US')} users/s`;
    if (final) text += `, ${seconds.toFixed(1)} s`;
    else if (total !== undefined && rate > 0 && total > done) text += `, ETA ${Math.ceil((total - done) / rate)} s`;
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
        line(done, false);
      }
    },
    stop(done) {
      line(done, true);
    },
  };
}
