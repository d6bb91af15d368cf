// Starts one real Prism mock server on the checked-in spec for the whole run; contract tests
// read its URL with `inject('prismUrl')`. The teardown also removes the packed package that
// test/package and test/runtimes installed in the temp dir.
import type { TestProject } from 'vitest/node';
import { removePackedPackage } from './packed-package.ts';
import { startPrism } from './prism.mjs';

declare module 'vitest' {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide('prismUrl', prism.url);
  return async () => {
    await prism.stop();
    removePackedPackage();
  };
}
