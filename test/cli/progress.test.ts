// Progress output of an export: the bar on a terminal, plain lines otherwise, nothing with --quiet.
import { describe, expect, it } from 'vitest';
import { createProgress, usersText } from '../../src/cli/progress.ts';

function terminal() {
  const tty = {
    text: '',
    isTTY: true,
    columns: 120,
    write(s: string) {
      tty.text += s;
      return true;
    },
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
    on: () => tty,
    removeListener: () => tty,
  };
  return tty;
}

describe('progress output', () => {
  it('draws a cli-progress bar on a terminal: percent, counts, rate and ETA', () => {
    const tty = terminal();
    const progress = createProgress(tty, { quiet: false, start: 0 });
    progress.setTotal(1000);
    progress.update(500);
    progress.stop(1000, true);
    expect(tty.text).toMatch(/100% \| 1000\/1000 users \| [\d,]+ users\/s \| done/);
  });

  it('ends the bar at what was written when the walk ends short of the count, with no NaN or Inf', () => {
    const tty = terminal();
    const progress = createProgress(tty, { quiet: false, start: 0 });
    progress.setTotal(42);
    progress.update(1);
    progress.stop(1, true);
    const last = tty.text.split('\r').at(-1) ?? '';
    expect(last).toMatch(/100% \| 1\/1 user \|/);
    expect(tty.text).not.toMatch(/NaN|Inf|NF/);
  });

  it('on a stopped walk keeps the count it knew, with no ETA', () => {
    const tty = terminal();
    const progress = createProgress(tty, { quiet: false, start: 0 });
    progress.setTotal(0);
    progress.update(0);
    progress.stop(0, false);
    expect(tty.text).not.toMatch(/NaN|Inf|NF/);
    expect(tty.text).toContain('stopped');
  });

  it('prints nothing with --quiet', () => {
    let text = '';
    const progress = createProgress({ write: (s: string) => (text += s) }, { quiet: true, start: 0 });
    progress.setTotal(10);
    progress.update(5);
    progress.stop(10, true);
    expect(text).toBe('');
  });

  it('prints a plain line at each tenth and a closing line when stderr is not a terminal', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = createProgress(
      { write: (s: string) => lines.push(s) },
      { quiet: false, start: 0, now: () => now },
    );
    progress.setTotal(1000);
    for (let done = 100; done <= 1000; done += 100) {
      now += 100;
      progress.update(done);
    }
    progress.stop(1000, true);
    expect(lines).toHaveLength(10);
    expect(lines[0]).toBe('clerk-users: exporting: 100 of 1,000 users (10%), 1,000 users/s, ETA 1 s\n');
    expect(lines.at(-1)).toBe('clerk-users: exported 1,000 of 1,000 users (100%), 1,000 users/s, 1.0 s\n');
  });

  it('closes with the count written when the list was shorter than the count, singular right', () => {
    const lines: string[] = [];
    let now = 0;
    const progress = createProgress(
      { write: (s: string) => lines.push(s) },
      { quiet: false, start: 0, now: () => now },
    );
    progress.setTotal(42);
    now = 1000;
    progress.stop(1, true);
    expect(lines).toEqual([
      'clerk-users: exported 1 user (the count at the start said 42: the list changed during the export), 1 users/s, 1.0 s\n',
    ]);
  });

  it('writes "1 user" and "2 users"', () => {
    expect([usersText(0), usersText(1), usersText(2), usersText(1000)]).toEqual([
      '0 users',
      '1 user',
      '2 users',
      '1,000 users',
    ]);
  });
});
