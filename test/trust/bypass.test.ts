/**
 * One-patch attacks on the sign-off verdict, each a pull request against the
 * sample corpus in a real git repository (`main` = the sample, `pr` = the
 * patch, committed). `check features --base main` must fail at the changed
 * file and line, and `diff main` must list the change where the security
 * team looks (governance section, or a changed cell that needs a sign-off),
 * in text and JSON. Legitimate versions of the same patches pass.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, copySample } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';
import type { Repo } from '../releases/repo.js';
import {
  at,
  checkJson,
  diffJson,
  diffOf,
  diffSections,
  fingerprintOf,
  NEW_FILE,
  NEW_ID,
  openPr,
  ownKey,
  placeIn,
  read,
  replaceIn,
  replaceOnce,
  sampleRepo,
  signedCommit,
  testKey,
  TODAY,
  UNSIGNED_FEATURE,
  withClaim,
  write,
  type Finding,
  type Place,
} from './helpers.js';

const PROJECT = 'features/project.yml';
const ROSTER = 'features/security-team.yml';
const BASELINE = 'features/signoff-baseline.yml';
const CORE = 'features/scheduling/core-scheduling.md';
const FAIRSHARE = 'features/scheduling/fairshare.md';
const REVIEW = 'https://lists.example.org/kestrel-security/2026-05/msg00077.html';
// Hooks that build repositories and sign with ssh-keygen need more than the 10 s default on 2 cores.
const SETUP = 60_000;

/** What `check --base main` must report: an error of `rule` at `place`, whose message contains `message`. */
interface Expected {
  rule: string;
  messageId?: string;
  place: Place;
  message?: string;
}

/** A changed cell that `diff` must show as needing a sign-off. */
interface Unsigned {
  feature: string;
  arch: string;
  variant?: string;
  place: Place;
  reason?: string;
}

function errorAt(e: Expected): unknown {
  return expect.objectContaining({
    ruleName: e.rule,
    severity: 'error',
    file: e.place.file,
    line: e.place.line,
    column: e.place.column,
    ...(e.messageId !== undefined ? { messageId: e.messageId } : {}),
    ...(e.message !== undefined ? { message: expect.stringContaining(e.message) } : {}),
  });
}

/** `check --base main` exits 1 with every expected error. */
async function expectCheckFails(dir: string, expected: Expected[]): Promise<Finding[]> {
  const { code, findings } = await checkJson(dir);
  for (const e of expected) expect(findings).toContainEqual(errorAt(e));
  expect(code).toBe(1);
  return findings;
}

/** `diff main` exits 1 and lists each governance finding at its place in the governance section, in text and JSON. */
async function expectDiffGovernance(dir: string, expected: Array<{ place: Place; messageId: string; message?: string }>): Promise<void> {
  const text = await diffOf(dir);
  expect(text.stderr).toBe('');
  const { governance } = diffSections(text.stdout);
  for (const e of expected) {
    const line = governance.find((l) => l.startsWith(`✗ ${at(e.place)}  `));
    expect(line, `${at(e.place)} in the governance section of\n${text.stdout}`).toBeDefined();
    if (e.message !== undefined) expect(line).toContain(e.message);
  }
  expect(text.code).toBe(1);
  const json = await diffJson(dir);
  for (const e of expected) {
    expect(json.report.governance).toContainEqual(expect.objectContaining({ ...e.place, messageId: e.messageId, ...(e.message !== undefined ? { message: expect.stringContaining(e.message) } : {}) }));
  }
  expect(json.code).toBe(1);
}

/** `diff main` exits 1 and shows each cell as changed and needing a sign-off, at its place, in text and JSON. */
async function expectDiffUnsigned(dir: string, cells: Unsigned[]): Promise<void> {
  const text = await diffOf(dir);
  expect(text.stderr).toBe('');
  const { changes } = diffSections(text.stdout);
  for (const c of cells) {
    const line = changes.find((l) => l.startsWith(`✗ ${c.feature}${c.variant !== undefined ? ` [${c.variant}]` : ''} on ${c.arch}: `));
    expect(line, `${c.feature} on ${c.arch} in\n${text.stdout}`).toBeDefined();
    expect(line).toContain('NEEDS A SIGN-OFF');
    expect(line).toContain(`(${at(c.place)})`);
    if (c.reason !== undefined) expect(line).toContain(c.reason);
  }
  expect(text.code).toBe(1);
  const json = await diffJson(dir);
  for (const c of cells) {
    expect(json.report.changes).toContainEqual(expect.objectContaining({ feature: c.feature, variant: c.variant ?? null, arch: c.arch, needsSignoff: true, signedOff: false, location: c.place }));
  }
  expect(json.report.unsigned).toBeGreaterThanOrEqual(cells.length);
  expect(json.code).toBe(1);
}

/** The sample on `main`, branch `pr` checked out, `patch` applied and committed. */
async function attack(patch: (repo: Repo) => Promise<void>, prepareBase?: (repo: Repo) => Promise<void>): Promise<Repo> {
  const repo = await sampleRepo();
  if (prepareBase) {
    await prepareBase(repo);
    repo.commit('base');
  }
  openPr(repo);
  await patch(repo);
  repo.commit('patch');
  return repo;
}

/** The `Supported` value of the feature-level `status:` line of a feature file. */
function featureStatus(file: string, text: string): Place {
  return placeIn(file, text, 'Supported', '\nstatus: ');
}

describe('control: the sample with no patch', () => {
  let repo: Repo;
  beforeAll(async () => {
    repo = await sampleRepo();
    openPr(repo);
  }, SETUP);

  it('passes check --base main with no finding', async () => {
    const { code, findings } = await checkJson(repo.dir);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });

  it('has an empty diff that exits 0, in text and JSON', async () => {
    const text = await diffOf(repo.dir);
    expect(text.stdout).toBe('main → working tree: 0 cells changed, 0 features added, 0 removed, 0 renamed; 0 changed cells lack a sign-off; 0 governance changes; 0 new sign-offs\n');
    expect(text.code).toBe(0);
    const json = await diffJson(repo.dir);
    expect(json.report).toMatchObject({ changes: [], governance: [], signoffs: [], unsigned: 0 });
    expect(json.code).toBe(0);
  });
});

