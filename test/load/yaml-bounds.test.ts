import { readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { LineIndex } from '../../src/load/lines.js';
import { parseSource } from '../../src/load/source.js';
import { countValues, parseYaml, yamlLimits } from '../../src/load/yaml.js';
import { cli, copySample } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A feature whose `components` list is `count` aliases of one anchored string. */
function aliasFeature(count: number, anchored: string): string {
  return `---\ntitle: &t "${anchored}"\nsection: General\nstatus: Experimental\nknown-issues:\n  - summary: Not reviewed.\ncomponents:\n${'  - *t\n'.repeat(count)}---\n`;
}

/** Line and column of the `n`th (1-based) line that holds an alias. */
function aliasLine(text: string, n: number): { line: number; column: number } {
  const lines = text.split('\n');
  let seen = 0;
  for (const [i, line] of lines.entries()) if (line === '  - *t' && ++seen === n) return { line: i + 1, column: 5 };
  throw new Error('no such alias');
}

describe('YAML alias bounds', () => {
  it('reads 8,000 aliases of one anchor to the same value the YAML library expands (the schema then bounds the list)', () => {
    const text = aliasFeature(8_000, 'x');
    expect(text.length).toBeGreaterThan(50_000);
    const source = text.slice(4, text.lastIndexOf('---\n'));
    const parsed = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
    expect(parsed.problems).toEqual([]);
    const components = (parsed.value as { components: string[] }).components;
    expect(components).toHaveLength(8_000);
    expect(new Set(components)).toEqual(new Set(['x']));
    // A feature holds at most 200 components: refused at the list, not by the parser.
    expect(parseSource('feature', 'features/a.md', bytes(text)).diagnostics.map((d) => [d.line, d.messageId])).toEqual([[8, 'too-many']]);
  });

  it('refuses a large document of more than 100,000 values before the full parse, small ones at the alias past the bound', () => {
    // 1 MiB of tiny nested flow sequences (seconds and most of a GiB in the full parser): more tokens than values can need.
    const nested = `${'['.repeat(40)}a${']'.repeat(40)}`;
    const big = `---\ntitle: T\nsection: General\nextra: &n [${Array(12_000).fill(nested).join(', ')}]\n---\n`;
    expect(parseSource('feature', 'features/a.md', bytes(big)).diagnostics.map((d) => [d.line, d.messageId])).toEqual([[4, 'value-limit']]);
    // Few tokens, many values (aliases of a list of numbers): js-yaml counts them, at the document's start.
    const list = `[${Array.from({ length: 50 }, (_, i) => i).join(', ')}]`;
    const counted = `---\n# ${'padding '.repeat(8_000)}\ntitle: T\nsection: General\nextra:\n  a: &x ${list}\n  b: [${Array(3_000).fill('*x').join(', ')}]\n---\n`;
    const refused = parseSource('feature', 'features/a.md', bytes(counted)).diagnostics;
    expect(refused.map((d) => [d.line, d.column, d.messageId])).toEqual([[1, 1, 'value-limit']]);
    expect(refused[0]?.message).toContain('more than 100000 values');
    expect(countValues('a: [1, 2, [3]]\n', 10)).toBe(6);
    // Aliases are counted as what they repeat, without making it.
    expect(countValues('a: &x [1, 2, 3]\nb: [*x, *x, *x]\n', 100)).toBe(1 + 4 + 1 + 3 * 4);
    // Something js-yaml cannot read is left to the full parse.
    expect(countValues('a: *nowhere\n', 10)).toBeUndefined();
  });

  it('refuses a document of more than 10,000 alias references before parsing it, at the first one past the limit', () => {
    const text = aliasFeature(30_000, 'x');
    const parsed = parseSource('feature', 'features/a.md', bytes(text));
    expect(parsed.value).toBeUndefined();
    expect(parsed.diagnostics.map((d) => ({ line: d.line, column: d.column, messageId: d.messageId }))).toEqual([{ ...aliasLine(text, yamlLimits.maxAliasReferences + 1), messageId: 'alias-limit' }]);
    expect(parsed.diagnostics[0]?.message).toContain('more than 10000 alias references');
  });

  it('refuses aliases that add more than 64 KiB of text, at the alias that crosses the bound, so no page repeats a string 3,000 times', async () => {
    // The reported case: a 64 KB file aliasing a 10 KB string 3,000 times made an 87 MB site.
    const big = 'y'.repeat(10_000);
    const text = aliasFeature(3_000, big);
    expect(text.length).toBeLessThan(64 * 1024);
    const parsed = parseSource('feature', 'features/a.md', bytes(text));
    // 6 aliases add 60,000 characters; the 7th crosses 65,536.
    expect(parsed.diagnostics.map((d) => ({ line: d.line, column: d.column, messageId: d.messageId }))).toEqual([{ ...aliasLine(text, 7), messageId: 'alias-limit' }]);
    expect(parsed.diagnostics[0]?.message).toContain(`more than ${yamlLimits.maxAliasText} characters`);

    // End to end: check fails, build writes nothing.
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, 'alias-bomb.md'), text);
    const build = await cli(['build', '--today', TODAY], dir);
    expect(build.code).toBe(1);
    expect(build.stdout).toContain(`features/alias-bomb.md:${aliasLine(text, 7).line}:5  error`);
    await expect(stat(path.join(dir, '_site'))).rejects.toThrow();
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it('keeps aliases that add up to the bound', () => {
    const text = aliasFeature(6, 'y'.repeat(10_000));
    expect(parseSource('feature', 'features/a.md', bytes(text)).diagnostics).toEqual([]);
  });

  it('resolves every alias to the nearest anchor before it, as the YAML library does (anchors may be redefined)', () => {
    const arbitraryDoc = fc
      .array(fc.oneof(fc.record({ kind: fc.constant('anchor' as const), name: fc.constantFrom('a', 'b', 'c'), value: fc.oneof(fc.string({ maxLength: 5 }), fc.array(fc.integer(), { maxLength: 3 })) }), fc.record({ kind: fc.constant('alias' as const), name: fc.constantFrom('a', 'b', 'c') })), { minLength: 1, maxLength: 30 })
      .map((items) => {
        const defined = new Set<string>();
        const lines = items.flatMap((item, i) => {
          if (item.kind === 'anchor') {
            defined.add(item.name);
            return [`k${i}: &${item.name} ${JSON.stringify(item.value)}`];
          }
          return defined.has(item.name) ? [`k${i}: *${item.name}`] : [];
        });
        return `${lines.join('\n')}\n`;
      });
    fc.assert(
      fc.property(arbitraryDoc, (source) => {
        const ours = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
        expect(ours.problems).toEqual([]);
        expect(ours.value).toEqual(parseDocument(source, { version: '1.2', schema: 'core' }).toJS({ maxAliasCount: -1 }));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('YAML duplicate keys', () => {
  it('are found in one pass: 40,000 distinct keys read, a duplicate reported at its second occurrence', () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v\n`).join('');
    const source = `extra: &m\n${keys}`;
    const ok = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
    expect(ok.problems).toEqual([]);
    expect(Object.keys((ok.value as { extra: object }).extra)).toHaveLength(40_000);

    const duplicated = `${source}  k17: again\n`;
    const bad = parseYaml(duplicated, 0, duplicated.length, new LineIndex(duplicated), { line: 1, column: 1 });
    expect(bad.problems).toEqual([{ place: { line: 40_002, column: 3, endLine: 40_002, endColumn: 6 }, messageId: 'duplicate-key', message: 'Unexpected duplicate key `k17`; each key may appear once, remove one of the two entries' }]);
  });

  it('reports keys that read the same as text, such as 1 and "1", and a duplicate in a flow mapping', () => {
    const source = 'a: {x: 1, y: 2, x: 3}\n1: one\n"1": uno\n';
    const parsed = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
    expect(parsed.problems.map((p) => [p.place.line, p.place.column, p.messageId])).toEqual([
      [1, 17, 'duplicate-key'],
      [3, 1, 'duplicate-key'],
    ]);
  });

  it('reports a duplicate once, where it is written, not again where an alias repeats the mapping', () => {
    const source = 'a: &m {x: 1, x: 2}\nb: *m\nc: *m\n';
    const parsed = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
    expect(parsed.problems.map((p) => [p.place.line, p.place.column, p.messageId])).toEqual([[1, 14, 'duplicate-key']]);
  });
});

describe('YAML the full parser would choke on', () => {
  it('refuses a large document of stray brackets or commas before the parse, at the token past the bound (it crashed check with a million errors)', () => {
    for (const filler of [']'.repeat(1_000_000), `!t [${'0,'.repeat(500_000)}0]`, '['.repeat(1_000_000)]) {
      const text = `---\ntitle: T\nx: ${filler}\n---\n`;
      const found = parseSource('feature', 'features/a.md', bytes(text)).diagnostics;
      expect(found.map((d) => [d.line, d.messageId])).toEqual([[3, 'value-limit']]);
    }
  });

  it('lists at most 50 parser errors of a document, then says how many more there are', () => {
    const source = `x: ${']'.repeat(30_000)}\n`;
    const parsed = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
    expect(parsed.problems.length).toBe(51);
    expect(parsed.problems.at(-1)?.messageId).toBe('too-many-problems');
  });

  it('reports nesting that overflows the parser once, at the level past the bound, however warm the process (a warm parser overflows twice)', () => {
    const source = `limits: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    // The first parse is cold; from the second on, the parser records two
    // stack overflows for the same nesting, where a long-running process
    // (serve, or a test worker) would have listed the finding twice.
    for (let i = 0; i < 3; i++) {
      const parsed = parseYaml(source, 0, source.length, new LineIndex(source), { line: 1, column: 1 });
      expect(parsed.problems.map((p) => [p.messageId, p.place.line, p.place.column])).toEqual([['depth-limit', 1, 8 + yamlLimits.maxDepth + 1]]);
    }
  });
});
