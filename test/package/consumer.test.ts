// The packed tarball as a user installs it (see test/support/packed-package.ts): what it ships, that
// plain Node ESM and CommonJS can use it, that a strict consumer's tsc accepts it (and rejects the
// mistakes in test/package/fixtures/), and that a browser bundle of it needs no Node built-ins.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeClerk, startFakeClerk } from '../support/fake-clerk.ts';
import { type PackedPackage, packedPackage, REPO, runCommand } from '../support/packed-package.ts';
import { expectSmokeResult, parseResult, programsDir, type SmokeArgs, smokeArgs } from '../support/smoke-harness.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');

let packed: PackedPackage;
let fake: FakeClerk;
let runDir: string;
let args: SmokeArgs;

beforeAll(async () => {
  packed = await packedPackage();
  fake = await startFakeClerk({ users: 23 });
  runDir = programsDir(packed.consumerDir);
  args = await smokeArgs(fake);
}, 240_000);

afterAll(async () => {
  await fake?.stop();
  if (runDir) rmSync(runDir, { recursive: true, force: true });
});

const installedDist = () => join(packed.consumerDir, 'node_modules', 'clerk-users', 'dist');

/** Module specifiers a built file imports or requires. */
function specifiersOf(code: string): string[] {
  const found = new Set<string>();
  const patterns = [
    /^(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm, // import … from / export … from, at a line start
    /^import\s*['"]([^'"]+)['"]/gm, // side-effect import
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) found.add(match[1] as string);
  }
  return [...found].sort();
}

describe('the packed tarball', () => {
  it('ships only the build, the spec, README, LICENSE, package.json and the testing/ stub for node10 resolution', () => {
    expect(packed.files).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'dist/index.cjs',
      'dist/index.d.cts',
      'dist/index.d.ts',
      'dist/index.js',
      'dist/node-http.cjs',
      'dist/node-http.js',
      'dist/testing.cjs',
      'dist/testing.d.cts',
      'dist/testing.d.ts',
      'dist/testing.js',
      'dist/testing.worker.js',
      'openapi/clerk-users.yaml',
      'package.json',
      'testing/package.json',
    ]);
  });

  it('has a library build that imports openapi-fetch and nothing else (no cli-progress, no Node built-ins)', () => {
    for (const file of ['index.js', 'index.cjs']) {
      const code = readFileSync(join(installedDist(), file), 'utf8');
      expect(specifiersOf(code), file).toEqual(['openapi-fetch']);
      expect(code, file).not.toContain('cli-progress');
    }
  });

  it('declares engines and dependencies a user can rely on', () => {
    const manifest = JSON.parse(
      readFileSync(join(packed.consumerDir, 'node_modules', 'clerk-users', 'package.json'), 'utf8'),
    );
    const root = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(manifest.version).toBe(root.version);
    expect(manifest.private).toBeUndefined();
    expect(manifest.engines.node).toBe(root.engines.node);
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['bcryptjs', 'cli-progress', 'openapi-fetch']);
  });

  it('says in the README the same Node.js floor as engines', () => {
    const floor = /^>=(\d+\.\d+)$/.exec(JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).engines.node)?.[1];
    expect(floor, 'engines.node should be a plain >=MAJOR.MINOR floor').toBeDefined();
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${floor}+`);
    expect(readme).toContain(`\`>=${floor}\``);
  });
});

describe('the clerk-users command from the installed package', () => {
  it('runs as node_modules/.bin/clerk-users: count and a JSON Lines export against the fake server', async () => {
    const bin = join(packed.consumerDir, 'node_modules', '.bin', 'clerk-users');
    const env = { ...process.env, CLERK_SECRET_KEY: args.secretKey };
    const count = await runCommand(bin, ['count', '--base-url', args.baseUrl], packed.consumerDir, env);
    expect(count.stdout.trim()).toBe(String(fake.users().length));
    const exported = await runCommand(
      bin,
      ['export', '--base-url', args.baseUrl, '--limit', '5', '--quiet'],
      packed.consumerDir,
      env,
    );
    const ids = exported.stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { id: string }).id);
    expect(ids.sort()).toEqual(
      fake
        .users()
        .map((u) => u.id)
        .sort(),
    );
    expect(`${count.stderr}${exported.stderr}`).not.toContain(args.secretKey);
  });
});