describe('attack 1: the author adds themself to the roster and signs their own feature', () => {
  let repo: Repo;
  let roster: string;
  let feature: string;
  beforeAll(async () => {
    const mallory = await ownKey('mallory@example.org');
    repo = await attack(async (r) => {
      roster = await replaceIn(r, ROSTER, 'members:\n', `members:\n  - id: mallory\n    name: Mallory\n    email: mallory@example.org\n    keys:\n      - ${JSON.stringify(mallory.pub)}\n    active-from: 2020-01-01\n`);
      write(r, NEW_FILE, UNSIGNED_FEATURE);
      const signed = await cli(['signoff', NEW_ID, '--by', 'mallory', '--key', mallory.key, '--ref', REVIEW, '--today', TODAY], r.dir);
      expect(signed.stderr).toBe('');
      expect(signed.code).toBe(0);
      feature = await read(r, NEW_FILE);
    });
  }, SETUP);

  it('is a real attack: the sign-off is signed and claim-bound, and plain check (the head judging itself) passes', async () => {
    expect(feature).toMatch(/ {2}- by: "?mallory"?\n/);
    expect(feature).toContain('-----BEGIN SSH SIGNATURE-----');
    expect(feature).toMatch(/\n {4}claim:\n {6}sha256: [0-9a-f]{64}\n/);
    const plain = await checkJson(repo.dir, null);
    expect(plain.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('check --base fails at the new roster member and at the status the forged sign-off would cover', async () => {
    await expectCheckFails(repo.dir, [
      { rule: 'governance-change', messageId: 'roster', place: placeIn(ROSTER, roster, 'id: mallory'), message: 'Roster `mallory` changed from nothing' },
      { rule: 'supported-requires-signoff', place: featureStatus(NEW_FILE, feature), message: 'sign-off #1 by `mallory` on 2026-06-01 is by someone not on the roster' },
    ]);
  });

  it('diff lists the roster change as governance, both cells as unsigned, and the forged entry as covering nothing', async () => {
    await expectDiffGovernance(repo.dir, [{ place: placeIn(ROSTER, roster, 'id: mallory'), messageId: 'roster' }]);
    const place = featureStatus(NEW_FILE, feature);
    await expectDiffUnsigned(repo.dir, [
      { feature: NEW_ID, arch: 'x86', place, reason: 'is by someone not on the roster' },
      { feature: NEW_ID, arch: 'arm', place, reason: 'is by someone not on the roster' },
    ]);
    const { report } = await diffJson(repo.dir);
    expect(report.signoffs).toEqual([expect.objectContaining({ feature: NEW_ID, index: 0, by: 'mallory', signed: false, signature: 'bad-signature', covers: false })]);
  });
});

describe('attack 2: the patch rewrites the policy', () => {
  describe('Supported no longer needs a sign-off', () => {
    let repo: Repo;
    let project: string;
    beforeAll(async () => {
      repo = await attack(async (r) => {
        project = await replaceIn(r, PROJECT, 'signoff-required-when-security-supported: true\n  signoff-required-for: [Supported]', 'signoff-required-when-security-supported: false\n  signoff-required-for: [Deprecated]');
        write(r, NEW_FILE, UNSIGNED_FEATURE);
      });
    }, SETUP);

    it('is a real attack: plain check passes', async () => {
      expect((await checkJson(repo.dir, null)).code).toBe(0);
    });

    it('check --base fails at both policy values and at the unsigned Supported status', async () => {
      await expectCheckFails(repo.dir, [
        { rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, 'false', 'signoff-required-when-security-supported:'), message: '`policy.signoff-required-when-security-supported` changed from `true` to `false`' },
        { rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, 'Deprecated', 'signoff-required-for:'), message: '`policy.signoff-required-for[0]` changed from `"Supported"` to `"Deprecated"`' },
        { rule: 'supported-requires-signoff', messageId: 'missing', place: featureStatus(NEW_FILE, UNSIGNED_FEATURE) },
      ]);
    });

    it('diff lists the policy change as governance and both cells as unsigned', async () => {
      await expectDiffGovernance(repo.dir, [
        { place: placeIn(PROJECT, project, 'false', 'signoff-required-when-security-supported:'), messageId: 'project' },
        { place: placeIn(PROJECT, project, 'Deprecated', 'signoff-required-for:'), messageId: 'project' },
      ]);
      const place = featureStatus(NEW_FILE, UNSIGNED_FEATURE);
      await expectDiffUnsigned(repo.dir, [
        { feature: NEW_ID, arch: 'x86', place },
        { feature: NEW_ID, arch: 'arm', place },
      ]);
    });
  });

  describe('unsigned sign-offs count again', () => {
    let repo: Repo;
    let project: string;
    let feature: string;
    beforeAll(async () => {
      repo = await attack(async (r) => {
        project = await replaceIn(r, PROJECT, 'require-signed-signoffs: true', 'require-signed-signoffs: false');
        write(r, NEW_FILE, UNSIGNED_FEATURE);
        // Anyone can write an entry in a member's name with a correct claim; only the signature needs the key.
        const entry = await cli(['signoff', NEW_ID, '--by', 'mwebb', '--ref', REVIEW, '--today', TODAY], r.dir);
        expect(entry.code, entry.stderr).toBe(0);
        feature = await read(r, NEW_FILE);
      });
    }, SETUP);

    it('is a real attack: the entry has a correct claim and no signature, and plain check passes', async () => {
      expect(feature).toMatch(/\n {4}claim:\n {6}sha256: [0-9a-f]{64}\n/);
      expect(feature).not.toContain('signature:');
      expect((await checkJson(repo.dir, null)).code).toBe(0);
    });

    it('check --base fails at the policy value and at the status, because the sign-off is unsigned', async () => {
      await expectCheckFails(repo.dir, [
        { rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, 'false', 'require-signed-signoffs:'), message: '`policy.require-signed-signoffs` changed from `true` to `false`' },
        { rule: 'supported-requires-signoff', messageId: 'not-covering', place: featureStatus(NEW_FILE, feature), message: 'sign-off #1 by `mwebb` on 2026-06-01 has no signature, which `policy.require-signed-signoffs` needs' },
      ]);
    });

    it('diff lists the policy change as governance, the cells as unsigned and the entry as UNSIGNED', async () => {
      await expectDiffGovernance(repo.dir, [{ place: placeIn(PROJECT, project, 'false', 'require-signed-signoffs:'), messageId: 'project' }]);
      const place = featureStatus(NEW_FILE, feature);
      await expectDiffUnsigned(repo.dir, [
        { feature: NEW_ID, arch: 'x86', place, reason: 'has no signature' },
        { feature: NEW_ID, arch: 'arm', place, reason: 'has no signature' },
      ]);
      const text = await diffOf(repo.dir);
      expect(diffSections(text.stdout).signoffs).toContainEqual(expect.stringMatching(/^\+ security\/attestation-agent #1: Supported by mwebb on 2026-06-01 \(claim x86, arm; UNSIGNED\) covers no cell/));
    });
  });
});

describe('attack 3: a look-alike status', () => {
  const cases = [
    { name: 'Supported + zero-width space', yaml: '"Supported\\u200B"', used: 'Supported\u200B', codePoint: 'U+200B' },
    { name: 'Supported with a Cyrillic е', yaml: 'Support\u0435d', used: 'Support\u0435d', codePoint: 'U+0435' },
  ];
  for (const c of cases) {
    describe(`declared in project.yml as not security supported: ${c.name}`, () => {
      let repo: Repo;
      let project: string;
      let feature: string;
      beforeAll(async () => {
        repo = await attack(async (r) => {
          project = await replaceIn(r, PROJECT, '\nsections:\n', `  - name: ${c.yaml}\n    description: Recommended for production.\n    security-supported: false\n\nsections:\n`);
          feature = UNSIGNED_FEATURE.replace('status: Supported', `status: ${c.used}`);
          write(r, NEW_FILE, feature);
        });
      }, SETUP);

      it('check --base fails at the new status name and at the status the feature uses', async () => {
        await expectCheckFails(repo.dir, [
          { rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, `name: ${c.yaml}`), message: '`statuses[5]` changed from nothing' },
          { rule: 'unknown-status', messageId: 'unknown', place: placeIn(NEW_FILE, feature, c.used, '\nstatus: '), message: c.codePoint },
        ]);
      });

      it('diff lists the vocabulary change as governance', async () => {
        await expectDiffGovernance(repo.dir, [{ place: placeIn(PROJECT, project, `name: ${c.yaml}`), messageId: 'project', message: '`statuses[5]` changed from nothing' }]);
      });
    });
  }

  describe('unknown-status turned off in rules', () => {
    let repo: Repo;
    let project: string;
    const feature = UNSIGNED_FEATURE.replace('status: Supported', 'status: Support\u0435d');
    beforeAll(async () => {
      repo = await attack(async (r) => {
        project = await replaceIn(r, PROJECT, '\nadvisories:', '\nrules:\n  unknown-status: "off"\n\nadvisories:');
        write(r, NEW_FILE, feature);
      });
    }, SETUP);

    it('check --base fails at the rule setting and still reports the look-alike status', async () => {
      await expectCheckFails(repo.dir, [
        { rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, '"off"'), message: '`rules.unknown-status` changed from nothing to `"off"`' },
        { rule: 'unknown-status', messageId: 'unknown', place: placeIn(NEW_FILE, feature, 'Support\u0435d', '\nstatus: '), message: 'U+0435' },
      ]);
    });

    it('diff lists the rule change as governance', async () => {
      await expectDiffGovernance(repo.dir, [{ place: placeIn(PROJECT, project, '"off"'), messageId: 'project' }]);
    });
  });

  describe('used without touching project.yml', () => {
    let repo: Repo;
    const feature = UNSIGNED_FEATURE.replace('status: Supported', 'status: Support\u0435d');
    beforeAll(async () => {
      repo = await attack(async (r) => write(r, NEW_FILE, feature));
    }, SETUP);

    it('check --base fails at the look-alike status', async () => {
      await expectCheckFails(repo.dir, [{ rule: 'unknown-status', messageId: 'unknown', place: placeIn(NEW_FILE, feature, 'Support\u0435d', '\nstatus: '), message: 'did you mean `Supported`?' }]);
    });

    // A cell whose status the base's vocabulary does not know cannot be judged
    // "needs no sign-off": the reviewer sees `Supportеd` and exit 0.
    it('diff shows cells whose status is not in the base vocabulary as needing a sign-off', async () => {
      const place = placeIn(NEW_FILE, feature, 'Support\u0435d', '\nstatus: ');
      await expectDiffUnsigned(repo.dir, [
        { feature: NEW_ID, arch: 'x86', place, reason: 'is not a status of the vocabulary' },
        { feature: NEW_ID, arch: 'arm', place, reason: 'is not a status of the vocabulary' },
      ]);
    });
  });
});

