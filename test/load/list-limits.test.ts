import { describe, expect, it } from 'vitest';
import { parseSource } from '../../src/load/source.js';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const head = '---\ntitle: T\nsection: General\nstatus: Tech Preview\n';

describe('every list is bounded, so one file cannot make an unbounded site', () => {
  it('refuses more than 200 variants or known issues in a feature, and more than 32 architectures, at the list', () => {
    const variants = `${head}variants:\n${Array.from({ length: 201 }, (_, i) => `  - { name: V${i}, status: Experimental }\n`).join('')}---\n`;
    const found = parseSource('feature', 'features/x.md', bytes(variants)).diagnostics;
    expect(found.map((d) => [d.line, d.column, d.messageId])).toEqual([[6, 3, 'too-many']]);
    expect(found[0]?.message).toBe('Unexpected 201 entries in `variants`, expected at most 200; split the feature or the list (every list is bounded so that one file cannot make an unbounded site)');

    const issues = `${head}known-issues:\n${Array.from({ length: 201 }, (_, i) => `  - { summary: S${i}, advisory: CVE-2024-${1000 + i} }\n`).join('')}---\n`;
    expect(parseSource('feature', 'features/x.md', bytes(issues)).diagnostics.map((d) => d.messageId)).toEqual(['too-many']);
    expect(parseSource('feature', 'features/x.md', bytes(issues.replace(/  - \{ summary: S200[^\n]*\n/, ''))).diagnostics).toEqual([]);

    const arches = `name: P\narchitectures:\n${Array.from({ length: 33 }, (_, i) => `  - { id: a${i} }\n`).join('')}`;
    expect(parseSource('project', 'features/project.yml', bytes(arches)).diagnostics.map((d) => d.messageId)).toEqual(['too-many']);
  });
});
