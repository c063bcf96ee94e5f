// Places of a plain YAML document's values and keys, recorded while js-yaml
// reads it, so a finding in an ordinary feature file costs no second parse.
//
// js-yaml's `listener` reports where it began and ended composing each node.
// Those are not yet the places the full parse (`yaml`'s Document API, see
// yaml.ts) gives: composing a value begins before the spaces, line breaks and
// comments in front of it, and a block collection ends wherever reading
// stopped. `PlainPlaces` turns them into the full parse's places by the
// rules below, and answers `undefined` wherever a rule does not cover the
// node (an empty value, a block scalar that keeps its trailing lines, a
// comment or trailing spaces after a block collection's last line, carriage
// returns, anything whose structure it cannot match to the value read):
// the caller then asks the full parse, which stays the authority.
// test/load/yaml-places.test.ts checks every answer against the full parse,
// on generated documents and on every feature file in the repository.
import { CORE_SCHEMA, load } from 'js-yaml';

/** One node as js-yaml composed it: offsets where composing began and ended, its kind and value. */
interface Composed {
  open: number;
  close: number;
  kind: string | null;
  value: unknown;
  children: Composed[];
}

/** Start and end offsets of a value or key in the document, as the full parse records them. */
export type Span = readonly [start: number, end: number];

/**
 * js-yaml's value of `source` (core schema), and whether it may read
 * `source` otherwise than the full parse (`differs`): a quoted scalar or a
 * flow collection spans lines (js-yaml takes continuation lines `yaml`
 * refuses as under-indented: `t: "a` / `b"`, `t: [` / `]`), or a plain
 * scalar is a number to one and not to the other. Throws what `load`
 * throws. Records no places (see {@link loadWithPlaces}): a file with no
 * finding needs none.
 */
export function loadPlain(source: string): { value: unknown; differs: boolean } {
  const opens: number[] = [];
  let differs = false;
  const value = load(source, {
    schema: CORE_SCHEMA,
    json: false,
    listener(event, state) {
      if (event === 'open') opens.push(state.position);
      else {
        const open = opens.pop();
        if (differs || open === undefined || state.kind === null) return;
        const start = contentStart(source, open);
        differs = spansLines(source, start, state.position, state.kind) || (state.kind === 'scalar' && numberDiffers(source, start, state.position, state.result));
      }
    },
  });
  return { value, differs };
}

// YAML 1.2's core schema, as the full parse reads it: what js-yaml reads
// otherwise (`0b101`, `+0x1`, `-0o7` as numbers; `-.5`, `+.5` as text) is
// a number there exactly when it matches one of these.
const CORE_NUMBER = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Whether a plain scalar whose text starts at `start` is a number to one of the two parsers and not to the other. */
function numberDiffers(source: string, start: number, close: number, value: unknown): boolean {
  const first = source.charCodeAt(start);
  // Only text that starts like a number can be one (digits, sign, point).
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45 || first === 46)) return false;
  return (typeof value === 'number') !== CORE_NUMBER.test(source.slice(start, textEnd(source, start, Math.min(close, source.length))));
}

/** Whether the node whose text starts at `start` and whose composing ended at `close` is a quoted scalar or a flow collection that spans lines. */
function spansLines(source: string, start: number, close: number, kind: string): boolean {
  const first = source[start];
  if (first === '"' || first === "'" || ((first === '[' || first === '{') && kind !== 'scalar')) {
    const eol = source.indexOf('\n', start);
    return eol !== -1 && eol < close;
  }
  return false;
}

/**
 * The places of a document's nodes, read again by js-yaml with its listener
 * on: asked for the first place a finding needs. Throws what `load` throws.
 */
export function loadWithPlaces(source: string): { value: unknown; places: PlainPlaces } {
  const top: Composed = { open: 0, close: source.length, kind: null, value: undefined, children: [] };
  const stack: Composed[] = [top];
  const value = load(source, {
    schema: CORE_SCHEMA,
    json: false,
    listener(event, state) {
      if (event === 'open') {
        const node: Composed = { open: state.position, close: -1, kind: null, value: undefined, children: [] };
        stack[stack.length - 1]?.children.push(node);
        stack.push(node);
      } else {
        const node = stack.pop();
        if (node === undefined) return;
        node.close = state.position;
        node.kind = state.kind;
        node.value = state.result;
      }
    },
  });
  return { value, places: new PlainPlaces(source, top.children[0]) };
}

