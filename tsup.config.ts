// npm run build: dist/ with ESM, CommonJS and declarations for both (`.d.ts` / `.d.cts`).
// The generated `paths` types are bundled into the declarations, so a consumer's
// `client.GET('/users/{user_id}', …)` is typed without our sources.
import { defineConfig, type Options } from 'tsup';

/**
 * The CLI imports the library only through `src/index.ts`; in the build that import becomes the
 * sibling `./index.js`, so dist/ holds one copy of the library and dist/index.* never sees the CLI.
 */
const libraryAsSibling: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'cli-imports-the-built-library',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/index\.ts$/ }, (args) => (/[\\/]src[\\/]cli[\\/]/.test(args.importer) ? { path: './index.js', external: true } : undefined));
  },
};

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    // openapi-fetch stays a dependency, resolved from the consumer's node_modules.
    external: ['openapi-fetch'],
  },
  {
    // The `clerk-users` command (package.json "bin"): ESM only, Node only.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
    removeNodeProtocol: false,
    external: ['openapi-fetch', 'cli-progress'],
    esbuildPlugins: [libraryAsSibling],
  },
]);
