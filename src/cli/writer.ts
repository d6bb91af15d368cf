// Where an export's lines go: a file written as FILE.partial and renamed when complete, or stdout.
// The file is created exclusively (never through a file or symlink placed at that name), readable by
// its owner only, and after a failed write it is cut back to the last whole chunk.
import { createHash, type Hash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, type FileHandle, lstat, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './usage-error.ts';

/** The mode of every file the command creates: the owner reads and writes, nobody else. */
export const FILE_MODE = 0o600;

/** Where lines go. `write` writes a whole chunk or throws, leaving the output as it was before it. */
export interface Output {
  write(chunk: string): Promise<void>;
  /** Bytes of the output so far. */
  readonly bytes: number;
}

/** The name of the file an export writes to until it is complete. */
export const partialOf = (out: string) => `${out}.partial`;

/** A write to the output failed (disk full, file too large, I/O error): exit 1, the path named once. */
export class OutputWriteError extends Error {
  readonly code = 'output_write_failed';
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const reason = (cause as { code?: string }).code ?? 'write failed';
    super(`cannot write to ${path}: ${describeErrno(reason)}`, { cause });
    this.name = 'OutputWriteError';
  }
}

function describeErrno(code: string): string {
  const text: Record<string, string> = {
    ENOSPC: 'no space left on the device (ENOSPC)',
    EFBIG: 'the file is larger than the system allows (EFBIG)',
    EDQUOT: 'the disk quota is exhausted (EDQUOT)',
    EIO: 'an I/O error (EIO)',
    EACCES: 'permission denied (EACCES)',
    EPERM: 'permission denied (EPERM)',
    EROFS: 'the file system is read-only (EROFS)',
  };
  return text[code] ?? code;
}

/**
 * Checks, before the first request, that `--out FILE` can be written: its directory exists and is
 * writable, FILE is not a directory, and an existing FILE is replaced only with `force`.
 */
export async function checkOutputPath(out: string, options: { force: boolean; resume: boolean }): Promise<void> {
  const dir = dirname(resolve(out));
  const dirStat = await stat(dir).catch(() => undefined);
  if (dirStat === undefined)
    throw new UsageError(
      `--out ${out}: the directory ${dir} does not exist`,
      'Create the directory first, or give a path in an existing one.',
    );
  if (!dirStat.isDirectory())
    throw new UsageError(`--out ${out}: ${dir} is not a directory`, 'Give a path in an existing directory.');
  if (
    !(await access(dir, constants.W_OK | constants.X_OK).then(
      () => true,
      () => false,
    ))
  ) {
    throw new UsageError(
      `--out ${out}: the directory ${dir} is not writable`,
      'Give a path in a directory you can write to.',
    );
  }
  // lstat: a symlink at either name counts as there (rename replaces the link, never its target).
  const target = await lstat(out).catch(() => undefined);
  if (target !== undefined && (await stat(out).catch(() => undefined))?.isDirectory()) {
    throw new UsageError(`--out ${out} is a directory`, 'Give the path of a file to write, e.g. --out users.jsonl.');
  }
  if (target !== undefined && !options.force) {
    throw new UsageError(`--out ${out} already exists`, 'Add --force to replace it, or give another path.');
  }
  const partial = partialOf(out);
  const partialStat = await lstat(partial).catch(() => undefined);
  if (partialStat !== undefined && !options.resume && !options.force) {
    throw new UsageError(
      `${partial} exists, left by an interrupted export`,
      'Add --resume to continue it, or --force to start over.',
    );
  }
}

/** An export's file: FILE.partial while it is written, renamed to FILE by {@link FileOutput.complete}. */
export class FileOutput implements Output {
  #bytes: number;
  readonly #hash: Hash;
  private constructor(
    readonly out: string,
    readonly partial: string,
    private readonly handle: FileHandle,
    bytes: number,
    hash: Hash,
  ) {
    this.#bytes = bytes;
    this.#hash = hash;
  }

  /**
   * Creates FILE.partial, exclusively: a file or symlink at that name is never written through. With
   * `force` one left there (by an interrupted run) is removed first: unlinked, never followed.
   */
  static async create(out: string, options: { force: boolean }): Promise<FileOutput> {
    const partial = partialOf(out);
    if (options.force) await rm(partial, { force: true });
    const handle = await openOrExplain(partial, 'wx');
    return new FileOutput(out, partial, handle, 0, createHash('sha256'));
  }