/** One pair of a mapping: its key node and its value node (undefined: an empty value js-yaml composed no node for). */
interface Pair {
  key: Composed;
  value: Composed | undefined;
}

/** Lookups of value and key spans by JSON pointer, as `createSourceMap` answers them over the full parse's records. */
export class PlainPlaces {
  private readonly pairs = new Map<Composed, Map<string, Pair> | undefined>();

  constructor(
    private readonly source: string,
    private readonly root: Composed | undefined,
  ) {}

  /** The span of the value at `pointer`, or of its nearest ancestor that exists; undefined when the rules do not cover it. */
  value(pointer: string): Span | undefined {
    const found = this.walk(pointer);
    return found && this.span(found.node);
  }

  /** The span of the key that names `pointer` when it names a mapping entry; otherwise as {@link value}. */
  key(pointer: string): Span | undefined {
    const found = this.walk(pointer);
    if (found === undefined) return undefined;
    return found.key && found.complete ? this.span(found.key) : this.span(found.node);
  }

  /** The deepest node on the way to `pointer`, the key that named it, and whether the whole pointer was followed. */
  private walk(pointer: string): { node: Composed; key?: Composed | undefined; complete: boolean } | undefined {
    if (this.root === undefined || this.source.includes('\r')) return undefined;
    let node = unwrap(this.root);
    let key: Composed | undefined;
    if (pointer === '') return { node, complete: true };
    const segments = pointer.slice(1).split('/');
    for (const raw of segments) {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      if (node.kind === 'mapping') {
        const pairs = this.pairsOf(node);
        if (pairs === undefined) return undefined;
        const pair = pairs.get(segment);
        if (pair === undefined) return { node, complete: false };
        // An empty value: the full parse has a node there, js-yaml composed none.
        if (pair.value === undefined) return undefined;
        node = unwrap(pair.value);
        key = pair.key;
      } else if (node.kind === 'sequence') {
        const items = node.children;
        if (!Array.isArray(node.value) || items.length !== node.value.length) return undefined;
        const index = /^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : -1;
        const item = items[index];
        if (item === undefined) return { node, complete: false };
        node = unwrap(item);
        key = undefined;
      } else {
        return { node, complete: false };
      }
    }
    return { node, key, complete: true };
  }

  /** A mapping's pairs by key, or undefined when its composed children do not match the keys js-yaml read. */
  private pairsOf(node: Composed): Map<string, Pair> | undefined {
    if (this.pairs.has(node)) return this.pairs.get(node);
    let result: Map<string, Pair> | undefined = new Map();
    const keys = node.value !== null && typeof node.value === 'object' ? Object.keys(node.value) : [];
    const children = node.children;
    let k = 0;
    for (let i = 0; i < children.length && result; i++) {
      const child = children[i] as Composed;
      if (!this.isKey(child)) {
        result = undefined;
        break;
      }
      if (keys[k] !== child.value) result = undefined;
      else {
        const next = children[i + 1];
        const value = next !== undefined && !this.isKey(next) ? next : undefined;
        if (value !== undefined) i++;
        result.set(child.value, { key: child, value });
        k++;
      }
    }
    if (result && k !== keys.length) result = undefined;
    this.pairs.set(node, result);
    return result;
  }

  /** A key: a string scalar followed on its line by `:`. */
  private isKey(node: Composed): node is Composed & { value: string } {
    if (node.kind !== 'scalar' || typeof node.value !== 'string') return false;
    let i = node.close;
    while (this.source[i] === ' ') i++;
    return this.source[i] === ':';
  }

