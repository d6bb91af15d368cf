// npm run build: dist/ with ESM, CommonJS and declarations for both (`.d.ts` / `.d.cts`).
// The generated `paths` types are bundled into the declarations, so a consumer's
// `client.GET('/users/{user_id}', …)` is typed without our sources.
import { defineConfig } from 'tsup';

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
]);
