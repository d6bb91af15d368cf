// The chaos run: 1,000 mixed operations and a full cursor walk of 5,000 users through a seeded
// fault-injecting proxy in front of the fake Clerk server, all on one client (one cool-down).
// Asserts what the retry layer promises: nothing lost, nothing written twice, every failure typed,
// every 429 waited out. Then the misbehaving-server run: 2xx bodies that are not JSON or not what the
// spec says, odd Retry-After values and cursors that cycle; every failure typed, no walk loops or
// passes an item on twice. Prints the figures of both.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClerkUsersClient, createClerkClient } from '../../src/client.ts';
import {
  ClerkAPIError,
  ClerkNetworkError,
  ClerkResponseError,
  ClerkTimeoutError,
  isClerkUsersError,
} from '../../src/errors/classes.ts';
import { paginate } from '../../src/pagination.ts';
import type { RetryEvent } from '../../src/retry/options.ts';
import { xorshift32 } from '../../src/testing/random.ts';
import { unwrap } from '../../src/unwrap.ts';
import { type Chaos, ODD_RETRY_AFTER, startChaos } from '../support/chaos.ts';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';

const USERS = 5000;
const OPERATIONS = 1000;
const CONCURRENCY = 16;
// Well above what a loaded machine needs to answer, so only the proxy's `slow` answers time out: an
// attempt the client gave up on early could be dealt a 429 that the client never sees.
const TIMEOUT_MS = 1000;

const RATES = {
  rateLimit: 0.012,
  serverErrorBefore: 0.02,
  serverErrorAfter: 0.02,
  resetBeforeRead: 0.01,
  resetAfterRead: 0.01,
  slow: 0.01,
  truncated: 0.01,
  html: 0.01,
} as const;

let fake: FakeClerk;
let chaos: Chaos;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  fake = await startFakeClerk({ users: USERS, seed: 7 });
  chaos = await startChaos(fake.url, {
    seed: 42,
    rates: RATES,
    retryAfterSeconds: [0, 1, 1],
    slowMs: TIMEOUT_MS * 2,
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await chaos?.stop();
  await fake?.stop();
});

/** The operation mix, seeded apart from the proxy's dice. */
const mix = (seed: number) => xorshift32(seed >>> 0 || 1);

type Outcome = { kind: string; ok: boolean; error?: unknown };

