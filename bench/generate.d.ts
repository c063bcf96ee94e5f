// Types for the benchmark corpus generator, for tests that use it.
export function feature(index: number, bump?: number): string;
export const PROJECT: string;
export const ROSTER: string;
/** Writes N features under `dir/features`; returns the features directory. */
export function generate(dir: string, n: number, options?: { releases?: string; bump?: (index: number) => number }): string;
/** A git repository in `dir` with R tagged releases of N features. */
export function generateRepo(dir: string, n: number, r: number): string;
/** Legacy release `k`'s classic SUPPORT.md, derived from `text` (its version and dates, a few status lines dropped, promoted or added). */
export function legacyStatement(text: string, k: number, release: LegacyRelease): string;
/** A legacy release as generateLegacyRepo lists it in project.yml. */
export interface LegacyRelease {
  name: string;
  ref: string;
  format: 'support-md';
  path: string;
  'initial-release': string;
  'supported-until': string;
  'security-support-until': string;
}
/** A git repository in `dir`: R tags holding statements derived from `sources`, then a migration commit importing `newest`; returns the legacy releases listed. */
export function generateLegacyRepo(dir: string, sources: readonly string[], newest: string, r: number, today: string): Promise<LegacyRelease[]>;
/** N copies of the `new` scaffold under `dir/features` (every file has an `upgrade-blockers` finding); returns the features directory. */
export function generateScaffolds(dir: string, n: number): Promise<string>;
