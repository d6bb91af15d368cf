/**
 * The package as a user gets it: `npm run build`, `npm pack`, and the tarball installed into a
 * throwaway project under os.tmpdir() (outside the repository, so nothing resolves through our
 * own node_modules or sources). test/package and test/runtimes share one such consumer.
 *
 * Done once per content hash of everything that goes into the tarball: a second test file or a second
 * vitest worker of the same run reuses it. The run's global teardown removes it ({@link removePackedPackage}),
 * so nothing stays in the temp dir. Two workers asking at once are
 * serialized by a lock directory (mkdir is atomic); the one that waits polls for the ready marker.
 * Nothing here is skipped: any failing step throws with the command and its output.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** What goes into the tarball: a change to any of these builds and packs again. */
const INPUTS = [
  'src',
  'generated',
  'openapi/clerk-users.yaml',
  'package.json',
  'package-lock.json',
  'tsup.config.ts',
  'tsconfig.json',
  'README.md',
  'LICENSE',
  'testing/package.json',
];

export interface PackedPackage {
  /** The throwaway project with the tarball installed: `node_modules/clerk-users` lives here. */
  consumerDir: string;
  /** The packed tarball. */
  tarball: string;
  /** Paths inside the tarball, as `npm pack` listed them (`dist/index.js`, `package.json`, …). */
  files: string[];
  /** The root package.json's version, i.e. what the tarball was packed as. */
  version: string;
}

function listFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => listFiles(join(path, entry.name)));
}

/** A hash of the tarball's inputs (names and contents), so a stale consumer is never reused. */
export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const input of INPUTS) {
    const full = join(REPO, input);
    if (!existsSync(full)) throw new Error(`packed-package: ${input} is missing from the repository`);
    for (const file of listFiles(full)) {
      hash.update(relative(REPO, file)).update('\0').update(readFileSync(file)).update('\0');
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** Runs a command, throwing with its output when it fails. */
export async function runCommand(
  file: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ stdout: string; stderr: string }> {
  try {
    return await run(file, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `\`${[file, ...args].join(' ')}\` failed in ${cwd}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`,
    );
  }
}

const NPM_ENV = {
  ...process.env,
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  npm_config_update_notifier: 'false',
};

async function build(base: string): Promise<PackedPackage> {
  rmSync(base, { recursive: true, force: true });
  const packDir = join(base, 'pack');
  const consumerDir = join(base, 'consumer');
  mkdirSync(packDir, { recursive: true });
  mkdirSync(consumerDir, { recursive: true });

  await runCommand('npm', ['run', '-s', 'build'], REPO, NPM_ENV);
  // --ignore-scripts: prepack would build a second time and mix its output into the JSON.
  const packed = await runCommand(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', packDir],
    REPO,
    NPM_ENV,
  );
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; version: string; files: { path: string }[] }];
  const tarball = join(packDir, info.filename);

  // "type": "module", so a consumer's .ts is ESM under `module: nodenext` (.cts covers CommonJS).
  writeFileSync(
    join(consumerDir, 'package.json'),
    `${JSON.stringify({ name: 'clerk-users-consumer', private: true, type: 'module' }, null, 2)}\n`,
  );
  await runCommand(
    'npm',
    ['install', '--no-save', '--prefer-offline', '--no-package-lock', tarball],
    consumerDir,
    NPM_ENV,
  );

  const result: PackedPackage = {
    consumerDir,
    tarball,
    files: info.files.map((f) => f.path).sort(),
    version: info.version,
  };
  writeFileSync(join(base, 'ready.json'), JSON.stringify(result));
  return result;
}

/** Removes consumers of earlier sources left in the temp dir for more than a day (a few MB each). */
function pruneOld(current: string): void {
  const dayAgo = Date.now() - 24 * 60 * 60_000;
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (!/^clerk-users-packed-[0-9a-f]{16}$/.test(name) || path === current || existsSync(`${path}.lock`)) continue;
    try {
      if (statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
    } catch {
      // Removed by someone else meanwhile.
    }
  }
}

/**
 * Removes the packed consumer of the current sources (unless one is being built: a lock beside it).
 * Called by the global teardown, once every test file of the run is done with it; consumers of other
 * sources belong to other checkouts' runs, and pruneOld() takes them when they are a day old.
 */
export function removePackedPackage(): void {
  const base = join(tmpdir(), `clerk-users-packed-${inputsHash()}`);
  if (!existsSync(`${base}.lock`)) rmSync(base, { recursive: true, force: true });
}

let memo: Promise<PackedPackage> | undefined;

/** The packed and installed package for the current sources, built at most once per content hash. */
export function packedPackage(): Promise<PackedPackage> {
  memo ??= acquire();
  return memo;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const LOCK_STALE_MS = 5 * 60_000;
const WAIT_LIMIT_MS = 4 * 60_000;

async function acquire(): Promise<PackedPackage> {
  const base = join(tmpdir(), `clerk-users-packed-${inputsHash()}`);
  const ready = join(base, 'ready.json');
  const lock = `${base}.lock`;
  const started = Date.now();
  for (;;) {
    if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as PackedPackage;
    try {
      mkdirSync(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // Someone else is building: wait for them, unless their lock was left behind by a killed run.
      try {
        if (Date.now() - statSync(lock).mtimeMs > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      } catch {
        // The lock went away between the two calls: try again.
      }
      if (Date.now() - started > WAIT_LIMIT_MS)
        throw new Error(`packed-package: gave up waiting for ${lock} (remove it if no test run is active)`);
      await sleep(200);
      continue;
    }
    try {
      if (existsSync(ready)) return JSON.parse(readFileSync(ready, 'utf8')) as PackedPackage;
      pruneOld(base);
      return await build(base);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}
