// The floor under `check` (issue 16): walk the features directory, read every
// file and parse its frontmatter with js-yaml — nothing else. `npm run bench`
// times it beside `check` on the same corpus. Prints the number of files read.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CORE_SCHEMA, load } from 'js-yaml';

const root = path.resolve(process.argv[2] ?? 'features');
let files = 0;
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.md')) continue;
  const text = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
  const end = text.startsWith('---\n') ? text.indexOf('\n---', 3) : -1;
  if (end !== -1) load(text.slice(4, end + 1), { schema: CORE_SCHEMA });
  files++;
}
process.stdout.write(`${JSON.stringify({ files, maxRSS: process.resourceUsage().maxRSS })}\n`);
