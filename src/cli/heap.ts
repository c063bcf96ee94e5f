import v8 from 'node:v8';

/** How much V8 may grow the heap between full collections while `build` or `serve` runs, in percent. */
export const HEAP_GROWING_PERCENT = 35;

/**
 * Asks V8 to collect garbage sooner during `build` and `serve` (issue 16,
 * peak RSS ≤ 1 GiB at 10,000 features). On a machine with much memory V8
 * lets the heap grow far past what is live before a full collection: a
 * 10,000-feature build holds ≈ 280 MiB but peaked at ≈ 900 MiB, `serve`
 * at ≈ 1.1 GiB, almost all of it page strings already written. With the
 * heap growing by at most 35 % between full collections the peaks are
 * ≈ 600 and ≈ 850 MiB, for ≈ 5–10 % more CPU (BENCHMARKS.md, "Memory").
 * A heuristic of the collector, read as it runs, so it can be set once the
 * process is up; never a limit, so no corpus runs out of memory because of
 * it. Left alone when the user gave Node a heap flag of their own.
 */
export function collectSooner(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env['NODE_OPTIONS'] ?? ''): boolean {
  const given = [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--(heap-growing-percent|max-old-space-size|max-semi-space-size|max-heap-size|initial-heap-size|optimize-for-size)\b/.test(flag.replaceAll('_', '-')));
  if (given) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
