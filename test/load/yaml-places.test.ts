// Places of a plain document read with js-yaml (src/load/yaml-places.ts)
// must be exactly the places the full parse (`yaml`, the authority) gives:
// for every value and key of every document the fast path takes, a place
// it answers equals the full parse's, line, column, end line and end column.
// Where its rules do not cover a node it answers nothing and the full parse
// is asked; the ordinary shapes of a feature file must be covered, or a
// finding costs a second parse again (issue 16). More cases:
// PLACES_RUNS=20000 PLACES_SEED=<n> npx vitest run test/load/yaml-places.test.ts
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generate, generateScaffolds } from '../../bench/generate.js';
import { splitFrontmatter } from '../../src/load/frontmatter.js';
import { LineIndex } from '../../src/load/lines.js';
import { parsePlainYaml, parseYaml, parseYamlFully } from '../../src/load/yaml.js';
import { loadWithPlaces } from '../../src/load/yaml-places.js';
import { pointer } from '../../src/pointer.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

const START = { line: 1, column: 1 };

/** Every pointer of a value, and one that goes past each leaf and each collection. */
function pointersOf(value: unknown, at: Array<string | number> = []): string[] {
  const here = pointer(...at);
  const out = [here, `${here}/absent`, `${here}/0`];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...pointersOf(item, [...at, i])));
  else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...pointersOf(v, [...at, k]));
  return out;
}

/**
 * Compares each place the fast path answers with the full parse's; counts the
 * answers. `refused`: js-yaml read a document the full parse refuses (rare
 * layouts after random edits; the fast path's value is then not compared).
 */
function compare(source: string, allowRefused = false): { asked: number; answered: number } {
  if (parsePlainYaml(source) === undefined) return { asked: 0, answered: 0 };
  const lines = new LineIndex(source);
  const full = parseYamlFully(source, 0, lines, START);
  if (allowRefused && full.problems.length > 0) return { asked: 0, answered: 0 };
  expect(full.problems, source).toEqual([]);
  const { value, places } = loadWithPlaces(source);
  expect(value, source).toEqual(full.value);
  let asked = 0;
  let answered = 0;
  for (const p of pointersOf(value)) {
    for (const kind of ['value', 'key'] as const) {
      asked++;
      const span = places[kind](p);
      if (span === undefined) continue;
      answered++;
      expect(lines.range(span[0], span[1]), `${kind} ${p} in ${JSON.stringify(source)}`).toEqual(full.map[kind](p));
    }
  }
  // And through parseYaml, which asks the full parse for what is not answered.
  const parsed = parseYaml(source, 0, source.length, lines, START);
  for (const p of pointersOf(value)) {
    expect(parsed.map.value(p), p).toEqual(full.map.value(p));
    expect(parsed.map.key(p), p).toEqual(full.map.key(p));
  }
  return { asked, answered };
}

// Documents in the layouts people write: block and flow collections, sequences
// indented or not under their key, quoted, multi-line and block scalars,
// empty values, comments on their own lines and after values, blank lines and
// trailing spaces.
const word = fc.constantFrom('Supported', 'x86', 'a b', 'yes', '1', '2026-01-01', 'Tech Preview', 'text: with colon', 'see #12', '');
const key = fc.constantFrom('title', 'status', 'arches', 'x86', 'arm', 'notes', 'text', 'by', 'date', 'known-issues', 'a', 'b');
const gap = fc.constantFrom('', '', '', '  ', ' # note', '\n', '\n# comment', '\n  # indented comment', '\n\n');

type Tree = { scalar: string; style: string } | Tree[] | { [k: string]: Tree };
const scalar = fc.record({ scalar: word, style: fc.constantFrom('plain', 'plain', 'single', 'double', 'literal', 'literal-strip', 'folded', 'keep', 'multi', 'empty') });
const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, scalar, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(key, tie('node'), { maxKeys: 3 })),
})).node;

