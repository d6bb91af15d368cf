// Contract-test harness: a typed client pointed at the run's Prism server, a fetch that records every
// exchange, and `assertValidCall`, which fails a call that Prism, the spec or the wire form rejects.
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { load } from 'js-yaml';
import { inject } from 'vitest';
import type { operations } from '../../generated/schema.ts';
import { type ClerkUsersClient, createClerkClient } from '../../src/index.ts';
import { specPath } from './prism.mjs';

/** A fake key: Prism only checks that a Bearer token is present. */
export const CONTRACT_SECRET_KEY = 'sk_test_contractSuiteFakeKey000000';

/** One request the client sent and the response it got. */
export interface RecordedExchange {
  /** An unread clone of the outgoing request (its body can still be read). */
  request: Request;
  method: string;
  url: string;
  headers: Headers;
  /** The response handed back to the client (its headers stay readable after the body is consumed). */
  response: Response;
}

/** A client on Prism plus everything it sent. */
export interface ContractClient {
  client: ClerkUsersClient;
  exchanges: RecordedExchange[];
  /** The single exchange of the call under test; throws when zero or several requests were sent. */
  only(): RecordedExchange;
  /**
   * Sends a hand-built request (path and query relative to Prism's URL) through the same recording
   * fetch, with the Bearer key unless `init.headers` sets Authorization. It skips the client's own
   * input checks: for requests the client would refuse to send.
   */
  sendRaw(pathAndQuery: string, init?: RequestInit): Promise<Response>;
}

/**
 * A client for the run's Prism server whose fetch records each exchange.
 * `headers` are sent with every request (e.g. `{ Prefer: 'code=404' }`).
 */
