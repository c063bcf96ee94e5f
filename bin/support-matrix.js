#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build:ts` (and by `npm pack`, for the published package).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('support-matrix: dist/ is missing; run `npm run build:ts` (or `npm ci`) first\n');
  process.exit(2);
}
await import(entry.href);
