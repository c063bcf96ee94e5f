import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { closest, distance } from 'fastest-levenshtein';
import { code, codePointName, coreChecks, coreDiagnostic } from '../diagnostics.js';
import { pointerSegment } from '../pointer.js';
import type { Diagnostic, SourceMap } from '../types.js';
import { AJV_OPTIONS, exportName, SCHEMA_NAMES, schemaHash } from './schema-options.js';

/** The pattern of `$defs/line` in the schemas: one line, no control character. */
export const LINE_PATTERN = '^[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';

/** The schemas shipped in `schema/`. */
export type SchemaName = (typeof SCHEMA_NAMES)[number];

/** Directory holding the JSON Schemas, beside `src/` and `dist/`. */
export const schemaDirectory = new URL('../../schema/', import.meta.url);

let validators: Map<SchemaName, ValidateFunction> | undefined;

/**
 * The validators, made once per process: those scripts/compile-schemas.js
 * compiled ahead of time beside this module (`schemas.cjs`, in dist/) when
 * they were made from exactly the schema files here, else compiled now with
 * one ajv instance (≈ 0.1 s; validation of 10,000 features must not repeat it).
 */
function getValidator(name: SchemaName): ValidateFunction {
  if (!validators) {
    const texts = SCHEMA_NAMES.map((schema) => readFileSync(new URL(`${schema}.schema.json`, schemaDirectory), 'utf8'));
    validators = compiledValidators(schemaHash(texts)) ?? compileValidators(texts);
  }
  const validate = validators.get(name);
  if (!validate) throw new Error(`No schema named ${name}`);
  return validate;
}

function compileValidators(texts: readonly string[]): Map<SchemaName, ValidateFunction> {
  // ajv itself is loaded only here: with validators compiled ahead of time, no command pays for loading it.
  const { Ajv2020: Ajv } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  const ajv = new Ajv(AJV_OPTIONS);
  return new Map(SCHEMA_NAMES.map((schema, i) => [schema, ajv.compile(JSON.parse(texts[i] ?? '{}') as object)]));
}

/** The ahead-of-time validators, when they exist beside this module and match the schema files' hash. */
function compiledValidators(hash: string): Map<SchemaName, ValidateFunction> | undefined {
  const file = new URL('schemas.cjs', import.meta.url);
  if (!existsSync(file)) return undefined;
  const compiled = createRequire(import.meta.url)(fileURLToPath(file)) as Record<string, ValidateFunction | string>;
  if (compiled['sourceHash'] !== hash) return undefined;
  const out = new Map<SchemaName, ValidateFunction>();
  for (const schema of SCHEMA_NAMES) {
    const validate = compiled[exportName(schema)];
    if (typeof validate !== 'function') return undefined;
    out.set(schema, validate);
  }
  return out;
}

