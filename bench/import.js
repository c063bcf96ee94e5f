// The pure conversion of `import support-md`: importSupportMd on one
// statement already in memory (no files written, no check), called CALLS
// times in this process. Prints each call's time, the first one in a fresh
// process (the importer's code not yet compiled, as the CLI runs it), and
// what the statement converted to.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importSupportMd } from '../dist/import/support-md.js';

const [file, calls = '20'] = process.argv.slice(2);
const text = readFileSync(path.resolve(file), 'utf8');
const times = [];
let result;
for (let i = 0; i < Number(calls); i++) {
  const start = performance.now();
  result = importSupportMd(text, { file: path.basename(file) });
  times.push((performance.now() - start) / 1000);
}
process.stdout.write(`${JSON.stringify({ times, statusLines: result.counts.statusLines, features: result.features.length, maxRSS: process.resourceUsage().maxRSS })}\n`);
