// What an interrupted file export leaves next to FILE.partial (as FILE.partial.state) so that
// `--resume` can continue it, and the checks `--resume` makes before it trusts it: the state must be
// one this command wrote, for the same selection, and the file must be exactly as the state says.
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { UsageError } from './usage-error.ts';
import { FILE_MODE } from './writer.ts';

const VERSION = 2;

/** What decides the content of an export: `--resume` continues only with the same. */
export interface Selection {
  /** The query sent, but for the page size (which changes the requests, not the users). */
  query: Record<string, unknown>;
  format: string;
  fields: string[];
  /** CSV cells neutralised (`safe`) or `raw`. */
  cells: string;
  /** The API root called, as given (undefined: the library's default). */
  baseUrl: string | null;
  /** A fingerprint of the secret key ({@link keyFingerprint}), never the key. */
  key: string;
}

/** The state file's content. */
export interface ResumeState {
  version: typeof VERSION;
  selection: Selection;
  /** Why the export cannot be resumed, when it cannot. */
  notResumable?: string;
  /** Users in FILE.partial. */
  written: number;
  /** Bytes of FILE.partial, and their SHA-256 (hex). */
  bytes: number;
  sha256: string;
  /** The id of the last user in FILE.partial: the walk continues after it. */
  lastId: string | null;
}

/** The state file of an export to `out`. */
const stateFileOf = (out: string) => `${out}.partial.state`;

/** A short, one-way fingerprint of the key: tells two keys apart without storing either. */
export function keyFingerprint(secretKey: string): string {
  return createHash('sha256').update('clerk-users resume state\0').update(secretKey).digest('hex').slice(0, 16);
}

/** Writes the state beside FILE.partial: a new file (exclusive, owner-only), then renamed into place. */
export async function saveState(out: string, state: ResumeState): Promise<void> {
  const file = stateFileOf(out);
  const temporary = `${file}.${process.pid}.${Date.now().toString(36)}`;
  const handle = await open(temporary, 'wx', FILE_MODE);
  try {
    await handle.writeFile(`${JSON.stringify(state)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** Removes the state of an export to `out` (after it completed, or when it starts over). */
export async function removeState(out: string): Promise<void> {
  await rm(stateFileOf(out), { force: true });
}

const START_OVER = 'Run the export again without --resume (add --force to replace what is there).';

/** Reads and checks the state of an interrupted export to `out` against this run's selection. Throws {@link UsageError}. */
export async function loadState(out: string, selection: Selection): Promise<ResumeState> {
  const file = stateFileOf(out);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(
      `nothing to resume: ${file} is missing (the export finished, never started, or did not stop cleanly)`,
      START_OVER,
    );
  }
  let state: unknown;
  try {
    state = JSON.parse(text);
  } catch {
    state = undefined;
  }
  if (!isState(state))
    throw new UsageError(`cannot resume: ${file} is not a state file this version of clerk-users wrote`, START_OVER);
  if (state.notResumable !== undefined) {
    throw new UsageError(
      `cannot resume: ${state.notResumable}`,
      'Run the export again without --resume (with --concurrency 1 for one that can be resumed).',
    );
  }
  const differs = differenceOf(state.selection, selection);
  if (differs !== undefined)
    throw new UsageError(
      `cannot resume: ${differs} from the interrupted run`,
      'Repeat the interrupted command exactly, adding --resume.',
    );
  return state;
}

function differenceOf(saved: Selection, now: Selection): string | undefined {
  if (saved.baseUrl !== now.baseUrl) return '--base-url differs';
  if (saved.key !== now.key) return 'the secret key differs';
  if (JSON.stringify(saved.query) !== JSON.stringify(now.query)) return 'the filters or --order-by differ';
  if (saved.format !== now.format) return '--format differs';
  if (JSON.stringify(saved.fields) !== JSON.stringify(now.fields)) return '--fields differ';
  if (saved.cells !== now.cells) return '--csv-raw differs';
  return undefined;
}

/**
 * Checks that FILE.partial is what the state describes: its size and SHA-256, and (for JSON Lines)
 * its line count and the id of its last line. Throws {@link UsageError} with the first difference.
 */
export function checkFileMatches(
  state: ResumeState,
  partial: string,
  file: { bytes: number; sha256: string; lastLine: string | undefined; lines: number },
  format: string,
): void {
  const refuse = (why: string) =>
    new UsageError(`cannot resume: ${partial} is not as the interrupted run left it (${why})`, START_OVER);
  if (file.bytes !== state.bytes) throw refuse(`${file.bytes} bytes, expected ${state.bytes}`);
  if (file.sha256 !== state.sha256) throw refuse('its content changed');
  if (state.written > 0 && state.lastId === null) throw refuse('the state names no last user');
  if (format === 'jsonl') {
    if (file.lines !== state.written) throw refuse(`${file.lines} lines, expected ${state.written}`);
    if (state.written > 0 && idOfLine(file.lastLine) !== state.lastId)
      throw refuse('its last line is not the last user written');
  }
}

function idOfLine(line: string | undefined): unknown {
  try {
    return (JSON.parse(line ?? '') as { id?: unknown }).id;
  } catch {
    return undefined;
  }
}

function isState(value: unknown): value is ResumeState {
  if (value === null || typeof value !== 'object') return false;
  const s = value as Record<string, unknown>;
  const selection = s.selection as Record<string, unknown> | null | undefined;
  const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
  return (
    s.version === VERSION &&
    count(s.written) &&
    count(s.bytes) &&
    typeof s.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(s.sha256) &&
    (s.lastId === null || (typeof s.lastId === 'string' && s.lastId !== '')) &&
    (s.notResumable === undefined || typeof s.notResumable === 'string') &&
    selection !== null &&
    typeof selection === 'object' &&
    typeof selection.query === 'object' &&
    selection.query !== null &&
    typeof selection.format === 'string' &&
    Array.isArray(selection.fields) &&
    typeof selection.cells === 'string' &&
    (selection.baseUrl === null || typeof selection.baseUrl === 'string') &&
    typeof selection.key === 'string'
  );
}
