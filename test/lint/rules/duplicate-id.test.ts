import { duplicateId } from '../../../src/lint/rules/duplicate-id.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(duplicateId, {
  valid: [
    {
      name: 'distinct ids from file paths and from `id`',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
        'guest/hvm.md': `---
id: guest/hvm-guests
title: HVM
section: Guest types
status: Tech Preview
---
`,
      },
    },
    {
      name: 'a file path is not an id when the frontmatter sets `id`',
      files: {
        'a.md': `---
id: guest/pvh
title: PVH
section: Guest types
status: Tech Preview
---
`,
        'b.md': `---
id: a
title: A
section: Guest types
status: Tech Preview
---
`,
      },
    },
    {
      name: 'an alias for a former id that no other feature uses',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
aliases: [guest-types/pvh, pvh]
---
`,
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Tech Preview
aliases: [guest-types/hvm]
---
`,
      },
    },
    {
      name: 'distinct variant ids, and the same variant id in two features',
      files: {
        'iommu/amd.md': `---
title: AMD IOMMU
section: Host hardware/IOMMU
variants:
  - name: Interrupt remapping
    status: Tech Preview
  - name: Interrupt-Remapping
    id: interrupt-remapping-v2
    status: Tech Preview
---
`,
        'iommu/intel.md': `---
title: Intel VT-d
section: Host hardware/IOMMU
variants:
  - name: Interrupt remapping
    status: Tech Preview
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a variant named like the id of another variant',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
variants:
  - name: dom0
    id: control
    status: Supported
  - name: Unprivileged
    id: dom0
    status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'ambiguous-variant', line: 6, column: 11 }],
    },
    {
      name: 'two files with the same `id`',
      files: {
        'a.md': `---
id: guest/pvh
title: A
section: Guest types
status: Tech Preview
---
`,
        'b.md': `---
id: guest/pvh
title: B
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 2, column: 5, file: 'b.md' }],
    },
    {
      name: 'an `id` that differs from another file path only by case',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
        'other.md': `---
id: Guest/PVH
title: Other PVH
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 2, column: 5, file: 'other.md' }],
    },
    {
      name: 'a path id claimed first by another file is reported at the start of the frontmatter',
      files: {
        'a.md': `---
id: Guest/PVH
title: Other PVH
section: Guest types
status: Tech Preview
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 2, column: 1, file: 'guest/pvh.md' }],
    },
    {
      name: 'an alias that collides with another feature id',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
        'guest/pvh2.md': `---
title: PVH 2
section: Guest types
status: Tech Preview
aliases:
  - guest/hvm
  - guest/pvh
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 7, column: 5, file: 'guest/pvh2.md' }],
    },
    {
      name: 'an alias in an earlier file claims the id first, so the later feature id is reported',
      files: {
        'guest/hvm.md': `---
title: HVM
section: Guest types
status: Tech Preview
aliases: [guest/pvh]
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 2, column: 1, file: 'guest/pvh.md' }],
    },
    {
      name: 'two features with the same alias, differing by case',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Tech Preview
aliases: [old/pvh]
---
`,
        'b.md': `---
title: B
section: Guest types
status: Tech Preview
aliases: [Old/PVH]
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 5, column: 11, file: 'b.md' }],
    },
    {
      name: 'an alias equal to the feature own id, ignoring case',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
aliases: [guest-types/pvh, Guest/PVH]
---
`,
      },
      errors: [{ messageId: 'alias-is-own-id', line: 5, column: 28 }],
    },
    {
      name: 'an alias equal to an explicit `id`',
      files: {
        'a.md': `---
id: guest/pvh
title: PVH
section: Guest types
status: Tech Preview
aliases:
  - guest/pvh
---
`,
      },
      errors: [{ messageId: 'alias-is-own-id', line: 7, column: 5 }],
    },
    {
      name: 'the same alias twice in one feature',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
aliases: [pvh, PVH]
---
`,
      },
      errors: [{ messageId: 'duplicate-id', line: 5, column: 16 }],
    },
    {
      name: 'duplicate variant ids, derived from the name and explicit',
      files: {
        'iommu/amd.md': `---
title: AMD IOMMU
section: Host hardware/IOMMU
variants:
  - name: Interrupt remapping
    status: Tech Preview
  - name: Interrupt-Remapping
    status: Tech Preview
  - name: IR v2
    id: interrupt-remapping
    status: Tech Preview
---
`,
      },
      errors: [
        { messageId: 'duplicate-variant', line: 7, column: 11 },
        { messageId: 'duplicate-variant', line: 10, column: 9 },
      ],
    },
    {
      name: 'a variant name with no letter a-z or digit, and no id',
      files: {
        'guests/nested.md': `---
title: Nested
section: Guest types
status: Tech Preview
variants:
  - name: 日本語
    status: Deprecated
  - name: —
    id: dash
    status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'no-variant-id', line: 6, column: 11 }],
    },
    {
      name: 'an id that needs another feature\'s badge file as a directory',
      files: {
        'guests/nested.md': `---
title: Nested
section: Guest types
status: Tech Preview
---
`,
        'guests/nested.JSON/x.md': `---
title: X
section: Guest types
status: Tech Preview
---
`,
        'guests/nested.svg.md': `---
title: Not a directory
section: Guest types
status: Tech Preview
---
`,
      },
      errors: [{ messageId: 'badge-path', file: 'guests/nested.JSON/x.md', line: 2, column: 1 }],
    },
  ],
});
