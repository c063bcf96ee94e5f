import { configConsistency } from '../../../src/lint/rules/config-consistency.js';
import { baseProject, baseRoster } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(configConsistency, {
  valid: [
    { name: 'the base project and roster', files: { 'project.yml': baseProject, 'security-team.yml': baseRoster } },
    {
      name: 'defaults for architectures, statuses and policy',
      files: { 'project.yml': 'name: Minimal\nsections: [General]\n' },
    },
  ],
  invalid: [
    {
      name: 'duplicate arch ids, statuses, sections and organisations',
      files: {
        'project.yml': `name: Dupes
architectures:
  - id: x86
  - id: x86
statuses:
  - name: Supported
    security-supported: true
  - name: Supported
    security-supported: false
sections:
  - General
  - name: General
security-organisations:
  - { id: qemu, name: QEMU }
  - { id: qemu, name: QEMU again }
policy:
  signoff-required-for: [Supported]
  blockers-expected-for: []
`,
      },
      errors: [
        { messageId: 'duplicate', line: 4, column: 9, file: 'project.yml' },
        { messageId: 'duplicate', line: 8, column: 11, file: 'project.yml' },
        { messageId: 'duplicate', line: 12, column: 5, file: 'project.yml' },
        { messageId: 'duplicate', line: 15, column: 11, file: 'project.yml' },
      ],
    },
    {
      name: 'a policy that names a status missing from the vocabulary',
      files: {
        'project.yml': `name: Policy
sections: [General]
policy:
  signoff-required-for: [Supported, Securty Supported]
  blockers-expected-for: [experimental]
`,
      },
      errors: [
        { messageId: 'unknown-policy-status', line: 4, column: 37, file: 'project.yml' },
        { messageId: 'unknown-policy-status', line: 5, column: 27, file: 'project.yml' },
      ],
    },
    {
      name: 'roster dates that are not days, or out of order, and a duplicate member',
      files: {
        'security-team.yml': `members:
  - id: alice
    name: Alice
    active-from: 2024-02-30
  - id: bob
    name: Bob
    active-from: 2024-05-01
    active-until: 2023-05-01
  - id: alice
    name: Alice again
    active-from: 2020-01-01
`,
      },
      errors: [
        { messageId: 'bad-date', line: 4, column: 18, file: 'security-team.yml' },
        { messageId: 'dates-out-of-order', line: 8, column: 19, file: 'security-team.yml' },
        { messageId: 'duplicate', line: 9, column: 9, file: 'security-team.yml' },
      ],
    },
  ],
});