  /** The span the full parse records for a node, or undefined. */
  private span(node: Composed): Span | undefined {
    const { source } = this;
    // js-yaml reads the text with a line break added when it has none at the end.
    const close = Math.min(node.close, source.length);
    const start = contentStart(source, node.open);
    if (start >= close && node.kind !== 'mapping' && node.kind !== 'sequence') return undefined;
    const first = source[start];
    if (node.kind === 'scalar') {
      if (first === '|' || first === '>') return this.blockScalar(start, close);
      // A plain scalar's composing ends past the spaces and line breaks
      // after it when a comment follows (`a b` / `  # note`).
      return [start, textEnd(source, start, close)];
    }
    if (node.kind !== 'mapping' && node.kind !== 'sequence') return undefined;
    if (first === '[' || first === '{') {
      const last = source[close - 1];
      return last === ']' || last === '}' ? [start, close] : undefined;
    }
    // A block collection ends where its last value ends, with the line break after it.
    const last = node.kind === 'mapping' ? this.lastValue(node) : this.lastItem(node);
    if (last === undefined) return undefined;
    const inner = this.span(last);
    if (inner === undefined) return undefined;
    let end = inner[1];
    if (end !== source.length && source[end - 1] !== '\n') {
      if (source[end] !== '\n') return undefined;
      end++;
    }
    // A comment indented at least as far as the collection, before the text
    // that ends it, belongs to it in the full parse: left to that parse.
    const indent = start - (source.lastIndexOf('\n', start - 1) + 1);
    for (let line = end; line < close; ) {
      const next = source.indexOf('\n', line);
      const text = source.slice(line, next === -1 ? close : next);
      const hash = text.search(/\S/);
      if (hash !== -1 && text[hash] === '#' && hash >= indent) return undefined;
      if (next === -1) break;
      line = next + 1;
    }
    return [start, end];
  }

  /** A sequence's last item; undefined when an empty item left js-yaml nothing to compose. */
  private lastItem(node: Composed): Composed | undefined {
    const last = node.children.at(-1);
    return Array.isArray(node.value) && node.children.length === node.value.length && last !== undefined ? unwrap(last) : undefined;
  }

  private lastValue(node: Composed): Composed | undefined {
    const pairs = this.pairsOf(node);
    if (pairs === undefined || pairs.size === 0) return undefined;
    const last = [...pairs.values()].at(-1)?.value;
    return last && unwrap(last);
  }

  /** `|` or `>` block scalar: from its indicator to the line break after its last line that is not blank. */
  private blockScalar(start: number, close: number): Span | undefined {
    const { source } = this;
    const newline = source.indexOf('\n', start);
    const header = source.slice(start, newline === -1 ? close : newline);
    if (header.includes('+')) return undefined;
    const last = textEnd(source, start + 1, close) - 1;
    // No line of text: the full parse places an empty block scalar its own way.
    if (start + header.length > last) return undefined;
    const eol = source.indexOf('\n', last);
    // Lines of spaces after the text: the full parse counts some of them in
    // (those indented deeper than the text), so it is asked. (What follows
    // the last line break before `close` is the next line's indentation,
    // unless the text ends there.)
    if (eol !== -1) {
      const after = source.slice(eol, close);
      const blank = close >= source.length ? after : after.slice(0, after.lastIndexOf('\n') + 1);
      if (blank.includes(' ')) return undefined;
    }
    return eol === -1 || eol >= close ? [start, close] : [start, eol + 1];
  }

}

/** The end of the text between `start` and `end` without the spaces and line breaks at its end. */
function textEnd(source: string, start: number, end: number): number {
  let i = end;
  while (i > start && (source[i - 1] === ' ' || source[i - 1] === '\n')) i--;
  return i;
}

/** The first offset from `from` that is not a space, a line break or part of a comment. */
function contentStart(source: string, from: number): number {
  let i = from;
  for (;;) {
    const c = source[i];
    if (c === ' ' || c === '\n') i++;
    else if (c === '#' && (i === 0 || source[i - 1] === ' ' || source[i - 1] === '\n')) {
      const eol = source.indexOf('\n', i);
      i = eol === -1 ? source.length : eol;
    } else return i;
  }
}

/**
 * The node itself where js-yaml composed it twice: a block item or value
 * that is first tried as the key of a mapping (`- { a: 1 }`, `- text`) is
 * kept as that attempt's result, one node inside another of the same value.
 */
function unwrap(node: Composed): Composed {
  let inner = node;
  while (inner.children.length === 1) {
    const only = inner.children[0] as Composed;
    if (only.kind !== inner.kind || only.value !== inner.value) break;
    inner = only;
  }
  return inner;
}
