/**
 * A `POST /users` body from flat text cells, as a CSV row gives them: each cell typed by what the
 * spec says its field holds, and dotted names (`public_metadata.plan`) building objects.
 */
import { type CreateUserBody, createBodyFieldType, type RecordProblem } from './create-body.ts';

/**
 * Builds a create body from `[column, text]` pairs. An empty cell is left out. By the field's type:
 * `true` / `false` for a boolean, digits for a whole number, a JSON array or space-separated values
 * for a list (`a@example.com b@example.com`), a JSON object for a whole metadata object. A dotted
 * column sets a key inside an object field (`public_metadata.plan` → `{ public_metadata: { plan } }`),
 * its value kept as text. A cell that does not read as its type is kept as text, so the body check
 * reports it with the field's name.
 * @example
 * createBodyFromColumns([['external_id', 'crm_1'], ['email_address', 'a@example.com'], ['public_metadata.plan', 'pro']]);
 * // { external_id: 'crm_1', email_address: ['a@example.com'], public_metadata: { plan: 'pro' } }
 */
export function createBodyFromColumns(columns: Iterable<readonly [name: string, text: string]>): CreateUserBody {
  const body: Record<string, unknown> = {};
  for (const [name, text] of columns) {
    if (text === '') continue;
    const [field, ...path] = name.split('.');
    if (path.length === 0 || createBodyFieldType(field as string) !== 'object') {
      body[name] = typed(name, text);
      continue;
    }
    // A cell whose place is already taken by a value (`a` set, then `a.b`) is left out.
    let target = objectAt(body, field as string);
    for (const key of path.slice(0, -1)) target = target === undefined ? undefined : objectAt(target, key);
    if (target !== undefined) target[path[path.length - 1] as string] = text;
  }
  return body as CreateUserBody;
}

/** The object under `key` of `parent`, made when missing; undefined when something else is there. */
function objectAt(parent: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  if (parent[key] === undefined) parent[key] = {};
  const value = parent[key];
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function typed(field: string, text: string): unknown {
  switch (createBodyFieldType(field)) {
    case 'boolean':
      return /^true$/i.test(text) ? true : /^false$/i.test(text) ? false : text;
    case 'integer':
      return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
    case 'array':
      return text.trimStart().startsWith('[') ? parsedOr(text) : text.split(/\s+/).filter((item) => item !== '');
    case 'object':
      return text.trimStart().startsWith('{') ? parsedOr(text) : text;
    default:
      return text;
  }
}

function parsedOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * Checks the column names of a table of create bodies (a CSV header) before any row is read: each
 * must be a body field, or `FIELD.KEY…` of an object field; none twice; `external_id` present.
 * @example
 * checkColumnNames(['external_id', 'email', 'public_metadata.plan']);
 * // { code: 'unknown_column', message: 'the column "email" is not a POST /users field …' }
 */
export function checkColumnNames(names: readonly string[]): RecordProblem | undefined {
  const seen = new Set<string>();
  for (const name of names) {
    const [field, ...path] = name.split('.');
    const type = createBodyFieldType(field as string);
    if (type === undefined || (path.length > 0 && (type !== 'object' || path.some((key) => key === '')))) {
      return {
        code: 'unknown_column',
        message: `the column ${JSON.stringify(name)} is not a POST /users field; name columns after the body fields (external_id, email_address, first_name, …), and public_metadata.KEY sets one key of an object`,
      };
    }
    if (seen.has(name)) return { code: 'repeated_column', message: `the column ${JSON.stringify(name)} appears twice` };
    seen.add(name);
  }
  if (!seen.has('external_id')) {
    return {
      code: 'missing_external_id',
      message: 'there is no external_id column: every record needs one, it is what makes running the import again safe',
    };
  }
  return undefined;
}
