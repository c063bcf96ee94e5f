import { describe, expect, it } from 'vitest';
import { lint } from '../../../src/lint/engine.js';
import { signoffSigner } from '../../../src/lint/rules/signoff-signer.js';
import { testRule } from '../../helpers/rule-tester.js';
import { resolveCells } from '../../../src/model/cells.js';
import { claimNow, revocationStatement, SIGNATURE_NAMESPACE } from '../../../src/model/claims.js';
import { ed25519FromSeed, signEd25519 } from '../../../src/signature/sshsig.js';
import { baseProject, corpusOf, TODAY } from '../../helpers/corpus.js';

testRule(signoffSigner, {
  valid: [
    {
      name: 'sign-offs by a current member and by a former member within their active period',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2020-01-01
    status: Tech Preview
    ref: https://lists.example.org/1
  - by: bob
    date: 2023-12-31
    status: Supported
    ref: https://lists.example.org/2
  - by: alice
    date: 2026-01-10
    status: Supported
    ref: https://lists.example.org/3
---
`,
      },
    },
    {
      name: 'a revocation and concerns by members active on their dates',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
proposal:
  status: Supported
  concerns:
    - by: bob
      date: 2023-03-01
      concern: No fuzzing yet
      resolved: 2024-02-01
    - by: alice
      date: 2025-03-01
      concern: Needs another review
      resolved: 2025-04-01
signoffs:
  - by: bob
    date: 2023-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: bob, date: 2023-06-01, reason: Signed off too early }
  - by: alice
    date: 2025-05-01
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
    },
    {
      name: 'an impossible date is left to signoff-date, not reported as an inactive signer',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2023-02-30
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: alice, date: 2025-02-29, reason: Bad date }
---
`,
      },
    },
    {
      name: 'a roster given by the case',
      files: {
        'security-team.yml': `members:
  - id: carol
    name: Carol Example
    active-from: 2024-01-01
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: carol
    date: 2024-01-01
    status: Supported
    ref: https://lists.example.org/1
---
`,
      },
    },
    {
      name: 'a feature without sign-offs or proposal',
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
      name: 'a sign-off by someone not on the roster, and a near miss of a member id',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: mallory
    date: 2025-01-10
    status: Supported
    ref: https://lists.example.org/1
  - by: alcie
    date: 2025-01-11
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 6, column: 9 },
        { messageId: 'unknown', line: 10, column: 9 },
      ],
    },
    {
      name: 'member ids are case-sensitive',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: Alice, date: 2025-01-10, status: Supported, ref: https://lists.example.org/1 }
---
`,
      },
      errors: [{ messageId: 'unknown', line: 6, column: 11 }],
    },
    {
      name: 'a sign-off by a member after they left and one before they joined',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: bob
    date: 2019-12-31
    status: Tech Preview
    ref: https://lists.example.org/1
  - by: bob
    date: 2024-01-01
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
      errors: [
        { messageId: 'inactive', line: 6, column: 9 },
        { messageId: 'inactive', line: 10, column: 9 },
      ],
    },
    {
      name: 'a revocation by an unknown member and one by a member no longer active',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2023-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked:
      by: eve
      date: 2023-06-01
      reason: Signed off too early
  - by: alice
    date: 2024-01-10
    status: Supported
    ref: https://lists.example.org/2
    revoked: { by: bob, date: 2024-06-01, reason: Missed a bug }
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 11, column: 11 },
        { messageId: 'inactive', line: 18, column: 20 },
      ],
    },
    {
      name: 'the signer and the revoker are both checked',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: mallory
    date: 2023-01-10
    status: Supported
    ref: https://lists.example.org/1
    revoked: { by: trudy, date: 2023-06-01, reason: Not a member }
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 6, column: 9 },
        { messageId: 'unknown', line: 10, column: 20 },
      ],
    },
    {
      name: 'concerns by an unknown member and by a former member',
      files: {
        'pvh.md': `---
title: PVH
section: Guest types
status: Tech Preview
proposal:
  status: Supported
  concerns:
    - by: dave
      date: 2025-03-01
      concern: Not fuzzed
    - by: bob
      date: 2025-03-02
      concern: Needs review
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 8, column: 11 },
        { messageId: 'inactive', line: 11, column: 11 },
      ],
    },
    {
      name: 'a member of the default roster who is not on the roster given by the case',
      files: {
        'security-team.yml': `members:
  - id: carol
    name: Carol Example
    active-from: 2024-01-01
    active-until: 2024-12-31
`,
        'pvh.md': `---
title: PVH
section: Guest types
status: Supported
signoffs:
  - by: alice
    date: 2024-06-01
    status: Supported
    ref: https://lists.example.org/1
  - by: carol
    date: 2025-01-01
    status: Supported
    ref: https://lists.example.org/2
---
`,
      },
      errors: [
        { messageId: 'unknown', line: 6, column: 9 },
        { messageId: 'inactive', line: 10, column: 9 },
      ],
    },
  ],
});

