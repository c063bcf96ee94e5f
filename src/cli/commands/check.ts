import { sortDiagnostics } from '../../diagnostics.js';
import { lint } from '../../lint/engine.js';
import { loadCorpus, type Corpus, type FeatureCache } from '../../load/corpus.js';
import type { Spawn } from '../../load/git.js';
import { loadReleases, type LoadedRelease } from '../../load/releases.js';
import type { Diagnostic } from '../../types.js';

/** Options of {@link check}. */
export interface CheckOptions {
  /** Working directory that `dir` and displayed paths are relative to. */
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Today's date (`YYYY-MM-DD`) for sign-off dates. */
  today: string;
  /** Read the releases of project.yml from git. Default true. */
  releases?: boolean;
  /** `spawn` for git; tests count processes through it. */
  spawn?: Spawn;
  /** Parse results to reuse for unchanged files (`serve`). */
  cache?: FeatureCache;
}

/** Result of {@link check}. */
export interface CheckResult {
  corpus: Corpus;
  /** Releases read from git (empty when none are configured or reading was off). */
  releases: LoadedRelease[];
  /** Load, schema and lint findings, sorted by file and place. */
  diagnostics: Diagnostic[];
}

/**
 * Loads, validates and lints a features directory, and the releases listed
 * in project.yml (read from git: a missing ref is an error, problems inside
 * a release's files are warnings). Throws `ConfigError` when it cannot start.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const corpus = await loadCorpus(options.dir ?? 'features', { cwd: options.cwd, ...(options.cache ? { cache: options.cache } : {}) });
  const read =
    options.releases === false
      ? { releases: [], diagnostics: [] }
      : await loadReleases(corpus.root, corpus.project, { cwd: options.cwd, ...(options.spawn ? { spawn: options.spawn } : {}) });
  const releases = read.releases.filter((r) => r.found);
  const found = lint({ ...corpus, releases }, { today: options.today });
  return { corpus, releases, diagnostics: sortDiagnostics([...corpus.diagnostics, ...read.diagnostics, ...found]) };
}
