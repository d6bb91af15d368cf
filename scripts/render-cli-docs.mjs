// npm run docs:cli: writes the `clerk-users` flag table, generated from src/cli/options.ts, between the
// cli-flags markers of README.md. With --check, writes nothing and exits 1 when README.md is stale.
// Run under tsx (`node --import tsx`), which loads the TypeScript sources.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withFlagTable } from '../src/cli/help.ts';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const updated = withFlagTable(readme);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md: the clerk-users flag table is out of date; run `npm run docs:cli`');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync(readmePath, updated);
  console.log('README.md: flag table updated');
}
