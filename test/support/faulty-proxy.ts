/**
 * A proxy in front of the fake Clerk server that fails chosen requests the ways a network and a
 * busy server do, for tests of a separate process (the command) that cannot be given a custom fetch:
 * - `apply-then-500`: the request reaches the server (its write is applied), the client gets a 500;
 * - `apply-then-reset`: the write is applied, then the connection is cut before any answer;
 * - a `{ status, headers?, body? }` answer in place of the server's (the server never sees it).
 * Serves on 127.0.0.1 with an ephemeral port; `baseUrl` ends in `/v1` like Clerk's.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the proxy does with one request. */
export type ProxyAction =
  | 'pass'
  | 'apply-then-500'
  | 'apply-then-reset'
  | { status: number; headers?: Record<string, string>; body?: unknown };

/** The request as the proxy saw it, for the decision. */
export interface ProxiedRequest {
  method: string;
  /** The path and query, as sent. */
  url: string;
  body: string;
}

export interface FaultyProxy {
  url: string;
  baseUrl: string;
  /** How many requests took each action other than `pass`. */
  injected: Record<string, number>;
  stop(): Promise<void>;
}

const readAll = (stream: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });

/** Starts a proxy to `target` (the fake's root URL) that asks `decide` what to do with each request. */
export async function startFaultyProxy(
  target: string,
  decide: (request: ProxiedRequest) => ProxyAction,
): Promise<FaultyProxy> {
  const injected: Record<string, number> = {};
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const seen: ProxiedRequest = { method: req.method ?? 'GET', url: req.url ?? '/', body: body.toString('utf8') };
      const action = decide(seen);
      if (action !== 'pass') {
        const name = typeof action === 'string' ? action : String(action.status);
        injected[name] = (injected[name] ?? 0) + 1;
      }
      if (typeof action === 'object') {
        const text = JSON.stringify(
          action.body ?? { errors: [{ code: 'injected', message: `injected ${action.status}` }] },
        );
        res.writeHead(action.status, {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(text),
          ...action.headers,
        });
        return void res.end(text);
      }
      const forwarded = httpRequest(new URL(seen.url, target), {
        method: seen.method,
        headers: { ...req.headers, host: new URL(target).host },
      });
      forwarded.end(body);
      const answer = await new Promise<IncomingMessage>((resolve, reject) =>
        forwarded.once('response', resolve).once('error', reject),
      );
      const answerBody = await readAll(answer);
      if (action === 'apply-then-reset') return void res.socket?.destroy();
      if (action === 'apply-then-500') {
        const text = JSON.stringify({
          errors: [{ code: 'internal_clerk_error', message: 'Oops, something went wrong' }],
        });
        res.writeHead(500, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
        return void res.end(text);
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      res.end(answerBody);
    })().catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    baseUrl: `http://127.0.0.1:${port}/v1`,
    injected,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
