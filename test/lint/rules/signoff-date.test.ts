import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { signoffDate } from '../../../src/lint/rules/signoff-date.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(signoffDate, {
  valid: [
    {
      name: 'real dates in the past, a leap day, and today itself',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-02-29
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2026-06-01
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'a revocation and a resolution on the same day as what they follow, or later',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - by: alice
      date: 2025-03-01
      concern: Not fuzzed
      resolved: 2025-03-01
    - by: alice
      date: 2025-03-02
      concern: Needs review
      resolved: 2025-04-01
    - by: alice
      date: 2025-03-03
      concern: Still open
signoffs:
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-01-10, reason: Wrong feature }
  - by: alice
    date: 2024-02-10
    status: Supported
    ref: https://lists.example.org/2
    revoked: { by: alice, date: 2024-05-01, reason: Missed a bug }
---
`,
      },
    },
    {
      name: 'a feature without sign-offs or concerns',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
proposal:
  status: Supported
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'days that do not exist',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2023-02-30
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2025-02-29
    status: Supported
    ref: https://lists.example.org/2
  - by: alice
    date: 2024-13-01
    status: Supported
    ref: https://lists.example.org/3
  - by: alice
    date: 2024-04-31
    status: Supported
    ref: https://lists.example.org/4
  - by: alice
    date: 2024-00-10
    status: Supported
    ref: https://lists.example.org/5
---
`,
      },
      errors: [
        { messageId: 'invalid', line: 7, column: 11 },
        { messageId: 'invalid', line: 11, column: 11 },
        { messageId: 'invalid', line: 15, column: 11 },
        { messageId: 'invalid', line: 19, column: 11 },
        { messageId: 'invalid', line: 23, column: 11 },
      ],
    },
    {
      name: 'a sign-off dated after today',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2026-06-02
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
      errors: [{ messageId: 'future', line: 7, column: 11 }],
    },
    {
      name: 'a revocation before the sign-off it revokes',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-05-01
    status: Supported
    ref: https://lists.example.org/1
    revoked:
      by: alice
      date: 2024-04-30
      reason: Missed a bug
---
`,
      },
      errors: [{ messageId: 'out-of-order', line: 12, column: 13 }],
    },
    {
      name: 'bad revocation dates: impossible and in the future',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-05-01
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-06-31, reason: Missed a bug }
  - by: alice
    date: 2025-05-01
    status: Supported
    ref: https://lists.example.org/2
    revoked: { by: alice, date: 2027-01-01, reason: Planned }
---
`,
      },
      errors: [
        { messageId: 'invalid', line: 10, column: 33 },
        { messageId: 'future', line: 15, column: 33 },
      ],
    },
    {
      name: 'no order check when the sign-off date itself is impossible',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-02-30
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2024-01-01, reason: Missed a bug }
---
`,
      },
      errors: [{ messageId: 'invalid', line: 7, column: 11 }],
    },
    {
      name: 'a future sign-off revoked before it was made is reported twice',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2026-07-01
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2026-05-01, reason: Typo }
---
`,
      },
      errors: [
        { messageId: 'future', line: 7, column: 11 },
        { messageId: 'out-of-order', line: 10, column: 33 },
      ],
    },
    {
      name: 'concern dates: impossible, future, and resolved before raised',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
proposal:
  status: Supported
  concerns:
    - by: alice
      date: 2025-09-31
      concern: Not fuzzed
    - by: alice
      date: 2030-01-01
      concern: Needs review
    - by: alice
      date: 2025-03-10
      concern: Needs another review
      resolved: 2025-03-09
    - by: alice
      date: 2025-03-10
      concern: Resolved on a bad day
      resolved: 2025-02-29
---
`,
      },
      errors: [
        { messageId: 'invalid', line: 9, column: 13 },
        { messageId: 'future', line: 12, column: 13 },
        { messageId: 'out-of-order', line: 17, column: 17 },
        { messageId: 'invalid', line: 21, column: 17 },
      ],
    },
  ],
});

describe('signoff-date messages', () => {
  it('names the date, today and what the date follows', () => {
    const found = lint(
      corpusOf({
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - { by: alice, date: 2025-03-10, concern: Open, resolved: 2025-03-01 }
signoffs:
  - { by: alice, date: 2023-02-30, status: Supported, ref: r1 }
  - { by: alice, date: 2026-12-01, status: Supported, ref: r2 }
  - { by: alice, date: 2024-05-01, status: Supported, ref: r3, revoked: { by: alice, date: 2024-04-01, reason: Bug } }
---
`,
      }),
      { today: TODAY, rules: [signoffDate] },
    );
    expect(found.map((d) => d.message)).toEqual([
      'Unexpected resolution date 2025-03-01, before the date it follows (2025-03-10); fix the dates',
      'Unexpected date `2023-02-30`, which is not a calendar day; write a real `YYYY-MM-DD` date',
      'Unexpected date 2026-12-01, after today (2026-06-01); a sign-off cannot be recorded ahead of time',
      'Unexpected revocation date 2024-04-01, before the date it follows (2024-05-01); fix the dates',
    ]);
  });
});
