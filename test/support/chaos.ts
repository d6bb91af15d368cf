/**
 * A seeded fault-injecting proxy for test servers (usually the fake Clerk server): it listens on
 * 127.0.0.1 and forwards each request to `target`, except when the dice say otherwise.
 *
 * Faults, each with its own rate (chance per request):
 * - `rateLimit`: 429 with `Retry-After` (seconds from `retryAfterSeconds`), not forwarded.
 * - `serverErrorBefore`: 500/502/503/504 instead of forwarding (the server never saw it).
 * - `serverErrorAfter`: forwarded (a write is applied), then answered 500/502/503/504 instead.
 * - `resetBeforeRead`: the connection is destroyed before the request body is read; not forwarded.
 * - `resetAfterRead`: forwarded (applied), then the connection is destroyed without an answer.
 * - `slow`: forwarded (applied), the answer held back `slowMs` (set it past the client's timeout).
 * - `truncated`: forwarded (applied), the JSON body cut in half and the connection dropped.
 * - `html`: a proxy's HTML error page (502 or 503, text/html), not forwarded.
 * Misbehaving servers (none forwarded, except `rewind`'s page, which is an earlier answer replayed):
 * - `okHtml`: a 200 HTML page (a proxy's login page).
 * - `wrongShape`: a 200 JSON body no endpoint answers: `null`, a string, a number or a boolean.
 * - `badJson`: a complete 200 body labelled JSON that is not JSON.
 * - `oddRetryAfter`: a 429 whose `Retry-After` is not a wait (`-5`, `0.5`, `soon`, …), or a past date.
 * - `rewind`: a `GET /users` with `starting_after` answered with the page two back in its walk, whose
 *   last user is a cursor the walk already continued from (a cursor cycle A → B → A). Dealt only where
 *   two earlier pages are known; otherwise the request goes through untouched and is not counted.
 *
 * `stats` counts requests and faults by kind, and logs every 429 with when it was sent, so a test
 * can check that the next attempt of the same request waited at least its Retry-After.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { xorshift32 } from '../../src/testing/random.ts';

export const FAULT_KINDS = [
  'rateLimit',
  'serverErrorBefore',
  'serverErrorAfter',
  'resetBeforeRead',
  'resetAfterRead',
  'slow',
  'truncated',
  'html',
  'okHtml',
  'wrongShape',
  'badJson',
  'oddRetryAfter',
  'rewind',
] as const;

/** The `Retry-After` values of `oddRetryAfter`: none is a wait (the date is long past). */
export const ODD_RETRY_AFTER = ['-5', '0.5', '1.5', 'soon', '', '1e3', '+3', 'Thu, 01 Jan 1970 00:00:00 GMT'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface ChaosOptions {
  /** Seed of the dice: the same seed and the same request order give the same faults (default 1). */
  seed?: number;
  /** Chance per request of each fault; the rest are forwarded untouched. */
  rates?: Partial<Record<FaultKind, number>>;
  /** Retry-After values to pick from, in seconds (default [0, 1]). */
  retryAfterSeconds?: readonly number[];
  /** How long a `slow` answer is held back, ms (default 500). */
  slowMs?: number;
  /** Only requests for which this returns true are subject to faults (default: all). */
  appliesTo?: (method: string, path: string) => boolean;
}

/** A 429 the proxy sent: for which request (method, path with query, body) and when. */
export interface RateLimitRecord {
  key: string;
  sentAt: number;
  retryAfterMs: number;
}

export interface ChaosStats {
  /** Requests that reached the proxy. */
  requests: number;
  /** Requests forwarded to the target (faulty or not). */
  forwarded: number;
  faults: Record<FaultKind, number>;
  rateLimits: RateLimitRecord[];
  /** Arrival times per request key (method, path with query, body), in order. */
  arrivals: Map<string, number[]>;
  /** The fault (or `none`) dealt to each arrival, per key, in the same order as `arrivals`. */
  dealt: Map<string, string[]>;
}

export interface Chaos {
  url: string;
  stats: ChaosStats;
  stop(): Promise<void>;
}

/** The proxy's dice, seeded apart from the fake server's data. */
function createRandom(seed: number): () => number {
  return xorshift32((Math.trunc(seed) ^ 0x2545f491) >>> 0 || 0x6d2b79f5);
}

const STATUSES = [500, 502, 503, 504] as const;
const HTML_PAGE =
  '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>';

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Forwarded {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Forwarded> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    const out = httpRequest(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const copied: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined && name !== 'connection' && name !== 'keep-alive' && name !== 'transfer-encoding')
              copied[name] = Array.isArray(value) ? value.join(', ') : value;
          }
          resolve({ status: res.statusCode ?? 502, headers: copied, body: Buffer.concat(chunks) });
        });
        res.on('error', reject);
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

