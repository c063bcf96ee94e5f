import { code, codePointName, coreChecks, coreDiagnostic } from '../diagnostics.js';
import { pointerSegment } from '../pointer.js';
import type { Diagnostic, Position, SourceMap } from '../types.js';
import { fieldName, validateSchema, type SchemaName } from '../validate/schema.js';
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

/** Findings listed per file by the loader (YAML and schema); past them, one says how many more. */
const MAX_FINDINGS = 100;

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

  const controlAt = text.search(FORBIDDEN_CHARACTER);
  if (controlAt !== -1) {
    return failed([coreDiagnostic(coreChecks.file, file, lines.position(controlAt), 'control-character', forbiddenMessage(text.codePointAt(controlAt) ?? 0, 'it'))]);
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
  // The text itself is clean (above); a YAML escape such as "\x1b" can still make a character.
  for (const found of forbiddenValues(value, '')) {
    const place = found.key ? parsed.map.key(found.pointer) : parsed.map.value(found.pointer);
    diagnostics.push(coreDiagnostic(coreChecks.schema, file, place, 'control-character', forbiddenMessage(found.codePoint, `${found.key ? 'the key' : 'the value of'} ${code(fieldName(found.pointer))}`)));
  }
  for (const d of validateSchema(schema, value, file, parsed.map)) diagnostics.push(d);
  if (diagnostics.length > MAX_FINDINGS) {
    // Thousands of findings in one file say one thing: read the first ones.
    const more = diagnostics.length - MAX_FINDINGS;
    diagnostics.length = MAX_FINDINGS;
    diagnostics.push(coreDiagnostic(coreChecks.schema, file, START, 'too-many-problems', `Unexpected ${more} more problems in this file, not listed; fix the ones above and check again`));
  }
  return diagnostics.length > 0 ? { map: parsed.map, diagnostics, text, body, bodyLine } : { value, map: parsed.map, diagnostics, text, body, bodyLine };
}

/**
 * Characters refused anywhere in an input file, and in any value its YAML
 * escapes make: C0 controls other than tab and line feed (a carriage return
 * only before a line feed), DEL, C1 controls, bidirectional embeddings,
 * overrides and isolates, and (in values) lone surrogates. Terminals act on
 * them, XML feeds cannot hold them, and bidirectional controls make a
 * reviewer read text in another order than the checker does.
 */
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const FORBIDDEN_IN_VALUE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a character is refused, and what to do. */
function forbiddenMessage(codePoint: number, where: string): string {
  const name = codePointName(codePoint);
  if ((codePoint >= 0x202a && codePoint <= 0x202e) || (codePoint >= 0x2066 && codePoint <= 0x2069)) {
    return `Unexpected bidirectional control character ${name} in ${where}; it makes text display in another order than it is stored, so a reader may see something else than the checker reads — remove it`;
  }
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return `Unexpected lone surrogate ${name} in ${where}, which is not a character; remove the escape that makes it`;
  if (codePoint === 0xfffe || codePoint === 0xffff) return `Unexpected noncharacter ${name} in ${where}; remove it`;
  return `Unexpected control character ${name} in ${where}; it is invisible, terminals act on it and XML feeds cannot hold it — remove it`;
}

/** Every string (value or key) under `value` holding a refused character, by JSON pointer. */
function* forbiddenValues(value: unknown, pointer: string): Generator<{ pointer: string; key: boolean; codePoint: number }> {
  if (typeof value === 'string') {
    const at = value.search(FORBIDDEN_IN_VALUE);
    if (at !== -1) yield { pointer, key: false, codePoint: value.codePointAt(at) ?? 0 };
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* forbiddenValues(item, `${pointer}/${i}`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, item] of Object.entries(value)) {
    const child = `${pointer}/${pointerSegment(key)}`;
    const at = key.search(FORBIDDEN_IN_VALUE);
    if (at !== -1) yield { pointer: child, key: true, codePoint: key.codePointAt(at) ?? 0 };
    yield* forbiddenValues(item, child);
  }
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
