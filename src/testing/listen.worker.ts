/** `listen()` in the worker build: there is no HTTP server to start, only `fetch`. */
import type { serveNode } from './node-http.ts';

/** Refuses: this runtime serves the emulator through `fake.fetch` only. */
export async function loadServer(): Promise<typeof serveNode> {
  throw new Error('fake Clerk: listen() needs Node (node:http); on this runtime pass fake.fetch to the client instead');
}