describe('attack 4: rewriting sign-off history', () => {
  const REVOKED_ENTRY = `  - by: cokafor
    date: 2024-05-06
    status: Supported
    ref: https://lists.example.org/kestrel-security/2024-05/msg00009.html
`;
  const REVOCATION = `    revoked:
      by: mwebb
      date: 2025-02-11
      reason: KSA-88 showed that the core-wide switch was not atomic; sign-off withdrawn until the fix has been reviewed.
`;
  const END = '\n---\n\n## Overview';

  describe('the `revoked:` of a revoked sign-off deleted', () => {
    let repo: Repo;
    let text: string;
    beforeAll(async () => {
      repo = await attack(async (r) => {
        text = await replaceIn(r, CORE, REVOCATION, '');
      });
    }, SETUP);

    it('check --base fails at the edited entry: it was revoked', async () => {
      await expectCheckFails(repo.dir, [
        { rule: 'governance-change', messageId: 'signoff-removed', place: placeIn(CORE, text, 'by: cokafor'), message: 'Sign-off #1 by `cokafor` on 2024-05-06 of `scheduling/core-scheduling` in `main` was edited, but it was revoked' },
      ]);
    });

    it('diff lists the edit as governance', async () => {
      await expectDiffGovernance(repo.dir, [{ place: placeIn(CORE, text, 'by: cokafor'), messageId: 'signoff-removed', message: 'was edited, but it was revoked' }]);
    });
  });

  describe('a copy of the revoked (unsigned, claim-less) entry pasted with `arch:` added and a claim, to upgrade arm', () => {
    let repo: Repo;
    let text: string;
    beforeAll(async () => {
      repo = await attack(async (r) => {
        let patched = replaceOnce(await read(r, CORE), '  arm:\n    status: Experimental\n', '  arm:\n    status: Supported\n');
        patched = replaceOnce(patched, END, `\n${REVOKED_ENTRY.replace('    status: Supported\n', '    status: Supported\n    arch: arm\n')}---\n\n## Overview`);
        text = withClaim(patched, 'scheduling/core-scheduling.md', await read(r, PROJECT), 2);
        write(r, CORE, text);
      });
    }, SETUP);

    it('check --base fails at the arm status: the original and its copy are revoked', async () => {
      await expectCheckFails(repo.dir, [
        {
          rule: 'supported-requires-signoff',
          place: placeIn(CORE, text, 'Supported', '  arm:\n'),
          message: 'sign-off #1 by `cokafor` on 2024-05-06 was revoked by `mwebb` on 2025-02-11',
        },
      ]);
    });

    it('diff shows the arm upgrade as needing a sign-off and the pasted entry as covering nothing', async () => {
      await expectDiffUnsigned(repo.dir, [
        { feature: 'scheduling/core-scheduling', arch: 'arm', place: placeIn(CORE, text, 'Supported', '  arm:\n'), reason: 'sign-off #2 by mwebb on 2025-07-22 was signed for x86; arm was added later; sign-off #3 by cokafor on 2024-05-06 was revoked by mwebb on 2025-02-11' },
      ]);
      const { report } = await diffJson(repo.dir);
      expect(report.signoffs).toEqual([expect.objectContaining({ feature: 'scheduling/core-scheduling', index: 2, by: 'cokafor', signed: false, covers: false })]);
    });
  });

  // Without require-signed-signoffs a forged entry is possible anyway, but
  // README promises that pasting a revoked entry again does not restore it;
  // narrowing the copy with `arch:` must not either.
  describe('the same copy where the policy does not require signatures', () => {
    let repo: Repo;
    let text: string;
    beforeAll(async () => {
      repo = await attack(
        async (r) => {
          let patched = replaceOnce(await read(r, CORE), '  arm:\n    status: Experimental\n', '  arm:\n    status: Supported\n');
          patched = replaceOnce(patched, END, `\n${REVOKED_ENTRY.replace('    status: Supported\n', '    status: Supported\n    arch: arm\n')}---\n\n## Overview`);
          text = withClaim(patched, 'scheduling/core-scheduling.md', await read(r, PROJECT), 2);
          write(r, CORE, text);
        },
        async (r) => {
          await replaceIn(r, PROJECT, 'require-signed-signoffs: true', 'require-signed-signoffs: false');
        },
      );
    }, SETUP);

    it('check --base fails at the arm status: the copy of a revoked entry stays revoked', async () => {
      await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', messageId: 'not-covering', place: placeIn(CORE, text, 'Supported', '  arm:\n') }]);
    });

    it('diff shows the arm upgrade as needing a sign-off: the copy is revoked', async () => {
      await expectDiffUnsigned(repo.dir, [{ feature: 'scheduling/core-scheduling', arch: 'arm', place: placeIn(CORE, text, 'Supported', '  arm:\n'), reason: 'sign-off #3 by cokafor on 2024-05-06 was revoked by mwebb on 2025-02-11' }]);
    });
  });

  describe('a revoked signed entry pasted again without `revoked:` (and with `arch:`) to re-upgrade the feature', () => {
    let repo: Repo;
    let text: string;
    beforeAll(async () => {
      repo = await attack(
        async (r) => {
          const base = await read(r, CORE);
          const entry = base.slice(base.indexOf('  - by: mwebb'), base.indexOf(END) + 1);
          const copy = replaceOnce(entry, '    revoked:\n      by: cokafor\n      date: 2026-01-10\n      reason: The stress test found a regression.\n', '').replace('    status: Supported\n', '    status: Supported\n    arch: x86\n');
          text = replaceOnce(replaceOnce(base, 'status: Tech Preview\narches', 'status: Supported\narches'), END, `\n${copy}---\n\n## Overview`);
          write(r, CORE, text);
        },
        async (r) => {
          // The base: the signed entry was revoked and the feature went back to Tech Preview.
          await replaceIn(r, CORE, 'status: Supported\narches', 'status: Tech Preview\narches');
          await replaceIn(r, CORE, '    note: Re-signed after', '    revoked:\n      by: cokafor\n      date: 2026-01-10\n      reason: The stress test found a regression.\n    note: Re-signed after');
        },
      );
    }, SETUP);

    it('the base with the revoked entry passes check', async () => {
      const base = repo.git('show', `main:${CORE}`);
      expect(base).toContain('reason: The stress test found a regression.');
      repo.git('checkout', '-q', 'main');
      try {
        expect((await checkJson(repo.dir)).code).toBe(0);
      } finally {
        repo.git('checkout', '-q', 'pr');
      }
    });

    it('check --base fails at the status: the pasted copy is revoked by its claim and signature', async () => {
      await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', messageId: 'not-covering', place: featureStatus(CORE, text), message: 'sign-off #1 by `cokafor` on 2024-05-06 was revoked by `mwebb` on 2025-02-11' }]);
    });

    it('diff shows the re-upgrade as needing a sign-off', async () => {
      await expectDiffUnsigned(repo.dir, [{ feature: 'scheduling/core-scheduling', arch: 'x86', place: featureStatus(CORE, text), reason: 'sign-off #3 by mwebb on 2025-07-22 was revoked by cokafor on 2026-01-10' }]);
    });
  });

  describe("a covering entry's `ref` altered", () => {
    let repo: Repo;
    let text: string;
    beforeAll(async () => {
      repo = await attack(async (r) => {
        text = await replaceIn(r, CORE, '2025-07/msg00030.html', '2025-07/msg00031.html');
      });
    }, SETUP);

    it('check --base fails at the edited entry and at the status it no longer covers', async () => {
      await expectCheckFails(repo.dir, [
        { rule: 'governance-change', messageId: 'signoff-removed', place: placeIn(CORE, text, 'by: mwebb\n    date: 2025-07-22'), message: 'Sign-off #2 by `mwebb` on 2025-07-22 of `scheduling/core-scheduling` in `main` was edited, but it still covers cells' },
        { rule: 'supported-requires-signoff', messageId: 'not-covering', place: featureStatus(CORE, text) },
      ]);
    });

    // The reason the first rejected entry gives (a long revocation reason) must
    // not crowd out why the entry that used to cover the cell no longer does.
    it('check says why the edited entry no longer covers the status', async () => {
      await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', place: featureStatus(CORE, text), message: 'sign-off #2 by `mwebb` on 2025-07-22 no longer matches its claim' }]);
    });

    it('diff lists the edit as governance and the edited entry as covering nothing', async () => {
      await expectDiffGovernance(repo.dir, [{ place: placeIn(CORE, text, 'by: mwebb\n    date: 2025-07-22'), messageId: 'signoff-removed', message: 'still covers cells' }]);
      const { report } = await diffJson(repo.dir);
      expect(report.signoffs).toEqual([expect.objectContaining({ feature: 'scheduling/core-scheduling', index: 1, by: 'mwebb', signed: false, signature: 'bad-signature', covers: false })]);
    });
  });
});

