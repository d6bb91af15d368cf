// npm run check:generated: fail when generated/ is not what the spec produces today.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, renderDocs, root, writeAll } from './render.mjs';

const tmp = await mkdtemp(join(tmpdir(), 'clerk-users-gen-'));
try {
  await writeAll(tmp, await render());
  const fresh = (await readdir(tmp)).sort();
  const committed = (await readdir(join(root, 'generated')).catch(() => [])).sort();
  const problems = [];
  for (const name of new Set([...fresh, ...committed])) {
    const want = fresh.includes(name) ? await readFile(join(tmp, name), 'utf8') : null;
    const have = committed.includes(name) ? await readFile(join(root, 'generated', name), 'utf8') : null;
    if (want === null) problems.push(`generated/${name}: not produced by the spec any more (delete it)`);
    else if (have === null) problems.push(`generated/${name}: missing`);
    else if (want !== have) {
      const a = have.split('\n'),
        b = want.split('\n');
      let line = 0;
      while (line < Math.min(a.length, b.length) && a[line] === b[line]) line++;
      problems.push(`generated/${name}: differs from the spec's output, first at line ${line + 1}`);
    }
  }
  for (const [path, want] of Object.entries(await renderDocs())) {
    const have = await readFile(join(root, path), 'utf8').catch(() => null);
    if (have !== want)
      problems.push(`${path}: ${have === null ? 'missing' : 'differs from what the spec and its notes produce'}`);
  }
  if (problems.length) {
    console.error(
      `check:generated: generated/ is out of date with openapi/clerk-users.yaml:\n  ${problems.join('\n  ')}\nRun \`npm run generate\` and commit the result.`,
    );
    process.exitCode = 1;
  } else {
    console.log(`check:generated: generated/ matches openapi/clerk-users.yaml (${fresh.length} files)`);
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
