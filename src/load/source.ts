import { coreChecks, coreDiagnostic } from '../diagnostics.js';
import type { Diagnostic, Position, SourceMap } from '../types.js';
import { validateSchema, type SchemaName } from '../validate/schema.js';
import { splitFrontmatter } from './frontmatter.js';
import { LineIndex } from './lines.js';
import { decodeUtf8 } from './text.js';
import { parseYaml, type YamlProblem } from './yaml.js';

/** A YAML document (a whole config file, or a feature's frontmatter) parsed and schema-checked. */
export interface ParsedSource {
  /** The value, when it parsed and matched its schema. */
  value?: unknown;
  map: SourceMap;
  diagnostics: Diagnostic[];
  /** The decoded text (empty when decoding failed). */
  text: string;
  body: string;
  bodyLine: number;
}

const START: Position = { line: 1, column: 1 };

/**
 * Decodes, splits (for feature files), parses and validates one file's bytes.
 * Pure: the caller reads the bytes. `value` is set only when there is no error.
 */
export function parseSource(schema: SchemaName, file: string, bytes: Uint8Array): ParsedSource {
  const failed = (diagnostics: Diagnostic[]): ParsedSource => ({ map: constantMap(START), diagnostics, text: '', body: '', bodyLine: 1 });
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) {
    const hex = decoded.byte.toString(16).toUpperCase().padStart(2, '0');
    return failed([coreDiagnostic(coreChecks.file, file, decoded.place, 'encoding', `Unexpected byte 0x${hex} that is not UTF-8; save the file as UTF-8`)]);
  }
  const text = decoded.text;
  const lines = new LineIndex(text);
  const breakAt = strayLineBreak(text);
  if (breakAt !== -1) {
    const name = STRAY_BREAKS[text[breakAt] ?? ''] ?? 'line break';
    return failed([
      coreDiagnostic(
        coreChecks.file,
        file,
        lines.position(breakAt),
        'line-break',
        `Unexpected ${name}; other YAML readers and terminals treat it as a new line that this checker would not see, so it is refused — save the file with LF or CRLF line endings and remove the character`,
      ),
    ]);
  }

  let yamlOffset = 0;
  let yamlLength = text.length;
  let body = '';
  let bodyLine = 1;
  if (schema === 'feature') {
    const split = splitFrontmatter(text);
    if ('messageId' in split) {
      return failed([coreDiagnostic(coreChecks.frontmatter, file, { line: split.line, column: 1 }, split.messageId, split.message)]);
    }
    yamlOffset = split.yamlOffset;
    yamlLength = split.yaml.length;
    body = split.body;
    bodyLine = split.bodyLine;
  }

  const parsed = parseYaml(text, yamlOffset, yamlLength, lines, START);
  const diagnostics = parsed.problems.map((p: YamlProblem) => {
    const check = p.messageId === 'forbidden-key' ? coreChecks.schema : coreChecks.yaml;
    return coreDiagnostic(check, file, p.place, p.messageId, p.message);
  });
  if (parsed.value === undefined && diagnostics.length > 0) return { map: parsed.map, diagnostics, text, body, bodyLine };
  const value = parsed.value ?? {};
  diagnostics.push(...validateSchema(schema, value, file, parsed.map));
  return diagnostics.length > 0 ? { map: parsed.map, diagnostics, text, body, bodyLine } : { value, map: parsed.map, diagnostics, text, body, bodyLine };
}

// Line breaks that YAML 1.1 readers, gray-matter or a terminal honour but the
// YAML 1.2 parser we use does not (it ends comments only at LF): text hidden
// behind one would be read differently by us and by everyone else.
const STRAY_BREAKS: Record<string, string> = {
  '\r': 'carriage return without a line feed',
  '\u0085': 'next-line character (U+0085)',
  '\u2028': 'line separator (U+2028)',
  '\u2029': 'paragraph separator (U+2029)',
};

/** Offset of the first lone CR, NEL, LS or PS in `text`, or -1. */
export function strayLineBreak(text: string): number {
  const match = /\r(?!\n)|[\u0085\u2028\u2029]/.exec(text);
  return match ? match.index : -1;
}

function constantMap(place: Position): SourceMap {
  return { value: () => place, key: () => place };
}