describe('plain Node against the installed package', () => {
  it('runs a get, a 404, a cursor walk and a network error through ESM import', async () => {
    fake.reset();
    const { stdout, stderr } = await runCommand(
      process.execPath,
      [join(runDir, 'node-esm.mjs'), JSON.stringify(args)],
      runDir,
    );
    const result = parseResult(stdout, stderr);
    expect(result.resolved).toBe(`file://${join(installedDist(), 'index.js')}`);
    expect(result.clientVersion).toBe(packed.version);
    expectSmokeResult(result, fake, args);
  });

  it.each([
    ['ESM import', 'testing.mjs', 'testing.js'],
    ['CommonJS require', 'testing.cjs', 'testing.cjs'],
  ])('serves clerk-users/testing in-process and over listen() through %s', async (_label, program, built) => {
    const { stdout, stderr } = await runCommand(process.execPath, [join(runDir, program)], runDir);
    const result = JSON.parse(stdout.trim() || stderr) as { firstName: string; count: number; resolved: string };
    // The bcrypt digest verifies (bcryptjs resolved from the install) and a wrong password is refused.
    expect(result).toMatchObject({ firstName: 'Packed', count: 1, bcrypt: { right: true, wrong: 422 } });
    expect(result.resolved.replace(/^file:\/\//, '')).toBe(join(installedDist(), built));
  });

  it('keeps the emulator out of the library build, and node:http out of the emulator but for its lazily loaded adapter', () => {
    for (const file of ['index.js', 'index.cjs'])
      expect(readFileSync(join(installedDist(), file), 'utf8'), file).not.toContain('createFakeClerk');
    for (const file of ['testing.js', 'testing.cjs'])
      expect(
        specifiersOf(readFileSync(join(installedDist(), file), 'utf8')).filter((s) => s.startsWith('node:')),
        file,
      ).toEqual([]);
    expect(specifiersOf(readFileSync(join(installedDist(), 'node-http.js'), 'utf8'))).toContain('node:http');
  });

  it('loads bcryptjs only through a dynamic import in the emulator builds, and never from the library build', () => {
    for (const file of ['index.js', 'index.cjs'])
      expect(readFileSync(join(installedDist(), file), 'utf8'), file).not.toContain('bcryptjs');
    for (const file of ['testing.js', 'testing.worker.js', 'testing.cjs']) {
      const code = readFileSync(join(installedDist(), file), 'utf8');
      expect(specifiersOf(code), file).toContain('bcryptjs');
      expect(code, file).not.toMatch(/^(?:import|export)\b[^;]*['"]bcryptjs['"]/m);
      expect(code, file).not.toMatch(/^(?:const|var|let)\b[^;]*=\s*require\(['"]bcryptjs['"]\)/m);
    }
  });

  it('runs the same through CommonJS require', async () => {
    fake.reset();
    const { stdout, stderr } = await runCommand(
      process.execPath,
      [join(runDir, 'node-cjs.cjs'), JSON.stringify(args)],
      runDir,
    );
    const result = parseResult(stdout, stderr);
    expect(result.resolved).toBe(join(installedDist(), 'index.cjs'));
    expect(result.clientVersion).toBe(packed.version);
    expectSmokeResult(result, fake, args);
  });
});

// Strict flags a careful consumer sets; skipLibCheck off, so our .d.ts files are checked too.
const STRICT = {
  target: 'ES2022',
  lib: ['ES2023', 'DOM', 'DOM.Iterable'],
  strict: true,
  skipLibCheck: false,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: true,
  noUnusedParameters: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noEmit: true,
  types: [],
};

const CONFIGS = [
  // .ts in a "type": "module" project: ESM, resolved through the `import` condition to index.d.ts.
  {
    name: 'module nodenext (ESM)',
    ext: '.ts',
    declarations: 'dist/index.d.ts',
    options: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
  // .cts: CommonJS, resolved through the `require` condition to index.d.cts.
  {
    name: 'module nodenext (CommonJS)',
    ext: '.cts',
    declarations: 'dist/index.d.cts',
    options: { module: 'nodenext', moduleResolution: 'nodenext' },
  },
  {
    name: 'moduleResolution bundler',
    ext: '.ts',
    declarations: 'dist/index.d.ts',
    options: { module: 'esnext', moduleResolution: 'bundler' },
  },
] as const;

const fixtures = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.ts'))
  .sort();

interface TscResult {
  /** tsc's diagnostics, by file relative to the config's directory. */
  diagnostics: Map<string, string[]>;
  /** The files under node_modules/clerk-users/ that tsc loaded (which declarations the import resolved to). */
  resolvedTo: string[];
}

/** Copies every fixture next to a tsconfig for `config` and runs tsc on them. */
async function typecheck(config: (typeof CONFIGS)[number]): Promise<TscResult> {
  const dir = join(runDir, `tsc-${config.name.replace(/\W+/g, '-')}`);
  mkdirSync(join(dir, 'fixtures'), { recursive: true });
  const files: string[] = [];
  for (const fixture of fixtures) {
    const name = fixture.replace(/\.ts$/, config.ext);
    files.push(`fixtures/${name}`);
    copyFileSync(join(FIXTURES, fixture), join(dir, 'fixtures', name));
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...STRICT, ...config.options }, files }, null, 2),
  );
  // tsc exits non-zero on any error; the diagnostics are what the tests look at. --listFiles shows
  // which declaration file the import resolved to.
  let exitedWithErrors = false;
  const output = await runCommand(
    process.execPath,
    [TSC, '-p', 'tsconfig.json', '--pretty', 'false', '--listFiles'],
    dir,
  )
    .then((r) => r.stdout)
    .catch((error: Error) => {
      exitedWithErrors = true;
      return error.message;
    });
  const diagnostics = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^(.+?)\(\d+,\d+\): error TS\d+/.exec(line);
    if (!match) continue;
    const file = relative(dir, join(dir, match[1] as string))
      .split(sep)
      .join('/');
    diagnostics.set(file, [...(diagnostics.get(file) ?? []), line]);
  }
  const resolvedTo = output
    .split('\n')
    .filter((l) => l.includes('node_modules/clerk-users/'))
    .map((l) => l.slice(l.indexOf('node_modules/')).trim());
  // A failing tsc with no per-file diagnostic (a bad config, a crash) must not look like a pass.
  if (exitedWithErrors && diagnostics.size === 0)
    throw new Error(`tsc (${config.name}) failed without diagnostics:\n${output}`);
  return { diagnostics, resolvedTo };
}

describe('a strict consumer type-checking against the installed package', () => {
  const results = new Map<string, TscResult>();

  // The three tsc runs are independent: run them side by side.
  beforeAll(async () => {
    const done = await Promise.all(CONFIGS.map(async (config) => [config.name, await typecheck(config)] as const));
    for (const [name, result] of done) results.set(name, result);
  }, 180_000);

  it('has fixtures to check', () => {
    expect(fixtures).toContain('consumer.ts');
  });

  describe.each(CONFIGS)('$name', (config) => {
    const result = () => {
      const found = results.get(config.name);
      if (!found) throw new Error(`no tsc result for ${config.name}`);
      return found;
    };

    it(`resolves 'clerk-users' to the shipped ${config.declarations}`, () => {
      expect(result().resolvedTo).toEqual([`node_modules/clerk-users/${config.declarations}`]);
    });

    it('finds no error in the shipped declarations (skipLibCheck off)', () => {
      const inPackage = [...result().diagnostics].filter(([file]) => file.includes('node_modules/'));
      expect(inPackage).toEqual([]);
    });

    it.each(fixtures)('compiles %s, each @ts-expect-error line failing as intended', (fixture) => {
      const name = `fixtures/${fixture.replace(/\.ts$/, config.ext)}`;
      expect(result().diagnostics.get(name) ?? []).toEqual([]);
    });
  });
});

describe('a browser bundle of the installed package', () => {
  it('builds with esbuild for the browser platform, pulling in no Node built-in', async () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const result = await build({
      entryPoints: [join(runDir, 'browser.mjs')],
      absWorkingDir: runDir,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => builtins.has(input) || input.startsWith('node:'))).toEqual([]);
    // The bundle holds the installed build and openapi-fetch, not some other copy.
    expect(inputs.some((input) => input.endsWith('node_modules/clerk-users/dist/index.js'))).toBe(true);
    expect(inputs.some((input) => input.includes('node_modules/openapi-fetch/'))).toBe(true);
    expect(inputs.filter((input) => input.includes('cli-progress'))).toEqual([]);
    expect(result.outputFiles[0]?.text).toContain('Clerk-API-Version');
  });

  it('bundles clerk-users/testing for workers (workerd conditions) without node:http, and the bundle answers in-process', async () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const outfile = join(runDir, 'testing-worker.bundle.mjs');
    const result = await build({
      entryPoints: [join(runDir, 'testing-worker.mjs')],
      absWorkingDir: runDir,
      bundle: true,
      platform: 'browser',
      conditions: ['workerd', 'worker', 'browser'],
      format: 'esm',
      outfile,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => builtins.has(input) || input.startsWith('node:'))).toEqual([]);
    expect(inputs.some((input) => input.endsWith('node_modules/clerk-users/dist/testing.worker.js'))).toBe(true);
    const { stdout, stderr } = await runCommand(process.execPath, [outfile], runDir);
    expect(JSON.parse(stdout.trim() || stderr)).toEqual({
      firstName: 'Worker',
      verified: true,
      listen: expect.stringMatching(/listen\(\) needs Node/),
    });
  });
});
