import { baseline } from '../../../src/lint/rules/baseline.js';
import { testRule } from '../../helpers/rule-tester.js';

const unsigned = '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\nvariants:\n  - name: Dom0\n    status: Supported\n    arches: [x86]\n---\n';

testRule(baseline, {
  valid: [
    {
      name: 'entries for unsigned Supported cells, feature row and variant',
      files: {
        'pvh.md': unsigned,
        'signoff-baseline.yml': `exempt:
  - { feature: pvh, arch: x86, status: Supported }
  - { feature: pvh, arch: arm, status: Supported }
  - { feature: pvh, variant: dom0, arch: x86, status: Supported, note: Imported from SUPPORT.md }
`,
      },
    },
    {
      name: 'entries for cells stated without an arch, saying so',
      files: {
        'iommu.md': '---\ntitle: IOMMU\nsection: Host hardware\nvariants:\n  - name: AMD IOMMU\n    status: Supported\n    arches: { x86: not-stated, arm: not-stated }\n---\n',
        'signoff-baseline.yml': `exempt:
  - { feature: iommu, variant: amd-iommu, arch: x86, status: Supported, arch-not-stated: true }
  - { feature: iommu, variant: amd-iommu, arch: arm, status: Supported, arch-not-stated: true }
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an entry for a cell stated without an arch, once the arch is stated (a new claim), and one the other way round',
      files: {
        'iommu.md': '---\ntitle: IOMMU\nsection: Host hardware\nvariants:\n  - name: AMD IOMMU\n    status: Supported\n    arches: { x86: applies, arm: not-stated }\n---\n',
        'signoff-baseline.yml': `exempt:
  - { feature: iommu, variant: amd-iommu, arch: x86, status: Supported, arch-not-stated: true }
  - { feature: iommu, variant: amd-iommu, arch: arm, status: Supported }
`,
      },
      errors: [
        { messageId: 'state-changed', line: 2, column: 5, file: 'signoff-baseline.yml' },
        { messageId: 'state-changed', line: 3, column: 5, file: 'signoff-baseline.yml' },
      ],
    },
    {
      name: 'entries for cells that do not exist or do not apply',
      files: {
        'pvh.md': unsigned,
        'signoff-baseline.yml': `exempt:
  - { feature: pvh, arch: x86, status: Supported }
  - { feature: gone, arch: x86, status: Supported }
  - { feature: pvh, variant: dom0, arch: arm, status: Supported }
  - { feature: pvh, arch: x86, status: Supported }
`,
      },
      errors: [
        { messageId: 'unknown-cell', line: 3, column: 5, file: 'signoff-baseline.yml' },
        { messageId: 'unknown-cell', line: 4, column: 5, file: 'signoff-baseline.yml' },
        { messageId: 'duplicate', line: 5, column: 5, file: 'signoff-baseline.yml' },
      ],
    },
    {
      name: 'entries no longer needed: signed off, status changed, or a status that needs no sign-off',
      files: {
        'a.md': '---\ntitle: A\nsection: Guest types\nstatus: Supported\nsignoffs:\n  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }\n---\n',
        'b.md': '---\ntitle: B\nsection: Guest types\nstatus: Deprecated\n---\n',
        'signoff-baseline.yml': `exempt:
  - { feature: a, arch: x86, status: Supported }
  - { feature: b, arch: x86, status: Supported }
  - { feature: b, arch: arm, status: Deprecated }
`,
      },
      errors: [
        { messageId: 'signed-off', line: 2, column: 5, file: 'signoff-baseline.yml' },
        { messageId: 'status-changed', line: 3, column: 38, file: 'signoff-baseline.yml' },
        { messageId: 'not-required', line: 4, column: 5, file: 'signoff-baseline.yml' },
      ],
    },
  ],
});
