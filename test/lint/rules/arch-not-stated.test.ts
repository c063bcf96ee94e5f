import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { archNotStated } from '../../../src/lint/rules/arch-not-stated.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

const iommu = (arches: string): string => `---
title: IOMMU
section: Host hardware
variants:
  - name: AMD IOMMU
    status: Tech Preview
    arches:
${arches}
---
`;

testRule(archNotStated, {
  valid: [
    { name: 'every arch stated', files: { 'hw/iommu.md': iommu('      x86: applies\n      arm: not-applicable') } },
    { name: 'a feature with no arches map (every arch applies)', files: { 'hw/pvh.md': '---\ntitle: PVH\nsection: Guest types\nstatus: Tech Preview\n---\n' } },
  ],
  invalid: [
    {
      name: 'a variant imported from a qualifier that names no arch: one finding for the row, at its first not-stated arch',
      files: { 'hw/iommu.md': iommu('      x86: not-stated\n      arm: not-stated') },
      errors: [{ messageId: 'not-stated', line: 8, column: 12 }],
    },
    {
      name: 'one arch not stated on the feature row and one on a variant: a finding per row',
      files: {
        'hw/gic.md': `---
title: GIC
section: Host hardware
status: Tech Preview
arches:
  x86: not-applicable
  arm: not-stated
variants:
  - name: GICv3 ITS
    arches:
      arm: not-stated
---
`,
      },
      errors: [
        { messageId: 'not-stated', line: 7, column: 8 },
        { messageId: 'not-stated', line: 11, column: 12 },
      ],
    },
  ],
});

describe('arch-not-stated, in words', () => {
  it('names the row and every arch it lists, and what to write instead', () => {
    const corpus = corpusOf({ 'hw/iommu.md': iommu('      x86: not-stated\n      arm: not-stated') });
    const found = lint(corpus, { today: TODAY, rules: [archNotStated] });
    expect(found.map((d) => `${d.severity} ${d.message}`)).toEqual([
      'warn The cell of variant `amd-iommu` on `x86`, `arm` were stated without an arch (`not-stated`); replace `not-stated` with `applies`, `not-applicable`, `not-implemented` or `unknown` for each arch',
    ]);
  });
});
