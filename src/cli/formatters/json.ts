import type { Diagnostic } from '../../types.js';

/** Findings as JSON: a versioned object with counts and a flat, sorted list. */
export function formatJson(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const report = {
    version: 1,
    errorCount: errors,
    warningCount: diagnostics.length - errors,
    diagnostics,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
