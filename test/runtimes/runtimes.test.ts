// Every runtime the README names, proved against the built, packed and installed package: each runs
// test/package/programs/ as a subprocess against the fake Clerk server in this process (a get, a 404
// as ClerkNotFoundError, a full cursor walk, a network error as ClerkNetworkError) and prints JSON.
// The runtimes come from test/runtimes/package.json: installed here with `npm ci --prefix test/runtimes`
// when any is missing (so the README's `npm test` works on a fresh clone); a failed install or a
// runtime still missing fails, never skips.
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';
import { type PackedPackage, packedPackage, REPO, runCommand } from '../support/packed-package.ts';
import {
  expectSmokeResult,
  parseResult,
  programsDir,
  type SmokeArgs,
  type SmokeResult,
  smokeArgs,
} from '../support/smoke-harness.ts';

const HERE = fileURLToPath(new URL('./', import.meta.url));
const BIN = (path: string) => join(HERE, 'node_modules', path);
const INSTALL = 'npm ci --prefix test/runtimes';
const manifest = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};

/** The version test/runtimes/package.json pins for a dependency (`npm:node@22.23.3` → `22.23.3`). */
function pinned(name: string): string {
  const spec = manifest.devDependencies[name];
  if (spec === undefined) throw new Error(`test/runtimes/package.json has no ${name}`);
  return spec.replace(/^npm:[^@]+@/, '');
}

function executable(path: string): string {
  try {
    accessSync(path, constants.X_OK);
  } catch {
    throw new Error(`${path} is missing or not executable: run \`${INSTALL}\` (from the repository root) first`);
  }
  return path;
}

interface Runtime {
  name: string;
  /** `name` and `version` the runtime must report about itself: proof that it ran where we think. */
  expect: { name: string; version: string | RegExp };
  run(dir: string, args: SmokeArgs): Promise<{ stdout: string; stderr: string }>;
}

const nodeAt = (name: string, binary: string, version: string): Runtime => ({
  name,
  expect: { name: 'node', version },
  run: (dir, args) => runCommand(executable(binary), [join(dir, 'node-esm.mjs'), JSON.stringify(args)], dir),
});

const RUNTIMES: Runtime[] = [
  // The Node that runs the tests (the machine's, the product's floor major).
  nodeAt(`node ${process.versions.node} (this process)`, process.execPath, process.versions.node),
  // The oldest Node that package.json's engines allow.
  nodeAt(`node ${pinned('node20')} (engines floor)`, BIN('node20/bin/node'), pinned('node20')),
  nodeAt(`node ${pinned('node22')}`, BIN('node22/bin/node'), pinned('node22')),
  nodeAt(`node ${pinned('node24')}`, BIN('node24/bin/node'), pinned('node24')),
  {
    name: `bun ${pinned('bun')}`,
    expect: { name: 'bun', version: pinned('bun') },
    run: (dir, args) =>
      runCommand(executable(BIN('.bin/bun')), ['run', join(dir, 'node-esm.mjs'), JSON.stringify(args)], dir, {
        ...process.env,
        BUN_RUNTIME_TRANSPILER_CACHE_PATH: '0',
      }),
  },
  {
    name: `deno ${pinned('deno')}`,
    expect: { name: 'deno', version: pinned('deno') },
    // Only what the smoke needs: the loopback network and reading the installed package.
    run: (dir, args) =>
      runCommand(
        executable(BIN('.bin/deno')),
        [
          'run',
          '--no-prompt',
          '--allow-net=127.0.0.1',
          '--allow-read',
          join(dir, 'node-esm.mjs'),
          JSON.stringify(args),
        ],
        dir,
        {
          ...process.env,
          DENO_NO_UPDATE_CHECK: '1',
        },
      ),
  },
  {
    // Cloudflare's open-source Workers runtime: no Node APIs, fetch only. The package is bundled for
    // it the way wrangler would (esbuild, browser/worker conditions) and run with `workerd test`.
    name: `workerd ${pinned('workerd')}`,
    expect: { name: 'workerd', version: '' },
    async run(dir, args) {
      await build({
        entryPoints: [join(dir, 'workerd.mjs')],
        absWorkingDir: dir,
        outfile: join(dir, 'workerd.bundle.mjs'),
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        conditions: ['workerd', 'worker', 'browser'],
        mainFields: ['browser', 'module', 'main'],
        logLevel: 'silent',
      });
      // Loopback only: workerd's default outbound network refuses local addresses.
      const config = [
        'using Workerd = import "/workerd/workerd.capnp";',
        'const config :Workerd.Config = (',
        '  services = [ (name = "smoke", worker = .smoke), (name = "loopback", network = (allow = ["local"])) ],',
        ');',
        'const smoke :Workerd.Worker = (',
        '  modules = [ (name = "smoke", esModule = embed "workerd.bundle.mjs") ],',
        '  compatibilityDate = "2026-11-01",',
        '  globalOutbound = "loopback",',
        `  bindings = [ (name = "ARGS", text = ${JSON.stringify(JSON.stringify(args))}) ],`,
        ');',
      ].join('\n');
      writeFileSync(join(dir, 'workerd.capnp'), config);
      return runCommand(executable(BIN('.bin/workerd')), ['test', 'workerd.capnp'], dir);
    },
  },
];