/** Starts the proxy in front of `target` (e.g. the fake Clerk server's url). */
export async function startChaos(target: string, options: ChaosOptions = {}): Promise<Chaos> {
  const targetUrl = new URL(target);
  const random = createRandom(options.seed ?? 1);
  const rates = options.rates ?? {};
  const retryAfterSeconds = options.retryAfterSeconds ?? [0, 1];
  const slowMs = options.slowMs ?? 500;
  const stats: ChaosStats = {
    requests: 0,
    forwarded: 0,
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    rateLimits: [],
    arrivals: new Map(),
    dealt: new Map(),
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  // For `rewind`: which request (url, its starting_after) answered the page that ended with an id.
  const pageEnding = new Map<string, { url: string; cursor: string | null }>();
  const pageBodies = new Map<string, Forwarded>();
  const twoBack = (url: string): Forwarded | undefined => {
    const cursor = new URL(url, 'http://x').searchParams.get('starting_after');
    const previous = cursor === null ? undefined : pageEnding.get(cursor);
    const before = previous?.cursor == null ? undefined : pageEnding.get(previous.cursor);
    return before === undefined ? undefined : pageBodies.get(before.url);
  };
  const remember = (url: string, answer: Forwarded) => {
    if (!/^\/v1\/users(\?|$)/.test(url) || answer.status !== 200) return;
    const items = JSON.parse(answer.body.toString('utf8')) as { id?: string }[];
    const last = Array.isArray(items) ? items[items.length - 1]?.id : undefined;
    if (last === undefined) return;
    pageEnding.set(last, { url, cursor: new URL(url, 'http://x').searchParams.get('starting_after') });
    pageBodies.set(url, answer);
  };

  const pickFault = (): FaultKind | undefined => {
    let roll = random();
    for (const kind of FAULT_KINDS) {
      const rate = rates[kind] ?? 0;
      if (roll < rate) return kind;
      roll -= rate;
    }
    return undefined;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

  const sendBuffered = (res: ServerResponse, answer: Forwarded) => {
    if (res.destroyed) return;
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  };
  const sendError = (res: ServerResponse, status: number, headers: Record<string, string> = {}) => {
    const body = JSON.stringify({
      errors: [
        {
          code: status === 429 ? 'too_many_requests' : 'internal_error',
          message: 'injected',
          long_message: `Injected ${status} by the chaos proxy.`,
        },
      ],
    });
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      ...headers,
    });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    const now = Date.now();
    const record = (key: string) => {
      const seen = stats.arrivals.get(key);
      if (seen) seen.push(now);
      else stats.arrivals.set(key, [now]);
      const dealt = stats.dealt.get(key);
      if (dealt) dealt.push(fault ?? 'none');
      else stats.dealt.set(key, [fault ?? 'none']);
    };
    const path = (req.url ?? '/').split('?')[0] as string;
    let fault =
      options.appliesTo === undefined || options.appliesTo(req.method ?? 'GET', path) ? pickFault() : undefined;
    const replay = fault === 'rewind' && req.method === 'GET' ? twoBack(req.url ?? '') : undefined;
    if (fault === 'rewind' && replay === undefined) fault = undefined;
    if (fault !== undefined) stats.faults[fault]++;

    if (fault === 'resetBeforeRead') {
      record(`${req.method} ${req.url}`);
      return void req.socket.destroy();
    }
    const body = await readBody(req);
    // The body is part of the key: two creates with different bodies are different requests.
    const key = `${req.method} ${req.url} ${body.toString('utf8')}`;
    record(key);
    if (fault === 'rateLimit') {
      const seconds = pick(retryAfterSeconds);
      // A client that already gave up on this attempt never sees the 429: do not hold it to it.
      if (!req.socket.destroyed) stats.rateLimits.push({ key, sentAt: Date.now(), retryAfterMs: seconds * 1000 });
      return sendError(res, 429, { 'retry-after': String(seconds) });
    }
    if (fault === 'serverErrorBefore') return sendError(res, pick(STATUSES));
    if (fault === 'oddRetryAfter') return sendError(res, 429, { 'retry-after': pick(ODD_RETRY_AFTER) });
    if (fault === 'okHtml')
      return sendBuffered(res, { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from(HTML_PAGE) });
    const json = { 'content-type': 'application/json' };
    if (fault === 'wrongShape')
      return sendBuffered(res, {
        status: 200,
        headers: json,
        body: Buffer.from(pick(['null', '"hello"', '42', 'true'])),
      });
    if (fault === 'badJson')
      return sendBuffered(res, { status: 200, headers: json, body: Buffer.from('{"object": "user", id: user_1}') });
    if (replay !== undefined) return sendBuffered(res, replay);
    if (fault === 'html') {
      res.writeHead(pick([502, 503]), {
        'content-type': 'text/html',
        'content-length': String(Buffer.byteLength(HTML_PAGE)),
      });
      return void res.end(HTML_PAGE);
    }
    stats.forwarded++;
    const answer = await forward(targetUrl, req, body);
    if (rates.rewind) remember(req.url ?? '', answer);
    switch (fault) {
      case 'serverErrorAfter':
        return sendError(res, pick(STATUSES));
      case 'resetAfterRead':
        return void req.socket.destroy();
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          sendBuffered(res, answer);
        }, slowMs);
        timers.add(timer);
        return;
      }
      case 'truncated':
        // Promise the whole body, send half, drop the connection: what a cut proxy connection looks like.
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
        res.write(answer.body.subarray(0, Math.floor(answer.body.length / 2)));
        return void setTimeout(() => res.socket?.destroy(), 5);
      default:
        return sendBuffered(res, answer);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) sendError(res, 502);
      else res.socket?.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
