import { describe, expect, it } from 'vitest';
import { splitFrontmatter } from '../../src/load/frontmatter.js';
import { LineIndex } from '../../src/load/lines.js';
import { decodeUtf8 } from '../../src/load/text.js';
import { parseYaml, yamlLimits } from '../../src/load/yaml.js';
import { corpusOf } from '../helpers/corpus.js';

function parse(text: string) {
  return parseYaml(text, 0, text.length, new LineIndex(text), { line: 1, column: 1 });
}

describe('YAML with positions', () => {
  it('maps nested values and keys to their line and column', () => {
    const { value, map, problems } = parse('a: 1\nlist:\n  - name: x\n    arches:\n      arm: { status: Supported }\n');
    expect(problems).toEqual([]);
    expect(value).toEqual({ a: 1, list: [{ name: 'x', arches: { arm: { status: 'Supported' } } }] });
    expect(map.value('/list/0/arches/arm/status')).toMatchObject({ line: 5, column: 22 });
    expect(map.key('/list/0/arches/arm')).toMatchObject({ line: 5, column: 7 });
    // Unknown pointers fall back to the nearest ancestor with a place.
    expect(map.value('/list/0/arches/arm/caveat')).toMatchObject({ line: 5, column: 12 });
  });

  it('keeps YAML 1.2 scalars: yes and dates stay strings', () => {
    expect(parse('s: yes\nd: 2024-01-02\nn: no\n').value).toEqual({ s: 'yes', d: '2024-01-02', n: 'no' });
  });

  it('refuses merge keys instead of merging them', () => {
    const { value } = parse('base: &b { status: Supported }\nx:\n  <<: *b\n');
    expect(value).toEqual({ base: { status: 'Supported' }, x: { '<<': { status: 'Supported' } } });
  });

  it('bounds alias expansion', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 6; i++) rows.push(`${'bcdefg'[i]}: &${'bcdefg'[i]} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`);
    const { problems } = parse(rows.join('\n') + '\n');
    expect(problems.map((p) => p.messageId)).toEqual(['alias-limit']);
    expect(yamlLimits.maxNodes).toBeLessThan(10 ** 6);
  });

  it('reports a self-referencing alias', () => {
    const { problems } = parse('a: &a\n  b: *a\n');
    expect(problems.map((p) => p.messageId)).toEqual(['alias-limit']);
  });
});

describe('frontmatter split', () => {
  it('reports the YAML offset and the body line', () => {
    const split = splitFrontmatter('---\ntitle: x\n---\nBody\n');
    expect(split).toMatchObject({ yaml: 'title: x\n', yamlOffset: 4, body: 'Body\n', bodyLine: 4 });
  });

  it('does not accept `...` as the closing fence, as the markdown renderer would not', () => {
    expect(splitFrontmatter('---\ntitle: x\n...\nBody\n')).toMatchObject({ messageId: 'unterminated', message: expect.stringContaining('a `...` line does not close it') });
  });

  it('tells an unterminated block from a missing one', () => {
    expect(splitFrontmatter('---\ntitle: x\n')).toMatchObject({ messageId: 'unterminated' });
    expect(splitFrontmatter('title: x\n---\n')).toMatchObject({ messageId: 'missing' });
    expect(splitFrontmatter(' \n')).toMatchObject({ messageId: 'empty' });
  });
});

describe('UTF-8', () => {
  it('drops a BOM so columns match the editor', () => {
    const result = decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]));
    expect(result).toEqual({ ok: true, text: 'a' });
  });

  it('reports the line and column of the first invalid byte', () => {
    const result = decodeUtf8(new Uint8Array([0x61, 0x0a, 0x62, 0x63, 0xc3, 0x28]));
    expect(result).toMatchObject({ ok: false, byte: 0xc3, place: { line: 2, column: 3 } });
  });

  it('rejects overlong forms and surrogates', () => {
    expect(decodeUtf8(new Uint8Array([0xe0, 0x80, 0xaf])).ok).toBe(false);
    expect(decodeUtf8(new Uint8Array([0xed, 0xa0, 0x80])).ok).toBe(false);
  });
});

describe('schema findings', () => {
  it('point at the offending nested value with a readable field name', () => {
    const { diagnostics } = corpusOf({
      'a.md': `---
title: A
section: Guest types
signoffs:
  - by: alice
    date: 01/02/2024
    status: Supported
    ref: x
---
`,
    });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 6, column: 11, ruleName: 'schema', messageId: 'invalid-value' });
    expect(diagnostics[0]?.message).toContain('`signoffs[0].date`');
  });

  it('report a missing key at the mapping that lacks it', () => {
    const { diagnostics } = corpusOf({ 'a.md': '---\ntitle: A\nsection: Guest types\nvariants:\n  - status: Supported\n---\n' });
    expect(diagnostics.map((d) => [d.line, d.column, d.messageId])).toEqual([[5, 5, 'missing-key']]);
  });

  it('report an unknown arch state with the allowed values', () => {
    const { diagnostics } = corpusOf({ 'a.md': '---\ntitle: A\nsection: Guest types\narches:\n  x86: aplies\n---\n' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ line: 5, column: 8 });
    expect(diagnostics[0]?.message).toContain('did you mean `applies`?');
  });
});
