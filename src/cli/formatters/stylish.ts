import { counted } from '../../diagnostics.js';
import pc from 'picocolors';
import { printable } from '../../diagnostics.js';
import type { Diagnostic } from '../../types.js';
import type { FormatContext } from './index.js';

/** Human-readable findings, one per line as `file:line:column`, so terminals and editors can jump to them. */
export function formatStylish(diagnostics: readonly Diagnostic[], context: FormatContext): string {
  const c = pc.createColors(context.color);
  if (diagnostics.length === 0) return '';
  const lines = diagnostics.map((d) => {
    const severity = d.severity === 'error' ? c.red('error') : c.yellow('warn');
    // File names and messages carry input: no escape sequence reaches the terminal.
    return `${c.bold(`${printable(d.file)}:${d.line}:${d.column}`)}  ${severity}  ${printable(d.message)}  ${c.dim(d.ruleName)}`;
  });
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  const summary = `${counted(diagnostics.length, 'problem')} (${counted(errors, 'error')}, ${counted(warnings, 'warning')})`;
  lines.push('', (errors > 0 ? c.red : c.yellow)(c.bold(`✖ ${summary}`)));
  return lines.join('\n') + '\n';
}

