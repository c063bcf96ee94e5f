import { advisoryFormat } from '../../../src/lint/rules/advisory-format.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(advisoryFormat, {
  valid: [
    {
      name: 'an advisory with a configured prefix and CVE ids',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Guest can crash the host.
    advisory: XSA-15
  - summary: Guest can read host memory.
    advisory: CVE-2024-12345
  - summary: Old bug.
    advisory: CVE-1999-0001
  - summary: No advisory yet.
---
`,
      },
    },
    {
      name: 'a prefix that project.yml adds',
      files: {
        'project.yml': `name: T
sections: [Guest types]
advisories:
  - prefix: KSA
  - prefix: XSA
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Kernel bug.
    advisory: KSA-1
  - summary: Hypervisor bug.
    advisory: XSA-470
---
`,
      },
    },
    {
      name: 'XSA is the default when project.yml has no advisories',
      files: {
        'project.yml': `name: T
sections: [Guest types]
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Hypervisor bug.
    advisory: XSA-1
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a lower-case prefix gets a suggestion',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Guest can crash the host.
    advisory: xsa-15
---
`,
      },
      errors: [{ messageId: 'invalid', line: 7, column: 15 }],
    },
    {
      name: 'ids written with spaces or underscores get a suggestion',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Guest can crash the host.
    advisory: XSA 15
  - summary: Guest can read host memory.
    advisory: cve_2024_12345
---
`,
      },
      errors: [
        { messageId: 'invalid', line: 7, column: 15 },
        { messageId: 'invalid', line: 9, column: 15 },
      ],
    },
    {
      name: 'malformed ids without a suggestion',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: No dash.
    advisory: XSA15
  - summary: Short CVE year and number.
    advisory: CVE-24-1
  - summary: CVE number under four digits.
    advisory: CVE-2024-123
  - summary: Leading zero.
    advisory: XSA-015
  - summary: Zero.
    advisory: XSA-0
  - summary: A URL instead of an id.
    advisory: https://xenbits.xen.org/xsa/advisory-15.html
---
`,
      },
      errors: [
        { messageId: 'invalid', line: 7, column: 15 },
        { messageId: 'invalid', line: 9, column: 15 },
        { messageId: 'invalid', line: 11, column: 15 },
        { messageId: 'invalid', line: 13, column: 15 },
        { messageId: 'invalid', line: 15, column: 15 },
        { messageId: 'invalid', line: 17, column: 15 },
      ],
    },
    {
      name: 'a prefix that project.yml does not list',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Kernel bug.
    advisory: KSA-1
---
`,
      },
      errors: [{ messageId: 'invalid', line: 7, column: 15 }],
    },
    {
      name: 'listing advisories replaces the default XSA',
      files: {
        'project.yml': `name: T
sections: [Guest types]
advisories:
  - prefix: KSA
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Hypervisor bug.
    advisory: XSA-15
  - summary: Kernel bug.
    advisory: KSA-2
---
`,
      },
      errors: [{ messageId: 'invalid', line: 7, column: 15 }],
    },
  ],
});
