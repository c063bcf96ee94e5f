import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { signoffReviewAge } from '../../../src/lint/rules/signoff-review-age.js';
import { baseProject, corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

/** The base project.yml without `policy.review-after-days`. */
const projectWithoutReview = `name: Test Hypervisor
architectures:
  - id: x86
  - id: arm
sections:
  - Guest types
`;

/** The base project.yml with a 30-day review age. */
const projectReview30 = baseProject.replace('review-after-days: 365', 'review-after-days: 30');

testRule(signoffReviewAge, {
  valid: [
    {
      name: 'a recent sign-off',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2026-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a sign-off exactly review-after-days old',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-06-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'an old sign-off replaced by a newer one for the same cells',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2021-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2026-01-10
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'old sign-offs that cover no cell: revoked, stale, unknown or inactive signer, blocked by a concern',
      files: {
        'a.md': `---
title: A
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2021-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2021-05-01, reason: Missed a bug }
  - by: alice
    date: 2021-01-10
    status: Tech Preview
    ref: https://lists.example.org/2
  - by: mallory
    date: 2021-01-10
    status: Supported
    ref: https://lists.example.org/3
  - by: bob
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/4
---
`,
        'b.md': `---
title: B
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - by: alice
      date: 2021-01-01
      concern: Not fuzzed
signoffs:
  - by: alice
    date: 2021-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'old sign-offs whose scope has no applicable cell',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
variants:
  - name: PVH dom0
    status: Tech Preview
signoffs:
  - { by: alice, date: 2026-01-10, status: Supported, ref: r1 }
  - { by: alice, date: 2021-01-10, status: Supported, arch: arm, ref: r2 }
  - { by: alice, date: 2021-01-10, status: Tech Preview, variant: dom0, ref: r3 }
---
`,
      },
    },
    {
      name: 'an old sign-off for a status that needs no sign-off is not flagged',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
known-issues:
  - summary: Not yet audited
signoffs:
  - by: alice
    date: 2021-01-10
    status: Tech Preview
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'no re-review when the policy does not set review-after-days',
      files: {
        'project.yml': projectWithoutReview,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2020-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'a sign-off one day over review-after-days',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-05-31
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'old', line: 7, column: 11 }],
    },
    {
      name: 'old arch-scoped sign-offs in use on each arch, and the superseded one left alone',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: bob, date: 2021-01-10, status: Supported, ref: r1 }
  - { by: bob, date: 2022-01-10, status: Supported, arch: x86, ref: r2 }
  - { by: bob, date: 2023-01-10, status: Supported, arch: arm, ref: r3 }
---
`,
      },
      errors: [
        { messageId: 'old', line: 7, column: 22 },
        { messageId: 'old', line: 8, column: 22 },
      ],
    },
    {
      name: 'an old sign-off stays in use when the newer one is not valid',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: mallory
    date: 2026-01-10
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
      errors: [{ messageId: 'old', line: 7, column: 11 }],
    },
    {
      name: 'an old sign-off of a variant and of a per-arch override',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
arches:
  x86:
    status: Supported
  arm: applies
variants:
  - name: PVH dom0
    status: Supported
    arches: [x86]
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    variant: PVH dom0
    ref: https://lists.example.org/1
  - by: alice
    date: 2024-01-11
    status: Supported
    arch: x86
    ref: https://lists.example.org/2
---
`,
      },
      errors: [
        { messageId: 'old', line: 15, column: 11 },
        { messageId: 'old', line: 20, column: 11 },
      ],
    },
    {
      name: 'a feature-wide sign-off whose claim records a per-arch override covers it, so its age counts',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
arches:
  x86:
    status: Supported
signoffs:
  - by: alice
    date: 2021-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'old', line: 10, column: 11 }],
    },
    {
      name: 'the age comes from the project policy',
      files: {
        'project.yml': projectReview30,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2026-04-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'old', line: 7, column: 11 }],
    },
  ],
});

describe('signoff-review-age messages', () => {
  it('gives the age and the limit', () => {
    const found = lint(
      corpusOf({
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: alice, date: 2025-05-31, status: Supported, ref: r1 }
---
`,
      }),
      { today: TODAY, rules: [signoffReviewAge] },
    );
    expect(found.map((d) => d.message)).toEqual([
      'Sign-off by `alice` on 2025-05-31 was last reviewed 366 days ago, over the 365 days of `policy.review-after-days`; ask the security team to review it again and record a new sign-off',
    ]);
  });
});