/** Validates `value` against a schema; findings point at the offending key or value in `file`. */
export function validateSchema(name: SchemaName, value: unknown, file: string, map: SourceMap): Diagnostic[] {
  const validate = getValidator(name);
  if (validate(value)) return [];
  const docs = `schema/${name}.schema.md`;
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    // `if` only says a `then`/`else` branch failed; that branch reports the real problem.
    if (error.keyword === 'if') continue;
    const finding = describe(error, map, docs);
    if (finding === undefined) continue;
    const key = `${finding.place.line}:${finding.place.column}:${finding.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...coreDiagnostic(coreChecks.schema, file, finding.place, finding.messageId, finding.message), docs });
  }
  return out;
}

/** `/signoffs/0/date` → `signoffs[0].date`, for messages. */
export function fieldName(pointer: string): string {
  if (pointer === '') return 'frontmatter';
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}

function hintForKey(key: string, allowed: string[], docs: string): string {
  const near = suggest(key, allowed);
  if (near) return near;
  if (allowed.length > 0 && allowed.length <= 8) return `, expected one of ${allowed.map(code).join(', ')}`;
  return `; remove it or see ${docs} for the keys allowed here`;
}

/** What a schema error says to the user; undefined when another finding already says it. */
function describe(error: ErrorObject, map: SourceMap, docs: string): { place: ReturnType<SourceMap['value']>; messageId: string; message: string } | undefined {
  const path = error.instancePath;
  const field = code(fieldName(path));
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const where = path === '' ? '' : ` in ${field}`;
      return {
        place: map.key(`${path}/${pointerSegment(key)}`),
        messageId: 'unknown-key',
        message: `Unexpected key ${code(key)}${where}${hintForKey(key, allowed, docs)}`,
      };
    }
    case 'required': {
      const key = String(params['missingProperty']);
      return { place: map.value(path), messageId: 'missing-key', message: `Missing required key ${code(key)}${path === '' ? '' : ` in ${field}`}` };
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map(String);
      const hint = typeof error.data === 'boolean' && allowed.includes('yes') ? ` (write ${code(error.data ? 'yes' : 'no')}, as a string)` : suggest(String(error.data), allowed);
      return {
        place: map.value(path),
        messageId: 'invalid-value',
        message: `Unexpected value ${code(error.data)} for ${field}${hint}, expected one of ${allowed.map(code).join(', ')}`,
      };
    }
    case 'type': {
      const expected = String(params['type']).replace(/,/g, ' or ');
      // YAML reads `since: 4.10` as the number 4.1: the fix is quoting.
      const quote = typeof error.data === 'number' && expected === 'string' ? '; quote it (e.g. `"4.10"`) so YAML keeps it as text' : '';
      // The whole document of the wrong type is something else entirely (a file linked in by mistake): name its type, quote none of it.
      const found = path === '' ? typeName(error.data, false) : typeName(error.data);
      return { place: map.value(path), messageId: 'invalid-type', message: `Unexpected ${found} for ${field}, expected ${expected}${quote}` };
    }
    case 'pattern': {
      if (params['pattern'] === LINE_PATTERN && typeof error.data === 'string') {
        const char = /[\t\n\u2028\u2029]/.exec(error.data)?.[0];
        // Other control characters are reported once, by the loader, for every field.
        if (char === undefined) return undefined;
        const what = char === '\t' ? 'tab' : 'line break';
        return { place: map.value(path), messageId: 'multi-line', message: `Unexpected ${what} in ${field}, expected one line; write it on one line (a YAML block scalar such as \`>\` keeps a line break at the end: use a plain or quoted string)` };
      }
      const propertyName = error.propertyName;
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      const what = description ? `: ${description}` : `, expected to match ${code(params['pattern'])}`;
      if (propertyName !== undefined) {
        return { place: map.key(`${path}/${pointerSegment(propertyName)}`), messageId: 'invalid-key', message: `Unexpected key ${code(propertyName)} in ${field}${what}` };
      }
      return { place: map.value(path), messageId: 'invalid-value', message: `Unexpected value ${code(error.data)} for ${field}${what}` };
    }
    case 'propertyNames':
      // Reported through the nested `pattern` error, which knows the key.
      return { place: map.value(path), messageId: 'invalid-key', message: `Unexpected key in ${field}` };
    case 'maxItems':
    case 'maxProperties': {
      const count = Array.isArray(error.data) ? error.data.length : error.data !== null && typeof error.data === 'object' ? Object.keys(error.data).length : 0;
      return { place: map.value(path), messageId: 'too-many', message: `Unexpected ${count} entries in ${field}, expected at most ${String(params['limit'])}; split the feature or the list (every list is bounded so that one file cannot make an unbounded site)` };
    }
    case 'minLength':
      return { place: map.value(path), messageId: 'invalid-value', message: `Unexpected empty value for ${field}, expected text` };
    default:
      return { place: map.value(path), messageId: 'invalid-value', message: `Unexpected value for ${field}: it ${error.message ?? 'is invalid'}` };
  }
}

function typeName(value: unknown, quote = true): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return quote ? `${typeof value} ${code(value)}` : `${typeof value}`;
}

/** Values longer than this get no "did you mean": names are shorter. */
const MAX_SUGGESTED_LENGTH = 100;

/** ` (did you mean `x`?)` when `value` is a near miss of one of `options`, else ``. */
export function suggest(value: string, options: readonly string[]): string {
  const match = didYouMean(value, options);
  return match === undefined ? '' : ` (did you mean ${code(match)}?${hiddenDifference(value)})`;
}

/**
 * What a reader cannot see in a near miss: look-alike letters from other
 * scripts, invisible characters, spaces at either end. `Ѕupported` (Cyrillic
 * DZE) and `Supported` print the same in a terminal.
 */
export function hiddenDifference(value: string): string {
  const odd = [...new Set([...value].filter((c) => c < ' ' || c > '~'))].map((c) => codePointName(c.codePointAt(0) ?? 0));
  const notes: string[] = [];
  if (odd.length > 0) notes.push(`it contains ${odd.join(', ')}, not plain ASCII: a look-alike or invisible character`);
  if (value !== value.trim()) notes.push('it has a space at the start or end');
  return notes.length > 0 ? ` ${notes.join('; ')}` : '';
}

/** The option closest to `value` if it is a near miss (case, spacing or a few typos). */
export function didYouMean(value: string, options: readonly string[]): string | undefined {
  // Names are short: a long value is no near miss, and comparing it with
  // every option would cost its length times theirs, for every finding.
  if (options.length === 0 || value.length === 0 || value.length > MAX_SUGGESTED_LENGTH) return undefined;
  options = options.filter((o) => o.length <= 2 * MAX_SUGGESTED_LENGTH);
  if (options.length === 0) return undefined;
  const fold = (s: string): string => s.normalize('NFKC').replace(/[\u200B-\u200D\u2060\uFEFF]/g, '').toLowerCase().replace(/[\s_-]+/g, ' ').trim();
  const folded = fold(value);
  const exact = options.find((o) => fold(o) === folded);
  if (exact !== undefined) return exact;
  const best = closest(folded, options.map(fold));
  const index = options.map(fold).indexOf(best);
  const limit = Math.max(2, Math.floor(best.length / 3));
  return distance(folded, best) <= limit ? options[index] : undefined;
}