describe('the chaos run', () => {
  it('loses nothing, writes nothing twice, types every failure and waits out every 429', {
    timeout: 60_000,
  }, async () => {
    const retries: RetryEvent[] = [];
    const client: ClerkUsersClient = createClerkClient({
      secretKey: 'sk_test_fake',
      baseUrl: `${chaos.url}/v1`,
      timeoutMs: TIMEOUT_MS,
      backoff: { baseMs: 10, maxMs: 100 },
      onRetry: (event) => {
        retries.push(event);
      },
    });
    const started = Date.now();
    const initialIds = fake.users().map((u) => u.id);
    const random = mix(2024);

    // ----- the cursor walk, alongside the operations: resumes from its last user on a failure
    const walk = (async () => {
      const seen: string[] = [];
      let failures = 0;
      for (;;) {
        const last = seen[seen.length - 1];
        const query = last === undefined ? { limit: 100 } : { limit: 100, starting_after: last };
        try {
          for await (const user of paginate(client, '/users', { params: { query } })) seen.push(user.id);
          return { seen, failures };
        } catch (error) {
          expect(isClerkUsersError(error)).toBe(true);
          failures++;
          if (failures > 200) throw error;
        }
      }
    })();

    // ----- 1,000 mixed operations; created users are ours to update and delete
    const created: string[] = [];
    const outcomes: Outcome[] = [];
    let next = 0;
    const runOne = async (index: number): Promise<Outcome> => {
      const roll = random();
      // Distinct per operation, so the proxy tells the attempts of one request from another request.
      const someone = initialIds[(index * 7) % initialIds.length] as string;
      const marker = `op_${index}`;
      const attempt = async (kind: string, call: () => Promise<unknown>): Promise<Outcome> => {
        try {
          await call();
          return { kind, ok: true };
        } catch (error) {
          return { kind, ok: false, error };
        }
      };
      if (roll < 0.35)
        return attempt('get', () => unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: someone } } })));
      if (roll < 0.5)
        return attempt('list', () =>
          unwrap(
            client.GET('/users', {
              params: { query: { limit: 20, offset: index, order_by: '-updated_at', banned: false } },
            }),
          ),
        );
      if (roll < 0.6)
        return attempt('count', () =>
          unwrap(client.GET('/users/count', { params: { query: { banned: true, query: marker } } })),
        );
      if (roll < 0.8) {
        return attempt('create', async () => {
          const user = await unwrap(client.POST('/users', { body: { external_id: marker, first_name: 'Chaos' } }));
          created.push(user.id);
        });
      }
      if (roll < 0.92 && created.length > 0) {
        const id = created[Math.floor(random() * created.length)] as string;
        return attempt('update', () =>
          unwrap(client.PATCH('/users/{user_id}', { params: { path: { user_id: id } }, body: { last_name: marker } })),
        );
      }
      if (created.length > 0) {
        const id = created.splice(Math.floor(random() * created.length), 1)[0] as string;
        return attempt('delete', () =>
          unwrap(client.DELETE('/users/{user_id}', { params: { path: { user_id: id } } })),
        );
      }
      return attempt('get', () => unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: someone } } })));
    };
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < OPERATIONS) outcomes.push(await runOne(next++));
      }),
    );
    const { seen, failures: walkFailures } = await walk;
    await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 3)); // let slow answers land

    // ----- every user exactly once (users created during the walk may appear, once)
    const counts = new Map<string, number>();
    for (const id of seen) counts.set(id, (counts.get(id) ?? 0) + 1);
    const duplicates = [...counts.values()].filter((n) => n > 1).length;
    const losses = initialIds.filter((id) => !counts.has(id)).length;
    expect(duplicates).toBe(0);
    expect(losses).toBe(0);

    // ----- no write applied twice: every write body carries its operation's marker
    const writeCounts = new Map<string, number>();
    for (const write of fake.applied) {
      const key = `${write.method} ${write.path} ${write.body}`;
      writeCounts.set(key, (writeCounts.get(key) ?? 0) + 1);
    }
    const doubleWrites = [...writeCounts.entries()].filter(([, n]) => n > 1);
    expect(doubleWrites).toEqual([]);

    // ----- every surfaced failure is a typed error
    const failed = outcomes.filter((o) => !o.ok);
    const untyped = failed.filter(
      (o) =>
        !(
          o.error instanceof ClerkAPIError ||
          o.error instanceof ClerkResponseError ||
          o.error instanceof ClerkNetworkError ||
          o.error instanceof ClerkTimeoutError
        ),
    );
    expect(untyped.map((o) => String(o.error))).toEqual([]);
    expect(unhandled).toEqual([]);

    // ----- every 429 waited at least its Retry-After before the same request came again
    let rateLimitsWaited = 0;
    for (const limit of chaos.stats.rateLimits) {
      const later = (chaos.stats.arrivals.get(limit.key) ?? []).find((t) => t > limit.sentAt);
      if (later === undefined) continue; // not retried (out of attempts)
      expect(later - limit.sentAt).toBeGreaterThanOrEqual(limit.retryAfterMs);
      rateLimitsWaited++;
    }
    const rateLimitRetries = retries.filter((e) => e.status === 429);
    for (const event of rateLimitRetries) expect(event.delayMs % 1000).toBe(0); // Retry-After, not a back-off

    const byKind = (list: Outcome[]) =>
      Object.fromEntries(
        [...new Set(list.map((o) => o.kind))].map((k) => [k, list.filter((o) => o.kind === k).length]),
      );
    const errorNames = Object.fromEntries(
      [...new Set(failed.map((o) => (o.error as Error).name))].map((n) => [
        n,
        failed.filter((o) => (o.error as Error).name === n).length,
      ]),
    );
    console.log(
      [
        `chaos run: ${((Date.now() - started) / 1000).toFixed(1)} s, seed 42`,
        `  requests at the proxy ${chaos.stats.requests}, forwarded ${chaos.stats.forwarded}, retries ${retries.length} (429: ${rateLimitRetries.length})`,
        `  injected faults ${JSON.stringify(chaos.stats.faults)}`,
        `  operations ${outcomes.length} ${JSON.stringify(byKind(outcomes))}; surfaced failures ${failed.length} ${JSON.stringify(errorNames)}`,
        `  walk: items ${seen.length}, initial users ${initialIds.length}, duplicates ${duplicates}, losses ${losses}, resumed ${walkFailures}×`,
        `  writes applied ${fake.applied.length}, applied twice ${doubleWrites.length}; 429s ${chaos.stats.rateLimits.length}, waited out ${rateLimitsWaited}; unhandled rejections ${unhandled.length}`,
      ].join('\n'),
    );
    // The run must have exercised what it claims to.
    expect(outcomes).toHaveLength(OPERATIONS);
    for (const kind of Object.keys(RATES) as (keyof typeof RATES)[])
      expect(chaos.stats.faults[kind]).toBeGreaterThan(0);
    expect(rateLimitsWaited).toBeGreaterThan(0);
  });
});

