// Starts one real Prism mock server on the checked-in spec for the whole run; contract tests
// read its URL with `inject('prismUrl')`.
import type { TestProject } from 'vitest/node';
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
  };
}
