// npm run check:cycles: fails (exit 1) when the modules of src/ import each other in a cycle, type-only
// imports included (a cycle through types still ties two modules together). Reads every import and
// export-from with TypeScript's own pre-parser and follows the relative ones.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sources(SRC);
const graph = new Map(
  files.map((file) => {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map((imported) => imported.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name))
      .filter((target) => target.startsWith(SRC));
    return [file, targets];
  }),
);

const cycles = [];
const state = new Map(); // undefined: not seen, 1: on the current path, 2: done
const path = [];
function visit(file) {
  state.set(file, 1);
  path.push(file);
  for (const target of graph.get(file) ?? []) {
    if (state.get(target) === 1) cycles.push([...path.slice(path.indexOf(target)), target]);
    else if (state.get(target) === undefined) visit(target);
  }
  path.pop();
  state.set(file, 2);
}
for (const file of files) if (state.get(file) === undefined) visit(file);

const show = (file) => relative(ROOT, file);
if (cycles.length > 0) {
  for (const cycle of cycles) console.error(`import cycle: ${cycle.map(show).join(' → ')}`);
  process.exit(1);
}
console.log(`check:cycles: ${files.length} modules in src/, no import cycle`);
