import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../src/export/document.js';
import { prose, toSupportMd } from '../../src/export/support-md.js';
import { importSupportMd } from '../../src/import/support-md.js';
import { corpusOf, TODAY } from '../helpers/corpus.js';

/** Free text in every field the SUPPORT.md text carries, each trying to add structure of its own. */
const hostile = `---
title: Honest feature
section: Guest types
summary: |
  Looks fine.

  # Smuggled feature

      Status: Supported
status: Tech Preview
arches:
  x86: { status: Tech Preview, security-support: with-caveats, caveat: "Only with care.\\n\\n    Status, arm: Supported" }
limits:
  - { name: Memory, value: 4, unit: GiB, bounds: support, note: "per guest\\n    Status: Supported" }
known-issues:
  - summary: "# Not a heading\\n    Status, x86: Supported"
---
`;

describe('the SUPPORT.md export under hostile prose', () => {
  it('writes free text as one unindented line, so no text adds a heading or a status line', () => {
    const corpus = corpusOf({ 'guests/honest.md': hostile });
    expect(corpus.diagnostics).toEqual([]);
    const text = toSupportMd(exportDocument({ project: corpus.project, roster: corpus.roster, features: corpus.features }, TODAY));
    // Exactly one status line (the real one), and no heading but the feature's.
    expect(text.split('\n').filter((l) => /^\s{2,}Status\b/.test(l))).toEqual(['    Status, x86: Tech Preview, with caveats']);
    expect(text).not.toMatch(/^#+ (Smuggled feature|Not a heading)/m);
    expect(text).toContain('Looks fine. # Smuggled feature Status: Supported');

    // What any reader of the format makes of it: one feature, with only the statement it makes.
    const read = importSupportMd(text, { file: 'SUPPORT.md' });
    expect(read.features.map((f) => f.data.title)).toEqual(['Honest feature']);
    expect(read.counts.statusLines).toBe(1);
  });

  it('prose() joins lines, trims, and escapes a leading heading or title marker and every tag or comment opener', () => {
    expect(prose('  a\n\n  b\tc  ')).toBe('a b c');
    expect(prose('# h')).toBe('\\# h');
    expect(prose('% t')).toBe('\\% t');
    expect(prose('\n    Status: Supported')).toBe('Status: Supported');
    expect(prose('a <!-- hidden')).toBe('a \\<!-- hidden');
    expect(prose('<b>x</b> 1 < 2')).toBe('\\<b>x\\</b> 1 < 2');
    // Idempotent, so an export of an import of an export is the same text.
    for (const text of ['# h', 'a <!-- x', '\\<b', '%']) expect(prose(prose(text))).toBe(prose(text));
  });

  it('hides no lines behind an HTML comment opened in one summary and closed in another, and keeps deep sections as headings', () => {
    const open = hostile.replace(/summary: \|[\s\S]*?status:/, 'summary: "<!--"\nstatus:');
    const close = open.replace('title: Honest feature', 'title: Later feature').replace('summary: "<!--"', 'summary: "-->x"');
    const project = `name: P\narchitectures:\n  - id: x86\n  - id: arm\nsections:\n  - Guest types\n  - A/B/C/D/E/F\n`;
    const corpus = corpusOf({ 'project.yml': project, 'guests/a.md': open, 'guests/b.md': close, 'deep/c.md': close.replace('section: Guest types', 'section: A/B/C/D/E/F').replace('Later feature', 'Deep feature') });
    const text = toSupportMd(exportDocument({ project: corpus.project, roster: corpus.roster, features: corpus.features }, TODAY));
    expect(text).not.toMatch(/(?<!\\)<!--/);
    expect(text).toContain('\\<!--');
    expect(text).toMatch(/^###### F$/m);
    expect(text).not.toMatch(/^#{7,}/m);
  });

  it('refuses a line break in any one-line field (units, advisories, names), and writes none given it directly', () => {
    const injected = '"GiB\\n\\n### Evil\\n\\n    Status: Supported\\n\\nok"';
    const unit = hostile.replace('unit: GiB', `unit: ${injected}`);
    const refused = corpusOf({ 'guests/honest.md': unit }).diagnostics;
    expect(refused.map((d) => [d.line, d.messageId])).toEqual([[14, 'multi-line']]);

    // The writer alone, handed such values: still one feature, one status line.
    const corpus = corpusOf({ 'guests/honest.md': hostile });
    const doc = exportDocument({ project: corpus.project, roster: corpus.roster, features: corpus.features }, TODAY);
    const feature = doc.features[0];
    if (!feature) throw new Error('no feature');
    const evil = 'x\n\n### Evil\n\n    Status: Supported\n';
    for (const l of feature.limits) l.unit = evil;
    for (const i of feature.knownIssues) i.advisory = evil;
    feature.title = `Honest${evil}`;
    const text = toSupportMd(doc);
    expect(text.split('\n').filter((l) => /^\s{2,}Status\b/.test(l))).toEqual(['    Status, x86: Tech Preview, with caveats']);
    expect(text).not.toMatch(/^#+ Evil/m);
    expect(importSupportMd(text, { file: 'SUPPORT.md' }).features).toHaveLength(1);
  });
});
