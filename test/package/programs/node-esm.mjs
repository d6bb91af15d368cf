// Node, Bun and Deno: the package through a plain ESM import. Arguments as JSON in argv[2];
// prints one JSON line with the results and where the import resolved to.
import * as lib from 'clerk-users';
import { smoke } from './smoke.mjs';

const args = JSON.parse(process.argv[2]);
try {
  const result = await smoke(lib, args);
  let resolved = null;
  try {
    resolved = import.meta.resolve('clerk-users');
  } catch {
    // Not every runtime resolves bare specifiers through import.meta.resolve.
  }
  console.log(JSON.stringify({ ...result, resolved }));
} catch (error) {
  console.log(JSON.stringify({ fatal: String(error?.stack ?? error) }));
  process.exitCode = 1;
}
