// npm run build: dist/ with ESM, CommonJS and declarations for both (`.d.ts` / `.d.cts`).
// The generated `paths` types are bundled into the declarations, so a consumer's
// `client.GET('/users/{user_id}', …)` is typed without our sources.
import { join } from 'node:path';
import { defineConfig, type Options } from 'tsup';

type Plugin = NonNullable<Options['plugins']>[number];

/**
 * esbuild compiles our ES-module sources to CommonJS with Node's ESM interop (`__toESM(require(x), 1)`,
 * because this package is "type": "module"): a default import then gets openapi-fetch's whole CommonJS
 * exports object instead of its `default` (createClient), and `require('clerk-users')` fails with
 * "createClient is not a function". Under `require`, the exports' `__esModule` marker is what counts,
 * which is what `__toESM` does without the flag. test/package proves the CommonJS build end to end.
 */
const commonJsInterop: Plugin = {
  name: 'commonjs-interop',
  renderChunk(code) {
    if (this.format !== 'cjs') return undefined;
    return { code: code.replace(/__toESM\((require\("[^"]+"\)), 1\)/g, '__toESM($1)') };
  },
};

/**
 * The CLI imports the library only through `src/index.ts` (and the emulator, for `serve`, through
 * `src/testing/index.ts`); in the build those imports become the siblings `./index.js` and
 * `./testing.js`, so dist/ holds one copy of each and dist/index.* never sees the CLI.
 */
const libraryAsSibling: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'cli-imports-the-built-library',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.ts$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]/.test(args.importer) ? { path: './index.js', external: true } : undefined,
    );
    build.onResolve({ filter: /^\.\.\/testing\/index\.ts$/ }, (args) =>
      /[\\/]src[\\/]cli[\\/]/.test(args.importer) ? { path: './testing.js', external: true } : undefined,
    );
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: they would point at src/, which is not shipped, and double the tarball;
    // the output is unminified, so stack traces read well without them.
    sourcemap: false,
    clean: false, // `npm run build` empties dist/ first: the two configs build in parallel, so neither may clean
    target: 'es2022',
    platform: 'neutral',
    // openapi-fetch stays a dependency, resolved from the consumer's node_modules.
    external: ['openapi-fetch'],
    plugins: [commonJsInterop],
  },
  {
    // clerk-users/testing: the emulator, its own entry so the main entry never carries it. Its
    // node:http adapter is imported lazily by listen(), which esbuild splits into its own chunk.
    entry: { testing: 'src/testing/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    splitting: true,
    // Keep `node:http` as written: Deno and workerd's nodejs_compat resolve only the prefixed name.
    removeNodeProtocol: false,
    // bcryptjs stays a dependency, resolved from the consumer's node_modules: its ESM or CommonJS build
    // as the consumer loads us, and for bundlers its package.json keeps its Node `crypto` fallback
    // (used to make salts, never to compare) out of browser and worker bundles.
    external: ['node:http', 'bcryptjs'],
    // A stable name for the lazily loaded adapter chunk (dist/node-http.js, .cjs) rather than a hash.
    esbuildOptions(options) {
      options.chunkNames = '[name]';
    },
    plugins: [commonJsInterop],
  },
  {
    // clerk-users/testing for workers and browsers (`workerd`, `worker`, `browser` conditions): the
    // same emulator with listen.ts swapped for listen.worker.ts, so the bundle never names node:http.
    entry: { 'testing.worker': 'src/testing/index.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    platform: 'neutral',
    external: ['bcryptjs'],
    esbuildPlugins: [
      {
        name: 'listen-without-node',
        setup(build) {
          build.onResolve({ filter: /^\.\/listen\.ts$/ }, (args) => ({
            path: join(args.resolveDir, 'listen.worker.ts'),
          }));
        },
      },
    ],
  },
  {
    // The `clerk-users` command (package.json "bin"): ESM only, Node only.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    removeNodeProtocol: false,
    external: ['openapi-fetch', 'cli-progress'],
    esbuildPlugins: [libraryAsSibling],
  },
]);
