// Types for the benchmark corpus generator, for tests that use it.
export function feature(index: number, bump?: number): string;
export const PROJECT: string;
export const ROSTER: string;
/** Writes N features under `dir/features`; returns the features directory. */
export function generate(dir: string, n: number, options?: { releases?: string; bump?: (index: number) => number }): string;
/** A git repository in `dir` with R tagged releases of N features. */
export function generateRepo(dir: string, n: number, r: number): string;
