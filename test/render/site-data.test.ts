import { describe, expect, it } from 'vitest';
import { buildSiteData } from '../../src/render/site-data.js';
import { corpusOf, TODAY } from '../helpers/corpus.js';

const files = {
  'pvh.md': `---
title: PVH
section: Guest types
summary: Guests without emulation
status: Supported
variants:
  - name: PVH dom0
    status: Supported
    security-support: with-caveats
    caveat: No passthrough
known-issues:
  - summary: A bug
    advisory: XSA-12
  - summary: Another
    advisory: CVE-2024-12345
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2024-01-10
    status: Tech Preview
    ref: msg-1234@lists
  - by: alice
    date: 2025-02-01
    status: Supported
    variant: pvh-dom0
    ref: https://lists.example.org/2
    revoked: { by: alice, date: 2025-03-01, reason: Found a hole }
---
Body
`,
  'hvm.md': `---
title: HVM
section: Guest types
status: Tech Preview
known-issues:
  - summary: Slow
---
`,
};

describe('buildSiteData', () => {
  const site = buildSiteData(corpusOf(files), { today: TODAY, revision: 'r1' });
  const pvh = site.features.find((f) => f.id === 'pvh');

  it('orders features by title and groups them by section in project order', () => {
    expect(site.features.map((f) => f.id)).toEqual(['hvm', 'pvh']);
    expect(site.sections.map((s) => [s.name, s.features.map((f) => f.id)])).toEqual([
      ['Guest types', ['hvm', 'pvh']],
      ['Host hardware/IOMMU', []],
      ['Toolstack', []],
    ]);
  });

  it('gives every row and cell a unique anchor', () => {
    const anchors = site.features.flatMap((f) => f.rows.flatMap((r) => [r.anchor, ...r.cells.map((c) => c.anchor)]));
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(pvh?.rows.map((r) => r.anchor)).toEqual(['f-pvh', 'f-pvh--pvh-dom0']);
  });

  it('marks each cell signed, or why not', () => {
    const states = pvh?.rows.map((r) => r.cells.map((c) => [c.arch, c.signoffState, c.signedBy?.by ?? null, c.signedBy?.ageDays ?? null]));
    expect(states).toEqual([
      [
        ['x86', 'signed', 'alice', 507],
        ['arm', 'signed', 'alice', 507],
      ],
      [
        ['x86', 'revoked', null, null],
        ['arm', 'revoked', null, null],
      ],
    ]);
    expect(pvh?.rows[1]?.cells[0]?.reasons).toEqual(['sign-off #3 by alice on 2025-02-01 was revoked by alice on 2025-03-01: Found a hole']);
  });

  it('classifies sign-offs as current, history, stale or revoked, and links only http refs', () => {
    expect(pvh?.signoffs.map((s) => [s.state, s.scope, s.refUrl ?? null])).toEqual([
      ['current', 'feature row, all arches', 'https://lists.example.org/1'],
      ['stale', 'feature row, all arches', null],
      ['revoked', 'variant pvh-dom0, all arches', 'https://lists.example.org/2'],
    ]);
  });

  it('links advisories: CVE records and schemes with a URL in project.yml', () => {
    expect(pvh?.knownIssues.map((i) => i.advisoryUrl ?? null)).toEqual([null, 'https://www.cve.org/CVERecord?id=CVE-2024-12345']);
  });

  it('fills the security team queue: signed cells and open ones by state', () => {
    expect(site.queue.signed.map((e) => [e.feature.id, e.row, e.arch])).toEqual([
      ['pvh', 'PVH', 'x86'],
      ['pvh', 'PVH', 'arm'],
    ]);
    expect(site.queue.open.map((e) => [e.row, e.arch, e.state])).toEqual([
      ['PVH dom0', 'x86', 'revoked'],
      ['PVH dom0', 'arm', 'revoked'],
    ]);
    // Older than review-after-days (365) on TODAY.
    expect(site.queue.signed.every((e) => e.due)).toBe(true);
    expect(site.queue.signed[0]?.signedBy).toMatchObject({ ref: 'https://lists.example.org/1', refUrl: 'https://lists.example.org/1' });
    expect(site.queue.history.map((h) => [h.feature.id, h.signoff.index, h.signoff.state])).toEqual([
      ['pvh', 1, 'stale'],
      ['pvh', 2, 'revoked'],
    ]);
  });

  it('renders the prose sanitised and records the revision', () => {
    expect(pvh?.prose).toBe('<p>Body</p>');
    expect(site.revision).toBe('r1');
  });

  it('refuses an impossible today', () => {
    expect(() => buildSiteData(corpusOf(files), { today: '2026-02-30' })).toThrow(RangeError);
  });
});

describe('cells the baseline exempts', () => {
  it('are "exempt", not "missing": in the cell state, on the matrix and feature page, and in the queue', async () => {
    const unsigned = '---\ntitle: Old\nsection: Guest types\nstatus: Supported\n---\n';
    const corpus = corpusOf({ 'old.md': unsigned, 'new.md': unsigned.replace('title: Old', 'title: New'), 'signoff-baseline.yml': 'exempt:\n  - { feature: old, arch: x86, status: Supported }\n' });
    const data = buildSiteData(corpus, { today: TODAY, prose: false });
    const states = (id: string): string[] => data.features.find((f) => f.id === id)?.rows[0]?.cells.map((c) => `${c.arch} ${c.signoffState}`) ?? [];
    expect(states('old')).toEqual(['x86 exempt', 'arm missing']);
    expect(states('new')).toEqual(['x86 missing', 'arm missing']);
    expect(data.queue.open.map((e) => `${e.feature.id} ${e.arch} ${e.state}`)).toEqual(['new x86 missing', 'new arm missing', 'old x86 exempt', 'old arm missing']);
    const { cellContent } = await import('../../src/render/pages/components.js');
    const cell = data.features.find((f) => f.id === 'old')?.rows[0]?.cells[0];
    if (!cell) throw new Error('no cell');
    const text = String(cellContent(cell, data, { root: '/' } as never));
    expect(text).toContain('<span class="exempt">exempt (legacy, no sign-off recorded)</span>');
    expect(text).not.toContain('class="unsigned"');
  });
});
