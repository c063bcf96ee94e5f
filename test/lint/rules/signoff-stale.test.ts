import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { signoffStale } from '../../../src/lint/rules/signoff-stale.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(signoffStale, {
  valid: [
    {
      name: 'a sign-off for the current status',
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
      name: 'an older sign-off for another status, superseded by a newer one of the same scope',
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
      name: 'a revoked sign-off for another status is history',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-05-01, reason: Downgraded after XSA-1 }
---
`,
      },
    },
    {
      name: 'the same variant named by name, then by id, is the same scope',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
variants:
  - name: PVH dom0
    status: Supported
signoffs:
  - by: alice
    date: 2023-01-10
    status: Tech Preview
    variant: PVH dom0
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: pvh-dom0
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'a feature-wide sign-off still matches one of its cells when an override changes another',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Tech Preview
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
      name: 'a sign-off whose scope has no applicable cell is not stale (signoff-scope reports it)',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
arches:
  x86: applies
  arm: not-implemented
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: arm
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Supported
    variant: no-such-variant
    ref: https://lists.example.org/2
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a sign-off for a status the feature no longer has',
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
      errors: [{ messageId: 'stale', line: 8, column: 13 }],
    },
    {
      name: 'a downgrade leaves the newest sign-off stale, the older matching one is superseded',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
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
      errors: [{ messageId: 'stale', line: 12, column: 13 }],
    },
    {
      name: 'a later sign-off of another scope (no arch) does not supersede an arch-scoped one',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
signoffs:
  - by: alice
    date: 2023-01-10
    status: Supported
    arch: x86
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-10
    status: Tech Preview
    ref: https://lists.example.org/2
---
`,
      },
      errors: [{ messageId: 'stale', line: 8, column: 13 }],
    },
    {
      name: 'a later revoked sign-off does not supersede the earlier one',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
signoffs:
  - by: alice
    date: 2023-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/2
    revoked: { by: alice, date: 2024-05-01, reason: Missed a bug }
---
`,
      },
      errors: [{ messageId: 'stale', line: 8, column: 13 }],
    },
    {
      name: 'a variant sign-off after the variant was downgraded; the feature row sign-off is another scope',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Experimental
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-01-11
    status: Supported
    variant: PVH dom0
    ref: https://lists.example.org/2
---
`,
      },
      errors: [{ messageId: 'stale', line: 15, column: 13 }],
    },
    {
      name: 'an arch-scoped sign-off after a per-arch override changed that arch',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86:
    status: Deprecated
  arm: applies
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, arch: x86, ref: https://lists.example.org/1 }
  - { by: alice, date: 2025-01-10, status: Supported, arch: arm, ref: https://lists.example.org/2 }
---
`,
      },
      errors: [{ messageId: 'stale', line: 10, column: 44 }],
    },
    {
      name: 'one finding per stale sign-off, in several files',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Obsolete
signoffs:
  - { by: bob, date: 2021-01-10, status: Supported, arch: x86, ref: r1 }
  - { by: bob, date: 2021-01-10, status: Supported, arch: arm, ref: r2 }
---
`,
        'b.md': `---
title: B
section: Guest types
status: Supported
signoffs:
  - { by: bob, date: 2021-01-10, status: Deprecated, ref: r1 }
---
`,
      },
      errors: [
        { messageId: 'stale', line: 6, column: 42, file: 'a.md' },
        { messageId: 'stale', line: 7, column: 42, file: 'a.md' },
        { messageId: 'stale', line: 6, column: 42, file: 'b.md' },
      ],
    },
  ],
});

describe('signoff-stale messages', () => {
  it('lists every current status of the cells the sign-off reaches', () => {
    const found = lint(
      corpusOf({
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86:
    status: Tech Preview
  arm:
    status: Experimental
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }
---
`,
      }),
      { today: TODAY, rules: [signoffStale] },
    );
    expect(found.map((d) => d.message)).toEqual([
      'Sign-off by `alice` on 2025-01-10 is for `Supported` but its cells are now `Tech Preview`, `Experimental`; record a new sign-off for the current status or revoke this one',
    ]);
  });
});
