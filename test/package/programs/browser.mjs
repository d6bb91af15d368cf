// The browser-platform bundle's entry: the same imports as a server would use. Bundled by
// test/package/consumer.test.ts with esbuild (platform: browser), which fails on any Node built-in.
import * as lib from 'clerk-users';
import { smoke } from './smoke.mjs';

export function run(args) {
  return smoke(lib, args);
}
