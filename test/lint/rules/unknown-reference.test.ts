import { unknownReference } from '../../../src/lint/rules/unknown-reference.js';
import { testRule } from '../../helpers/rule-tester.js';

const hvm = `---
title: HVM
section: Guest types
status: Supported
aliases: [guest-types/hvm]
---
`;

testRule(unknownReference, {
  valid: [
    {
      name: 'references to existing ids in every field',
      files: {
        'guest/hvm.md': hvm,
        'guest/pv.md': `---
id: guest/pv-guests
title: PV
section: Guest types
status: Deprecated
replaced-by: guest/pvh
---
`,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest/hvm]
related: [guest/pv-guests]
replaced-by: guest/hvm
---
`,
      },
    },
    {
      name: 'a former id listed in aliases is accepted',
      files: {
        'guest/hvm.md': hvm,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [guest-types/hvm]
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'known issue, note and limit scoped to a variant the feature does not have',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
variants:
  - name: PVH dom0
    id: dom0
known-issues:
  - summary: Slow.
    variants: [dom0, domO]
notes:
  - text: Only on big hosts.
    variants: [PVH dom0, PVH domU]
limits:
  - { name: vCPUs, value: 8, bounds: support, variant: dom1 }
---
`,
      },
      errors: [
        { messageId: 'unknown-variant', line: 10, column: 22 },
        { messageId: 'unknown-variant', line: 13, column: 26 },
        { messageId: 'unknown-variant', line: 15, column: 56 },
      ],
    },
    {
      name: 'unknown ids in depends-on, related and replaced-by',
      files: {
        'guest/hvm.md': hvm,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on:
  - guest/hvm
  - guest/shadow-paging
related:
  - toolstack/xl
replaced-by: guest/pvh2
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 7, column: 5, file: 'guest/pvh.md' },
        { messageId: 'unknown', line: 9, column: 5, file: 'guest/pvh.md' },
        { messageId: 'unknown', line: 10, column: 14, file: 'guest/pvh.md' },
      ],
    },
    {
      name: 'an id or alias that differs only by case gets a suggestion',
      files: {
        'guest/hvm.md': hvm,
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
depends-on: [Guest/HVM]
related: [Guest-Types/HVM]
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 5, column: 14, file: 'guest/pvh.md' },
        { messageId: 'unknown', line: 6, column: 11, file: 'guest/pvh.md' },
      ],
    },
    {
      name: 'references to the feature itself, by id, by alias and by id in another case',
      files: {
        'guest/pvh.md': `---
title: PVH
section: Guest types
status: Supported
aliases: [pvh]
depends-on: [guest/pvh]
related: [pvh]
replaced-by: Guest/PVH
---
`,
      },
      errors: [
        { messageId: 'self', line: 6, column: 14 },
        { messageId: 'self', line: 7, column: 11 },
        { messageId: 'self', line: 8, column: 14 },
      ],
    },
  ],
});
