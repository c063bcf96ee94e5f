import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { unknownStatus } from '../../../src/lint/rules/unknown-status.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(unknownStatus, {
  valid: [
    {
      name: 'statuses from the vocabulary everywhere a status can be written',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86:
    status: Deprecated
  arm: applies
variants:
  - name: PVH dom0
    status: Tech Preview
    arches:
      x86:
        status: Experimental
proposal:
  status: Supported
  variant: PVH dom0
signoffs:
  - by: alice
    date: 2025-01-10
    status: Obsolete
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a group of variants without a status of its own',
      files: {
        'iommu.md': `---
title: IOMMU
section: Host hardware/IOMMU
variants:
  - name: AMD IOMMU
    status: Supported
  - name: Intel VT-d
    status: Tech Preview
---
`,
      },
    },
    {
      name: 'a vocabulary given by the project',
      files: {
        'project.yml': `name: T
sections: [Guest types]
statuses:
  - name: Alpha
    security-supported: false
  - name: Stable
    security-supported: true
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Stable
proposal:
  status: Alpha
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a misspelt and a lower-cased status',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Expermental
---
`,
        'b.md': `---
title: B
section: Guest types
status: supported
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 4, column: 9, file: 'a.md' },
        { messageId: 'unknown', line: 4, column: 9, file: 'b.md' },
      ],
    },
    {
      name: 'a trailing space and a zero-width space',
      files: {
        'a.md': `---
title: A
section: Guest types
status: "Supported "
---
`,
        'b.md': `---
title: B
section: Guest types
status: Supported\u200B
---
`,
        'c.md': `---
title: C
section: Guest types
status: "Tech\\u00A0Preview"
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 4, column: 9, file: 'a.md' },
        { messageId: 'unknown', line: 4, column: 9, file: 'b.md' },
        { messageId: 'unknown', line: 4, column: 9, file: 'c.md' },
      ],
    },
    {
      name: 'unknown statuses in arch overrides, variants, variant arch overrides, the proposal and sign-offs',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86:
    status: Depreciated
  arm: applies
variants:
  - name: PVH dom0
    status: Preview
    arches:
      x86:
        status: Beta
      arm: { status: Stable }
proposal:
  status: Fully Supported
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }
  - { by: alice, date: 2025-01-10, status: SUPPORTED, ref: r2 }
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 7, column: 13 },
        { messageId: 'unknown', line: 11, column: 13 },
        { messageId: 'unknown', line: 14, column: 17 },
        { messageId: 'unknown', line: 15, column: 22 },
        { messageId: 'unknown', line: 17, column: 11 },
        { messageId: 'unknown', line: 20, column: 44 },
      ],
    },
    {
      name: 'a default status outside the vocabulary given by the project',
      files: {
        'project.yml': `name: T
sections: [Guest types]
statuses:
  - name: Alpha
    security-supported: false
  - name: Stable
    security-supported: true
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
---
`,
      },
      errors: [{ messageId: 'unknown', line: 4, column: 9 }],
    },
  ],
});

describe('unknown-status messages', () => {
  const messages = (status: string): string[] =>
    lint(corpusOf({ 'pvh.md': `---\ntitle: PVH\nsection: Guest types\nstatus: ${status}\n---\n` }), { today: TODAY, rules: [unknownStatus] }).map((d) => d.message);
  const known = 'expected one of `Experimental`, `Tech Preview`, `Supported`, `Deprecated`, `Obsolete`';

  it('suggests the status meant, for typos, case, spaces and invisible characters', () => {
    expect(messages('Expermental')).toEqual([`Unexpected status \`Expermental\` (did you mean \`Experimental\`?), ${known}`]);
    expect(messages('supported')).toEqual([`Unexpected status \`supported\` (did you mean \`Supported\`?), ${known}`]);
    expect(messages('"Supported "')).toEqual([`Unexpected status \`Supported \` (did you mean \`Supported\`? it has a space at the start or end), ${known}`]);
    expect(messages('Supported\u200B')).toEqual([`Unexpected status \`Supported\u200B\` (did you mean \`Supported\`? it contains U+200B, not plain ASCII: a look-alike or invisible character), ${known}`]);
    expect(messages('\u0405upported')).toEqual([`Unexpected status \`\u0405upported\` (did you mean \`Supported\`? it contains U+0405, not plain ASCII: a look-alike or invisible character), ${known}`]);
    expect(messages('tech-preview')).toEqual([`Unexpected status \`tech-preview\` (did you mean \`Tech Preview\`?), ${known}`]);
  });

  it('gives no suggestion when nothing is close', () => {
    expect(messages('Fully Supported')).toEqual([`Unexpected status \`Fully Supported\`, ${known}`]);
  });
});