let packed: PackedPackage;
let fake: FakeClerk;
let dir: string;
let args: SmokeArgs;

/** Installs test/runtimes when a runtime binary is missing (a fresh clone, or a runtime added to its package.json). */
async function ensureRuntimesInstalled(): Promise<void> {
  const binaries = [
    'node20/bin/node',
    'node22/bin/node',
    'node24/bin/node',
    '.bin/bun',
    '.bin/deno',
    '.bin/workerd',
  ].map(BIN);
  if (binaries.every((binary) => existsSync(binary))) return;
  await runCommand('npm', ['ci', '--prefix', 'test/runtimes', '--no-audit', '--no-fund'], REPO).catch(
    (error: Error) => {
      throw new Error(`installing the runtimes failed; run \`${INSTALL}\` by hand to see why.\n${error.message}`);
    },
  );
}

beforeAll(async () => {
  await ensureRuntimesInstalled();
  packed = await packedPackage();
  fake = await startFakeClerk({ users: 23 });
  dir = programsDir(packed.consumerDir);
  args = await smokeArgs(fake);
}, 400_000);

afterAll(async () => {
  await fake?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the packed package on every runtime the README names', () => {
  it("tests the oldest Node.js that package.json's engines allow", () => {
    const engines = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).engines.node as string;
    expect(`>=${pinned('node20').replace(/\.0$/, '')}`).toBe(engines);
  });

  it('names in the README every runtime version it tests', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const supported = readme.split('## Supported runtimes')[1]?.split('\n## ')[0] ?? '';
    for (const name of ['node20', 'bun', 'deno', 'workerd']) expect(supported).toContain(pinned(name));
    for (const name of ['node22', 'node24']) expect(supported).toContain(pinned(name).split('.').slice(0, 2).join('.'));
  });

  it.each(RUNTIMES)('$name: a get, a 404, a full cursor walk and a network error', async (runtime) => {
    fake.reset();
    const { stdout, stderr } = await runtime.run(dir, args);
    const result: SmokeResult = parseResult(stdout, stderr);
    expect(result.runtime.name).toBe(runtime.expect.name);
    expect(result.runtime.version).toMatch(
      typeof runtime.expect.version === 'string'
        ? new RegExp(`^${runtime.expect.version.replace(/\./g, '\\.')}$`)
        : runtime.expect.version,
    );
    expect(result.clientVersion).toBe(packed.version);
    expectSmokeResult(result, fake, args);
  });
});
