// The README's "Testing your code" example, run as it is written (its imports pointed at the sources),
// so the example a user copies keeps working.
import { readFileSync } from 'node:fs';
import { beforeEach, expect, it } from 'vitest';
import { createClerkClient, unwrap } from '../../src/index.ts';
import { createFakeClerk } from '../../src/testing/index.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const section = readme.split('\n## Testing your code\n')[1]?.split('\n## ')[0] ?? '';
const example = section.match(/```ts\n([\s\S]*?)```/)?.[1] ?? '';

const imports = [...example.matchAll(/^import \{ ([^}]+) \} from '([^']+)';$/gm)].map((m) => ({
  names: (m[1] as string).split(',').map((name) => name.trim()),
  from: m[2],
}));
const body = example.replace(/^import .*$/gm, '');

// The example's imports are the ones provided here; anything else would make the check below fail.
const provided: Record<string, unknown> = { beforeEach, expect, it, createClerkClient, unwrap, createFakeClerk };
const names = imports.flatMap((entry) => entry.names);

it('imports only from vitest, clerk-users and clerk-users/testing, names this test provides', () => {
  expect(example).toContain('createFakeClerk');
  expect(imports.map((entry) => entry.from).sort()).toEqual(['clerk-users', 'clerk-users/testing', 'vitest']);
  for (const name of names) expect(Object.keys(provided)).toContain(name);
});

// Registers the example's own tests (its `it` calls) in this file.
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;
await new AsyncFunction(...names, body)(...names.map((name) => provided[name]));
