import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { signoffScope } from '../../../src/lint/rules/signoff-scope.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(signoffScope, {
  valid: [
    {
      name: 'variants named by id, by default id and by name, on arches where they apply',
      files: {
        'iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
    arches: [x86]
  - id: smmu
    name: Arm SMMUv3
    status: Supported
    arches:
      arm: applies
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, variant: amd-iommu, arch: x86, ref: r1 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: AMD IOMMU, ref: r2 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: smmu, arch: arm, ref: r3 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: Arm SMMUv3, arch: arm, ref: r4 }
---
`,
      },
    },
    {
      name: 'a feature-row sign-off on an arch with an override object (which implies applies)',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
arches:
  x86:
    status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: x86
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a proposal for a variant and an arch where it applies',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
    arches: [x86]
proposal:
  status: Supported
  variant: PVH dom0
  arch: x86
---
`,
      },
    },
    {
      name: 'an arch not in project.yml is left to unknown-arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
proposal:
  status: Supported
  arch: riscv
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: amd64
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'sign-offs and a proposal without variant or arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Deprecated
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a sign-off and a proposal without variant on a feature that is only a group of variants',
      files: {
        'iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
proposal:
  status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [
        { messageId: 'no-own-row', line: 8, column: 3 },
        { messageId: 'no-own-row', line: 10, column: 5 },
      ],
    },
    {
      name: 'a sign-off for a variant the feature does not have, with and without a near match',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
signoffs:
  - by: alice
    date: 2025-01-10
    status: Tech Preview
    variant: pvh-dom
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Tech Preview
    variant: hvm
    arch: riscv
    ref: https://lists.example.org/2
---
`,
      },
      errors: [
        { messageId: 'unknown-variant', line: 12, column: 14 },
        { messageId: 'unknown-variant', line: 17, column: 14 },
      ],
    },
    {
      name: 'a sign-off naming a variant on a feature without variants',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, variant: dom0, ref: r1 }
---
`,
      },
      errors: [{ messageId: 'unknown-variant', line: 6, column: 64 }],
    },
    {
      name: 'an unknown variant is reported once, not also for its arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
variants:
  - name: PVH dom0
    status: Tech Preview
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, variant: domU, arch: arm, ref: r1 }
---
`,
      },
      errors: [{ messageId: 'unknown-variant', line: 11, column: 64 }],
    },
    {
      name: 'a feature-row sign-off on an arch the feature does not list, or lists as not implemented',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: arm
    ref: https://lists.example.org/1
---
`,
        'vpci.md': `---
title: vPCI
section: Guest types
status: Supported
arches:
  x86: applies
  arm: not-implemented
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: arm
    ref: https://lists.example.org/1
---
`,
      },
      errors: [
        { messageId: 'not-applicable', line: 11, column: 11, file: 'pvh.md' },
        { messageId: 'not-applicable', line: 12, column: 11, file: 'vpci.md' },
      ],
    },
    {
      name: 'a variant sign-off on an arch outside the variant list, though the feature applies there',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Supported
    arches: [x86]
  - name: PVH domU
    status: Supported
    arches:
      x86: applies
      arm: unknown
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, arch: arm, ref: r1 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: pvh-dom0, arch: arm, ref: r2 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: PVH domU, arch: arm, ref: r3 }
---
`,
      },
      errors: [
        { messageId: 'not-applicable', line: 16, column: 80 },
        { messageId: 'not-applicable', line: 17, column: 80 },
      ],
    },
    {
      name: 'a variant without arches inherits the feature applicability',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  arm: applies
variants:
  - name: PVH dom0
    status: Supported
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, variant: pvh-dom0, arch: x86, ref: r1 }
---
`,
      },
      errors: [{ messageId: 'not-applicable', line: 11, column: 80 }],
    },
    {
      name: 'a proposal for an unknown variant, and one for an arch where the feature does not apply',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
proposal:
  status: Supported
  variant: PVH Dom0
---
`,
        'b.md': `---
title: B
section: Guest types
status: Tech Preview
arches:
  x86: applies
proposal:
  status: Supported
  arch: arm
---
`,
      },
      errors: [
        { messageId: 'unknown-variant', line: 10, column: 12, file: 'a.md' },
        { messageId: 'not-applicable', line: 9, column: 9, file: 'b.md' },
      ],
    },
  ],
});

describe('signoff-scope messages', () => {
  const messages = (md: string): string[] => lint(corpusOf({ 'pvh.md': md }), { today: TODAY, rules: [signoffScope] }).map((d) => d.message);

  it('suggests a variant and says what does not apply', () => {
    expect(
      messages(`---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
variants:
  - id: dom0
    name: PVH dom0
    status: Supported
    arches: [x86]
proposal:
  status: Supported
  arch: arm
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, variant: PVH-dom0, ref: r1 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: hvm, ref: r2 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: dom0, arch: arm, ref: r3 }
---
`),
    ).toEqual([
      'Unexpected `arch: arm`: this feature does not apply on `arm`, so the proposal covers nothing',
      'Unexpected variant `PVH-dom0`, not a variant of this feature (did you mean `PVH dom0`?); use a variant id or name from `variants`',
      'Unexpected variant `hvm`, not a variant of this feature; use a variant id or name from `variants`',
      'Unexpected `arch: arm`: this variant does not apply on `arm`, so the sign-off covers nothing',
    ]);
  });
});
