/**
 * Request validation against the spec, by walking the schema data generated from it
 * (generated/operations.ts): no schema is compiled at run time, so it runs on workerd too.
 * Unknown fields, wrong types, values outside an enum or bounds, missing required fields and more
 * than 100 values in one query parameter are refused before anything changes, naming the parameter.
 */
import type { OperationSpec, SchemaData } from '../../generated/operation-spec.ts';
import { FakeClerkError, missingParam, unknownParam } from './errors.ts';

const MAX_QUERY_VALUES = 100;

/** The status the spec lets an operation answer a bad request with: 422 where declared, else 400. */
function badRequestStatus(operation: OperationSpec): number {
  return operation.statuses.includes(422) ? 422 : 400;
}

/** Clerk names the top-level field (`user_ids`, not `user_ids[0]`); the long message keeps the full path. */
function asClerkSays(error: FakeClerkError, status: number): FakeClerkError {
  const param = error.meta?.param_name;
  const meta = typeof param === 'string' ? { ...error.meta, param_name: param.split(/[.[]/)[0] } : error.meta;
  return new FakeClerkError(status, error.code, error.message, error.longMessage, meta);
}

function invalid(param: string, longMessage: string): FakeClerkError {
  return new FakeClerkError(422, 'form_param_value_invalid', 'is invalid', longMessage, { param_name: param });
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Checks a JSON value against `schema`; `param` names it in the error (`a.b`, `list[2]`). */
function checkValue(schema: SchemaData, value: unknown, param: string): void {
  if (value === null) {
    if (schema.nullable === true || schema.type === undefined) return;
    throw invalid(param, `${param} must not be null.`);
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const fits = schema.type === actual || (schema.type === 'number' && actual === 'integer');
    if (!fits)
      throw invalid(
        param,
        `${param} must be ${schema.type === 'integer' || schema.type === 'array' ? 'an' : 'a'} ${schema.type}, got ${shown(value)}.`,
      );
  }
  if (schema.enum !== undefined && !schema.enum.includes(value as string)) {
    throw invalid(
      param,
      `${param} must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${shown(value)}.`,
    );
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum)
      throw invalid(param, `${param} must be at least ${schema.minimum}, got ${value}.`);
    if (schema.maximum !== undefined && value > schema.maximum)
      throw invalid(param, `${param} must be at most ${schema.maximum}, got ${value}.`);
  }
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      throw invalid(param, `${param} must hold at least ${schema.minLength} characters.`);
    if (schema.maxLength !== undefined && value.length > schema.maxLength)
      throw invalid(param, `${param} must hold at most ${schema.maxLength} characters.`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      throw invalid(param, `${param} must hold at least ${schema.minItems} values, got ${value.length}.`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      throw invalid(param, `${param} must hold at most ${schema.maxItems} values, got ${value.length}.`);
    if (schema.items !== undefined)
      for (const [i, item] of value.entries()) checkValue(schema.items as SchemaData, item, `${param}[${i}]`);
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? [])
      if (object[name] === undefined) throw missingParam(param === '' ? name : `${param}.${name}`);
    for (const [name, field] of Object.entries(object)) {
      const path = param === '' ? name : `${param}.${name}`;
      const declared = schema.properties?.[name];
      if (declared !== undefined) checkValue(declared, field, path);
      else if (schema.additionalProperties === false) throw unknownParam(path);
      else if (typeof schema.additionalProperties === 'object') checkValue(schema.additionalProperties, field, path);
    }
  }
}

/** Parses one query string value as `schema` says (`'10'` as an integer, `'true'` as a boolean). */
function queryValue(schema: SchemaData, raw: string, param: string): unknown {
  switch (schema.type) {
    case 'integer':
      if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)))
        throw invalid(param, `${param} must be an integer, got ${shown(raw)}.`);
      return Number(raw);
    case 'number':
      if (raw.trim() === '' || !Number.isFinite(Number(raw)))
        throw invalid(param, `${param} must be a number, got ${shown(raw)}.`);
      return Number(raw);
    case 'boolean':
      if (raw !== 'true' && raw !== 'false') throw invalid(param, `${param} must be true or false, got ${shown(raw)}.`);
      return raw === 'true';
    default:
      return raw;
  }
}

/** Checks the query string of a request against its operation. */
function checkQuery(operation: OperationSpec, query: URLSearchParams): void {
  const declared = new Map(operation.parameters.filter((p) => p.in === 'query').map((p) => [p.name, p]));
  for (const name of new Set(query.keys())) if (!declared.has(name)) throw unknownParam(name);
  for (const parameter of declared.values()) {
    const raw = query.getAll(parameter.name);
    if (raw.length === 0) {
      if (parameter.required) throw missingParam(parameter.name);
      continue;
    }
    if (parameter.schema.type === 'array') {
      if (raw.length > MAX_QUERY_VALUES)
        throw invalid(
          parameter.name,
          `${parameter.name} accepts at most ${MAX_QUERY_VALUES} values, got ${raw.length}.`,
        );
      const items = parameter.schema.items ?? {};
      checkValue(
        parameter.schema,
        raw.map((r, i) => queryValue(items, r, `${parameter.name}[${i}]`)),
        parameter.name,
      );
    } else {
      // Only the first value of a single-valued parameter counts, as Clerk reads it.
      checkValue(parameter.schema, queryValue(parameter.schema, raw[0] as string, parameter.name), parameter.name);
    }
  }
}

/** Validates a request's query and JSON body against its operation; throws Clerk's 422 (or 400) naming the parameter. */
export function validateRequest(operation: OperationSpec, query: URLSearchParams, body: unknown): void {
  try {
    checkQuery(operation, query);
    const spec = operation.body;
    if (spec === null || spec.contentType !== 'application/json') return;
    // No body reads as an empty object: its required fields are then reported by name.
    if (body === undefined) {
      if (spec.required) checkValue(spec.schema, {}, '');
      return;
    }
    if (typeOf(body) !== 'object')
      throw new FakeClerkError(
        400,
        'malformed_request',
        'malformed request',
        'The request body must be a JSON object.',
      );
    checkValue(spec.schema, body, '');
  } catch (error) {
    if (error instanceof FakeClerkError && error.status === 422) throw asClerkSays(error, badRequestStatus(operation));
    throw error;
  }
}