describe('attack 5: a new baseline entry exempts a new unsigned cell', () => {
  const LEGACY = 'features/security/legacy-agent.md';
  const OLD_ENTRY = '  - { feature: security/legacy-agent, arch: x86, status: Supported }\n';
  let repo: Repo;
  let baseline: string;
  beforeAll(async () => {
    repo = await attack(
      async (r) => {
        baseline = `exempt:\n${OLD_ENTRY}  - { feature: ${NEW_ID}, arch: x86, status: Supported }\n  - { feature: ${NEW_ID}, arch: arm, status: Supported }\n`;
        write(r, BASELINE, baseline);
        write(r, NEW_FILE, UNSIGNED_FEATURE);
      },
      async (r) => {
        // The base already exempts one legacy cell, so the patch only adds entries.
        write(r, LEGACY, UNSIGNED_FEATURE.replace('Remote attestation agent', 'Legacy agent').replace('  arm: applies\n', ''));
        write(r, BASELINE, `exempt:\n${OLD_ENTRY}`);
      },
    );
  }, SETUP);

  it('is a real attack: plain check passes', async () => {
    expect((await checkJson(repo.dir, null)).code).toBe(0);
  });

  it('check --base fails at each new entry and at the status they would exempt', async () => {
    const findings = await expectCheckFails(repo.dir, [
      { rule: 'governance-change', messageId: 'baseline-added', place: placeIn(BASELINE, baseline, `{ feature: ${NEW_ID}, arch: x86`), message: `Unexpected new baseline entry for \`${NEW_ID}\` on \`x86\` (Supported)` },
      { rule: 'governance-change', messageId: 'baseline-added', place: placeIn(BASELINE, baseline, `{ feature: ${NEW_ID}, arch: arm`), message: `Unexpected new baseline entry for \`${NEW_ID}\` on \`arm\` (Supported)` },
      { rule: 'supported-requires-signoff', messageId: 'missing', place: featureStatus(NEW_FILE, UNSIGNED_FEATURE) },
    ]);
    // The entry the base has still exempts its cell.
    expect(findings.filter((f) => f.file === LEGACY || (f.file === BASELINE && f.line === 2))).toEqual([]);
  });

  it('diff lists the new entries as governance and the cells as unsigned', async () => {
    await expectDiffGovernance(repo.dir, [
      { place: placeIn(BASELINE, baseline, `{ feature: ${NEW_ID}, arch: x86`), messageId: 'baseline-added' },
      { place: placeIn(BASELINE, baseline, `{ feature: ${NEW_ID}, arch: arm`), messageId: 'baseline-added' },
    ]);
    const place = featureStatus(NEW_FILE, UNSIGNED_FEATURE);
    await expectDiffUnsigned(repo.dir, [
      { feature: NEW_ID, arch: 'x86', place },
      { feature: NEW_ID, arch: 'arm', place },
    ]);
  });
});

