// The command at its edges, run in-process through run(argv, io): tampered resume states, secrets
// passed by mistake, formula-shaped CSV cells, and a server that answers 2xx with nothing.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/run.ts';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';
import { fakeIO, runInProcess } from './fake-io.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'sk_test_fake';
let work: string;
let fake: FakeClerk | undefined;

beforeAll(() => {
  mkdirSync(join(ROOT, 'node_modules', '.cache'), { recursive: true });
  work = mkdtempSync(join(ROOT, 'node_modules', '.cache', 'cli-edges-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await fake?.stop();
  fake = undefined;
});

/** An export to `out` that the fake interrupts (as Ctrl-C would) when the third page is asked for. */
async function interruptedExport(fakeClerk: FakeClerk, args: string[]): Promise<number> {
  const { io, interrupt } = fakeIO({ CLERK_SECRET_KEY: KEY });
  let pages = 0;
  fakeClerk.onRequest((req) => {
    if (req.path === '/users' && ++pages === 3) interrupt();
  });
  const code = await run(args, io);
  fakeClerk.onRequest(() => undefined);
  return code;
}

describe('--resume verifies the state before it trusts it', () => {
  const cases: [string, (out: string) => void, RegExp, string[]?, Record<string, string>?][] = [
    [
      'a same-size edit of the last line',
      (out) => {
        const text = readFileSync(`${out}.partial`, 'utf8');
        const at = text.lastIndexOf('"first_name":"') + 14;
        writeFileSync(`${out}.partial`, text.slice(0, at) + (text[at] === 'X' ? 'Y' : 'X') + text.slice(at + 1));
      },
      /is not as the interrupted run left it \(its content changed\)/,
    ],
    [
      'a state without the last id',
      (out) => editState(out, (s) => ({ ...s, lastId: null })),
      /the state names no last user/,
    ],
    [
      'a null state',
      (out) => writeFileSync(`${out}.partial.state`, 'null\n'),
      /is not a state file this version of clerk-users wrote/,
    ],
    [
      'a malformed state',
      (out) => writeFileSync(`${out}.partial.state`, '{"version":2,'),
      /is not a state file this version of clerk-users wrote/,
    ],
    [
      'a state from an earlier version',
      (out) => editState(out, (s) => ({ ...s, version: 1 })),
      /is not a state file this version/,
    ],
    [
      'another --base-url',
      () => undefined,
      /cannot resume: --base-url differs from the interrupted run/,
      ['--base-url'],
    ],
    [
      'another key',
      () => undefined,
      /cannot resume: the secret key differs from the interrupted run/,
      [],
      { CLERK_SECRET_KEY: 'sk_test_another' },
    ],
    ['other filters', () => undefined, /cannot resume: the filters or --order-by differ/, ['--not-banned']],
    ['a missing file', (out) => rmSync(`${out}.partial`), /does not exist/],
  ];

  it.each(cases)(
    'refuses %s with exit 2 and the reason, leaving the file as it was',
    async (_name, tamper, reason, extra = [], env = {}) => {
      fake = await startFakeClerk({ users: 200, seed: 5 });
      const out = join(work, `tampered-${Math.random().toString(36).slice(2)}.jsonl`);
      const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out, '--quiet'];
      expect(await interruptedExport(fake, args)).toBe(130);
      tamper(out);
      const before = (() => {
        try {
          return readFileSync(`${out}.partial`, 'utf8');
        } catch {
          return undefined;
        }
      })();
      const other = fake.baseUrl.replace('127.0.0.1', 'localhost');
      const given =
        extra[0] === '--base-url' ? args.map((a) => (a === fake?.baseUrl ? other : a)) : [...args, ...extra];
      const resumeArgs = [...given, '--resume'];
      const result = await runInProcess(resumeArgs, { CLERK_SECRET_KEY: KEY, ...env });
      expect(result.code).toBe(2);
      expect(result.stderr.split('\n')[0]).toMatch(reason);
      expect(result.stderr).not.toContain('sk_test_another');
      if (before !== undefined) expect(readFileSync(`${out}.partial`, 'utf8')).toBe(before);
    },
  );

  it('continues an untouched one', async () => {
    fake = await startFakeClerk({ users: 200, seed: 5 });
    const out = join(work, 'untouched.jsonl');
    const args = ['export', '--base-url', fake.baseUrl, '--limit', '20', '--out', out, '--quiet'];
    expect(await interruptedExport(fake, args)).toBe(130);
    const result = await runInProcess([...args, '--resume']);
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(200);
  });
});

function editState(out: string, edit: (state: Record<string, unknown>) => Record<string, unknown>) {
  const file = `${out}.partial.state`;
  writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)));
}

