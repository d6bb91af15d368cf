// npm run generate: regenerate generated/ from the spec.
import { join } from 'node:path';
import { render, root, writeAll } from './render.mjs';

const files = await render();
await writeAll(join(root, 'generated'), files);
console.log(`generated/: wrote ${Object.keys(files).join(', ')}`);