describe('attack 6: a release whose ref is a commit holding an unsigned Supported feature', () => {
  let repo: Repo;
  let project: string;
  let evil: string;
  beforeAll(async () => {
    repo = await attack(
      async (r) => {
        project = await replaceIn(r, PROJECT, '\nadvisories:', `\nreleases:\n  - name: "2.3"\n    ref: ${evil}\n    initial-release: 2026-05-01\n    supported-until: 2028-05-01\n    security-support-until: 2028-05-01\n\nadvisories:`);
      },
      async (r) => {
        r.git('checkout', '-q', '-b', 'unreviewed');
        write(r, NEW_FILE, UNSIGNED_FEATURE);
        evil = r.commit('unsigned feature, never merged');
        r.git('checkout', '-q', 'main');
      },
    );
  }, SETUP);

  it('check --base fails at the new release', async () => {
    await expectCheckFails(repo.dir, [{ rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, 'name: "2.3"'), message: '`releases[0]` changed from nothing' }]);
  });

  it('diff lists the release as governance', async () => {
    await expectDiffGovernance(repo.dir, [{ place: placeIn(PROJECT, project, 'name: "2.3"'), messageId: 'project', message: evil }]);
  });
});

describe('attack 7: a signed feature file copied to a new id', () => {
  const COPY = 'features/scheduling/fairshare-v2.md';
  let repo: Repo;
  let text: string;
  beforeAll(async () => {
    repo = await attack(async (r) => {
      text = await read(r, FAIRSHARE);
      write(r, COPY, text);
    });
  }, SETUP);

  it('check --base fails at the status of the copy, not of the original', async () => {
    const findings = await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', place: featureStatus(COPY, text), message: 'sign-off #1 by `mwebb` on 2024-03-25 no longer matches its claim' }]);
    expect(findings.filter((f) => f.file === FAIRSHARE)).toEqual([]);
  });

  it('diff shows the copy added with both cells unsigned and its copied entry covering nothing', async () => {
    const place = featureStatus(COPY, text);
    await expectDiffUnsigned(repo.dir, [
      { feature: 'scheduling/fairshare-v2', arch: 'x86', place, reason: 'no longer matches its claim' },
      { feature: 'scheduling/fairshare-v2', arch: 'arm', place, reason: 'no longer matches its claim' },
    ]);
    const { report } = await diffJson(repo.dir);
    expect(report.added).toEqual(['scheduling/fairshare-v2']);
    expect(report.signoffs).toEqual([expect.objectContaining({ feature: 'scheduling/fairshare-v2', by: 'mwebb', signed: false, signature: 'bad-signature', covers: false })]);
  });
});

