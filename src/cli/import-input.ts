// The records of `clerk-users import FILE`, read as a stream: JSON Lines (a POST /users body per
// line, or with --from export a user as `clerk-users export` writes it) or CSV (a header row of body
// field names, dotted names building objects). Each record comes with the line it starts on; a line
// that cannot be read becomes an UnreadableRecord, so the results stay one per input record.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  type CreateUserBody,
  checkColumnNames,
  type components,
  createBodyFromColumns,
  createBodyFromUser,
  UnreadableRecord,
} from '../index.ts';
import { UsageError } from './usage-error.ts';

/** One input record and the line of the file it starts on. */
export interface InputRecord {
  line: number;
  record: CreateUserBody | UnreadableRecord;
}

/** How the file is read. */
export interface InputFormat {
  format: 'jsonl' | 'csv';
  /** `export`: each JSON line is a user as `clerk-users export` wrote it. */
  from: 'body' | 'export';
}

/** Reads `path` record by record. Throws {@link UsageError} before the first record when the file or its header is unusable. */
export async function* readRecords(path: string, input: InputFormat): AsyncGenerator<InputRecord> {
  const lines = linesOf(path);
  if (input.format === 'csv') yield* csvRecords(lines);
  else yield* jsonRecords(lines, input.from);
}

async function* linesOf(path: string): AsyncGenerator<string> {
  const stream = createReadStream(path, { encoding: 'utf8' });
  try {
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new UsageError(
      `cannot read ${JSON.stringify(path)} (${code})`,
      'Give the path of a JSON Lines or CSV file of users to import.',
    );
  }
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

async function* jsonRecords(lines: AsyncIterable<string>, from: InputFormat['from']): AsyncGenerator<InputRecord> {
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      // The parser's message quotes the line, which may hold a password: name the line only.
      yield { line, record: new UnreadableRecord('invalid_json', `line ${line} is not valid JSON`) };
      continue;
    }
    if (from === 'export') {
      const user = value as Partial<components['schemas']['User']> | null;
      if (typeof user !== 'object' || user === null || user.object !== 'user' || typeof user.id !== 'string') {
        yield {
          line,
          record: new UnreadableRecord(
            'not_an_exported_user',
            `line ${line} is not a user as clerk-users export writes it (an object with "object": "user" and an id)`,
          ),
        };
        continue;
      }
      yield { line, record: createBodyFromUser(user as components['schemas']['User']) };
      continue;
    }
    yield { line, record: value as CreateUserBody };
  }
}

async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<InputRecord> {
  let header: string[] | undefined;
  for await (const { line, cells } of csvRows(lines)) {
    if (header === undefined) {
      header = cells.map((cell) => cell.trim());
      checkHeader(header);
      continue;
    }
    if (cells.length === 1 && cells[0] === '') continue;
    if (cells.length !== header.length) {
      yield {
        line,
        record: new UnreadableRecord(
          'invalid_csv_row',
          `line ${line} has ${cells.length} cells, but the header has ${header.length}`,
        ),
      };
      continue;
    }
    const names = header;
    yield { line, record: createBodyFromColumns(cells.map((text, i) => [names[i] as string, text] as const)) };
  }
  if (header === undefined)
    throw new UsageError(
      'the CSV file is empty: it needs a header row naming POST /users fields, e.g. external_id,email_address,first_name',
    );
}

/** Refuses a header naming something that is not a create body field, before anything is sent. */
function checkHeader(header: string[]): void {
  const problem = checkColumnNames(header);
  if (problem !== undefined)
    throw new UsageError(
      `CSV header: ${problem.message}`,
      'The header row names POST /users fields, e.g. external_id,email_address,first_name,public_metadata.plan',
    );
}

/**
 * RFC 4180 rows from lines: quoted cells may hold commas, doubled quotes and line breaks. Each row
 * comes with the line it starts on.
 */
async function* csvRows(lines: AsyncIterable<string>): AsyncGenerator<{ line: number; cells: string[] }> {
  let lineNumber = 0;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let start = 0;
  for await (const text of lines) {
    lineNumber++;
    if (!quoted) {
      start = lineNumber;
      cells = [];
      cell = '';
    } else {
      cell += '\n';
    }
    for (let i = 0; i < text.length; i++) {
      const char = text[i];
      if (quoted) {
        if (char === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i++;
          } else quoted = false;
        } else cell += char;
      } else if (char === '"' && cell === '') quoted = true;
      else if (char === ',') {
        cells.push(cell);
        cell = '';
      } else cell += char;
    }
    if (quoted) continue;
    cells.push(cell);
    yield { line: start, cells };
  }
  if (quoted) {
    cells.push(cell);
    yield { line: start, cells };
  }
}
