import { CORE_SCHEMA, load } from 'js-yaml';
import { isAlias, isMap, isPair, isScalar, isSeq, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { Position, SourceMap } from '../types.js';
import { code, excerpt } from '../diagnostics.js';
import { pointerSegment } from '../pointer.js';
import { LineIndex } from './lines.js';
import { loadPlain, loadWithPlaces, type PlainPlaces, type Span } from './yaml-places.js';

/** A problem found while parsing YAML, with its place in the whole file. */
export interface YamlProblem {
  place: Position;
  messageId: 'syntax' | 'duplicate-key' | 'tag' | 'alias-limit' | 'value-limit' | 'depth-limit' | 'forbidden-key' | 'complex-key' | 'too-many-problems';
  message: string;
}

/** Parsed YAML: a plain value plus where every part of it came from. */
export interface ParsedYaml {
  value: unknown;
  map: SourceMap;
  problems: YamlProblem[];
}

/** Bounds that keep hostile YAML from eating memory, time or stack. */
export const yamlLimits = {
  /** Nodes produced after expanding aliases (stops "billion laughs"). */
  maxNodes: 100_000,
  /** Nesting depth of mappings and sequences. */
  maxDepth: 64,
  /**
   * Characters of text (keys and string values) that aliases may add to a
   * document. Without aliases a document's text is bounded by the file size;
   * this bounds what a small file can expand to, and so the site and exports
   * made from it.
   */
  maxAliasText: 65_536,
  /**
   * Alias references (`*name`) in one document, counted in the text before
   * it is parsed, so that a file of nothing but aliases is refused at once
   * instead of after the parse and expansion it would cost.
   */
  maxAliasReferences: 10_000,
};

/** Documents larger than this are measured before the full parse (see parseYamlFully). */
const EARLY_REFUSAL_SIZE = 64 * 1024;
/** What the full parser makes nodes or errors of, cheaply counted: line breaks and flow indicators. */
const STRUCTURE_TOKEN = /[[\]{},\n]/g;
/** Parser errors reported per document; past them, one finding says how many more there are. */
const MAX_PROBLEMS = 50;

// An alias token: `*` where a YAML node may start (line start, after
// whitespace or a flow indicator), then an anchor name. Inside a quoted
// string this over-counts, which only matters past the limit.
const ALIAS_TOKEN = /(?<=^|[\s[{,])\*[^\s[\]{},]/g;

// Keys that would reach Object.prototype through plain-object assignment.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const CORE_TAGS = new Set([
  'tag:yaml.org,2002:str',
  'tag:yaml.org,2002:int',
  'tag:yaml.org,2002:float',
  'tag:yaml.org,2002:bool',
  'tag:yaml.org,2002:null',
  'tag:yaml.org,2002:map',
  'tag:yaml.org,2002:seq',
]);

/**
 * Parses YAML 1.2 (core schema: `yes` and dates stay strings) located at
 * `offset` inside `text`, and builds a plain value with a source map whose
 * places are lines and columns of the whole file.
 */
export function parseYaml(text: string, offset: number, length: number, lines: LineIndex, fallback: Position): ParsedYaml {
  const source = text.slice(offset, offset + length);
  const fast = readPlainYaml(source);
  if (fast === undefined) return parseYamlFully(source, offset, lines, fallback);
  // Places are wanted only for findings. The first lookup has js-yaml read
  // the document again recording them (yaml-places.ts; js-yaml is ≈ 8× faster than the
  // full parse); the full parse runs on the first lookup they do not cover.
  let full: SourceMap | undefined;
  const map = (): SourceMap => (full ??= parseYamlFully(source, offset, lines, fallback).map);
  const { places } = fast;
  const place = (span: Span | undefined, otherwise: () => Position): Position => (span === undefined ? otherwise() : lines.range(offset + span[0], offset + span[1]));
  return {
    value: fast.value,
    map: {
      value: (pointer) => place(places().value(pointer), () => map().value(pointer)),
      key: (pointer) => place(places().key(pointer), () => map().key(pointer)),
    },
    problems: [],
  };
}

// Why a second parser: `yaml`'s Document API (lexer, CST, composer, then our
// walk recording a place per node) was about 60 % of `check` at 10,000
// features; js-yaml 4 — the parser Eleventy's own front matter uses — loads
// the same frontmatter about 8× faster but records no positions. It takes
// only documents free of every construct where the two parsers could read
// differently or where our checks need the node tree: anchors and aliases
// (`&`, `*`), tags (`!`), directives (`%`), complex keys (`?`), merge keys,
// tabs, the reserved keys, and a `#` right after a closing quote or bracket
// (`"x"# c`: js-yaml reads a comment, `yaml` an error) and an empty
// sequence item (`-` or `- -` ending its line: js-yaml reads the items after
// a nested one into it, test/load/yaml-places.test.ts) and block scalars that
// keep their trailing lines (`|+`: the two count blank lines differently);
// anything it rejects, and any
// result that is not a mapping of plain keys within the depth bound, goes
// to the full parse, which stays the authority for every finding.
// test/load/yaml-fast.test.ts checks the two agree on generated documents.
const NEEDS_FULL_PARSE = /[&*!%?\t]|<<|__proto__|constructor|prototype|["'\]}]#|^ *-(?: +-)* *(?:#.*)?$|[|>][1-9]?\+/m;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const NON_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/** The value of a plain YAML mapping, or undefined when the full parse must decide. */
export function parsePlainYaml(source: string): Record<string, unknown> | undefined {
  return readPlainYaml(source)?.value;
}

/** {@link parsePlainYaml}, and the first lookup of a place reads the places of its nodes (see yaml-places.ts). */
function readPlainYaml(source: string): { value: Record<string, unknown>; places: () => PlainPlaces } | undefined {
  // A large document goes through the full path's early refusals (see parseYamlFully).
  if (source.length > EARLY_REFUSAL_SIZE || NEEDS_FULL_PARSE.test(source)) return undefined;
  let read: ReturnType<typeof loadPlain>;
  try {
    read = loadPlain(source);
  } catch {
    return undefined;
  }
  const { value, differs } = read;
  // Past the node bound the full path decides, as it would for any document.
  if (differs || !isPlainMapping(value) || !isPlainTree(value, 0, { nodes: 0 })) return undefined;
  let places: PlainPlaces | undefined;
  return { value, places: () => (places ??= loadWithPlaces(source).places) };
}

function isPlainMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isPlainTree(value: unknown, depth: number, count: { nodes: number }): boolean {
  if (depth > yamlLimits.maxDepth || ++count.nodes > yamlLimits.maxNodes) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return true;
  if (Array.isArray(value)) return value.every((item) => isPlainTree(item, depth + 1, count));
  if (!isPlainMapping(value)) return false;
  for (const key of Object.keys(value)) {
    // `yaml` refuses an implicit key of more than 1024 characters.
    if (key.length > 1024 || !PLAIN_KEY.test(key) || NON_STRING_KEYS.has(key) || !isPlainTree(value[key], depth + 1, count)) return false;
  }
  return true;
}

/**
 * Values of `source` once its aliases are expanded, as js-yaml reads it
 * (about ten times faster than the full parser, and an alias is a shared
 * object there, so expansion is counted, not made), or undefined when
 * js-yaml cannot tell (it refuses the document, or an alias refers to
 * itself): the full parse then decides. Stops counting past `limit`.
 */
export function countValues(source: string, limit: number): number | undefined {
  let value: unknown;
  try {
    value = load(source, { schema: CORE_SCHEMA, json: true });
  } catch {
    return undefined;
  }
  const sizes = new Map<object, number>();
  const onStack = new Set<object>();
  const size = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (onStack.has(node)) throw new RangeError('cycle');
    onStack.add(node);
    let total = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      total += size(child);
      if (total > limit) break;
    }
    onStack.delete(node);
    sizes.set(node, total);
    return total;
  };
  try {
    return size(value);
  } catch {
    return undefined;
  }
}

