import { upgradeBlockers } from '../../../src/lint/rules/upgrade-blockers.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(upgradeBlockers, {
  valid: [
    {
      name: 'an Experimental feature with known issues',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Experimental
known-issues:
  - summary: Migration is not implemented yet.
---
`,
      },
    },
    {
      name: 'a Tech Preview feature with a proposal',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
proposal:
  status: Supported
  needs: [A fuzzing campaign]
---
`,
      },
    },
    {
      name: 'a Supported feature needs neither',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
---
`,
      },
    },
    {
      name: 'a Tech Preview variant whose feature lists known issues',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
known-issues:
  - summary: PCI passthrough is not available to PVH dom0.
    variants: [pvh-dom0]
---
`,
      },
    },
    {
      name: 'a policy without Experimental in blockers-expected-for',
      files: {
        'project.yml': `name: T
sections: [Guest types]
policy:
  blockers-expected-for: [Deprecated]
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Experimental
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an Experimental feature with neither known issues nor a proposal',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Experimental
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'an empty known-issues list does not count',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
known-issues: []
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'only a variant has an early status',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'missing', line: 7, column: 13 }],
    },
    {
      name: 'only an arch override has an early status',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Experimental
---
`,
      },
      errors: [{ messageId: 'missing', line: 8, column: 13 }],
    },
    {
      name: 'several early cells give one finding, at the first cell',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Experimental
variants:
  - name: PVH dom0
    status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
    {
      name: 'a project policy that expects blockers for Deprecated',
      files: {
        'project.yml': `name: T
sections: [Guest types]
policy:
  blockers-expected-for: [Deprecated]
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Deprecated
---
`,
      },
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
  ],
});