describe('attack 8: an arch the sign-off did not name', () => {
  it('riscv flipped to Supported under a sign-off signed for x86 and arm is not covered: riscv was added later', async () => {
    let text = '';
    const repo = await attack(async (r) => {
      text = await replaceIn(r, FAIRSHARE, '  riscv:\n    status: Experimental\n', '  riscv:\n    status: Supported\n');
    });
    const place = placeIn(FAIRSHARE, text, 'Supported', '  riscv:\n');
    await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', place, message: 'sign-off #1 by `mwebb` on 2024-03-25 was signed for x86, arm; `riscv` was added later' }]);
    await expectDiffUnsigned(repo.dir, [{ feature: 'scheduling/fairshare', arch: 'riscv', place, reason: 'was signed for x86, arm; riscv was added later' }]);
  });

  it('riscv turned from not-implemented to applies is not covered, reported at the status it inherits', async () => {
    const file = 'features/scheduling/cpu-pools.md';
    let text = '';
    const repo = await attack(async (r) => {
      text = await replaceIn(r, file, '  riscv: not-implemented\n', '  riscv: applies\n');
    });
    const place = featureStatus(file, text);
    await expectCheckFails(repo.dir, [{ rule: 'supported-requires-signoff', place, message: 'sign-off #1 by `alindqvist` on 2024-07-29 was signed for x86, arm; `riscv` was added later' }]);
    await expectDiffUnsigned(repo.dir, [{ feature: 'scheduling/cpu-pools', arch: 'riscv', place, reason: 'riscv was added later' }]);
  });

  it('variants that inherit a new arch are not covered by their x86 sign-offs', async () => {
    const file = 'features/guest-types/pvh.md';
    let text = '';
    const repo = await attack(async (r) => {
      text = await replaceIn(r, file, 'arches:\n  x86: applies\n', 'arches:\n  x86: applies\n  arm: applies\n');
    });
    const domu = placeIn(file, text, 'Supported', '    id: domu\n');
    const control = placeIn(file, text, 'Supported', '    id: control-domain\n');
    await expectCheckFails(repo.dir, [
      { rule: 'supported-requires-signoff', place: featureStatus(file, text), message: 'sign-off #1 by `cokafor` on 2024-10-14 was signed for x86; `arm` was added later' },
      { rule: 'supported-requires-signoff', place: domu, message: 'sign-off #2 by `cokafor` on 2024-10-14 was signed for x86; `arm` was added later' },
      { rule: 'supported-requires-signoff', place: control, message: 'sign-off #3 by `htanaka` on 2025-06-03 was signed for x86; `arm` was added later' },
    ]);
    await expectDiffUnsigned(repo.dir, [
      { feature: 'guest-types/pvh', arch: 'arm', place: featureStatus(file, text), reason: 'arm was added later' },
      { feature: 'guest-types/pvh', variant: 'domu', arch: 'arm', place: domu, reason: 'arm was added later' },
      { feature: 'guest-types/pvh', variant: 'control-domain', arch: 'arm', place: control, reason: 'arm was added later' },
    ]);
  });
});

describe("attack 9: another member's blocking concern resolved by the patch", () => {
  const MEASURED = 'features/security/measured-boot.md';
  const CONCERN = '    - by: alindqvist\n      date: 2026-05-20\n      concern: The late-microcode measurement gap is not documented yet.\n';
  let repo: Repo;
  let text: string;
  beforeAll(async () => {
    const key = await testKey('mwebb');
    repo = await attack(
      async (r) => {
        await replaceIn(r, MEASURED, 'arches:\n  x86: applies\n', 'arches:\n  x86:\n    status: Supported\n');
        // mwebb's signature is real (made where the concern was not yet recorded: a claim does not cover concerns).
        await replaceIn(r, MEASURED, CONCERN, '');
        const signed = await cli(['signoff', 'security/measured-boot', '--arch', 'x86', '--key', key, '--ref', REVIEW, '--today', TODAY], r.dir);
        expect(signed.code, signed.stderr).toBe(0);
        await replaceIn(r, MEASURED, '      resolved: 2026-05-04\n', `      resolved: 2026-05-04\n${CONCERN}`);
        r.commit('signed, but blocked by alindqvist');
        text = await replaceIn(r, MEASURED, CONCERN, `${CONCERN}      resolved: 2026-05-31\n`);
      },
      async (r) => {
        await replaceIn(r, MEASURED, '      resolved: 2026-05-04\n', `      resolved: 2026-05-04\n${CONCERN}`);
      },
    );
  }, SETUP);

  it('before the patch resolves it, the concern blocks the signed upgrade', async () => {
    repo.git('checkout', '-q', 'HEAD~1');
    try {
      const blocked = await checkJson(repo.dir);
      expect(blocked.findings).toContainEqual(errorAt({ rule: 'supported-requires-signoff', place: placeIn(MEASURED, text, 'Supported', '  x86:\n'), message: 'is blocked by the unresolved concern of `alindqvist` on 2026-05-20' }));
      expect(blocked.code).toBe(1);
    } finally {
      repo.git('checkout', '-q', 'pr');
    }
  });

  // Concerns are a member's veto; a patch by anyone can add `resolved:` to it
  // (or delete it), and nothing under --base reports that.
  it('check --base fails: resolving a member concern is not the patch author’s to do', async () => {
    const { code, findings } = await checkJson(repo.dir);
    expect(findings.filter((f) => f.file === MEASURED && f.severity === 'error')).not.toEqual([]);
    expect(code).toBe(1);
  });

  it('diff exits 1', async () => {
    expect((await diffOf(repo.dir)).code).toBe(1);
  });
});

