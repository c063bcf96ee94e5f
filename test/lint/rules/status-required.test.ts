import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { statusRequired } from '../../../src/lint/rules/status-required.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(statusRequired, {
  valid: [
    {
      name: 'a feature with a status, and a variant that inherits it',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
---
`,
      },
    },
    {
      name: 'a group-only feature whose variants all have a status',
      files: {
        'iommu/iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
    arches: [x86]
  - name: Arm SMMUv3
    status: Tech Preview
---
`,
      },
    },
    {
      name: 'no feature status, but an arch override on every arch that applies',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
arches:
  x86:
    status: Supported
  arm: not-implemented
---
`,
      },
    },
    {
      name: 'a variant takes its status from the feature arch override',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
arches:
  x86:
    status: Tech Preview
variants:
  - name: PVH dom0
---
`,
      },
    },
    {
      name: 'a variant arch override on the only arch where the variant applies',
      files: {
        'iommu/iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    arches:
      x86:
        status: Supported
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a feature with no status and no variants, one finding for both arches',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
---
`,
      },
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      name: 'an arch override sets a status but the feature has none for the other arch',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
arches:
  x86:
    status: Supported
  arm: applies
---
`,
      },
      errors: [{ messageId: 'missing', line: 2, column: 1 }],
    },
    {
      name: 'variants without a status on a feature without a status',
      files: {
        'iommu/iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
  - name: Intel VT-d
    arches: [x86]
  - name: Arm SMMUv3
    arches:
      x86: not-applicable
      arm: applies
---
`,
      },
      errors: [
        { messageId: 'missing', line: 7, column: 5 },
        { messageId: 'missing', line: 9, column: 5 },
      ],
    },
    {
      name: 'a variant arch override that covers only one of two arches',
      files: {
        'iommu/iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    arches:
      x86:
        status: Supported
      arm: applies
---
`,
      },
      errors: [{ messageId: 'missing', line: 5, column: 5 }],
    },
  ],
});

describe('status-required messages', () => {
  it('asks for the status on the variant of a variants-only feature, not on the feature', () => {
    const found = lint(
      corpusOf({ 'iommu.md': '---\ntitle: IOMMU\nsection: Host hardware/IOMMU\nvariants:\n  - name: AMD IOMMU\n    status: Supported\n  - name: Intel VT-d\n    arches: [x86]\n---\n' }),
      { today: TODAY, rules: [statusRequired] },
    );
    expect(found.map((d) => d.message)).toEqual(['No status for the cell of variant `intel-vt-d` on `x86`; set `status` on the variant']);
  });
});
