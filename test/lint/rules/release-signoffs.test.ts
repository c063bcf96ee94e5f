import { releaseSignoffs } from '../../../src/lint/rules/release-signoffs.js';
import { testRule } from '../../helpers/rule-tester.js';

const signed = `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
---
`;
const unsigned = '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\n---\n';
const release = { name: '1.0', ref: 'v1.0' };

testRule(releaseSignoffs, {
  valid: [
    { name: 'a release whose Supported cells are signed off', files: { 'pvh.md': signed }, releases: [{ config: release, files: { 'pvh.md': signed } }] },
    {
      name: 'a release whose unsigned cells its own baseline exempts (shown as exempt, not as signed)',
      files: { 'pvh.md': signed },
      releases: [{ config: release, files: { 'pvh.md': unsigned, 'signoff-baseline.yml': 'exempt:\n  - { feature: pvh, arch: x86, status: Supported }\n  - { feature: pvh, arch: arm, status: Supported }\n' } }],
    },
    { name: 'no releases', files: { 'pvh.md': unsigned } },
  ],
  invalid: [
    {
      name: 'a release tree holding an unsigned Supported feature',
      files: { 'pvh.md': signed },
      releases: [{ config: release, files: { 'pvh.md': unsigned } }],
      errors: [{ messageId: 'unsigned', line: 4, column: 9 }],
    },
    {
      name: 'a release whose sign-off the working tree revoked (a pasted copy elsewhere stays revoked)',
      files: {
        'pvh.md': signed.replace('    ref: https://lists.example.org/1\n', '    ref: https://lists.example.org/1\n    revoked: { by: alice, date: 2025-06-01, reason: Hole found }\n'),
      },
      releases: [{ config: release, files: { 'pvh.md': signed } }],
      errors: [{ messageId: 'unsigned', line: 4, column: 9 }],
    },
  ],
});
