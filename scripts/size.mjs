// npm run size: what the package weighs in a user's bundle, and a ceiling so it cannot creep.
// esbuild, minified, browser platform, gzipped (level 9); sizes in KiB (1024 bytes, as esbuild
// reports them) with the exact bytes. Bundles the built
// dist/index.js (what ships), so run `npm run build` first (`npm run size` does).
//   full import  createClerkClient + unwrap + paginate + the error classes + the filter builders
//   ours         the same with openapi-fetch left out
//   openapi-fetch  what we use of it, alone
//   @clerk/backend createClerkClient, for comparison (a devDependency)
// Fails (exit 1) when the full import is past LIMIT_BYTES.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist', 'index.js');
/**
 * The ceiling, and what each step of it bought. The layer started under 9 KiB; the retry layer
 * (retries, cool-down, rate limiter, timeouts: ~2.1 KiB) and the concurrent walk (~1.9 KiB) took it to
 * 13.8 KiB, and the ceiling sat about 5 % above that, at 14.5 KiB. Then: +1,110 B for hardening (exact-key
 * redaction of every error field and cause, refusing 2xx bodies of the wrong shape, ending walks that stop
 * making progress, retrying reads that fail mid-body), and +600 B for Clerk's per-user limit (a cool-down
 * and a limiter per user on the per-user routes). importUsers and clerk-users/testing are not in this
 * bundle. Raise it only in a commit that says which feature the bytes buy.
 */
const LIMIT_BYTES = 14.5 * 1024 + 1110 + 600;

const FULL_IMPORT = [
  'createClerkClient',
  'unwrap',
  'paginate',
  'ClerkUsersError',
  'ClerkAPIError',
  'ClerkAuthenticationError',
  'ClerkNotFoundError',
  'ClerkValidationError',
  'ClerkRateLimitError',
  'ClerkNetworkError',
  'ClerkTimeoutError',
  'ClerkInputError',
  'include',
  'exclude',
  'filter',
  'orderBy',
  'asc',
  'desc',
];

function newestSource(dir) {
  return Math.max(
    ...readdirSync(dir, { withFileTypes: true }).map((e) =>
      e.isDirectory() ? newestSource(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
    ),
  );
}

function fail(message) {
  console.error(`size: ${message}`);
  process.exit(1);
}

let built;
try {
  built = statSync(DIST).mtimeMs;
} catch {
  fail('dist/index.js is missing: run `npm run build` first (or `npm run size`, which builds)');
}
if (built < Math.max(newestSource(join(ROOT, 'src')), newestSource(join(ROOT, 'generated')))) {
  fail('dist/ is older than src/ or generated/: run `npm run build` first (or `npm run size`, which builds)');
}

/** Minified and gzipped size of a bundle of `contents` (an ES module), with `external` left out. */
async function gzipped(contents, external = []) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
    // The built file rather than the package's self-reference, so the measure is of this tree's dist.
    alias: { 'clerk-users': DIST },
  });
  const code = result.outputFiles[0].contents;
  return { min: code.byteLength, gz: gzipSync(code, { level: 9 }).byteLength };
}

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} KiB`;
const ours = `export { ${FULL_IMPORT.join(', ')} } from 'clerk-users';`;

const full = await gzipped(ours);
const withoutFetch = await gzipped(ours, ['openapi-fetch']);
const openapiFetch = await gzipped(
  "export { default, defaultBodySerializer, defaultPathSerializer } from 'openapi-fetch';",
);
const clerkBackend = await gzipped("export { createClerkClient } from '@clerk/backend';");

const rows = [
  ['clerk-users, full import', full],
  ['  of it ours (openapi-fetch left out)', withoutFetch],
  ['  of it openapi-fetch (alone)', openapiFetch],
  ['@clerk/backend createClerkClient', clerkBackend],
];
console.log('esbuild --minify, platform browser, gzip -9\n');
for (const [name, size] of rows)
  console.log(
    `${name.padEnd(40)} ${kB(size.gz).padStart(10)} gz (${String(size.gz).padStart(6)} B)  ${kB(size.min).padStart(11)} min`,
  );
console.log(
  `\nfull import: ${full.gz} B of the ${LIMIT_BYTES} B (${kB(LIMIT_BYTES)}) limit, headroom ${LIMIT_BYTES - full.gz} B; @clerk/backend is ${(clerkBackend.gz / full.gz).toFixed(1)}x`,
);
if (full.gz > LIMIT_BYTES) fail(`the full import is ${kB(full.gz)} gzipped, past the ${kB(LIMIT_BYTES)} limit`);
