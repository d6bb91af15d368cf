// Helpers for the emulator's tests: a JSON call through `fake.fetch`, and the spec's response
// schemas compiled with Ajv (in the tests only: the emulator itself never compiles a schema).
import { readFileSync } from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import yaml from 'js-yaml';
import type { FakeClerk } from '../../src/testing/index.ts';

export const KEY = 'sk_test_emulator';

interface SpecResponse {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
}
interface Spec {
  paths: Record<string, Record<string, { operationId?: string; responses: Record<string, SpecResponse> }>>;
  components: { responses: Record<string, SpecResponse> } & Record<string, unknown>;
}

const spec = yaml.load(readFileSync(new URL('../../openapi/clerk-users.yaml', import.meta.url), 'utf8')) as Spec;

/**
 * OpenAPI 3.0's `nullable: true` allows `null` whatever else the schema says (a `oneOf`, an `allOf`);
 * Ajv honours it only beside a `type`. Written as JSON Schema, it is "this, or null".
 */
function nullableAsJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableAsJsonSchema(value);
  if (out.nullable !== true) return out;
  delete out.nullable;
  return { anyOf: [out, { type: 'null' }] };
}

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ components: nullableAsJsonSchema(spec.components) }, 'spec');
const compiled = new Map<string, ValidateFunction>();

/** The JSON schema the spec declares for `method path` answering `status`, or `undefined` when it declares none. */
export function responseValidator(
  method: string,
  path: string,
  status: number,
): ValidateFunction | undefined | 'undeclared' {
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`no operation ${method} ${path} in the spec`);
  let response = operation.responses[String(status)] ?? operation.responses.default;
  if (response === undefined) return 'undeclared';
  if (response.$ref !== undefined)
    response = spec.components.responses[response.$ref.split('/').pop() as string] as SpecResponse;
  const schema = response.content?.['application/json']?.schema;
  if (schema === undefined) return undefined;
  const key = `${method} ${path} ${status}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    // Local $refs of the spec point into the document registered as `spec`.
    validate = ajv.compile(
      nullableAsJsonSchema(
        JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/')),
      ) as object,
    );
    compiled.set(key, validate);
  }
  return validate;
}

/** The first problems Ajv found, readable in a failure message. */
export function problems(validate: ValidateFunction): string {
  return (validate.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath || '(root)'} ${e.message}`)
    .join('; ');
}

/** One call through the emulator's in-process fetch. */
export async function call(fake: FakeClerk, method: string, path: string, body?: unknown, key: string | null = KEY) {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  const response = await fake.fetch(`https://api.clerk.test/v1${path}`, { method, headers, body: payload });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}