describe('signoff on a row a concern blocks', () => {
  it('refuses with a usage error naming the concern, not an internal error', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const file = path.join(dir, 'features/security/measured-boot.md');
    let text = await readFile(file, 'utf8');
    text = replaceOnce(text, 'arches:\n  x86: applies\n', 'arches:\n  x86:\n    status: Supported\n');
    text = replaceOnce(text, '      resolved: 2026-05-04\n', '      resolved: 2026-05-04\n    - by: alindqvist\n      date: 2026-05-20\n      concern: The late-microcode measurement gap is not documented yet.\n');
    await writeFile(file, text);
    const result = await cli(['signoff', 'security/measured-boot', '--arch', 'x86', '--key', await testKey('mwebb'), '--ref', REVIEW, '--today', TODAY], dir);
    expect(result.stderr).not.toContain('internal error');
    expect(result.stderr).toContain('alindqvist');
    expect(result.code).toBe(2);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

describe('positive control (a): a base-roster member signs the new feature', () => {
  let repo: Repo;
  let text: string;
  beforeAll(async () => {
    const key = await testKey('mwebb');
    repo = await attack(async (r) => {
      write(r, NEW_FILE, UNSIGNED_FEATURE);
      const signed = await cli(['signoff', NEW_ID, '--key', key, '--ref', REVIEW, '--today', TODAY], r.dir);
      expect(signed.stderr).toBe('');
      expect(signed.code).toBe(0);
      text = await read(r, NEW_FILE);
    });
  }, SETUP);

  it('check --base passes', async () => {
    expect(text).toContain('-----BEGIN SSH SIGNATURE-----');
    const { code, findings } = await checkJson(repo.dir);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(code).toBe(0);
  });

  it('diff exits 0 and lists the new sign-off as signed and covering both cells', async () => {
    const text = await diffOf(repo.dir);
    const sections = diffSections(text.stdout);
    expect(sections.governance).toEqual([]);
    expect(sections.changes.filter((l) => !l.startsWith('added '))).toEqual([
      expect.stringMatching(/^• security\/attestation-agent on x86: absent → Supported, security supported — signed off by mwebb on 2026-06-01 /),
      expect.stringMatching(/^• security\/attestation-agent on arm: absent → Supported, security supported — signed off by mwebb on 2026-06-01 /),
    ]);
    expect(sections.signoffs).toEqual([expect.stringMatching(/^\+ security\/attestation-agent #1: Supported by mwebb on 2026-06-01 \(claim x86, arm; signed\) covers cells — review /)]);
    expect(text.code).toBe(0);
    const json = await diffJson(repo.dir);
    expect(json.report.signoffs).toEqual([expect.objectContaining({ feature: NEW_ID, index: 0, by: 'mwebb', signed: true, signature: 'signed', covers: true, claim: expect.objectContaining({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }) })]);
    expect(json.report.unsigned).toBe(0);
    expect(json.code).toBe(0);
  });
});

describe('positive control (b): a governance change in a commit signed by a base-roster member', () => {
  const FROM = 'review-after-days: 1095';
  const TO = 'review-after-days: 2000';

  async function policyChange(sign: (repo: Repo) => Promise<void>): Promise<{ repo: Repo; place: Place }> {
    const repo = await sampleRepo();
    openPr(repo);
    const project = await replaceIn(repo, PROJECT, FROM, TO);
    await sign(repo);
    return { repo, place: placeIn(PROJECT, project, '2000') };
  }

  it('signed by mwebb (active): check --base passes, the change reported as a warning approved by mwebb', async () => {
    const key = await testKey('mwebb');
    let commit = '';
    const { repo, place } = await policyChange(async (r) => {
      commit = signedCommit(r, key, 'policy: review sign-offs every 2000 days');
    });
    const { code, findings } = await checkJson(repo.dir);
    expect(findings).toEqual([expect.objectContaining({ ruleName: 'governance-change', severity: 'warn', ...place, message: expect.stringContaining(`approved by mwebb's signed commit ${commit.slice(0, 12)}`) })]);
    expect(code).toBe(0);
    // The review tool still shows the change.
    await expectDiffGovernance(repo.dir, [{ place, messageId: 'project', message: '`policy.review-after-days` changed from `1095` to `2000`' }]);
  });

  it('signed by rbarker (inactive since 2024-06-30): check --base still fails', async () => {
    const key = await testKey('rbarker');
    const { repo, place } = await policyChange(async (r) => {
      signedCommit(r, key, 'policy: review sign-offs every 2000 days');
    });
    const findings = await expectCheckFails(repo.dir, [{ rule: 'governance-change', messageId: 'project', place, message: '`policy.review-after-days` changed from `1095` to `2000`' }]);
    expect(findings.map((f) => f.message).join('\n')).not.toContain('approved by');
  });

  it('signed by mwebb but with the features directory changed after the commit: check --base fails', async () => {
    const key = await testKey('mwebb');
    const { repo } = await policyChange(async (r) => {
      signedCommit(r, key, 'policy: review sign-offs every 2000 days');
    });
    const project = await replaceIn(repo, PROJECT, TO, 'review-after-days: 9000');
    await expectCheckFails(repo.dir, [{ rule: 'governance-change', messageId: 'project', place: placeIn(PROJECT, project, '9000') }]);
  });

  // A member who signs every commit (commit.gpgsign) and pushes a one-line fix
  // onto someone's branch has not reviewed the governance change below it.
  it('an unsigned governance commit under a signed commit that does not touch governance: check --base fails', async () => {
    const key = await testKey('mwebb');
    const { repo, place } = await policyChange(async (r) => {
      r.commit('policy: review sign-offs every 2000 days');
      await replaceIn(r, FAIRSHARE, 'Better wake-up latency', 'Lower wake-up latency');
      signedCommit(r, key, 'fairshare: wording');
    });
    await expectCheckFails(repo.dir, [{ rule: 'governance-change', messageId: 'project', place }]);
  });
});

describe('signatures, judged by plain check', () => {
  /** The sample in a fresh directory (no git needed: no base). */
  async function sample(): Promise<string> {
    const dir = await tempDir();
    await copySample(dir);
    return dir;
  }

  it('a signed feature whose caveat was edited is not covered: the cell changed since it was signed', async () => {
    const dir = await sample();
    const file = 'features/guest-types/pvh.md';
    const text = replaceOnce(await readFile(path.join(dir, file), 'utf8'), 'other than its boot storage and network controllers.', 'other than its boot storage, network and GPU controllers.');
    await writeFile(path.join(dir, file), text);
    const { code, findings } = await checkJson(dir, null);
    expect(findings).toContainEqual(
      errorAt({ rule: 'supported-requires-signoff', place: placeIn(file, text, 'Supported', '    id: control-domain\n'), message: 'sign-off #3 by `htanaka` on 2025-06-03 approved `x86` as it read then; its status, security support, caveat, limits, notes or stated arch changed since' }),
    );
    expect(code).toBe(1);
  });

  it('a note added to signed cells, or a signed arch made not-stated, leaves them uncovered: the claim includes both', async () => {
    for (const [name, edit] of [
      ['a note', (t: string): string => replaceOnce(t, 'depends-on: [host-architecture/x86-64]\n', 'depends-on: [host-architecture/x86-64]\nnotes:\n  - text: Only for guests that never migrate.\n    variants: [domu]\n')],
      ['not stated', (t: string): string => replaceOnce(t, 'arches:\n  x86: applies\n', 'arches:\n  x86: not-stated\n')],
    ] as const) {
      const dir = await sample();
      const file = 'features/guest-types/pvh.md';
      const text = edit(await readFile(path.join(dir, file), 'utf8'));
      await writeFile(path.join(dir, file), text);
      const { code, findings } = await checkJson(dir, null);
      const uncovered = findings.filter((f) => f.ruleName === 'supported-requires-signoff' && f.file === file);
      expect(uncovered.length, name).toBeGreaterThan(0);
      expect(uncovered.every((f) => f.message.includes('its status, security support, caveat, limits, notes or stated arch changed since')), name).toBe(true);
      expect(code, name).toBe(1);
    }
  });

  it("a sign-off by mwebb signed with cokafor's key does not verify", async () => {
    const dir = await sample();
    const cokafor = await testKey('cokafor');
    const roster = path.join(dir, ROSTER);
    const original = await readFile(roster, 'utf8');
    // Let `signoff` accept the key for mwebb just long enough to write the entry, then put the roster back.
    const cokaforPub = (await readFile(`${cokafor}.pub`, 'utf8')).trim();
    await writeFile(roster, replaceOnce(original, '    keys:\n      - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqiAeL9IgJ/', `    keys:\n      - ${JSON.stringify(cokaforPub)}\n      - "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHqiAeL9IgJ/`));
    const file = path.join(dir, NEW_FILE);
    await writeFile(file, UNSIGNED_FEATURE);
    const signed = await cli(['signoff', NEW_ID, '--by', 'mwebb', '--key', cokafor, '--ref', REVIEW, '--today', TODAY], dir);
    expect(signed.code, signed.stderr).toBe(0);
    await writeFile(roster, original);
    const text = await readFile(file, 'utf8');
    expect(text).toMatch(/ {2}- by: "?mwebb"?\n/);
    const { code, findings } = await checkJson(dir, null);
    expect(findings).toContainEqual(
      errorAt({
        rule: 'supported-requires-signoff',
        place: featureStatus(NEW_FILE, text),
        message: `sign-off #1 by \`mwebb\` on 2026-06-01 has a signature that does not verify: it was made with key ${fingerprintOf(`${cokafor}.pub`)}, which is not one of mwebb's keys on the roster`,
      }),
    );
    expect(code).toBe(1);
  });

  it('a revoked signed entry pasted again without `revoked:` stays revoked', async () => {
    const dir = await sample();
    const file = path.join(dir, FAIRSHARE);
    const original = await readFile(file, 'utf8');
    const entry = original.slice(original.indexOf('  - by: mwebb'), original.indexOf('\n---\n\n## Overview') + 1);
    const revoked = replaceOnce(entry, '    claim:\n', '    revoked:\n      by: cokafor\n      date: 2026-01-10\n      reason: Fairness bug under overcommit.\n    claim:\n');
    const text = replaceOnce(original, entry, `${revoked}${entry.replace('    claim:\n', '    note: Restored.\n    claim:\n')}`);
    await writeFile(file, text);
    const { code, findings } = await checkJson(dir, null);
    expect(findings).toContainEqual(
      errorAt({ rule: 'supported-requires-signoff', place: featureStatus(FAIRSHARE, text), message: 'sign-off #2 by `mwebb` on 2024-03-25 was revoked by `cokafor` on 2026-01-10' }),
    );
    expect(code).toBe(1);
  });
});