export function createContractClient(
  options: { headers?: Record<string, string>; maxRetries?: number } = {},
): ContractClient {
  const exchanges: RecordedExchange[] = [];
  const recordingFetch = async (request: Request): Promise<Response> => {
    const copy = request.clone();
    const response = await fetch(request);
    exchanges.push({ request: copy, method: copy.method, url: copy.url, headers: new Headers(copy.headers), response });
    return response;
  };
  const client = createClerkClient({
    secretKey: CONTRACT_SECRET_KEY,
    baseUrl: inject('prismUrl'),
    allowUnversionedBaseUrl: true, // Prism serves the spec's paths at its root
    fetch: recordingFetch,
    ...(options.headers ? { headers: options.headers } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  });
  return {
    client,
    exchanges,
    only() {
      if (exchanges.length !== 1) {
        throw new Error(
          `expected exactly one request, the client sent ${exchanges.length}: ${exchanges.map((e) => `${e.method} ${e.url}`).join(', ') || '(none)'}`,
        );
      }
      return exchanges[0] as RecordedExchange;
    },
    sendRaw(pathAndQuery, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('authorization')) headers.set('Authorization', `Bearer ${CONTRACT_SECRET_KEY}`);
      return recordingFetch(new Request(`${inject('prismUrl')}${pathAndQuery}`, { ...init, headers }));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The spec, as far as the checks need it.

export type OperationId = keyof operations;
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface SpecParameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  style?: string;
  explode?: boolean;
  schema?: { type?: string };
}

export interface SpecOperation {
  operationId: string;
  /** Upper case, as on the wire. */
  method: string;
  /** The path template, e.g. `/users/{user_id}`. */
  path: string;
  parameters: SpecParameter[];
  /** Media types of the request body; empty when the operation takes none. */
  requestContentTypes: string[];
  requestBodyRequired: boolean;
  /** Documented response statuses, e.g. `['200', '404']`. */
  responseStatuses: string[];
}

interface RawOperation {
  operationId?: string;
  parameters?: unknown[];
  requestBody?: { required?: boolean; content?: Record<string, unknown> };
  responses?: Record<string, unknown>;
}
interface RawSpec {
  paths: Record<string, Record<string, unknown>>;
  components?: { parameters?: Record<string, SpecParameter> };
}

let cached: SpecOperation[] | undefined;

/** Every operation of openapi/clerk-users.yaml, with `$ref` parameters resolved. */
export function specOperations(): SpecOperation[] {
  if (cached) return cached;
  const spec = load(readFileSync(specPath, 'utf8')) as RawSpec;
  const resolve = (p: unknown): SpecParameter => {
    const ref = (p as { $ref?: string }).$ref;
    if (ref === undefined) return p as SpecParameter;
    const name = ref.replace('#/components/parameters/', '');
    const found = spec.components?.parameters?.[name];
    if (!found) throw new Error(`spec: unresolved parameter ${ref}`);
    return found;
  };
  const out: SpecOperation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const shared = ((item.parameters as unknown[] | undefined) ?? []).map(resolve);
    for (const method of HTTP_METHODS) {
      const op = item[method] as RawOperation | undefined;
      if (!op) continue;
      const own = (op.parameters ?? []).map(resolve);
      const parameters = [...shared.filter((s) => !own.some((o) => o.name === s.name && o.in === s.in)), ...own];
      out.push({
        operationId: op.operationId ?? `${method} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        requestContentTypes: Object.keys(op.requestBody?.content ?? {}),
        requestBodyRequired: op.requestBody?.required === true,
        responseStatuses: Object.keys(op.responses ?? {}),
      });
    }
  }
  cached = out;
  return out;
}

/** The spec operation with this operationId (throws when there is none). */
export function specOperation(operationId: string): SpecOperation {
  const op = specOperations().find((o) => o.operationId === operationId);
  if (!op) throw new Error(`spec has no operation ${operationId}`);
  return op;
}

/**
 * The operation a server routing by the spec would pick for this method and path: templated
 * segments match any one segment, and literal segments win over templated ones (`/users/count`
 * is GetUsersCount, not GetUser).
 */
export function routeRequest(method: string, pathname: string): SpecOperation | undefined {
  const segments = pathname.split('/');
  let best: { op: SpecOperation; literals: number } | undefined;
  for (const op of specOperations()) {
    if (op.method !== method.toUpperCase()) continue;
    const template = op.path.split('/');
    if (template.length !== segments.length) continue;
    let literals = 0;
    const matches = template.every((part, i) => {
      if (/^\{[^}]+\}$/.test(part)) return (segments[i] ?? '') !== '';
      literals += 1;
      return part === segments[i];
    });
    if (matches && (!best || literals > best.literals)) best = { op, literals };
  }
  return best?.op;
}

// ---------------------------------------------------------------------------------------------
// Prism's verdict.

/** One entry of Prism's `sl-violations` header. */
export interface PrismViolation {
  location: (string | number)[];
  severity: string;
  code: string | number;
  message: string;
}

/** Every violation Prism reported for this exchange, request and response ones alike. */
export function prismViolations(response: Response): PrismViolation[] {
  const header = response.headers.get('sl-violations');
  if (header === null || header.trim() === '') return [];
  const parsed: unknown = JSON.parse(header);
  if (!Array.isArray(parsed)) throw new Error(`sl-violations is not a JSON array: ${header.slice(0, 200)}`);
  return parsed as PrismViolation[];
}

/**
 * The violations of the request only. Prism also reports where the response it generated breaks
 * the spec (`location[0] === 'response'`, e.g. examples that fit no branch of a oneOf union);
 * those say nothing about the client.
 */
export function requestViolations(response: Response): PrismViolation[] {
  return prismViolations(response).filter((v) => v.location[0] === 'request');
}

function describeViolation(v: PrismViolation): string {
  return `${v.location.join('.')}: ${v.message} [${v.code}]`;
}

// ---------------------------------------------------------------------------------------------
// The assertion.

/** What the test passed for the call under test. */
export interface CallExpectation {
  operationId: OperationId;
  /** Path parameters the call passed; each must arrive (decoded) in its template segment. */
  pathParams?: Readonly<Record<string, string>>;
  /** Query parameters the call passed; each must be in the spec and arrive in the spec's wire form. */
  query?: Readonly<Record<string, unknown>>;
}

/** Thrown by {@link assertValidCall}; `problems` lists each failed check. */
export class ContractCheckError extends Error {
  readonly problems: readonly string[];
  constructor(label: string, problems: string[]) {
    super(`contract check failed for ${label}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ContractCheckError';
    this.problems = problems;
  }
}

/**
 * The query values the spec's style puts on the wire for one parameter value: form + explode
 * (the default for query parameters) repeats the key per item; form without explode joins with
 * commas into one value.
 */
export function expectedWireValues(parameter: SpecParameter, value: unknown): string[] {
  const style = parameter.style ?? 'form';
  const explode = parameter.explode ?? style === 'form';
  if (!Array.isArray(value)) return [String(value)];
  const items = value.map((item) => String(item));
  if (style === 'form') return explode ? items : [items.join(',')];
  if (style === 'spaceDelimited' && !explode) return [items.join(' ')];
  if (style === 'pipeDelimited' && !explode) return [items.join('|')];
  throw new Error(
    `query parameter ${parameter.name}: style ${style} with explode=${explode} is not supported by this harness`,
  );
}

/** Every check of {@link assertValidCall}, as a list of problems (empty when the call is valid). */
export function contractProblems(exchange: RecordedExchange, expected: CallExpectation): string[] {
  const problems: string[] = [];
  const op = specOperation(expected.operationId);
  const url = new URL(exchange.url);

  // 1. Prism's request validation (auth, parameters, body).
  const violations = requestViolations(exchange.response);
  if (violations.length > 0) {
    problems.push(
      `Prism reported ${violations.length} request violation(s):\n${violations.map((v) => `      ${describeViolation(v)}`).join('\n')}`,
    );
  }

  // 2. A valid call is answered with a 2xx.
  if (!exchange.response.ok) {
    problems.push(`status ${exchange.response.status} is not 2xx`);
  }

  // 3. Method and path template.
  if (exchange.method !== op.method) {
    problems.push(`method ${exchange.method} is not ${op.method} (${expected.operationId})`);
  }
  const base = new URL(inject('prismUrl')).pathname.replace(/\/+$/, '');
  const pathname = url.pathname.startsWith(base) ? url.pathname.slice(base.length) : url.pathname;
  const routed = routeRequest(exchange.method, pathname);
  if (!routed) {
    problems.push(`${exchange.method} ${pathname} matches no operation of the spec (expected ${op.method} ${op.path})`);
  } else if (routed.operationId !== op.operationId) {
    problems.push(
      `${exchange.method} ${pathname} is ${routed.operationId} (${routed.method} ${routed.path}) in the spec, not ${op.operationId} (${op.method} ${op.path})`,
    );
  } else {
    const template = op.path.split('/');
    const segments = pathname.split('/');
    for (const [name, value] of Object.entries(expected.pathParams ?? {})) {
      const index = template.indexOf(`{${name}}`);
      if (index < 0) {
        problems.push(`path parameter ${name} is not in ${op.path}`);
        continue;
      }
      const sent = decodeURIComponent(segments[index] ?? '');
      if (sent !== value)
        problems.push(`path parameter ${name} arrived as ${JSON.stringify(sent)}, passed ${JSON.stringify(value)}`);
    }
  }

  // 4. Query parameters: known to the spec, and in its wire form (arrays as repeated keys).
  const passed = Object.entries(expected.query ?? {}).filter(([, value]) => value !== undefined);
  for (const [name, value] of passed) {
    const parameter = op.parameters.find((p) => p.in === 'query' && p.name === name);
    if (!parameter) {
      problems.push(`query parameter ${name} is not a parameter of ${op.operationId}`);
      continue;
    }
    const want = expectedWireValues(parameter, value);
    const got = url.searchParams.getAll(name);
    if (!isDeepStrictEqual(got, want)) {
      const form = `${parameter.style ?? 'form'}, explode=${parameter.explode ?? true}`;
      problems.push(
        `query parameter ${name} (${form}) arrived as ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`,
      );
    }
  }
  const passedNames = new Set(passed.map(([name]) => name));
  for (const name of new Set(url.searchParams.keys())) {
    if (!passedNames.has(name)) problems.push(`query parameter ${name} was sent but not passed by the call`);
  }

  // 5. The body's media type is one the spec lists.
  const contentType = exchange.headers.get('content-type');
  const hasBody = exchange.request.body !== null;
  if (hasBody) {
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (op.requestContentTypes.length === 0) {
      problems.push(`a body was sent (${contentType ?? 'no content-type'}) but ${op.operationId} takes none`);
    } else if (!op.requestContentTypes.includes(mediaType)) {
      problems.push(`body content-type ${contentType ?? '(none)'} is not one of ${op.requestContentTypes.join(', ')}`);
    }
  } else if (op.requestBodyRequired) {
    problems.push(`${op.operationId} requires a body and none was sent`);
  }
  return problems;
}

/**
 * Fails (with {@link ContractCheckError}) unless the exchange is a valid call of the operation:
 * no request violation from Prism, a 2xx status, the spec's method and path template, and every
 * query parameter in the spec's wire form.
 */
export function assertValidCall(exchange: RecordedExchange, expected: CallExpectation): void {
  const problems = contractProblems(exchange, expected);
  if (problems.length > 0) {
    const op = specOperation(expected.operationId);
    throw new ContractCheckError(
      `${expected.operationId} (${op.method} ${op.path}), sent ${exchange.method} ${exchange.url}`,
      problems,
    );
  }
}
