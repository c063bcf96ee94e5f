import { sortDiagnostics } from '../../diagnostics.js';
import { lint } from '../../lint/engine.js';
import { loadCorpus, type Corpus } from '../../load/corpus.js';
import type { Diagnostic } from '../../types.js';

/** Options of {@link check}. */
export interface CheckOptions {
  /** Working directory that `dir` and displayed paths are relative to. */
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Today's date (`YYYY-MM-DD`) for sign-off dates. */
  today: string;
}

/** Result of {@link check}. */
export interface CheckResult {
  corpus: Corpus;
  /** Load, schema and lint findings, sorted by file and place. */
  diagnostics: Diagnostic[];
}

/** Loads, validates and lints a features directory. Throws `ConfigError` when it cannot start. */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const corpus = await loadCorpus(options.dir ?? 'features', { cwd: options.cwd });
  const found = lint(corpus, { today: options.today });
  return { corpus, diagnostics: sortDiagnostics([...corpus.diagnostics, ...found]) };
}
