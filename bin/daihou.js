#!/usr/bin/env node
// The compiled program lives in dist/; `npm start` and `npm run build` produce it.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../dist/cli/index.js', import.meta.url));
if (!existsSync(entry)) {
  console.error('daihou: not built yet; run `npm run build` (npm start builds it by itself)');
  process.exit(2);
}
await import(entry);
