import { releaseDatesRule } from '../../../src/lint/rules/release-dates.js';
import { testRule } from '../../helpers/rule-tester.js';

const head = 'name: P\nsections: [Guest types]\n';

testRule(releaseDatesRule, {
  valid: [
    {
      name: 'explicit dates in order, an unreleased line with TBD, and lifecycle-computed dates',
      files: {
        'project.yml': `${head}lifecycle:
  supported-months: 18
  security-supported-months: 36
releases:
  - name: "2.0"
    ref: v2.0
    initial-release: 2024-03-01
  - name: "1.9"
    ref: v1.9
    initial-release: 2023-03-01
    supported-until: 2024-06-30
    security-support-until: 2025-03-01
  - name: unstable
    ref: main
    initial-release: TBD
    supported-until: TBD
`,
      },
    },
  ],
  invalid: [
    {
      name: 'TBD or missing end dates on a released version',
      files: {
        'project.yml': `${head}releases:
  - name: "1.0"
    ref: v1.0
    initial-release: 2024-01-10
    supported-until: TBD
    security-support-until: 2026-01-10
  - name: "1.1"
    ref: v1.1
    initial-release: 2024-06-10
    supported-until: 2025-06-10
`,
      },
      errors: [
        { messageId: 'tbd', line: 7, column: 22, file: 'project.yml' },
        { messageId: 'no-end', line: 11, column: 22, file: 'project.yml' },
      ],
    },
    {
      name: 'dates out of order, explicit or computed, and a date that does not exist',
      files: {
        'project.yml': `${head}lifecycle:
  supported-months: 24
  security-supported-months: 12
releases:
  - name: "1.0"
    ref: v1.0
    initial-release: 2024-01-10
    supported-until: 2023-12-01
    security-support-until: 2025-01-10
  - name: "1.1"
    ref: v1.1
    initial-release: 2024-06-10
  - name: "1.2"
    ref: v1.2
    initial-release: 2024-02-30
`,
      },
      errors: [
        { messageId: 'out-of-order', line: 10, column: 22, file: 'project.yml' },
        { messageId: 'out-of-order', line: 14, column: 22, file: 'project.yml' },
        { messageId: 'bad-date', line: 17, column: 22, file: 'project.yml' },
      ],
    },
    {
      name: 'two releases with one name or one ref',
      files: {
        'project.yml': `${head}releases:
  - { name: "1.0", ref: v1.0 }
  - { name: "1.0", ref: v1.0 }
`,
      },
      errors: [
        { messageId: 'duplicate', line: 5, column: 13, file: 'project.yml' },
        { messageId: 'duplicate', line: 5, column: 25, file: 'project.yml' },
      ],
    },
  ],
});
