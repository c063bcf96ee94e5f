import { dependencySecurity } from '../../../src/lint/rules/dependency-security.js';
import { testRule } from '../../helpers/rule-tester.js';

/** A dependency whose cells are `yes` on both arches. */
const supported = `---
title: HVM
section: Guest types
status: Supported
---
`;

/** A dependency whose cells are `no` on both arches. */
const preview = `---
title: HVM
section: Guest types
status: Tech Preview
---
`;

testRule(dependencySecurity, {
  valid: [
    {
      name: 'yes depending on yes, and no depending on yes',
      files: {
        'guest/hvm.md': supported,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
        'guest/pv.md': `---
title: PV
section: Guest types
status: Tech Preview
depends-on: [guest/hvm]
---
`,
      },
    },
    {
      name: 'with-caveats depending on with-caveats, and no depending on with-caveats',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
security-support: with-caveats
caveat: Only with HAP.
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
security-support: with-caveats
caveat: Only without passthrough.
depends-on: [guest/hvm]
---
`,
        'guest/pv.md': `---
title: PV
section: Guest types
status: Tech Preview
depends-on: [guest/pvh]
---
`,
      },
    },
    {
      name: 'external ranks as yes, on either side',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
security-support: external
security-organisation: qemu
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
        'toolstack/qemu.md': `---
title: QEMU
section: Toolstack
status: Supported
security-support: external
security-organisation: qemu
depends-on: [guest/pvh]
---
`,
      },
    },
    {
      name: 'an arch where this feature does not apply needs no dependency there',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
arches:
  x86: applies
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  arm: not-implemented
depends-on: [guest/hvm]
---
`,
      },
    },
    {
      name: 'a group-only dependency counts by its best variant on each arch',
      files: {
        'iommu/iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
    arches: [x86]
  - name: Arm SMMUv3
    status: Supported
    arches: [arm]
  - name: Intel VT-d
    status: Tech Preview
    arches: [x86]
---
`,
        'iommu/passthrough.md': `---
title: PCI passthrough
section: Host hardware/IOMMU
status: Supported
depends-on: [iommu/iommu]
---
`,
      },
    },
    {
      name: 'a dependency by alias or in another case resolves; unknown ones and self-references are left to other rules',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
aliases: [guest-types/hvm]
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest-types/hvm, Guest/HVM, guest/nothing, guest/pvh]
---
`,
      },
    },
    {
      name: 'a dependency with its own row counts by that row, not by its variants',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
variants:
  - name: Nested HVM
    status: Experimental
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'yes depending on no, one finding for both arches',
      files: {
        'guest/hvm.md': preview,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
      },
      errors: [{ messageId: 'more-supported', line: 4, column: 9, file: 'guest/pvh.md' }],
    },
    {
      name: 'yes depending on with-caveats, and with-caveats depending on no',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
security-support: with-caveats
caveat: Only with HAP.
---
`,
        'guest/pv.md': preview,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
        'guest/shim.md': `---
title: PV shim
section: Guest types
status: Supported
security-support: with-caveats
caveat: Only for PV guests.
depends-on: [guest/pv]
---
`,
      },
      errors: [
        { messageId: 'more-supported', line: 4, column: 9, file: 'guest/pvh.md' },
        { messageId: 'more-supported', line: 5, column: 19, file: 'guest/shim.md' },
      ],
    },
    {
      name: 'external depending on with-caveats',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
security-support: with-caveats
caveat: Only with HAP.
---
`,
        'toolstack/qemu.md': `---
title: QEMU
section: Toolstack
status: Supported
security-support: external
security-organisation: qemu
depends-on: [guest/hvm]
---
`,
      },
      errors: [{ messageId: 'more-supported', line: 5, column: 19, file: 'toolstack/qemu.md' }],
    },
    {
      name: 'a dependency that does not apply, or is not implemented, on an arch where this feature applies',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Tech Preview
arches:
  x86: applies
---
`,
        'guest/pv.md': `---
title: PV
section: Guest types
status: Tech Preview
arches:
  x86: applies
  arm: not-implemented
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
depends-on:
  - guest/hvm
  - guest/pv
---
`,
      },
      errors: [
        { messageId: 'not-applicable', line: 6, column: 5, file: 'guest/pvh.md' },
        { messageId: 'not-applicable', line: 7, column: 5, file: 'guest/pvh.md' },
      ],
    },
    {
      name: 'a group-only dependency whose only variant on arm is not security supported',
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
    arches: [arm]
---
`,
        'iommu/passthrough.md': `---
title: PCI passthrough
section: Host hardware/IOMMU
status: Supported
depends-on: [iommu/iommu]
---
`,
      },
      errors: [{ messageId: 'more-supported', line: 4, column: 9, file: 'iommu/passthrough.md' }],
    },
    {
      name: 'a variant and an arch override of this feature are checked as their own cells',
      files: {
        'guest/hvm.md': preview,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
arches:
  x86:
    security-support: yes
  arm: applies
variants:
  - name: PVH dom0
    status: Supported
depends-on: [guest/hvm]
---
`,
      },
      errors: [
        { messageId: 'more-supported', line: 7, column: 23, file: 'guest/pvh.md' },
        { messageId: 'more-supported', line: 11, column: 13, file: 'guest/pvh.md' },
      ],
    },
    {
      name: 'arches whose dependency cells differ get one finding each',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Supported
arches:
  x86:
    security-support: no
  arm:
    security-support: with-caveats
    caveat: Only with GICv3.
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
---
`,
      },
      errors: [
        { messageId: 'more-supported', line: 4, column: 9, file: 'guest/pvh.md' },
        { messageId: 'more-supported', line: 4, column: 9, file: 'guest/pvh.md' },
      ],
    },
  ],
});
