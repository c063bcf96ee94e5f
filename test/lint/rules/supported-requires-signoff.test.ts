import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { supportedRequiresSignoff } from '../../../src/lint/rules/supported-requires-signoff.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(supportedRequiresSignoff, {
  valid: [
    {
      name: 'a Supported feature with a current sign-off by an active member',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'an older Tech Preview sign-off followed by a current Supported one',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2023-01-10
    status: Tech Preview
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'a per-arch override covered by a sign-off naming that arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Experimental
arches:
  x86:
    status: Supported
  arm: applies
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
      name: 'a per-arch override covered by a feature-wide sign-off whose claim records it',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Supported
    security-support: no
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a Supported variant covered by a sign-off naming the variant by id or name',
      files: {
        'iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
    arches: [x86]
  - name: Arm SMMUv3
    status: Tech Preview
    arches: [arm]
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: AMD IOMMU
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a sign-off by a former member dated within their active period',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2023-06-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a revoked sign-off followed by a new valid one',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-05-01, reason: Missed an unfixed bug }
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'cells that are not applicable or not implemented need no sign-off',
      files: {
        'other.md': `---
title: Other
section: Guest types
status: Supported
arches:
  arm: applies
  x86: not-implemented
variants:
  - name: Legacy mode
    status: Supported
    arches:
      x86: applies
      arm: not-applicable
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: arm
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: legacy-mode
    arch: x86
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'a resolved concern no longer blocks the sign-off',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - by: alice
      date: 2025-01-01
      concern: The fuzzing campaign has not finished
      resolved: 2025-01-09
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'statuses outside the policy need no sign-off',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
security-support: yes
variants:
  - name: PVH dom0
    status: Deprecated
---
`,
      },
    },
    {
      name: 'arch-scoped sign-offs covering each arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, arch: x86, ref: r1 }
  - { by: bob, date: 2023-01-10, status: Supported, arch: arm, ref: r2 }
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'with signoff-required-when-security-supported, external security support needs a sign-off too (it tells readers someone handles security)',
      files: {
        'project.yml': `name: T
sections: [Guest types]
security-organisations:
  - id: qemu
    name: QEMU
policy:
  signoff-required-when-security-supported: true
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
security-support: external
security-organisation: qemu
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'a revoked sign-off pasted again without `revoked` is still revoked',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2025-02-01, reason: Unfixed bug found }
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'a Supported status that reaches no applicable cell',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Supported
arches:
  x86: unknown
  arm: not-implemented
---
`,
        'b.md': `---
title: B
section: Guest types
status: Tech Preview
known-issues:
  - summary: Not hardened
variants:
  - name: Dom0
    status: Supported
    arches: []
---
`,
        'c.md': `---
title: C
section: Guest types
status: Supported
arches:
  x86:
    status: Tech Preview
  arm:
    status: Experimental
known-issues:
  - summary: Not hardened
---
`,
      },
      errors: [
        { messageId: 'no-cell', line: 4, column: 9, file: 'a.md' },
        { messageId: 'no-cell', line: 9, column: 13, file: 'b.md' },
        { messageId: 'no-cell', line: 4, column: 9, file: 'c.md' },
      ],
    },
    {
      name: 'a Supported feature with no sign-off at all, one finding for both arches',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'a stale sign-off for another status',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Tech Preview
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'a Supported variant whose only sign-off is feature-wide',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Supported
    security-support: with-caveats
    caveat: Only without passthrough
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'missing', line: 7, column: 13 }],
    },
    {
      name: 'a sign-off scoped to another variant or another arch',
      files: {
        'iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
  - name: Intel VT-d
    status: Supported
    arches:
      x86: applies
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: intel-vt-d
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: amd-iommu
    arch: x86
    ref: https://lists.example.org/2
---
`,
      },
      errors: [{ messageId: 'missing', line: 6, column: 13 }],
    },
    {
      name: 'a revoked sign-off no longer covers',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-05-01, reason: Missed an unfixed bug }
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'sign-offs by an unknown member, by a member after they left, and dated in the future',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Supported
signoffs:
  - by: mallory
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
        'b.md': `---
title: B
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2024-06-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
        'c.md': `---
title: C
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2030-01-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [
        { messageId: 'not-covering', line: 4, column: 9, file: 'a.md' },
        { messageId: 'not-covering', line: 4, column: 9, file: 'b.md' },
        { messageId: 'not-covering', line: 4, column: 9, file: 'c.md' },
      ],
    },
    {
      name: 'an unresolved blocking concern on the proposal keeps the cell failing',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - by: alice
      date: 2025-01-01
      concern: The fuzzing campaign has not finished
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'status spelled with different case is not Supported, but a policy status is',
      files: {
        'project.yml': `name: T
sections: [Guest types]
policy:
  signoff-required-for: [Supported, Deprecated]
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Deprecated
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'an arch-scoped sign-off leaves the other arch without one',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, arch: x86, ref: r1 }
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'different shortfalls on different arches are separate findings',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: mallory, date: 2025-01-10, status: Supported, arch: x86, ref: r1 }
---
`,
      },
      errors: [
        { messageId: 'missing', line: 4, column: 9 },
        { messageId: 'not-covering', line: 4, column: 9 },
      ],
    },
    {
      name: 'a sign-off dated on a day that does not exist',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2023-02-30
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'a concern on a proposal for one arch blocks only that arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  arch: arm
  concerns:
    - by: alice
      date: 2025-01-01
      concern: Not tested on arm
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'not-covering', line: 4, column: 9 }],
    },
    {
      name: 'with signoff-required-when-security-supported, a security-supported Tech Preview needs a sign-off',
      files: {
        'project.yml': `name: T
sections: [Guest types]
policy:
  signoff-required-when-security-supported: true
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
variants:
  - name: PVH dom0
    security-support: with-caveats
    caveat: Only without passthrough
    status: Experimental
security-support: yes
---
`,
      },
      errors: [
        { messageId: 'missing', line: 4, column: 9 },
        { messageId: 'missing', line: 9, column: 13 },
      ],
    },
  ],
});

describe('supported-requires-signoff and the baseline', () => {
  it('exempts exactly the cells the baseline lists, at the listed status', () => {
    const found = lint(
      corpusOf({
        'pvh.md': '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\n---\n',
        'signoff-baseline.yml': 'exempt:\n  - { feature: pvh, arch: x86, status: Supported }\n',
      }),
      { today: TODAY, rules: [supportedRequiresSignoff] },
    );
    expect(found.map((d) => [d.line, d.messageId, d.message.includes('`arm`') && !d.message.includes('`x86`')])).toEqual([[4, 'missing', true]]);
  });
});
