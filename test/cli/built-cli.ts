// The built `clerk-users` command for subprocess tests: built once per test file with the package's own
// tsup config (ESM only, no declarations: fast) into node_modules/.cache, where it resolves
// cli-progress and openapi-fetch like an installed package; run with a clean environment.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import tsupConfig from '../../tsup.config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a run of the command ended. */
export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A built command and a scratch directory to run it in. */
export interface BuiltCli {
  /** The built command's entry file (`cli.js`). */
  cli: string;
  /** The scratch directory (the command's working directory). */
  work: string;
  spawn(args: string[], env: Record<string, string | undefined>): ChildProcess;
  run(args: string[], env: Record<string, string | undefined>): Promise<Result>;
  remove(): void;
}

/** Builds the command into a directory of its own. */
export async function buildCli(name: string): Promise<BuiltCli> {
  const cache = join(ROOT, 'node_modules', '.cache');
  const outDir = join(cache, `${name}-${process.pid}`);
  rmSync(outDir, { recursive: true, force: true });
  const configs = Array.isArray(tsupConfig) ? tsupConfig : [tsupConfig];
  for (const config of configs) {
    await build({
      ...(config as object),
      format: ['esm'],
      dts: false,
      sourcemap: false,
      clean: false,
      outDir,
      silent: true,
      config: false,
    });
  }
  const cli = join(outDir, 'cli.js');
  const work = mkdtempSync(join(cache, `${name}-work-`));
  const spawnCli = (args: string[], env: Record<string, string | undefined>) =>
    spawn(process.execPath, [cli, ...args], {
      cwd: work,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  return {
    cli,
    work,
    spawn: spawnCli,
    run: (args, env) => finish(spawnCli(args, env)),
    remove() {
      rmSync(outDir, { recursive: true, force: true });
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** Collects a child's output until it exits. */
export function finish(child: ChildProcess): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}
