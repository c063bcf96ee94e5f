// The rebuild after one changed file, through serve's path: start serve on
// the corpus in `cwd`, then change one feature file RUNS times and time each
// rebuild from the write to the rebuilt site.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serve } from '../dist/cli/commands/serve.js';
import { collectSooner } from '../dist/cli/heap.js';

// As the CLI's `serve` runs (src/cli/main.ts).
collectSooner();

const [file, runs = '3', today = '2026-06-01'] = process.argv.slice(2);
const server = await serve({ cwd: process.cwd(), port: 0, today, debounce: 0, log: () => undefined, report: () => undefined });
const times = [];
const original = readFileSync(path.resolve(file), 'utf8');
for (let i = 0; i < Number(runs); i++) {
  const built = server.nextBuild();
  const start = performance.now(); const cpu0 = process.cpuUsage();
  writeFileSync(path.resolve(file), original.replace(/^summary: .*$/m, `summary: Changed ${i}.`));
  const { ok } = await built;
  times.push((performance.now() - start) / 1000); const c = process.cpuUsage(cpu0); (globalThis.cpus ??= []).push((c.user + c.system) / 1e6);
  if (!ok) throw new Error('rebuild failed');
}
writeFileSync(path.resolve(file), original);
await server.close();
process.stdout.write(`${JSON.stringify({ cpus: globalThis.cpus, times, maxRSS: process.resourceUsage().maxRSS })}\n`);
