// The fast YAML path (js-yaml, no positions) must never read a document
// differently from the full parse (`yaml`, the authority for findings): for
// every document it takes, the full parse finds no problem and builds a
// deeply equal value. Documents are generated from a YAML grammar with the
// characters where parsers disagree most, then mutated at random.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate } from '../../bench/generate.js';
import { splitFrontmatter } from '../../src/load/frontmatter.js';
import { LineIndex } from '../../src/load/lines.js';
import { parsePlainYaml, parseYaml } from '../../src/load/yaml.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

/** Generated cases per property (documented in README, "Security"). */
export const YAML_DIFFERENTIAL_RUNS = 5000;

function full(source: string) {
  return parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
}

/** The property: the fast path declines, or agrees with the full parse. */
function agrees(source: string): boolean {
  const fast = parsePlainYaml(source);
  if (fast === undefined) return true;
  const parsed = full(source);
  return parsed.problems.length === 0 && isDeepStrictEqual(fast, parsed.value);
}

const RISKY = [...'abcxyz eEoO019.-+_:#,\'"\\[]|>/@`~\u00e9\u263a\u200b'];
const text = fc.array(fc.constantFrom(...RISKY), { maxLength: 14 }).map((chars) => chars.join(''));
const words = fc.constantFrom('yes', 'no', 'on', 'True', 'FALSE', 'null', '~', 'Null', '0o17', '0x1F', '0b11', '1_000', '1e3', '.5', '+.5', '-0', '012', '.inf', '-.Inf', '.NaN', '2025-01-01', '1:20', 'Supported', 'x86', '');
const key = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_-]{0,6}$/), fc.constantFrom('null', 'True', '1', '1.0', '0x10', 'a b', 'a.b', '-x', '_x', 'x86_64', "'q'", '"q"'));

type Tree = string | Tree[] | { [key: string]: Tree };
const scalar = fc.tuple(fc.oneof(text, words), fc.constantFrom('plain', 'single', 'double', 'literal', 'folded')).map(([s, style]) => renderScalar(s, style));

function renderScalar(s: string, style: string): string {
  if (style === 'single') return `'${s.replaceAll("'", "''")}'`;
  if (style === 'double') return JSON.stringify(s);
  if (style === 'literal') return `|\n${s}`;
  if (style === 'folded') return `>-\n${s}`;
  return s;
}

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
})).node;

/** Block-style YAML for a tree; scalars that start block styles get indented bodies. */
function render(node: Tree, indent: string): string {
  if (typeof node === 'string') {
    if (node.startsWith('|\n') || node.startsWith('>-\n')) {
      const [head, body] = [node.slice(0, node.indexOf('\n')), node.slice(node.indexOf('\n') + 1)];
      return ` ${head}\n${indent}  ${body}`;
    }
    return ` ${node}`;
  }
  if (Array.isArray(node)) {
    if (node.length === 0) return ' []';
    if (node.every((item) => typeof item === 'string' && !item.includes('\n'))) return ` [${node.join(', ')}]`;
    return node.map((item) => `\n${indent}-${render(item, `${indent}  `)}`).join('');
  }
  const entries = Object.entries(node);
  if (entries.length === 0) return ' {}';
  // Mappings of one-line scalars in flow style, as limits often are written.
  if (entries.every(([, v]) => typeof v === 'string' && !v.includes('\n'))) return ` { ${entries.map(([k, v]) => `${k}:${v === '' ? '' : ` ${v as string}`}`).join(', ')} }`;
  return entries.map(([k, v]) => `\n${indent}${k}:${render(v, `${indent}  `)}`).join('');
}

const document = fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }).map((root) => render(root, '').slice(1) + '\n');
const mutated = fc.tuple(document, fc.array(fc.tuple(fc.nat(), fc.constantFrom(...RISKY, '\n', '  ', '- ', ': ')), { minLength: 1, maxLength: 3 })).map(([doc, edits]) => {
  let out = doc;
  for (const [at, insert] of edits) {
    const i = at % (out.length + 1);
    out = out.slice(0, i) + insert + out.slice(i);
  }
  return out;
});