describe('the misbehaving-server run', () => {
  const MISBEHAVING = { okHtml: 0.02, wrongShape: 0.02, badJson: 0.02, oddRetryAfter: 0.04, rewind: 0.1 } as const;
  const BACKOFF_MAX_MS = 20;
  const WALKS = 12;
  const READS = 400;

  it('types every failure, waits a back-off after an odd Retry-After, and ends every cycling walk', {
    timeout: 60_000,
  }, async () => {
    const server = await startFakeClerk({ users: 1500, seed: 11 });
    const proxy = await startChaos(server.url, { seed: 7, rates: MISBEHAVING });
    try {
      const retries: RetryEvent[] = [];
      const client = createClerkClient({
        secretKey: 'sk_test_fake',
        baseUrl: `${proxy.url}/v1`,
        backoff: { baseMs: BACKOFF_MAX_MS, maxMs: BACKOFF_MAX_MS },
        onRetry: (event) => {
          retries.push(event);
        },
      });
      const started = Date.now();
      const ids = server.users().map((u) => u.id);
      const failures: unknown[] = [];
      const reads = Array.from({ length: READS }, (_, i) =>
        (i % 3 === 0
          ? unwrap(client.GET('/users', { params: { query: { limit: 5, offset: i } } }))
          : i % 3 === 1
            ? unwrap(client.GET('/users/{user_id}', { params: { path: { user_id: ids[i % ids.length] as string } } }))
            : unwrap(client.GET('/users/count'))
        ).catch((error: unknown) => void failures.push(error)),
      );
      // Walks that are never resumed: each ends complete or with a typed error, with no item twice.
      const walks = Array.from({ length: WALKS }, async (_, i) => {
        const seen: string[] = [];
        try {
          const init = { params: { query: { limit: 50 } }, concurrency: i % 2 === 0 ? 1 : 4 };
          for await (const user of paginate(client, '/users', init)) seen.push(user.id);
          return { seen, error: undefined as unknown };
        } catch (error) {
          return { seen, error };
        }
      });
      await Promise.all(reads);
      const walked = await Promise.all(walks);

      const walkErrors = walked.filter((w) => w.error !== undefined).map((w) => w.error);
      const all = [...failures, ...walkErrors];
      expect(all.filter((e) => !isClerkUsersError(e)).map(String)).toEqual([]);
      expect(unhandled).toEqual([]);
      for (const walk of walked) expect(new Set(walk.seen).size).toBe(walk.seen.length);
      const complete = walked.filter((w) => w.error === undefined);
      for (const walk of complete) expect(walk.seen.length).toBe(ids.length);
      // An odd Retry-After is no wait: the client falls back to its back-off (a valid one is whole seconds).
      for (const event of retries) {
        expect(Number.isFinite(event.delayMs)).toBe(true);
        expect(event.delayMs).toBeGreaterThanOrEqual(0);
        if (event.status === 429) expect(event.delayMs).toBeLessThanOrEqual(BACKOFF_MAX_MS);
      }

      const codes = (list: unknown[]) => {
        const out: Record<string, number> = {};
        for (const e of list) {
          const code = (e as { code?: string }).code ?? String(e);
          out[code] = (out[code] ?? 0) + 1;
        }
        return out;
      };
      console.log(
        [
          `misbehaving-server run: ${((Date.now() - started) / 1000).toFixed(1)} s, seed 7`,
          `  requests at the proxy ${proxy.stats.requests}, forwarded ${proxy.stats.forwarded}, retries ${retries.length}`,
          `  injected ${JSON.stringify(Object.fromEntries(Object.keys(MISBEHAVING).map((k) => [k, proxy.stats.faults[k as keyof typeof MISBEHAVING]])))} (odd Retry-After values: ${ODD_RETRY_AFTER.join(' | ')})`,
          `  reads ${READS}: failures ${failures.length} ${JSON.stringify(codes(failures))}`,
          `  walks ${WALKS} (half at concurrency 4): complete ${complete.length}, ended with ${JSON.stringify(codes(walkErrors))}, items passed on twice 0`,
        ].join('\n'),
      );
      // The run must have exercised what it claims to.
      for (const kind of Object.keys(MISBEHAVING) as (keyof typeof MISBEHAVING)[])
        expect(proxy.stats.faults[kind]).toBeGreaterThan(0);
      const walkCodes = codes(walkErrors);
      expect(walkCodes.cursor_not_advancing ?? 0).toBeGreaterThan(0);
      expect(Object.keys(codes(failures))).toEqual(
        expect.arrayContaining(['unexpected_body', 'unexpected_content_type', 'invalid_json']),
      );
    } finally {
      await proxy.stop();
      await server.stop();
    }
  });
});
