// The operation table covers the spec exactly: every (method, path, operationId) of
// openapi/clerk-users.yaml has an entry, and no entry names something the spec lacks.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { specPath } from '../support/prism.mjs';
import { operationCalls } from './operation-calls.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** `OperationId METHOD /path` for every operation of the YAML, read independently of the harness. */
function specTriples(): string[] {
  const spec = load(readFileSync(specPath, 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string }>>;
  };
  const triples: string[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      triples.push(`${op.operationId ?? '(no operationId)'} ${method.toUpperCase()} ${path}`);
    }
  }
  return triples.sort();
}

const tableTriples = Object.entries(operationCalls)
  .map(([operationId, call]) => `${operationId} ${call.method} ${call.path}`)
  .sort();

describe('coverage of the spec by the contract table', () => {
  it('finds exactly 39 operations in the spec, each with a unique operationId', () => {
    const triples = specTriples();
    expect(triples).toHaveLength(39);
    const ids = triples.map((t) => t.split(' ')[0]);
    expect(new Set(ids).size).toBe(39);
    expect(ids).not.toContain('(no operationId)');
  });

  it('has a table entry with the same method and path for every operation of the spec', () => {
    const missing = specTriples().filter((t) => !tableTriples.includes(t));
    expect(missing, 'spec operations without a matching contract call').toEqual([]);
  });

  it('has no table entry that the spec does not define', () => {
    const spec = specTriples();
    const extra = tableTriples.filter((t) => !spec.includes(t));
    expect(extra, 'contract calls that match no spec operation').toEqual([]);
  });
});