/** The full parse: `yaml`'s Document API, every problem found, a place recorded for every node. */
export function parseYamlFully(source: string, offset: number, lines: LineIndex, fallback: Position): ParsedYaml {
  const values = new Map<string, Position>();
  const keys = new Map<string, Position>();
  const map = createSourceMap(values, keys, fallback);
  const problems: YamlProblem[] = [];
  const at = (start: number, end = start): Position => lines.range(offset + start, offset + end);

  const tooMany = nthMatch(source, ALIAS_TOKEN, yamlLimits.maxAliasReferences + 1);
  if (tooMany !== -1) {
    problems.push({ place: at(tooMany), messageId: 'alias-limit', message: `Unexpected YAML with more than ${yamlLimits.maxAliasReferences} alias references (\`*name\`); write the values out instead of repeating them through aliases` });
    return { value: undefined, map, problems };
  }
  // The full parser needs up to 3 s and 1 GB for a MiB of tiny nested values
  // (or of stray brackets, each an error): a large document that cannot hold
  // fewer than the value bound is refused before it runs. First the text:
  // more lines and flow indicators than twice the bound is more structure
  // than the bound allows (prose has a few per line of text). Then js-yaml's
  // count, at the document's start (it records no places). A small document
  // is parsed anyway, which is cheap, for the place of what passes the bound.
  if (source.length > EARLY_REFUSAL_SIZE) {
    const dense = nthMatch(source, STRUCTURE_TOKEN, 2 * yamlLimits.maxNodes + 1);
    if (dense !== -1) {
      problems.push({ place: at(dense), messageId: 'value-limit', message: `Unexpected YAML with more than ${2 * yamlLimits.maxNodes} lines and flow indicators (\`[\`, \`]\`, \`{\`, \`}\`, \`,\`): more than ${yamlLimits.maxNodes} values can need; write fewer, or split the file` });
      return { value: undefined, map, problems };
    }
    const counted = countValues(source, yamlLimits.maxNodes);
    if (counted !== undefined && counted > yamlLimits.maxNodes) {
      problems.push({ place: fallback, messageId: 'value-limit', message: `Unexpected YAML of more than ${yamlLimits.maxNodes} values (counting what aliases repeat); write fewer, or split the file` });
      return { value: undefined, map, problems };
    }
  }

  let doc: Document.Parsed;
  try {
    // `uniqueKeys: false`: the parser's own check compares every key of a
    // mapping with every other (quadratic: 40,000 keys took 6 s); `build`
    // finds duplicates with one lookup per key.
    doc = parseDocument(source, { version: '1.2', schema: 'core', uniqueKeys: false, merge: false, prettyErrors: false, strict: true, keepSourceTokens: false });
  } catch (error) {
    // The parser itself can overflow the stack on absurd nesting.
    problems.push({ place: fallback, messageId: 'depth-limit', message: `Unexpected YAML the parser cannot handle (${String((error as Error).message)}); simplify the frontmatter` });
    return { value: undefined, map, problems };
  }
  let overflowed = false;
  for (const error of doc.errors.slice(0, MAX_PROBLEMS)) {
    if (/call stack/i.test(error.message)) {
      // The parser ran out of stack: absurd nesting, reported once as the
      // limit it broke, where it breaks it. (Where, and how often, the stack
      // runs out moves with every change to the code on it, and with how warm
      // the process is: a long-running one can overflow twice.)
      if (overflowed) continue;
      overflowed = true;
      const deep = deepFlowOpening(source, yamlLimits.maxDepth + 1);
      problems.push({ place: deep === -1 ? at(error.pos[0], error.pos[1]) : at(deep), messageId: 'depth-limit', message: `Unexpected nesting deeper than ${yamlLimits.maxDepth} levels; flatten the frontmatter` });
      continue;
    }
    // Duplicate keys are not among these (`uniqueKeys: false`): `build` reports them.
    problems.push({ place: at(error.pos[0], error.pos[1]), messageId: 'syntax', message: `Unexpected YAML: ${excerpt(firstLine(error.message), 200)}` });
  }
  if (doc.errors.length > MAX_PROBLEMS) {
    problems.push({ place: fallback, messageId: 'too-many-problems', message: `Unexpected YAML with ${doc.errors.length} errors; the first ${MAX_PROBLEMS} are shown — fix them and check again` });
  }
  if (problems.length > 0) return { value: undefined, map, problems };

  // What each alias refers to, found in one pass in document order (the
  // parser's own `Alias.resolve` walks the whole document for every alias:
  // quadratic, 68 s for 8,000 aliases).
  const targets = new Map<Alias, Node | undefined>();
  let nodes = 0;
  let aliasText = 0;
  const onStack = new Set<Node>();
  // `via` is the place of the alias being expanded: places inside an expansion are reported there.
  const build = (node: unknown, pointer: string, depth: number, via?: Position): unknown => {
    const record = via === undefined;
    const range = (node as Node | null)?.range;
    const here = via ?? (range ? at(range[0]) : fallback);
    if (++nodes > yamlLimits.maxNodes) throw new Limit(here, 'alias-limit', `Unexpected YAML expanding to more than ${yamlLimits.maxNodes} values (alias bomb?); write the values out instead of through aliases`);
    if (depth > yamlLimits.maxDepth) throw new Limit(here, 'depth-limit', `Unexpected nesting deeper than ${yamlLimits.maxDepth} levels; flatten the frontmatter`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      const target = targets.get(node);
      if (target === undefined || onStack.has(target)) throw new Limit(here, 'alias-limit', `Unexpected alias ${code(`*${node.source}`)} that refers to itself or to nothing`);
      // Places inside an alias's expansion fall back to the alias itself.
      if (record && node.range) values.set(pointer, at(node.range[0], node.range[1]));
      return build(target, pointer, depth, here);
    }
    const n = node as Node;
    if (record && n.range) values.set(pointer, at(n.range[0], n.range[1]));
    if (n.tag !== undefined && !CORE_TAGS.has(n.tag)) {
      const tag = n.tag.replace(/^tag:yaml\.org,2002:/, '!!');
      problems.push({ place: here, messageId: 'tag', message: `Unexpected YAML tag ${code(tag)}; remove it, tags are not supported` });
    }
    if (isScalar(n)) {
      if (via !== undefined && typeof n.value === 'string') addAliasText(n.value.length, here);
      return n.value;
    }
    onStack.add(n);
    try {
      if (isSeq(n)) return n.items.map((item, i) => build(item, `${pointer}/${i}`, depth + 1, via));
      if (isMap(n)) {
        const out: Record<string, unknown> = {};
        for (const pair of n.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as Node | null;
          const keyPlace = keyNode?.range ? at(keyNode.range[0], keyNode.range[1]) : fallback;
          if (keyNode !== null && !isScalar(keyNode)) {
            problems.push({ place: keyPlace, messageId: 'complex-key', message: 'Unexpected mapping or sequence used as a key, expected a plain key' });
            continue;
          }
          const key = String(keyNode?.value ?? '');
          if (FORBIDDEN_KEYS.has(key)) {
            problems.push({ place: keyPlace, messageId: 'forbidden-key', message: `Unexpected key \`${key}\`; it is reserved and never allowed` });
            continue;
          }
          if (Object.hasOwn(out, key)) {
            // Reported where it is written, not again in each alias of the mapping.
            if (record) problems.push({ place: keyPlace, messageId: 'duplicate-key', message: `Unexpected duplicate key ${code(key)}; each key may appear once, remove one of the two entries` });
            continue;
          }
          if (via !== undefined) addAliasText(key.length, here);
          const child = `${pointer}/${pointerSegment(key)}`;
          if (record) keys.set(child, keyPlace);
          out[key] = build(pair.value, child, depth + 1, via);
        }
        return out;
      }
      return null;
    } finally {
      onStack.delete(n);
    }
  };

  const addAliasText = (length: number, here: Position): void => {
    aliasText += length;
    if (aliasText > yamlLimits.maxAliasText) {
      throw new Limit(here, 'alias-limit', `Unexpected YAML aliases that add more than ${yamlLimits.maxAliasText} characters of text; write the values out instead of repeating them through aliases`);
    }
  };

  try {
    const anchors = new Map<string, Node>();
    visit(doc, (_key, node) => {
      if (isAlias(node)) targets.set(node, anchors.get(node.source));
      else if (node !== null && typeof node === 'object' && 'anchor' in node && typeof node.anchor === 'string') anchors.set(node.anchor, node as Node);
    });
    return { value: build(doc.contents, '', 0), map, problems };
  } catch (error) {
    if (error instanceof Limit) {
      problems.push({ place: error.place, messageId: error.messageId, message: error.message });
      return { value: undefined, map, problems };
    }
    if (error instanceof RangeError) {
      problems.push({ place: fallback, messageId: 'depth-limit', message: 'Unexpected nesting too deep to read; flatten the frontmatter' });
      return { value: undefined, map, problems };
    }
    throw error;
  }
}

/**
 * Offset of the first `[` or `{` that opens flow nesting `depth` levels deep,
 * or -1. Brackets in quoted text count too: it is asked only of a document
 * nested so deep that the parser ran out of stack.
 */
function deepFlowOpening(text: string, depth: number): number {
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++level === depth) return i;
    } else if ((c === ']' || c === '}') && level > 0) level--;
  }
  return -1;
}

/** Offset of the `n`th match of the global `pattern` in `text`, or -1. */
function nthMatch(text: string, pattern: RegExp, n: number): number {
  pattern.lastIndex = 0;
  let count = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (++count === n) return match.index;
  }
  return -1;
}

class Limit extends Error {
  constructor(
    readonly place: Position,
    readonly messageId: 'alias-limit' | 'depth-limit',
    message: string,
  ) {
    super(message);
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** A source map over recorded places; unknown pointers fall back to their nearest recorded ancestor. */
export function createSourceMap(values: Map<string, Position>, keys: Map<string, Position>, fallback: Position): SourceMap {
  const value = (pointer: string): Position => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const found = values.get(p);
      if (found) return found;
      if (p === '') return fallback;
    }
  };
  return {
    value,
    key: (pointer) => keys.get(pointer) ?? value(pointer),
  };
}
