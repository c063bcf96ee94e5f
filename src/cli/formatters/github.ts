import { printable } from '../../diagnostics.js';
import type { Diagnostic } from '../../types.js';

/** GitHub Actions workflow commands, one annotation per finding. */
export function formatGithub(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .map((d) => {
      const props = [`file=${property(d.file)}`, `line=${d.line}`, `col=${d.column}`];
      if (d.endLine !== undefined) props.push(`endLine=${d.endLine}`);
      if (d.endColumn !== undefined) props.push(`endColumn=${d.endColumn}`);
      props.push(`title=${property(`${d.ruleName} (${d.ruleId})`)}`);
      return `::${d.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${data(d.message)}\n`;
    })
    .join('');
}

/** Escapes workflow-command data as the Actions runner expects. */
export function data(text: string): string {
  // Escape sequences in a file name or message would reach the rendered CI log.
  return printable(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow-command property (`file=`, `title=`). */
export function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
