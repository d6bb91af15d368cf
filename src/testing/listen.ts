/**
 * How `listen()` reaches the node:http adapter: a dynamic import, so the adapter is loaded only when
 * listen() is called. The worker build (dist/testing.worker.js, for the `workerd`, `worker` and
 * `browser` conditions) swaps this module for listen.worker.ts, so no bundler ever sees node:http.
 */
import type { serveNode } from './node-http.ts';

/** Loads the adapter that serves a fetch handler over HTTP. */
export async function loadServer(): Promise<typeof serveNode> {
  return (await import('./node-http.ts')).serveNode;
}