function renderScalar(s: { scalar: string; style: string }, indent: string): string {
  const text = s.scalar || 'x';
  switch (s.style) {
    case 'single':
      return ` '${s.scalar.replaceAll("'", "''")}'`;
    case 'double':
      return ` ${JSON.stringify(s.scalar)}`;
    case 'literal':
      return ` |\n${indent}  ${text}\n${indent}  second line`;
    case 'literal-strip':
      return ` |-\n${indent}  ${text}`;
    case 'folded':
      return ` >-\n${indent}  ${text}\n${indent}  folded on`;
    case 'keep':
      return ` |+\n${indent}  ${text}\n`;
    case 'multi':
      return /^[a-z]/i.test(s.scalar) && !/[:#]/.test(s.scalar) ? ` ${s.scalar}\n${indent}  continued` : ` ${JSON.stringify(s.scalar)}`;
    case 'empty':
      return '';
    default:
      return /[:#]|^$/.test(s.scalar) ? ` ${JSON.stringify(s.scalar)}` : ` ${s.scalar}`;
  }
}

function render(node: Tree, indent: string, gaps: string[], sameIndentSeq: boolean): string {
  const g = (): string => gaps.shift() ?? '';
  if (!Array.isArray(node) && 'scalar' in node && typeof node.scalar === 'string' && typeof node.style === 'string') return renderScalar(node as { scalar: string; style: string }, indent) + (node.style === 'keep' ? '' : g().replace(/^\n/, ''));
  if (Array.isArray(node)) {
    if (node.length === 0) return ' []';
    if (node.every((item) => !Array.isArray(item) && 'style' in item && item.style === 'double')) return ` [${node.map((item) => JSON.stringify((item as { scalar: string }).scalar)).join(', ')}]${g().replace(/^\n.*/s, '')}`;
    const itemIndent = sameIndentSeq ? indent.slice(2) : indent;
    return node.map((item) => `\n${itemIndent}-${render(item, `${itemIndent}  `, gaps, sameIndentSeq)}`).join('') + (g().startsWith('\n') ? `\n${g().trimStart()}` : '');
  }
  const entries = Object.entries(node);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, v]) => `${g().startsWith('\n\n') ? '\n' : ''}\n${indent}${k}:${render(v, `${indent}  `, gaps, sameIndentSeq)}`).join('');
}

const document = fc.tuple(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), fc.array(gap, { maxLength: 40 }), fc.boolean(), fc.constantFrom('\n', '', '\n\n', '\n# end\n')).map(([root, gaps, same, end]) => render(root, '', gaps, same).replace(/^\n+/, '') + end);

describe('places recorded while js-yaml reads', () => {
  it('equal the full parse on generated documents, and cover most of their values and keys', () => {
    let asked = 0;
    let answered = 0;
    let taken = 0;
    fc.assert(
      fc.property(document, (source) => {
        const counts = compare(source);
        if (counts.asked > 0) taken++;
        asked += counts.asked;
        answered += counts.answered;
      }),
      { numRuns: Number(process.env.PLACES_RUNS ?? 3000), seed: Number(process.env.PLACES_SEED ?? 20261127) },
    );
    expect(taken).toBeGreaterThan(1000);
    expect(answered / asked).toBeGreaterThan(0.6);
  });

  it('equal the full parse on generated documents with random edits', () => {
    const edits = fc.array(fc.tuple(fc.nat(), fc.constantFrom(' ', '\n', '  ', '- ', ': ', '#', '"', "'", '[', ']', '{', '}', ',', '|', '>', 'x')), { minLength: 1, maxLength: 3 });
    let taken = 0;
    fc.assert(
      fc.property(document, edits, (source, changes) => {
        let text = source;
        for (const [at, insert] of changes) {
          const i = at % (text.length + 1);
          text = text.slice(0, i) + insert + text.slice(i);
        }
        if (compare(text, true).asked > 0) taken++;
      }),
      { numRuns: Number(process.env.PLACES_RUNS ?? 3000), seed: Number(process.env.PLACES_SEED ?? 20261128) },
    );
    expect(taken).toBeGreaterThan(300);
  });

  it('equal the full parse on every feature file of the repository and of generated corpora, and answer every place of the sample, bench and scaffold files', async () => {
    const dir = await tempDir();
    generate(dir, 100);
    const scaffolds = await tempDir();
    await generateScaffolds(scaffolds, 12);
    const covered = [...markdownFiles(path.join(repoRoot, 'features')), ...markdownFiles(path.join(dir, 'features')), ...markdownFiles(path.join(scaffolds, 'features'))];
    const others = [...markdownFiles(path.join(repoRoot, 'test')), ...markdownFiles(path.join(repoRoot, 'examples'))];
    for (const file of [...covered, ...others]) {
      const split = splitFrontmatter(readFileSync(file, 'utf8'));
      if ('messageId' in split) continue;
      const { asked, answered } = compare(split.yaml);
      // The sample, the bench corpus and the `new` scaffold: no lookup needs the full parse.
      if (covered.includes(file) && asked > 0) expect(answered, file).toBe(asked);
    }
    expect(covered.length).toBeGreaterThan(140);
  });

  it('leave to the full parse what their rules do not cover: an empty value, a block scalar that keeps its last lines or has lines of spaces after them, a comment after a block mapping, carriage returns', () => {
    const cases: Array<[string, string]> = [
      ['a:\nb: 1\n', '/a'],
      ['a: |+\n  kept\n\nb: 1\n', '/a'],
      ['a:\n  b: 1 # why\nc: 2\n', '/a'],
      ['a: 1\r\nb: 2\r\n', '/b'],
      // A line of spaces after a block scalar's text, indented deeper than it: the full parse counts it in.
      ['c: |\n  x\n   \na: 1\n', '/c'],
      ['k1: |1\n tp\n  ', ''],
    ];
    for (const [source, p] of cases) {
      const { places } = loadWithPlaces(source);
      expect(places.value(p), source).toBeUndefined();
      compare(source);
    }
  });
});

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md') && entry.name !== 'README.md')
    .map((entry) => path.join(entry.parentPath, entry.name));
}
