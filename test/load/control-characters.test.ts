import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/source.js';
import { cli, copySample } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A valid feature with `extra` lines of frontmatter appended. */
const feature = (extra: string, title = 'Plain'): string =>
  `---\ntitle: ${title}\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: Not reviewed.\n${extra}---\n\nBody.\n`;

const brief = (text: string, schema: 'feature' | 'project' | 'security-team' | 'baseline' = 'feature'): Array<[number, number, string, string]> =>
  parseSource(schema, 'features/x.md', bytes(text)).diagnostics.map((d) => [d.line, d.column, d.ruleName, d.messageId]);

describe('control characters in input', () => {
  it('refuses a control character written into the file, at its line and column, wherever it is', () => {
    expect(brief(feature('', 'PVH \u001b[31mred'))).toEqual([[2, 12, 'file', 'control-character']]);
    expect(brief(feature('# a comment with a bell \u0007\n'))).toEqual([[7, 25, 'file', 'control-character']]);
    expect(brief(`${feature('')}Body with a form feed \f here.\n`)).toEqual([[10, 23, 'file', 'control-character']]);
    expect(brief(feature('', 'A\u0000B'))).toEqual([[2, 9, 'file', 'control-character']]);
    expect(brief(feature('', 'A\u0085B'))).toEqual([[2, 9, 'file', 'line-break']]);
    expect(brief(feature('', 'A\u009bB'))).toEqual([[2, 9, 'file', 'control-character']]);
    expect(brief(feature('', 'A\u007fB'))).toEqual([[2, 9, 'file', 'control-character']]);
  });

  it('refuses bidirectional overrides and isolates, which make text read in another order than it is shown', () => {
    for (const char of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069']) {
      const found = parseSource('feature', 'features/x.md', bytes(feature('', `Safe ${char}detroppuS`))).diagnostics;
      expect(found.map((d) => [d.line, d.column, d.messageId])).toEqual([[2, 13, 'control-character']]);
      expect(found[0]?.message).toContain('bidirectional control character');
    }
  });

  it('accepts tabs and line feeds in prose (caveats, notes, the body) and CRLF line ends', () => {
    const text = feature('caveat: |\n  First line.\n  \tIndented by a tab.\nsecurity-support: with-caveats\n');
    expect(brief(text)).toEqual([]);
    expect(brief(text.replace(/\n/g, '\r\n'))).toEqual([]);
    expect(brief(`${feature('')}A\ttabbed body line.\n`)).toEqual([]);
  });

  it('refuses a control character that a YAML escape makes, in any string value or key, at that value', () => {
    const cases: Array<[string, string]> = [
      ['title', 'title: "PVH \\x1b[2J"\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: Not reviewed.\n'],
      ['summary', 'title: T\nsection: General\nsummary: "one \\a two"\nstatus: Tech Preview\nknown-issues:\n  - summary: Not reviewed.\n'],
      ['known-issues[0].summary', 'title: T\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: "Not \\e reviewed."\n'],
      ['arches.x86.caveat', 'title: T\nsection: General\nstatus: Tech Preview\narches:\n  x86: { caveat: "slow \\r", security-support: with-caveats }\nknown-issues:\n  - summary: N.\n'],
      ['variants[0].name', 'title: T\nsection: General\nstatus: Tech Preview\nvariants:\n  - { name: "V\\0", status: Tech Preview }\nknown-issues:\n  - summary: N.\n'],
      ['limits[0].name', 'title: T\nsection: General\nstatus: Tech Preview\nlimits:\n  - { name: "\\x01Memory", value: 4, bounds: support }\nknown-issues:\n  - summary: N.\n'],
      ['title', 'title: "lone \\ud800 surrogate"\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: N.\n'],
      ['title', 'title: "override \\u202e"\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: N.\n'],
    ];
    for (const [field, yaml] of cases) {
      const found = parseSource('feature', 'features/x.md', bytes(`---\n${yaml}---\n`)).diagnostics.filter((d) => d.messageId === 'control-character');
      expect(found, field).toHaveLength(1);
      expect(found[0]?.message, field).toContain(`in the value of \`${field}\``);
    }
    // A key made with an escape: reported at the key.
    const key = parseSource('feature', 'features/x.md', bytes(`---\n${'title: T\nsection: General\nstatus: Tech Preview\nknown-issues:\n  - summary: N.\n'}"x\\x1b": 1\n---\n`)).diagnostics;
    expect(key.filter((d) => d.messageId === 'control-character').map((d) => [d.line, d.column])).toEqual([[7, 1]]);
    expect(key.find((d) => d.messageId === 'control-character')?.message).toContain('the key `x\\u001B`');
  });

  it('checks project.yml, the roster and the baseline the same way', () => {
    expect(brief('name: "Kestrel \\x07"\n', 'project').map((d) => d[3])).toContain('control-character');
    expect(brief('members:\n  - { id: a, name: "A\\x1b", active-from: 2020-01-01 }\n', 'security-team').map((d) => d[3])).toContain('control-character');
    expect(brief('exempt:\n  - { feature: f, arch: x86, status: Supported, note: "\\x1b" }\n', 'baseline').map((d) => d[3])).toContain('control-character');
  });

  it('refuses a line break or tab in a one-line field (title, names, statuses), where an export would start a new line', () => {
    expect(brief(feature('', '"PVH\\nStatus: Supported"'))).toEqual([[2, 8, 'schema', 'multi-line']]);
    expect(brief(feature('', '"\\t=1+1"'))).toEqual([[2, 8, 'schema', 'multi-line']]);
    expect(brief(feature('', '"A\\LB"'))).toEqual([[2, 8, 'schema', 'multi-line']]);
    expect(brief(feature('variants:\n  - { name: "V\\nW", status: Tech Preview }\n')).map((d) => d[3])).toEqual(['multi-line']);
    expect(brief('name: Kestrel\nstatuses:\n  - { name: "Sup\\nported", security-supported: true }\n', 'project').map((d) => d[3])).toEqual(['multi-line']);
    // A folded block scalar ends with a line feed: refused in a title, with the way out in the message.
    const folded = parseSource('feature', 'features/x.md', bytes(feature('', '>\n  PVH guests'))).diagnostics;
    expect(folded.map((d) => d.messageId)).toEqual(['multi-line']);
    expect(folded[0]?.message).toContain('use a plain or quoted string');
  });

  it('never prints a control character from the input: check output holds none, whatever the format', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, 'esc.md'), feature('"unknown\\x1b[2Jkey": 1\n', '"Title \\x1b]0;pwned\\x07"'));
    await writeFile(path.join(features, 'raw.md'), feature('', 'Raw \u001b[31m escape'));
    for (const format of ['stylish', 'json', 'github', 'sarif']) {
      const result = await cli(['check', 'features', '--today', TODAY, '--format', format], dir);
      expect(result.code, format).toBe(1);
      expect(result.stdout + result.stderr, format).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(result.stdout, format).toContain('U+001B');
    }
  });
});
