import { backport } from '../../../src/lint/rules/backport.js';
import { testRule } from '../../helpers/rule-tester.js';

const signed = (status: string): string => `signoffs:
  - by: alice
    date: 2025-01-10
    status: ${status}
    ref: https://lists.example.org/1
`;
const feature = (status: string, extra = ''): string => `---
title: PVH
section: Guest types
status: ${status}
${extra}${status === 'Supported' ? signed('Supported') : 'known-issues:\n  - summary: Found a hole\n'}---
`;
// A release still security-supported on TODAY (2026-06-01), and one long out of support.
const current = { name: '2.0', ref: 'v2.0', 'initial-release': '2025-01-01', 'supported-until': '2026-01-01', 'security-support-until': '2027-01-01' };
const old = { name: '1.0', ref: 'v1.0', 'initial-release': '2022-01-01', 'supported-until': '2023-01-01', 'security-support-until': '2024-01-01' };

testRule(backport, {
  valid: [
    {
      name: 'the main line and the release agree',
      files: { 'pvh.md': feature('Supported') },
      releases: [{ config: current, files: { 'pvh.md': feature('Supported') } }],
    },
    {
      name: 'an upgrade on the main line is not owed to releases',
      files: { 'pvh.md': feature('Supported') },
      releases: [{ config: current, files: { 'pvh.md': feature('Tech Preview') } }],
    },
    {
      name: 'a downgrade a release no longer security-supported keeps',
      files: { 'pvh.md': feature('Tech Preview') },
      releases: [{ config: old, files: { 'pvh.md': feature('Supported') } }],
    },
    {
      name: 'no releases read',
      files: { 'pvh.md': feature('Tech Preview') },
    },
  ],
  invalid: [
    {
      name: 'the main line withdrew Supported on one arch but the release still says Supported',
      files: { 'pvh.md': feature('Supported', 'arches:\n  x86: applies\n  arm:\n    status: Tech Preview\n') },
      releases: [
        { config: current, files: { 'pvh.md': feature('Supported') } },
        { config: old, files: { 'pvh.md': feature('Supported') } },
      ],
      errors: [{ messageId: 'missing', line: 8, column: 13 }],
    },
    {
      name: 'the main line withdrew security support; the release of a renamed feature keeps it',
      files: { 'pvh.md': feature('Supported', 'security-support: "no"\naliases: [guests/pvh]\n') },
      releases: [{ config: current, files: { 'guests/pvh.md': feature('Supported') } }],
      errors: [{ messageId: 'missing', line: 4, column: 9 }],
    },
  ],
});
