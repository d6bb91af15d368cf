// npm start: (1) start Prism on the checked-in spec, run examples/quickstart.ts against it, stop Prism;
// (2) start the emulator (`clerk-users serve`, from clerk-users/testing) seeded with a few thousand
// users and run the `clerk-users export` command against it, progress on stderr (a bar on a
// terminal, plain lines in CI); (3) a summary.
// Exits non-zero if any step fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  const child = spawn(process.execPath, [tsx, ...args], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, ...env },
  });
  return new Promise((resolve) => child.once('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
}

/** Runs the command from source, capturing stdout (the count) while stderr stays visible. */
function runCommand(args, env) {
  const child = spawn(process.execPath, [tsx, 'src/cli/main.ts', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
    env: { ...process.env, ...env },
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  return new Promise((resolve) => child.once('exit', (c, signal) => resolve({ code: c ?? (signal ? 1 : 0), stdout })));
}

/** Users to seed the emulator with, as `clerk-users export` writes them (one JSON object per line). */
function seedFile(dir, count) {
  const names = ['Ada', 'Grace', 'Edsger', 'Barbara', 'Donald', 'Frances', 'Alan', 'Margaret'];
  const lines = [];
  for (let i = 0; i < count; i++) {
    const first = names[i % names.length];
    lines.push(
      JSON.stringify({
        id: `user_start${String(i).padStart(6, '0')}`,
        first_name: first,
        last_name: `Example${i}`,
        email_addresses: [{ email_address: `${first.toLowerCase()}.${i}@example.com` }],
        // A few users share a millisecond, as real sign-ups do.
        created_at: 1_700_000_000_000 + Math.floor(i / 3) * 60_000,
      }),
    );
  }
  const file = join(dir, 'seed.jsonl');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, ids: lines.map((line) => JSON.parse(line).id) };
}

/** `clerk-users serve` from source: resolves once it printed its base URL. */
async function startServe(args, env) {
  const child = spawn(process.execPath, [tsx, 'src/cli/main.ts', 'serve', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: root,
    env: { ...process.env, ...env },
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`clerk-users serve exited with ${code}`)));
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('\n')) resolve(out.trim());
    });
  });
  const stop = () =>
    new Promise((resolve) => {
      child.removeAllListeners('exit');
      child.once('exit', () => resolve());
      child.kill('SIGINT');
    });
  return { url, stop };
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

// 2. An export with the command, against the emulator (20 ms added per answer, so the progress
//    output has something to show).
const work = mkdtempSync(join(tmpdir(), 'clerk-users-start-'));
const seed = seedFile(work, EXPORT_USERS);
const fake = await startServe(['--seed', seed.file, '--latency-ms', '20'], { CLERK_SECRET_KEY: 'sk_test_fake' });
try {
  const out = join(work, 'users.csv');
  const env = { CLERK_SECRET_KEY: 'sk_test_fake' };
  const command = [
    'export',
    '--base-url',
    fake.url,
    '--concurrency',
    '4',
    '--limit',
    '100',
    '--format',
    'csv',
    '--fields',
    'id,primary_email_address,first_name,last_name,created_at',
    '--out',
    out,
  ];
  console.log(`\n$ clerk-users ${command.join(' ').replace(fake.url, '<emulator>').replace(out, 'users.csv')}`);
  const started = performance.now();
  const exported = await runCommand(command, env);
  const seconds = (performance.now() - started) / 1000;
  const counted = await runCommand(['count', '--base-url', fake.url], env);
  if (exported.code !== 0 || counted.code !== 0) {
    summary.push(`export against the emulator: failed (export exit ${exported.code}, count exit ${counted.code})`);
    failed = true;
  } else {
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    console.log(`\nusers.csv, first lines of ${lines.length}:\n  ${lines.slice(0, 3).join('\n  ')}`);
    // Exactly once: the file's ids against the users the emulator was seeded with.
    const ids = lines.slice(1).map((line) => line.split(',')[0]);
    const serverIds = seed.ids;
    const unique = new Set(ids);
    const exact =
      unique.size === ids.length && unique.size === serverIds.length && serverIds.every((id) => unique.has(id));
    summary.push(
      `export against the emulator: ${ids.length.toLocaleString('en-US')} users in ${seconds.toFixed(1)} s (count says ${counted.stdout.trim()}), ` +
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
