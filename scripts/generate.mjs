// npm run generate: regenerate generated/ from the spec.

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { render, renderDocs, root, writeAll } from './render.mjs';

const files = await render();
await writeAll(join(root, 'generated'), files);
console.log(`generated/: wrote ${Object.keys(files).join(', ')}`);
for (const [path, contents] of Object.entries(await renderDocs())) await writeFile(join(root, path), contents);