describe('the key is never echoed', () => {
  it.each([
    [['export', 'sk_test_abcdef123456'], 'abcdef123456'],
    [['export', '--base-url', 'sk_test_abcdef123456'], 'abcdef123456'],
    [['export', '--base-url', 'https://example.com/sk_live_abcdef123456'], 'abcdef123456'],
    [['count', 'bad_sk_test_abcdef123456'], 'abcdef123456'],
    [['export', '--rate-limit', 'sk_prod_abc-def-123456'], 'abc-def-123456'],
  ])('%j', async (argv, secret) => {
    const result = await runInProcess(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain(secret);
    expect(result.stderr).toContain('[REDACTED]');
  });

  it('redacts the exact key of the environment, whatever its shape', async () => {
    const key = 'sk_test_Odd-Shaped.Key';
    const result = await runInProcess(['export', `--format=${key}`], { CLERK_SECRET_KEY: key });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('Odd-Shaped.Key');
  });

  it('redacts a longer token that starts with the key whole, not leaving its tail', async () => {
    const result = await runInProcess(['export', 'sk_test_abcdef123456'], { CLERK_SECRET_KEY: 'sk_test_abc' });
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('def123456');
  });

  it('redacts the exact key read from --secret-key-file', async () => {
    const keyFile = join(work, 'odd-key.txt');
    writeFileSync(keyFile, 'sk_test_Zz.Zz.Zz.Zz\n');
    const result = await runInProcess(
      ['count', '--secret-key-file', keyFile, '--base-url', 'ftp://sk_test_Zz.Zz.Zz.Zz/v1'],
      {},
    );
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('Zz.Zz.Zz.Zz');
  });
});

describe('CSV cells', () => {
  async function exportCsv(extra: string[]) {
    fake = await startFakeClerk({ users: 0 });
    fake.createUser({
      first_name: '=HYPERLINK("http://x","y")',
      last_name: '+1',
      username: '@me',
      external_id: '-2',
      created_at: 1,
    });
    fake.createUser({ first_name: '\tTab', last_name: '\rCR', username: 'plain', external_id: null, created_at: 2 });
    return runInProcess([
      'export',
      '--base-url',
      fake.baseUrl,
      '--format',
      'csv',
      '--fields',
      'first_name,last_name,username,external_id,created_at',
      '--quiet',
      ...extra,
    ]);
  }

  it('are neutralised by default: a text starting with =, +, -, @, tab or CR gets a leading quote', async () => {
    const result = await exportCsv([]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(
      'first_name,last_name,username,external_id,created_at\n' +
        `'\tTab,"'\rCR",plain,,2\n` +
        `"'=HYPERLINK(""http://x"",""y"")",'+1,'@me,'-2,1\n`,
    );
  });

  it('are written as they are with --csv-raw', async () => {
    const result = await exportCsv(['--csv-raw']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`"=HYPERLINK(""http://x"",""y"")",+1,@me,-2,1\n`);
  });
});

describe('a server that answers 2xx with an empty body', () => {
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '0' });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('count reports a package error with a code, never a JavaScript error', async () => {
    const { port } = server.address() as AddressInfo;
    const result = await runInProcess(['count', '--base-url', `http://127.0.0.1:${port}/v1`]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n {2}code: [a-z_]+\n$/);
    expect(result.stderr).not.toMatch(/Cannot read|TypeError|SyntaxError|undefined/);
  });
});
