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
