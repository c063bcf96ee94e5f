// Regenerates the rule list in README.md from the compiled rule modules.
import { readFileSync, writeFileSync } from 'node:fs';
import { updateReadme } from '../dist/lint/docs.js';

const file = new URL('../README.md', import.meta.url);
writeFileSync(file, updateReadme(readFileSync(file, 'utf8')));
