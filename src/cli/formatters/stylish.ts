import pc from 'picocolors';
import type { Diagnostic } from '../../types.js';
import type { FormatContext } from './index.js';

/** Human-readable findings grouped by file, like ESLint's stylish. */
export function formatStylish(diagnostics: readonly Diagnostic[], context: FormatContext): string {
  const c = pc.createColors(context.color);
  if (diagnostics.length === 0) return '';
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of diagnostics) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push('', c.underline(file));
    for (const d of list) {
      const place = `${d.line}:${d.column}`.padEnd(8);
      const severity = d.severity === 'error' ? c.red('error') : c.yellow('warn ');
      lines.push(`  ${c.dim(place)} ${severity}  ${d.message}  ${c.dim(d.ruleName)}`);
    }
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const summary = `${diagnostics.length} ${plural(diagnostics.length, 'problem')} (${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')})`;
  lines.push('', (errors > 0 ? c.red : c.yellow)(c.bold(`✖ ${summary}`)), '');
  return lines.join('\n');
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