describe('signoff-signer messages', () => {
  const messages = (md: string): string[] => lint(corpusOf({ 'pvh.md': md }), { today: TODAY, rules: [signoffSigner] }).map((d) => d.message);

  it('suggests the nearest member id and gives the active period', () => {
    expect(
      messages(`---
title: PVH
section: Guest types
status: Supported
signoffs:
  - { by: alcie, date: 2025-01-10, status: Supported, ref: r1 }
  - { by: mallory, date: 2025-01-10, status: Supported, ref: r2 }
  - { by: bob, date: 2024-01-01, status: Supported, ref: r3 }
  - { by: alice, date: 2019-01-01, status: Supported, ref: r4 }
---
`),
    ).toEqual([
      'Unexpected `alcie`, not on the security-team roster (did you mean `alice`?); use a member id from security-team.yml',
      'Unexpected `mallory`, not on the security-team roster; use a member id from security-team.yml',
      '`bob` was not an active security-team member on 2024-01-01 (active 2020-01-01 to 2023-12-31); a sign-off must be by a member active on its date',
      '`alice` was not an active security-team member on 2019-01-01 (active 2020-01-01 to now); a sign-off must be by a member active on its date',
    ]);
  });

  it('says when the roster is missing or empty', () => {
    const found = lint(
      corpusOf({
        'security-team.yml': 'members: []\n',
        'pvh.md': '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\nsignoffs:\n  - { by: alice, date: 2025-01-10, status: Supported, ref: r1 }\n---\n',
      }),
      { today: TODAY, rules: [signoffSigner] },
    );
    expect(found.map((d) => d.message)).toEqual(['Unexpected `alice`, not on the security-team roster (features/security-team.yml is missing or lists no members); use a member id from security-team.yml']);
  });
});

// Signatures, made in-process in the SSHSIG format ssh-keygen writes (test/signature
// checks that the real ssh-keygen agrees).
const ALICE = ed25519FromSeed(Buffer.alloc(32, 1), 'alice');
const OTHER = ed25519FromSeed(Buffer.alloc(32, 2), 'other');
const roster = `members:\n  - id: alice\n    name: Alice\n    active-from: 2020-01-01\n    keys: ["${ALICE.publicLine}", "ssh-ed25519 not-base64 broken"]\n`;
const project = (signed: boolean): string => baseProject.replace('policy:\n', `policy:\n  require-signed-signoffs: ${signed}\n`);
const feature = '---\ntitle: PVH\nsection: Guest types\nstatus: Supported\nsignoffs:\n  - by: alice\n    date: 2025-01-10\n    status: Supported\n    ref: https://lists.example.org/1\n---\n';

/** The feature with its sign-off sealed (claim), signed with `key` (or not), and optionally revoked with a signature by `revokeKey`. */
function signedFeature(key: typeof ALICE | undefined, options: { tamper?: boolean; revokeKey?: typeof ALICE } = {}): string {
  const corpus = corpusOf({ 'project.yml': project(true), 'pvh.md': feature }, { seal: false });
  const f = corpus.features[0];
  const entry = f?.data.signoffs?.[0];
  if (!f || !entry) throw new Error('no feature');
  const cells = resolveCells(f, corpus.project);
  const claim = claimNow(entry, f, cells);
  if (!claim) throw new Error('no claim');
  const lines = ['    claim:', `      sha256: ${claim.sha256}`, '      cells:', ...Object.entries(claim.stored.cells).map(([a, d]) => `        ${a}: ${d}`)];
  if (key) lines.push('    signature: |', ...signEd25519(key.privateKey, options.tamper ? `${claim.text} ` : claim.text, SIGNATURE_NAMESPACE).trim().split('\n').map((l) => `      ${l}`));
  if (options.revokeKey) {
    const revoked = { by: 'alice', date: '2025-06-01', reason: 'Hole found' };
    const statement = revocationStatement(claim.sha256, { ...revoked, reason: 'Something else' });
    lines.push('    revoked:', '      by: alice', '      date: 2025-06-01', '      reason: Hole found', '      signature: |', ...signEd25519(options.revokeKey.privateKey, statement.text, SIGNATURE_NAMESPACE).trim().split('\n').map((l) => `        ${l}`));
  }
  return feature.replace('    ref: https://lists.example.org/1\n', `    ref: https://lists.example.org/1\n${lines.join('\n')}\n`);
}

function findings(text: string, signed = true): Array<{ file: string; line: number; column: number; messageId: string }> {
  const corpus = corpusOf({ 'project.yml': project(signed), 'security-team.yml': roster, 'pvh.md': text }, { seal: false });
  expect(corpus.diagnostics).toEqual([]);
  return lint(corpus, { today: TODAY, rules: [signoffSigner] }).map((d) => ({ file: d.file, line: d.line, column: d.column, messageId: d.messageId }));
}

describe('signoff-signer (SM102): signatures', () => {
  it('a signature by the signer\'s key over the claim: no finding; the unparsable key line is reported in the roster', () => {
    expect(findings(signedFeature(ALICE))).toEqual([{ file: 'features/security-team.yml', line: 5, column: 102, messageId: 'bad-key' }]);
  });

  it('another key, or a signature over another claim, is bad-signature at the signature', () => {
    for (const text of [signedFeature(OTHER), signedFeature(ALICE, { tamper: true })]) {
      expect(findings(text).filter((f) => f.file !== 'features/security-team.yml')).toEqual([{ file: 'features/pvh.md', line: 15, column: 16, messageId: 'bad-signature' }]);
    }
  });

  it('an unsigned entry that covers a cell is unsigned under require-signed-signoffs, and fine without it', () => {
    expect(findings(signedFeature(undefined)).filter((f) => f.file !== 'features/security-team.yml')).toEqual([{ file: 'features/pvh.md', line: 6, column: 5, messageId: 'unsigned' }]);
    expect(findings(signedFeature(undefined), false).filter((f) => f.file !== 'features/security-team.yml')).toEqual([]);
  });

  it('a revocation signed over another statement is reported; history (a revoked entry) need not be signed', () => {
    expect(findings(signedFeature(ALICE, { revokeKey: ALICE })).filter((f) => f.file !== 'features/security-team.yml')).toEqual([{ file: 'features/pvh.md', line: 26, column: 18, messageId: 'bad-revocation-signature' }]);
  });
});