describe('fast YAML path agrees with the full parse', () => {
  it('on documents generated from the grammar', () => {
    let taken = 0;
    fc.assert(
      fc.property(document, (source) => {
        if (parsePlainYaml(source) !== undefined) taken++;
        return agrees(source);
      }),
      { numRuns: YAML_DIFFERENTIAL_RUNS, seed: 20261122 },
    );
    // Not vacuous: the fast path takes a share of the documents (the rest
    // contain a character that sends them to the full parse).
    expect(taken).toBeGreaterThan(YAML_DIFFERENTIAL_RUNS / 10);
  });

  it('on generated documents with random edits', () => {
    let taken = 0;
    fc.assert(
      fc.property(mutated, (source) => {
        if (parsePlainYaml(source) !== undefined) taken++;
        return agrees(source);
      }),
      { numRuns: YAML_DIFFERENTIAL_RUNS, seed: 20261123 },
    );
    expect(taken).toBeGreaterThan(YAML_DIFFERENTIAL_RUNS / 30);
  });

  it('on the sample corpus and a generated benchmark corpus, and takes nearly all of them', async () => {
    const dir = await tempDir();
    generate(dir, 200);
    const files = [...markdownFiles(path.join(repoRoot, 'features')), ...markdownFiles(path.join(dir, 'features'))];
    let taken = 0;
    for (const file of files) {
      const split = splitFrontmatter(readFileSync(file, 'utf8'));
      if ('messageId' in split) continue;
      expect(agrees(split.yaml), file).toBe(true);
      if (parsePlainYaml(split.yaml) !== undefined) taken++;
    }
    expect(files.length).toBeGreaterThan(250);
    expect(taken / files.length).toBeGreaterThan(0.8);
  });

  it('declines what the full parse must see: anchors, tags, reserved keys, duplicates, deep nesting', () => {
    for (const source of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', '__proto__: 1\n', 'a: 1\na: 2\n', 'a:\n\t- b\n', '<<: {a: 1}\n', `a: ${'['.repeat(80)}${']'.repeat(80)}\n`, '- a\n', 'null: x\n', '1: x\n', 'a: "x"# c\n', "a: 'x'# c\n", 'a: [1]# c\n', 'a: {b: 1}# c\n', 'a:\n  -\n    -\n  - b\n', '  a: |+\n    x\n\n \n', 't: "a\nb"\n', "t: 'a\nb'\n", 't: [\n]\n', 'a:\n- -\n- x\n', 'a:\n  - - x\n  - -\n  - y\n', 'a:\n- - # c\n- x\n', 'a: 0b101\n', 'a: +0x1\n', 'a: -0o7\n', 'a: -.5\n', 'a: +.5e3\n', `k${'x'.repeat(1100)}: 1\n`, `a: 1\n${'\n'.repeat(200_001)}`]) {
      expect(parsePlainYaml(source), source).toBeUndefined();
    }
  });

  it('takes the numbers both parsers read alike, and reads them as the full parse does', () => {
    const source = 'a: 12\nb: -3\nc: 0x1F\nd: 0o17\ne: 1.5e3\nf: .5\ng: -.inf\nh: 1-2\ni: 0.1.2\nj: 2026-01-01\n';
    const fast = parsePlainYaml(source);
    expect(fast).toEqual(full(source).value);
    expect(fast).toEqual({ a: 12, b: -3, c: 31, d: 15, e: 1500, f: 0.5, g: -Infinity, h: '1-2', i: '0.1.2', j: '2026-01-01' });
  });

  it('positions of a fast-parsed file come from the full parse when a finding asks', () => {
    const source = 'title: x\nstatus:   Suported\n';
    const parsed = full(source);
    expect(parsePlainYaml(source)).toBeDefined();
    expect(parsed.map.value('/status')).toMatchObject({ line: 2, column: 11 });
    expect(parsed.map.key('/status')).toMatchObject({ line: 2, column: 1 });
  });
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => path.join(entry.parentPath, entry.name));
}
