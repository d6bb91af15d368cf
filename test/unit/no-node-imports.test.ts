// src/ must run on any fetch runtime (Node, Bun, Deno, edge workers): no Node-only imports there.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));
// src/cli/ is the `clerk-users` command: it runs on Node only (files, signals, a terminal) and is
// built as its own entry (dist/cli.js), so the library entry never reaches it. It is left out here on purpose.
const CLI = join(SRC, 'cli');
// The emulator's HTTP adapter serves over node:http; the emulator loads it only when listen() is
// called, so its in-process fetch still runs anywhere. The one Node-only file outside src/cli/.
const NODE_ADAPTER = join(SRC, 'testing', 'node-http.ts');

// Every form a module specifier can take: static import / export-from, side-effect import,
// dynamic import(), require() and import type.
const SPECIFIER_PATTERNS = [
  /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
  /\brequire\s*\(\s*['"`]([^'"`]+)['"`]\s*\)/g,
];

const BUILTINS = new Set(builtinModules.filter((name) => !name.startsWith('_')));

function isNodeBuiltin(specifier: string): boolean {
  if (specifier.startsWith('node:')) return true;
  const root = specifier.split('/')[0] as string;
  return BUILTINS.has(specifier) || BUILTINS.has(root);
}

/** The Node-only module specifiers a source text imports. */
function nodeImports(source: string): string[] {
  const found: string[] = [];
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      const specifier = match[1] as string;
      if (isNodeBuiltin(specifier)) found.push(specifier);
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return full === CLI ? [] : sourceFiles(full);
    if (full === NODE_ADAPTER) return [];
    return /\.(?:[cm]?[jt]s|tsx|jsx)$/.test(entry.name) ? [full] : [];
  });
}

describe('the import scanner', () => {
  it('finds Node builtins in every import form', () => {
    const sample = [
      "import { readFileSync } from 'node:fs';",
      'import path from "path";',
      "import type { Server } from 'http';",
      "export { inspect } from 'util';",
      "import 'crypto';",
      "const os = await import('os');",
      "const cp = require('child_process');",
      "import { promises } from 'fs/promises';",
      'import {\n  createServer,\n} from "node:net";',
    ].join('\n');
    expect(nodeImports(sample).sort()).toEqual(
      ['child_process', 'crypto', 'fs/promises', 'http', 'node:fs', 'node:net', 'os', 'path', 'util'].sort(),
    );
  });

  it('ignores relative files and packages that merely share a name', () => {
    const sample = [
      "import { x } from './fs.ts';",
      "import createClient from 'openapi-fetch';",
      "import { paths } from '../generated/schema.ts';",
      "import { y } from 'path-browserify';",
    ].join('\n');
    expect(nodeImports(sample)).toEqual([]);
  });
});

describe('src/', () => {
  const files = sourceFiles(SRC);

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(0);
    expect(files.map((f) => relative(SRC, f))).toContain('client.ts');
  });

  it('leaves out src/cli/ (the Node-only command) and the node:http adapter of the emulator, and nothing else', () => {
    const names = files.map((f) => relative(SRC, f));
    expect(names.filter((n) => n.startsWith(`cli${sep}`))).toEqual([]);
    expect(names).not.toContain(join('testing', 'node-http.ts'));
    expect(names).toContain('concurrent.ts');
    expect(names).toContain(join('testing', 'handler.ts'));
  });

  it('loads the node:http adapter of the emulator only lazily', () => {
    // A type-only import is erased; a value import (static) would load node:http with the module.
    const importers = files.filter((file) =>
      /\bimport\s+(?!type\b)[^;]*?from\s*['"]\.\/node-http\.ts['"]/.test(readFileSync(file, 'utf8')),
    );
    expect(importers.map((f) => relative(SRC, f))).toEqual([]);
    expect(nodeImports(readFileSync(NODE_ADAPTER, 'utf8'))).toContain('node:http');
  });

  // The one exception, src/errors/redact.ts, imports nothing: the copy the command's bundle gets of it
  // brings no second copy of anything else, and the redaction rules stay internal to the package.
  it('src/cli/ reaches the library only through src/index.ts (and the emulator through src/testing/index.ts, redaction through its leaf module), so the build keeps one copy of each', () => {
    const cliFiles = readdirSync(CLI).filter((n) => n.endsWith('.ts'));
    expect(cliFiles.length).toBeGreaterThan(0);
    const reachingIn = cliFiles.flatMap((name) =>
      [...readFileSync(join(CLI, name), 'utf8').matchAll(/from\s*['"](\.\.\/[^'"]+)['"]/g)]
        .map((m) => m[1] as string)
        .filter((specifier) => !['../index.ts', '../testing/index.ts', '../errors/redact.ts'].includes(specifier))
        .map((specifier) => `${name}: ${specifier}`),
    );
    expect(reachingIn).toEqual([]);
  });

  it('imports nothing from node: or a Node builtin, so it runs on any fetch runtime', () => {
    const offenders = files.flatMap((file) =>
      nodeImports(readFileSync(file, 'utf8')).map((specifier) => `${relative(SRC, file)}: ${specifier}`),
    );
    expect(offenders).toEqual([]);
  });
});
