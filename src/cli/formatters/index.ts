import type { Diagnostic } from '../../types.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

/** What a formatter gets besides the diagnostics. */
export interface FormatContext {
  /** Whether ANSI colours may be used. */
  color: boolean;
  /** Version of this tool, for SARIF. */
  version: string;
}

/** A formatter: a plain function from findings to text. */
export type Formatter = (diagnostics: readonly Diagnostic[], context: FormatContext) => string;

/** Formatters by `--format` name. */
export const formatters: Record<string, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  github: formatGithub,
  sarif: formatSarif,
};
