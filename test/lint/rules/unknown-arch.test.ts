import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { unknownArch } from '../../../src/lint/rules/unknown-arch.js';
import { corpusOf, TODAY } from '../../helpers/corpus.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(unknownArch, {
  valid: [
    {
      name: 'project arches everywhere an arch can be written',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Tech Preview
variants:
  - name: PVH dom0
    status: Tech Preview
    arches: [x86, arm]
  - name: PVH domU
    status: Tech Preview
    arches:
      arm: not-implemented
known-issues:
  - summary: Slow on some hosts
    arches: [x86]
limits:
  - name: Guest vCPUs
    value: 128
    bounds: support
    arch: arm
proposal:
  status: Supported
  arch: arm
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: x86
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'the default arches when project.yml lists none',
      files: {
        'project.yml': `name: T
sections: [Guest types]
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches: { x86: applies, arm: applies }
---
`,
      },
    },
    {
      name: 'arches given by the project',
      files: {
        'project.yml': `name: T
sections: [Guest types]
architectures:
  - id: riscv64
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  riscv64: applies
---
`,
      },
    },
  ],
  invalid: [
    {
      name: 'an arch a note is scoped to (a note on no cell would be shown nowhere)',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
notes:
  - text: Only on big hosts.
    arches: [x86, riscv]
---
`,
      },
      errors: [{ messageId: 'unknown', line: 7, column: 19 }],
    },
    {
      name: 'unknown keys of the arches map are reported at the key',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  x86: applies
  amd64: applies
  aarch64:
    status: Tech Preview
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 7, column: 3 },
        { messageId: 'unknown', line: 8, column: 3 },
      ],
    },
    {
      name: 'arch ids are case-sensitive',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches: { X86: applies, ARM: not-implemented }
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 5, column: 11 },
        { messageId: 'unknown', line: 5, column: 25 },
      ],
    },
    {
      name: 'unknown arches in variant lists and variant maps',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
variants:
  - name: PVH dom0
    status: Tech Preview
    arches: [x86, arm64]
  - name: PVH domU
    status: Tech Preview
    arches:
      ppc: applies
      arm: applies
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 8, column: 19 },
        { messageId: 'unknown', line: 12, column: 7 },
      ],
    },
    {
      name: 'unknown arches in sign-offs, known issues, limits and the proposal',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
known-issues:
  - summary: Slow on some hosts
    arches: [x86, x64]
  - summary: Crashes on old hosts
    arches:
      - i386
limits:
  - name: Guest vCPUs
    value: 128
    bounds: support
    arch: arm32
proposal:
  status: Supported
  arch: riscv
signoffs:
  - by: alice
    date: 2025-01-10
    status: Supported
    arch: amd64
    ref: https://lists.example.org/1
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 7, column: 19 },
        { messageId: 'unknown', line: 10, column: 9 },
        { messageId: 'unknown', line: 15, column: 11 },
        { messageId: 'unknown', line: 18, column: 9 },
        { messageId: 'unknown', line: 23, column: 11 },
      ],
    },
    {
      name: 'a default arch outside the arches given by the project',
      files: {
        'project.yml': `name: T
sections: [Guest types]
architectures:
  - id: riscv64
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
arches:
  riscv64: applies
  x86: applies
---
`,
      },
      errors: [{ messageId: 'unknown', line: 7, column: 3 }],
    },
  ],
});

describe('unknown-arch messages', () => {
  const messages = (arches: string): string[] =>
    lint(corpusOf({ 'pvh.md': `---\ntitle: PVH\nsection: Guest types\nstatus: Supported\narches: ${arches}\n---\n` }), { today: TODAY, rules: [unknownArch] }).map(
      (d) => d.message,
    );

  it('suggests the arch meant and lists the project arches', () => {
    expect(messages('{ X86: applies, arm64: applies, amd64: applies }')).toEqual([
      'Unexpected arch `X86` (did you mean `x86`?), expected one of `x86`, `arm`',
      'Unexpected arch `arm64` (did you mean `arm`?), expected one of `x86`, `arm`',
      'Unexpected arch `amd64`, expected one of `x86`, `arm`',
    ]);
  });
});
