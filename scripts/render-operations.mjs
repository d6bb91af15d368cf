// Renders generated/operations.ts: every operation of the spec with what a request may carry
// (path and query parameters, the body) as plain JSON Schema data with $refs resolved, and the
// statuses it answers. The emulator validates requests by walking this data, so no schema is
// compiled at run time (no eval: workerd forbids it).

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
// Only what a validator reads; descriptions and examples would only make the file bigger.
const KEEP = new Set([
  'type',
  'nullable',
  'enum',
  'items',
  'properties',
  'additionalProperties',
  'required',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'format',
  'default',
]);

function resolve(spec, node) {
  if (Array.isArray(node)) return node.map((n) => resolve(spec, n));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const target = node.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((at, key) => at?.[key], spec);
    if (target === undefined) throw new Error(`unresolved $ref ${node.$ref}`);
    return resolve(spec, target);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) out[key] = resolve(spec, value);
  return out;
}

function schemaData(schema) {
  if (schema === null || typeof schema !== 'object') return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!KEEP.has(key)) continue;
    if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, schemaData(s)]));
    else if (key === 'items' || (key === 'additionalProperties' && typeof value === 'object'))
      out[key] = schemaData(value);
    else out[key] = value;
  }
  return out;
}

/** The operations of `spec` as TypeScript source. */
export function renderOperations(spec) {
  const operations = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const parameters = resolve(spec, [...(item.parameters ?? []), ...(op.parameters ?? [])]).map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required === true,
        schema: schemaData(p.schema ?? {}),
      }));
      let body = null;
      if (op.requestBody !== undefined) {
        const requestBody = resolve(spec, op.requestBody);
        const [contentType, media] = Object.entries(requestBody.content)[0];
        body = { contentType, required: requestBody.required === true, schema: schemaData(media.schema ?? {}) };
      }
      operations.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? '',
        parameters,
        body,
        statuses: Object.keys(op.responses).map(Number),
      });
    }
  }
  return `import type { OperationSpec } from './operation-spec.ts';

/** Every operation of the spec: what a request may carry, and the statuses it answers. */
export const OPERATIONS: readonly OperationSpec[] = ${JSON.stringify(operations, null, 2)};
`;
}

export const operationSpecTypes = `/** A subset of JSON Schema: what the spec's request parts use. */
export interface SchemaData {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  nullable?: boolean;
  enum?: readonly (string | number | boolean | null)[];
  items?: SchemaData;
  properties?: Readonly<Record<string, SchemaData>>;
  additionalProperties?: boolean | SchemaData;
  required?: readonly string[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  format?: string;
  default?: unknown;
}

/** A path or query parameter of an operation. */
export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: SchemaData;
}

/** One operation of the spec. */
export interface OperationSpec {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The path template, e.g. \`/users/{user_id}\`. */
  path: string;
  summary: string;
  parameters: readonly ParameterSpec[];
  body: { contentType: string; required: boolean; schema: SchemaData } | null;
  /** The statuses the spec declares. */
  statuses: readonly number[];
}
`;

/** docs/testing-support.md: each operation, what the emulator does, what it does not model. */
export function renderSupportTable(spec, notes) {
  const rows = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op === undefined) continue;
      const note = notes[op.operationId];
      if (note === undefined) throw new Error(`scripts/testing-support-notes.mjs has no entry for ${op.operationId}`);
      const cell = (text) => (text === '' ? '—' : text.replaceAll('|', '\\|'));
      rows.push(`| \`${method.toUpperCase()} ${path}\` | ${op.operationId} | ${cell(note[0])} | ${cell(note[1])} |`);
    }
  }
  return `<!-- Generated by \`npm run generate\` from openapi/clerk-users.yaml and scripts/testing-support-notes.mjs. Do not edit by hand. -->
# What \`clerk-users/testing\` supports

Every operation of the spec is served, stateful (what one request writes, the next reads), validated
against the spec before anything changes (unknown fields, types, enums, bounds, more than 100 values
in a query parameter: 422, or 400 where the operation declares no 422, naming the parameter), and
answered with bodies that match the spec's response schemas (checked by test/emulator/operations.test.ts).

| Operation | operationId | What the emulator does | Not modelled |
| --- | --- | --- | --- |
${rows.join('\n')}

## Stricter or simpler than Clerk
- Stricter: an unknown query parameter is a 422 (\`form_param_unknown\`); a seed whose identifiers collide is refused.
- Simpler: no sessions, emails, SMS, OAuth providers, organizations beyond ids, instance settings or plans.
- Rate limits are off unless \`rateLimit\` is set; then they are sliding windows on the emulator's clock.
`;
}
