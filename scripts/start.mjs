// npm start: (1) start Prism on the checked-in spec, run examples/quickstart.ts against it, stop Prism;
// (2) start the stateful fake Clerk server with a few thousand users and run the `clerk-users export`
// command against it, progress on stderr (a bar on a terminal, plain lines in CI); (3) a summary.
// Exits non-zero if any step fails.
import { fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPrism } from '../test/support/prism.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const example = process.argv[2] ?? 'examples/quickstart.ts';
const EXPORT_USERS = 3000;

/** Runs `node <tsx> <args>` with inherited output; resolves to its exit code. */
function runTs(args, env) {
  const child = spawn(process.execPath, [tsx, ...args], { stdio: 'inherit', cwd: root, env: { ...process.env, ...env } });
  return new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

/** Runs the command from source, capturing stdout (the count) while stderr stays visible. */
function runCommand(args, env) {
  const child = spawn(process.execPath, [tsx, 'src/cli/main.ts', ...args], { stdio: ['ignore', 'pipe', 'inherit'], cwd: root, env: { ...process.env, ...env } });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve) => child.once('exit', (c, signal) => resolve({ code: c ?? (signal ? 1 : 0), stdout })));
}

/** The fake Clerk server in a child process (test/support/fake-clerk-child.ts). */
async function startFake(options) {
  const child = fork(join(root, 'test/support/fake-clerk-child.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fake Clerk server exited with ${code}`)));
    child.on('message', (m) => m.type === 'ready' && resolve(m.url));
  });
  const ask = (type) =>
    new Promise((resolve) => {
      const on = (m) => m.type === type && (child.off('message', on), resolve(m));
      child.on('message', on);
      child.send({ type });
    });
  const stop = () => new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', () => resolve());
    child.send({ type: 'stop' });
  });
  return { url, ask, stop };
}

const summary = [];
let failed = false;

// 1. The quickstart against Prism.
const prism = await startPrism();
console.log(`Prism mock server on ${prism.url} (serving openapi/clerk-users.yaml)\n`);
try {
  // A fake key: the mock only checks that a bearer token is present.
  const code = await runTs([example], { CLERK_SECRET_KEY: 'sk_test_quickstart', CLERK_API_URL: prism.url });
  summary.push(`quickstart against Prism: ${code === 0 ? 'ok' : `failed (exit ${code})`}`);
  failed ||= code !== 0;
} finally {
  await prism.stop();
}

// 2. An export with the command, against the stateful fake server (20 ms added per answer, so the
//    progress output has something to show).
const fake = await startFake({ users: EXPORT_USERS, pageDelayMs: 20, seed: 7 });
const work = mkdtempSync(join(tmpdir(), 'clerk-users-start-'));
try {
  const out = join(work, 'users.csv');
  const env = { CLERK_SECRET_KEY: 'sk_test_fake' };
  const command = ['export', '--base-url', fake.url, '--concurrency', '4', '--limit', '100', '--format', 'csv', '--fields', 'id,primary_email_address,first_name,last_name,created_at', '--out', out];
  console.log(`\n$ clerk-users ${command.join(' ').replace(fake.url, '<fake server>').replace(out, 'users.csv')}`);
  const started = performance.now();
  const exported = await runCommand(command, env);
  const seconds = (performance.now() - started) / 1000;
  const counted = await runCommand(['count', '--base-url', fake.url], env);
  if (exported.code !== 0 || counted.code !== 0) {
    summary.push(`export against the fake server: failed (export exit ${exported.code}, count exit ${counted.code})`);
    failed = true;
  } else {
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    console.log(`\nusers.csv, first lines of ${lines.length}:\n  ${lines.slice(0, 3).join('\n  ')}`);
    // Exactly once: the file's ids against the server's own list.
    const ids = lines.slice(1).map((line) => line.split(',')[0]);
    const { ids: serverIds } = await fake.ask('ids');
    const unique = new Set(ids);
    const exact = unique.size === ids.length && unique.size === serverIds.length && serverIds.every((id) => unique.has(id));
    summary.push(
      `export against the fake server: ${ids.length.toLocaleString('en-US')} users in ${seconds.toFixed(1)} s (count says ${counted.stdout.trim()}), ` +
        `${exact ? 'every user exactly once' : 'NOT every user exactly once'}`,
    );
    failed ||= !exact;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
  await fake.stop();
}

console.log(`\nSummary:\n  ${summary.join('\n  ')}`);
process.exitCode = failed ? 1 : 0;