  /**
   * Opens FILE.partial to append to it (a symlink there is refused) and reads what it holds; `check`
   * compares that with the resume state before anything is written.
   */
  static async append(out: string, check: (summary: FileSummary) => Promise<void> | void): Promise<FileOutput> {
    const partial = partialOf(out);
    const handle = await openOrExplain(partial, constants.O_WRONLY | constants.O_APPEND | constants.O_NOFOLLOW);
    try {
      const summary = await summarizeFile(partial);
      await check(summary);
      return new FileOutput(out, partial, handle, summary.bytes, summary.hash);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** The SHA-256 of everything written so far (hex). */
  digest(): string {
    return this.#hash.copy().digest('hex');
  }

  async write(chunk: string): Promise<void> {
    const buffer = Buffer.from(chunk, 'utf8');
    let done = 0;
    try {
      while (done < buffer.length) {
        const { bytesWritten } = await this.handle.write(buffer, done, buffer.length - done, this.#bytes + done);
        done += bytesWritten;
      }
    } catch (error) {
      // Cut the file back to the last whole chunk, so that it never ends in half a line.
      await this.handle.truncate(this.#bytes).catch(() => undefined);
      throw new OutputWriteError(this.partial, error);
    }
    this.#bytes += buffer.length;
    this.#hash.update(buffer);
  }

  /** Flushes and closes FILE.partial, then renames it to FILE. */
  async complete(): Promise<void> {
    try {
      await this.handle.sync();
    } catch (error) {
      await this.handle.close().catch(() => undefined);
      throw new OutputWriteError(this.partial, error);
    }
    await this.handle.close();
    await rename(this.partial, this.out).catch((error: unknown) => {
      throw new OutputWriteError(this.out, error);
    });
  }

  /** Closes FILE.partial and keeps it (whole lines only), to resume or inspect. */
  async keep(): Promise<void> {
    await this.handle.truncate(this.#bytes).catch(() => undefined);
    await this.handle.close().catch(() => undefined);
  }

  /** Closes and removes FILE.partial: nothing worth keeping was written. */
  async discard(): Promise<void> {
    await this.handle.close().catch(() => undefined);
    await rm(this.partial, { force: true });
  }
}

async function openOrExplain(path: string, flags: string | number): Promise<FileHandle> {
  try {
    return await open(path, flags, FILE_MODE);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EEXIST')
      throw new UsageError(
        `${path} appeared while the export was starting`,
        'Another export may be writing there: remove the file, or give another --out.',
      );
    if (code === 'ELOOP')
      throw new UsageError(
        `${path} is a symbolic link, which the export does not write through`,
        'Remove the link, or give another --out.',
      );
    if (code === 'ENOENT') throw new UsageError(`${path} does not exist`, 'Run the export again without --resume.');
    throw new UsageError(`cannot open ${path} (${code ?? 'unknown error'})`, 'Check the path and its permissions.');
  }
}

/** What FILE.partial holds, for `--resume` to compare with its state. */
export interface FileSummary {
  hash: Hash;
  bytes: number;
  /** Newlines in the file. */
  lines: number;
  /** The last line, without its newline (undefined when the file is empty). */
  lastLine: string | undefined;
}

/** Reads a file as a stream (an export may be large): its SHA-256, size, line count and last line. */
async function summarizeFile(path: string): Promise<FileSummary> {
  const hash = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let tail = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let at = chunk.indexOf(10); at >= 0; at = chunk.indexOf(10, at + 1)) lines++;
    // Keep the tail from the second-to-last newline on: the last whole line and anything after it.
    tail = Buffer.concat([tail, chunk]);
    const last = tail.lastIndexOf(10);
    const before = last > 0 ? tail.lastIndexOf(10, last - 1) : -1;
    if (before >= 0) tail = tail.subarray(before + 1);
  }
  const text = tail.toString('utf8');
  const lastLine = text === '' ? undefined : (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').at(-1);
  return { hash, bytes, lines, lastLine };
}

/** Whether a write failed because the reader went away (`| head`, `| true`): the reader's choice, not a failure. */
const isClosedPipe = (error: unknown) => (error as { code?: string } | undefined)?.code === 'EPIPE';

/**
 * Writes `text` to stdout and waits until it is handed over. A closed pipe is not an error (false);
 * any other failure is an {@link OutputWriteError} naming stdout.
 */
export function writeStdout(stream: NodeJS.WritableStream, text: string): Promise<boolean> {
  return new Promise((done, fail) => {
    stream.write(text, (error) => {
      if (error === undefined || error === null) done(true);
      else if (isClosedPipe(error)) done(false);
      else fail(new OutputWriteError('stdout', error));
    });
  });
}

/** stdout as an {@link Output}: back-pressure honoured; a closed pipe (`| head`) ends the export quietly. */
export class StreamOutput implements Output {
  #bytes = 0;
  #failure: unknown;
  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (error) => {
      this.#failure ??= error;
    });
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Whether the reader went away (EPIPE): not a failure of the export. */
  get isClosedByReader(): boolean {
    return isClosedPipe(this.#failure);
  }

  async write(chunk: string): Promise<void> {
    this.#check();
    if (!this.stream.write(chunk)) {
      await new Promise<void>((done) => {
        const finish = () => {
          this.stream.off('drain', finish);
          this.stream.off('error', finish);
          done();
        };
        this.stream.on('drain', finish);
        this.stream.on('error', finish);
      });
    }
    this.#check();
    this.#bytes += Buffer.byteLength(chunk);
  }

  /** Throws the stream's failure, if any: a closed pipe as it is, anything else naming stdout. */
  #check(): void {
    if (this.#failure === undefined) return;
    throw isClosedPipe(this.#failure) ? this.#failure : new OutputWriteError('stdout', this.#failure);
  }
}
