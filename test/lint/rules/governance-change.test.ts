import { governanceChange } from '../../../src/lint/rules/governance-change.js';
import { baseProject, baseRoster } from '../../helpers/corpus.js';
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

const preview = '---\ntitle: TP\nsection: Guest types\nstatus: Tech Preview\n---\n';

const revoked = `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/0
    revoked: { by: alice, date: 2024-06-01, reason: Found a hole }
---
`;

/** project.yml with 55 statuses more than the base: 50 findings, then one that counts the rest. */
const manyStatuses = baseProject.replace('  - name: Obsolete\n    security-supported: false\n', `  - name: Obsolete\n    security-supported: false\n${Array.from({ length: 55 }, (_, k) => `  - name: Extra ${k}\n    security-supported: false\n`).join('')}`);
const extraLine = (k: number): number => manyStatuses.split('\n').findIndex((l) => l === `  - name: Extra ${k}`) + 1;

const baseline = 'exempt:\n  - { feature: pvh, arch: x86, status: Supported }\n';

testRule(governanceChange, {
  valid: [
    { name: 'nothing changed since the base', base: { 'pvh.md': signed }, files: { 'pvh.md': signed } },
    { name: 'an arch added with no legacy release: its cells need sign-offs of their own', base: { 'tp.md': preview }, files: { 'tp.md': preview, 'project.yml': baseProject.replace('  - id: arm\n', '  - id: arm\n  - id: riscv\n') } },
    { name: 'no base given (plain `check`): the rule does nothing', files: { 'pvh.md': signed, 'project.yml': baseProject.replace('policy:', 'policy:\n  signoff-required-for: [Deprecated]') } },
    {
      name: 'a sign-off appended, a baseline entry removed, and a stale sign-off that covers nothing removed',
      base: {
        'pvh.md': signed.replace('signoffs:\n', 'signoffs:\n  - { by: alice, date: 2024-01-01, status: Tech Preview, ref: old }\n'),
        'signoff-baseline.yml': baseline,
      },
      files: { 'pvh.md': signed.replace('---\n\n', '').replace(/---\n$/, '  - { by: alice, date: 2025-02-01, status: Supported, arch: arm, ref: https://lists.example.org/2 }\n---\n'), 'signoff-baseline.yml': 'exempt: []\n' },
    },
  ],
  invalid: [
    {
      name: 'an unresolved concern of the base resolved by the patch, and another removed with the proposal of its feature',
      base: {
        'a.md': '---\ntitle: A\nsection: Guest types\nstatus: Tech Preview\nproposal:\n  status: Supported\n  concerns:\n    - { by: alice, date: 2026-01-10, concern: Not fuzzed }\n---\n',
        'b.md': '---\ntitle: B\nsection: Guest types\nstatus: Tech Preview\nproposal:\n  status: Supported\n  concerns:\n    - { by: alice, date: 2026-01-11, concern: No audit }\n---\n',
      },
      files: {
        'a.md': '---\ntitle: A\nsection: Guest types\nstatus: Tech Preview\nproposal:\n  status: Supported\n  concerns:\n    - { by: alice, date: 2026-01-10, concern: Not fuzzed, resolved: 2026-05-01 }\n---\n',
        'b.md': '---\ntitle: B\nsection: Guest types\nstatus: Tech Preview\nknown-issues:\n  - summary: Waiting.\n---\n',
      },
      errors: [
        { messageId: 'concern-changed', line: 8, column: 7, file: 'a.md' },
        { messageId: 'concern-changed', line: 2, column: 1, file: 'b.md' },
      ],
    },
    {
      name: 'the title of a signed feature and the name of a signed variant relabelled',
      base: { 'pvh.md': '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\nvariants:\n  - name: PVH domU\n    id: domu\n    status: Supported\nsignoffs:\n  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }\n  - { by: alice, date: 2025-01-10, status: Supported, variant: domu, ref: r2 }\n---\n' },
      files: { 'pvh.md': '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\nvariants:\n  - name: PVH domU\n    id: domu\n    status: Supported\nsignoffs:\n  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }\n  - { by: alice, date: 2025-01-10, status: Supported, variant: domu, ref: r2 }\n---\n'.replace('title: PVH', 'title: PVH and PV').replace('name: PVH domU', 'name: PVH domU with passthrough') },
      errors: [
        { messageId: 'label-changed', line: 2, column: 8 },
        { messageId: 'label-changed', line: 6, column: 11 },
      ],
    },
    {
      name: 'more than 50 changes in one file: the first 50, then how many more',
      base: { 'pvh.md': signed },
      files: { 'pvh.md': signed, 'project.yml': manyStatuses },
      errors: [
        { messageId: 'too-many', line: 1, column: 1, file: 'project.yml' },
        ...Array.from({ length: 50 }, (_, k) => ({ messageId: 'project', line: extraLine(k), column: 5, file: 'project.yml' })),
      ],
    },
    {
      name: 'the policy, the vocabulary and a rule severity changed in project.yml',
      base: { 'pvh.md': signed },
      files: {
        'pvh.md': signed,
        'project.yml': baseProject
          .replace('  - name: Obsolete\n    security-supported: false\n', '  - name: Obsolete\n    security-supported: false\n  - name: "Supported\\u200B"\n    security-supported: false\n')
          .replace('policy:\n  review-after-days: 365\n', 'policy:\n  review-after-days: 365\n  signoff-required-for: [Deprecated]\nrules:\n  governance-change: error\n'),
      },
      errors: [
        { messageId: 'project', line: 17, column: 5, file: 'project.yml' },
        { messageId: 'project', line: 30, column: 26, file: 'project.yml' },
        { messageId: 'project', line: 32, column: 22, file: 'project.yml' },
      ],
    },
    {
      name: 'an arch added while a legacy release (a SUPPORT.md read from git) exists: it would change how that release reads',
      base: { 'tp.md': preview, 'project.yml': `${baseProject}releases:\n  - { name: "1.0", ref: v1.0, format: support-md }\n` },
      files: { 'tp.md': preview, 'project.yml': `${baseProject.replace('  - id: arm\n', '  - id: arm\n  - id: riscv\n')}releases:\n  - { name: "1.0", ref: v1.0, format: support-md }\n` },
      errors: [{ messageId: 'project', line: 6, column: 5, file: 'project.yml' }],
    },
    {
      name: 'a member added with a past active-from, and a member\'s term extended',
      base: { 'pvh.md': signed },
      files: {
        'pvh.md': signed,
        'security-team.yml': baseRoster.replace('active-until: 2023-12-31', 'active-until: 2027-12-31') + '  - id: mallory\n    name: Mallory\n    active-from: 2020-01-01\n',
      },
      errors: [
        { messageId: 'roster', line: 8, column: 19, file: 'security-team.yml' },
        { messageId: 'roster', line: 9, column: 5, file: 'security-team.yml' },
      ],
    },
    {
      name: 'a baseline entry the base does not have',
      base: { 'pvh.md': signed.replace(/signoffs:[\s\S]*?---/, '---'), 'signoff-baseline.yml': 'exempt: []\n' },
      files: { 'pvh.md': signed.replace(/signoffs:[\s\S]*?---/, '---'), 'signoff-baseline.yml': baseline },
      errors: [{ messageId: 'baseline-added', line: 2, column: 5, file: 'signoff-baseline.yml' }],
    },
    {
      name: 'a revoked sign-off deleted, and one that still covers a cell edited (its ref altered)',
      base: { 'pvh.md': revoked },
      files: { 'pvh.md': revoked.replace('ref: https://lists.example.org/1', 'ref: https://lists.example.org/9').replace(/  - by: alice\n    date: 2024-01-10[\s\S]*?Found a hole }\n/, '') },
      errors: [
        { messageId: 'signoff-removed', line: 6, column: 3 },
        { messageId: 'signoff-removed', line: 6, column: 5 },
      ],
    },
  ],
});
