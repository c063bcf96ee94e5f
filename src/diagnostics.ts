import type { Diagnostic, Position, Severity } from './types.js';

/** A check done outside the lint rules: loading, parsing and schema validation. */
export interface CoreCheck {
  id: string;
  name: string;
  description: string;
}

/** Checks that always run and always report errors; documented in README under "Load errors". */
export const coreChecks = {
  file: { id: 'SM001', name: 'file', description: 'Require readable, UTF-8, regular feature files inside the features directory and under the size limit.' },
  frontmatter: { id: 'SM002', name: 'frontmatter', description: 'Require YAML frontmatter between `---` lines at the start of each feature file.' },
  yaml: { id: 'SM003', name: 'yaml-syntax', description: 'Require well-formed YAML without duplicate keys, custom tags or runaway aliases.' },
  schema: { id: 'SM004', name: 'schema', description: 'Require frontmatter, project.yml and security-team.yml to match their JSON Schemas.' },
  crash: { id: 'SM005', name: 'rule-crash', description: 'Report a lint rule that threw, instead of aborting the other checks.' },
} as const satisfies Record<string, CoreCheck>;

/** Builds a diagnostic for a core check; core checks are always errors. */
export function coreDiagnostic(
  check: CoreCheck,
  file: string,
  place: Position,
  messageId: string,
  message: string,
  severity: Severity = 'error',
): Diagnostic {
  return {
    file,
    ...place,
    ruleId: check.id,
    ruleName: check.name,
    messageId,
    severity,
    message,
  };
}

/** Sorts diagnostics by file, line, column, then rule, for stable output. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort(
    (a, b) =>
      compareText(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.message, b.message),
  );
}

/** Locale-independent string comparison, so output does not depend on the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Longest excerpt of an input value that a message quotes, in characters. */
export const EXCERPT_LENGTH = 80;

// Characters a terminal, a CI log or a feed reader would act on or hide:
// C0 and C1 controls, line and paragraph separators, bidirectional overrides.
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

/** `U+001B` for a code point, as messages name the characters a reader cannot see. */
export function codePointName(point: number): string {
  return `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A short, printable excerpt of input for a message: unprintable characters
 * shown as `\u001B`, and at most `max` characters (then `…`), so that no
 * finding ever repeats a whole input line, let alone a whole file.
 */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const visible = printable(text);
  const chars = Array.from(visible);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : visible;
}

/** `text` with every character a terminal or log would act on or hide shown as `\\u001B`. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** Wraps a name or value in backticks for a message, as a short printable excerpt. */
/** `1 cell`, `2 cells`, `0 cells`; `many` for a plural that is not `<one>s`. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function code(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return '`' + excerpt(text ?? String(value)) + '`';
}
