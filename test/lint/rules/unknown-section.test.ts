import { unknownSection } from '../../../src/lint/rules/unknown-section.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(unknownSection, {
  valid: [
    {
      name: 'a section listed in project.yml',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
      },
    },
    {
      name: 'a path section spelled exactly',
      files: {
        'iommu/amd.md': `---
title: AMD IOMMU
section: Host hardware/IOMMU
status: Tech Preview
---
`,
      },
    },
    {
      name: 'a section from the object form of project.yml sections',
      files: {
        'project.yml': `name: T
sections:
  - name: Guest types
    description: Kinds of guest.
  - Toolstack
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a near miss in case gets a suggestion',
      files: {
        'guest/pvh.md': `---
title: PVH
section: guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'unknown', line: 3, column: 10 }],
    },
    {
      name: 'a typo gets a suggestion',
      files: {
        'tools/xl.md': `---
title: xl
section: Toolstak
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'unknown', line: 3, column: 10 }],
    },
    {
      name: 'a path section with spaces around the slash',
      files: {
        'iommu/amd.md': `---
title: AMD IOMMU
section: Host hardware / IOMMU
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'unknown', line: 3, column: 10 }],
    },
    {
      name: 'only the parent part of a path section is not a section',
      files: {
        'iommu/amd.md': `---
title: AMD IOMMU
status: Tech Preview
section: Host hardware
---
`,
      },
      errors: [{ messageId: 'unknown', line: 4, column: 10 }],
    },
    {
      name: 'a section unlike any listed one, in one of two files',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
        'net/sriov.md': `---
title: SR-IOV
section: Networking
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'unknown', line: 3, column: 10, file: 'net/sriov.md' }],
    },
    {
      name: 'a project.yml without sections rejects every section',
      files: {
        'project.yml': `name: T
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'unknown', line: 3, column: 10 }],
    },
  ],
});
