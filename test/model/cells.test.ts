import { describe, expect, it } from 'vitest';
import { resolveCells, slug } from '../../src/model/cells.js';
import { corpusOf } from '../helpers/corpus.js';

function cellsOf(frontmatter: string) {
  const corpus = corpusOf({ 'f.md': `---\ntitle: F\nsection: Guest types\n${frontmatter}---\n` });
  expect(corpus.diagnostics).toEqual([]);
  const feature = corpus.features[0];
  if (!feature) throw new Error('no feature');
  return resolveCells(feature, corpus.project).map((c) => ({
    row: c.variant ?? '-',
    arch: c.arch,
    state: c.state,
    status: c.status,
    security: c.securitySupport,
    source: c.statusSource,
    org: c.organisation,
    caveat: c.caveat,
  }));
}

describe('resolveCells', () => {
  it('gives every project arch a cell, in project order, defaulting security support from the vocabulary', () => {
    expect(cellsOf('status: Supported\n')).toEqual([
      { row: '-', arch: 'x86', state: 'applies', status: 'Supported', security: 'yes', source: 'feature', org: undefined, caveat: undefined },
      { row: '-', arch: 'arm', state: 'applies', status: 'Supported', security: 'yes', source: 'feature', org: undefined, caveat: undefined },
    ]);
  });

  it('treats arches missing from a present `arches` map as not applicable, and keeps explicit states', () => {
    expect(cellsOf('status: Tech Preview\narches:\n  x86: applies\n').map((c) => c.state)).toEqual(['applies', 'not-applicable']);
    expect(cellsOf('status: Tech Preview\narches:\n  x86: unknown\n  arm: not-implemented\n').map((c) => [c.state, c.status])).toEqual([
      ['unknown', undefined],
      ['not-implemented', undefined],
    ]);
  });

  it('applies per-arch overrides over the feature', () => {
    const cells = cellsOf('status: Supported\nsecurity-support: external\nsecurity-organisation: qemu\narches:\n  x86: applies\n  arm:\n    status: Experimental\n');
    expect(cells.map((c) => [c.arch, c.status, c.security, c.source, c.org])).toEqual([
      ['x86', 'Supported', 'external', 'feature', 'qemu'],
      // The override set the status, so the feature's security fields do not carry over.
      ['arm', 'Experimental', 'no', 'feature-arch', undefined],
    ]);
  });

  it('resolves variants: variant-arch > variant > feature-arch > feature', () => {
    const cells = cellsOf(`status: Supported
arches:
  x86: applies
  arm:
    status: Tech Preview
variants:
  - name: Dom0 mode
    security-support: with-caveats
    caveat: No passthrough
  - name: Nested
    status: Experimental
    arches:
      x86:
        status: Tech Preview
      arm: applies
  - name: Legacy
    arches: [arm]
`);
    expect(cells.map((c) => [c.row, c.arch, c.state, c.status, c.security, c.source])).toEqual([
      ['-', 'x86', 'applies', 'Supported', 'yes', 'feature'],
      ['dom0-mode', 'x86', 'applies', 'Supported', 'with-caveats', 'feature'],
      ['nested', 'x86', 'applies', 'Tech Preview', 'no', 'variant-arch'],
      ['legacy', 'x86', 'not-applicable', undefined, undefined, undefined],
      ['-', 'arm', 'applies', 'Tech Preview', 'no', 'feature-arch'],
      ['dom0-mode', 'arm', 'applies', 'Tech Preview', 'with-caveats', 'feature-arch'],
      ['nested', 'arm', 'applies', 'Experimental', 'no', 'variant'],
      ['legacy', 'arm', 'applies', 'Tech Preview', 'no', 'feature-arch'],
    ]);
  });

  it('gives a feature without status but with variants no row of its own', () => {
    const cells = cellsOf('variants:\n  - name: AMD IOMMU\n    status: Supported\n    arches: [x86]\n');
    expect(cells.map((c) => [c.row, c.arch, c.state])).toEqual([
      ['amd-iommu', 'x86', 'applies'],
      ['amd-iommu', 'arm', 'not-applicable'],
    ]);
  });

  it('never reads arch entries from the object prototype', () => {
    const corpus = corpusOf({
      'project.yml': 'name: P\nsections: [S]\narchitectures:\n  - id: constructor\n  - id: toString\n',
      'f.md': '---\ntitle: F\nsection: S\nstatus: Supported\narches:\n  toString: applies\n---\n',
    });
    const feature = corpus.features[0];
    if (!feature) throw new Error('no feature');
    expect(resolveCells(feature, corpus.project).map((c) => [c.arch, c.state])).toEqual([
      ['constructor', 'not-applicable'],
      ['toString', 'applies'],
    ]);
  });
});

describe('slug', () => {
  it('makes stable variant ids from names', () => {
    expect(slug('AMD IOMMU')).toBe('amd-iommu');
    expect(slug('Xen in AArch32 mode')).toBe('xen-in-aarch32-mode');
    expect(slug('  Cortex A57 r0p0-r1p1 ')).toBe('cortex-a57-r0p0-r1p1');
    expect(slug('Cafés')).toBe('cafes');
  });
});
