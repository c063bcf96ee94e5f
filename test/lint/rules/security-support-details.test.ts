import { securitySupportDetails } from '../../../src/lint/rules/security-support-details.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(securitySupportDetails, {
  valid: [
    {
      name: 'external support by a listed organisation, and caveats with their text',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
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
security-support: with-caveats
caveat: Only without PCI passthrough.
---
`,
      },
    },
    {
      name: 'organisation and caveat stated once on the feature count for its arch overrides',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-organisation: qemu
caveat: Only the emulated devices listed in the manual.
arches:
  x86:
    security-support: external
  arm:
    security-support: with-caveats
---
`,
      },
    },
    {
      name: 'a variant without its own status inherits the feature organisation',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-organisation: qemu
variants:
  - name: Emulated USB
    security-support: external
---
`,
      },
    },
    {
      name: 'a variant arch override inherits the caveat of the variant that sets the status',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
variants:
  - name: PVH dom0
    status: Supported
    caveat: Only without PCI passthrough.
    arches:
      x86:
        security-support: with-caveats
---
`,
      },
    },
    {
      name: 'a listed organisation with another security support level',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-organisation: qemu
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'external without an organisation, one finding for both arches',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-support: external
---
`,
      },
      errors: [{ messageId: 'missing-organisation', line: 5, column: 19 }],
    },
    {
      name: 'an unknown organisation gets a suggestion, in the feature, an arch override and a variant',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-support: external
security-organisation: QEMU
arches:
  x86: applies
  arm:
    security-organisation: qemu-project
variants:
  - name: Emulated USB
    security-organisation: libusb
---
`,
      },
      errors: [
        { messageId: 'unknown-organisation', line: 6, column: 24 },
        { messageId: 'unknown-organisation', line: 10, column: 28 },
        { messageId: 'unknown-organisation', line: 13, column: 28 },
      ],
    },
    {
      name: 'an organisation when project.yml lists none',
      files: {
        'project.yml': `name: T
sections: [Guest types]
`,
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-support: external
security-organisation: qemu
---
`,
      },
      errors: [{ messageId: 'unknown-organisation', line: 6, column: 24 }],
    },
    {
      name: 'with-caveats without a caveat',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
security-support: with-caveats
---
`,
      },
      errors: [{ messageId: 'missing-caveat', line: 5, column: 19 }],
    },
    {
      name: 'a variant that sets its own status does not inherit the feature organisation or caveat',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-support: external
security-organisation: qemu
caveat: Only the emulated devices listed in the manual.
variants:
  - name: Emulated USB
    status: Tech Preview
    security-support: external
  - name: Emulated NVMe
    status: Supported
    security-support: with-caveats
---
`,
      },
      errors: [
        { messageId: 'missing-organisation', line: 11, column: 23 },
        { messageId: 'missing-caveat', line: 14, column: 23 },
      ],
    },
    {
      name: 'an arch override that sets its own status does not inherit the feature caveat',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
caveat: Only without PCI passthrough.
arches:
  x86:
    status: Supported
    security-support: with-caveats
  arm: applies
---
`,
      },
      errors: [{ messageId: 'missing-caveat', line: 9, column: 23 }],
    },
    {
      name: 'a feature-level external inherited by a variant without status is reported once',
      files: {
        'guest/qemu.md': `---
title: QEMU device model
section: Guest types
status: Supported
security-support: external
variants:
  - name: Emulated USB
---
`,
      },
      errors: [{ messageId: 'missing-organisation', line: 5, column: 19 }],
    },
  ],
});
