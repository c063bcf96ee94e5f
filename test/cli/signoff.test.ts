// `support-matrix signoff` and `signoffs --upgrade` on real files, signing
// with the real ssh-keygen: what they write, what they refuse, and that what
// they write reads back as covering exactly the cells it names.
import { execFileSync } from 'node:child_process';
import { chmod, copyFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copySample, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const FEATURE = `---
title: Fresh
section: Guest types
summary: A feature the team signs in this test.
status: Supported
arches:
  x86: applies
  arm:
    status: Supported
    caveat: Only on big cores.
  riscv:
    status: Experimental
known-issues:
  - summary: riscv is young.
# The sign-offs below are written by support-matrix signoff.
signoffs: []
---

Prose.
`;

async function sample(): Promise<{ dir: string; file: string; key: string }> {
  const dir = await tempDir();
  await copySample(dir);
  const file = path.join(dir, 'features/guest-types/fresh.md');
  await writeFile(file, FEATURE);
  const key = path.join(dir, 'mwebb');
  await copyFile(path.join(repoRoot, 'examples/test-keys/mwebb'), key);
  await chmod(key, 0o600);
  return { dir, file, key };
}

describe('signoff', () => {
  it('writes a signed, claim-bound entry for every arch where the row has the status, keeps the file as written around it, and check then passes', async () => {
    const { dir, file, key } = await sample();
    const before = await cli(['check', '--today', TODAY], dir);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('support-matrix signoff guest-types/fresh --ref <review URL>');

    const run = await cli(['signoff', 'guest-types/fresh', '--ref', 'https://lists.example.org/r/1', '--key', key, '--today', TODAY], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Signed off Supported on x86, arm in features\/guest-types\/fresh\.md as mwebb \(signed\); claim sha256 [0-9a-f]{64}\n$/);
    const text = await readFile(file, 'utf8');
    // The comment and the prose are untouched; the flow list became a block list.
    expect(text).toContain('# The sign-offs below are written by support-matrix signoff.\nsignoffs:\n  - by: "mwebb"\n');
    expect(text.endsWith('---\n\nProse.\n')).toBe(true);
    expect(text).toMatch(/    claim:\n      sha256: [0-9a-f]{64}\n      cells:\n        x86: [0-9a-f]{64}\n        arm: [0-9a-f]{64}\n    signature: \|\n      -----BEGIN SSH SIGNATURE-----\n/);
    expect((await cli(['check', '--today', TODAY], dir)).code).toBe(0);

    // OpenSSH agrees: the signature verifies over the canonical claim the file records.
    const signature = /signature: \|\n((?: {6}.*\n)+)/.exec(text)?.[1]?.replace(/^ {6}/gm, '') ?? '';
    const { buildClaim } = await import('../../src/model/claims.js');
    const { loadCorpus } = await import('../../src/load/corpus.js');
    const { resolveCells } = await import('../../src/model/cells.js');
    const corpus = await loadCorpus('features', { cwd: dir });
    const fresh = corpus.features.find((f) => f.id === 'guest-types/fresh');
    if (!fresh) throw new Error('fresh not loaded');
    const entry = fresh.data.signoffs?.[0];
    if (!entry) throw new Error('no entry');
    const claim = buildClaim(entry, fresh, resolveCells(fresh, corpus.project), ['x86', 'arm']);
    if ('missing' in claim) throw new Error('claim');
    await writeFile(path.join(dir, 'claim.json'), claim.text);
    await writeFile(path.join(dir, 'claim.json.sig'), signature);
    await writeFile(path.join(dir, 'allowed'), `mwebb ${(await readFile(path.join(repoRoot, 'examples/test-keys/mwebb.pub'), 'utf8')).trim()}\n`);
    const verified = execFileSync('ssh-keygen', ['-Y', 'verify', '-f', 'allowed', '-I', 'mwebb', '-n', 'support-matrix-signoff', '-s', 'claim.json.sig'], { cwd: dir, input: claim.text, encoding: 'utf8' });
    expect(verified).toContain('Good "support-matrix-signoff" signature for mwebb');

    // A later change to arm's caveat uncovers arm only; x86 stays signed.
    await writeFile(file, (await readFile(file, 'utf8')).replace('Only on big cores.', 'On any core.'));
    const after = await cli(['check', '--today', TODAY], dir);
    expect(after.code).toBe(1);
    expect(after.stdout).toContain('`Supported` cell on `arm` has no valid sign-off');
    expect(after.stdout).toContain('approved `arm` as it read then');
    expect(after.stdout).not.toContain('cell on `x86`');
  });

  it('refuses what it cannot sign, saying why, and writes nothing', async () => {
    const { dir, file, key } = await sample();
    const refused = async (args: string[], message: string | RegExp): Promise<void> => {
      const run = await cli(['signoff', ...args, '--today', TODAY], dir);
      expect(run.code, run.stdout + run.stderr).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(await readFile(file, 'utf8')).toBe(FEATURE);
    };
    await refused(['guest-types/nope', '--ref', 'r', '--key', key], 'No feature `guest-types/nope`');
    await refused(['guest-types/fresh', '--ref', 'r', '--variant', 'dom0', '--key', key], 'Unknown variant `dom0`');
    await refused(['guest-types/fresh', '--ref', 'r', '--arch', 'riscv', '--key', key], 'Nothing to sign');
    await refused(['guest-types/fresh', '--ref', 'r', '--by', 'mallory'], '`mallory` is not on the roster');
    await refused(['guest-types/fresh', '--ref', 'r', '--by', 'rbarker'], 'not an active member');
    await refused(['guest-types/fresh', '--ref', 'r'], 'Say who signs');
    // A key nobody on the roster lists.
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'stranger', '-f', path.join(dir, 'stranger')]);
    await refused(['guest-types/fresh', '--ref', 'r', '--key', 'stranger'], 'No roster member lists the public key');
    await refused(['guest-types/fresh', '--ref', 'r', '--by', 'cokafor', '--key', 'stranger'], "does not verify against cokafor's keys");
    // Other errors in the file come first.
    await writeFile(file, FEATURE.replace('section: Guest types', 'section: Nowhere'));
    const other = await cli(['signoff', 'guest-types/fresh', '--ref', 'r', '--key', key, '--today', TODAY], dir);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('has findings to fix before a sign-off');
    expect(other.stderr).toContain('unknown-section');
  });

  it('signs a row of two statuses one status at a time with --status', async () => {
    const { dir, file, key } = await sample();
    const project = path.join(dir, 'features/project.yml');
    // Deprecated is security supported, so it needs a sign-off too under this policy.
    expect(await readFile(project, 'utf8')).toContain('signoff-required-when-security-supported: true');
    await writeFile(file, FEATURE.replace('  arm:\n    status: Supported\n', '  arm:\n    status: Deprecated\n'));
    const mixed = await cli(['signoff', 'guest-types/fresh', '--ref', 'r', '--key', key, '--today', TODAY], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('different statuses (Supported, Deprecated); sign each with --status');
    const check = await cli(['check', '--today', TODAY], dir);
    expect(check.stdout).toContain("--status Deprecated --ref <review URL>");
    for (const status of ['Supported', 'Deprecated']) {
      const run = await cli(['signoff', 'guest-types/fresh', '--status', status, '--ref', 'r', '--key', key, '--today', TODAY], dir);
      expect(run.code, run.stderr).toBe(0);
    }
    expect((await cli(['check', '--today', TODAY], dir)).code).toBe(0);
  });
});

describe('signoffs --upgrade', () => {
  it('adds claims (signed with the keys given) to the sign-offs that still cover cells, and leaves stale and revoked ones', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const file = path.join(dir, 'features/guest-types/hvm.md');
    // As written before claims: strip claim and signature from every entry.
    const strip = (text: string): string => text.replace(/\n {4}claim:\n(?: {6}.*\n)+?(?= {4}\S| {2}- |---)/g, '\n').replace(/ {4}signature: \|\n(?: {6}.*\n)+/g, '').replace(/\n\n(?= {4}| {2}-)/g, '\n');
    const original = await readFile(file, 'utf8');
    const stripped = strip(original);
    expect(stripped).not.toContain('claim:');
    await writeFile(file, stripped);
    const broken = await cli(['check', '--today', TODAY], dir);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('records no claim of what it approved');

    const key = path.join(dir, 'k');
    await copyFile(path.join(repoRoot, 'examples/test-keys/mwebb'), key);
    await chmod(key, 0o600);
    const upgraded = await cli(['signoffs', '--upgrade', '--key', 'k', '--today', TODAY], dir);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stdout).toMatch(/^Added claims to \d+ sign-offs in 1 files\./);
    expect(upgraded.stderr).toContain('kept without a claim: features/guest-types/lightweight-vm.md sign-off #1 (no cell in its scope has status Tech Preview now (stale))');
    // The same claims as before, so the same bytes where the signer is the key's owner.
    const back = await readFile(file, 'utf8');
    expect(back.match(/sha256: [0-9a-f]{64}/g)).toEqual(original.match(/sha256: [0-9a-f]{64}/g));
    expect((await cli(['check', '--today', TODAY], dir)).code).toBe(0);
  });
});

describe('signoff --revoke', () => {
  it('adds a signed revocation to the entry; the entry and any pasted copy stop covering; a forged revocation signature is reported but still revokes', async () => {
    const { dir, file, key } = await sample();
    expect((await cli(['signoff', 'guest-types/fresh', '--ref', 'https://lists.example.org/r/1', '--key', key, '--today', TODAY], dir)).code).toBe(0);
    const signed = await readFile(file, 'utf8');
    const noReason = await cli(['signoff', 'guest-types/fresh', '--revoke', '1', '--key', key, '--today', TODAY], dir);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--revoke needs --reason');
    expect((await cli(['signoff', 'guest-types/fresh', '--revoke', '0', '--reason', 'x', '--key', key], dir)).stderr).toContain('expected a sign-off number');
    expect((await cli(['signoff', 'guest-types/fresh', '--revoke', '2', '--reason', 'x', '--key', key, '--today', TODAY], dir)).stderr).toContain('has no sign-off #2 (it has 1)');

    const run = await cli(['signoff', 'guest-types/fresh', '--revoke', '1', '--reason', 'Unfixed guest escape', '--key', key, '--today', TODAY], dir);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe('Revoked sign-off #1 in features/guest-types/fresh.md as mwebb (signed)\n');
    const revoked = await readFile(file, 'utf8');
    expect(revoked).toMatch(/    revoked:\n      by: "mwebb"\n      date: 2026-06-01\n      reason: "Unfixed guest escape"\n      signature: \|\n        -----BEGIN SSH SIGNATURE-----\n/);
    const check = await cli(['check', '--today', TODAY], dir);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('was revoked by `mwebb` on 2026-06-01: Unfixed guest escape');

    // The signed entry pasted again without its revocation: revoked by its claim and signature.
    const entry = /(  - by: "mwebb"\n[\s\S]*?-----END SSH SIGNATURE-----\n)/.exec(signed)?.[1] ?? '';
    await writeFile(file, revoked.replace(/\n---\n\nProse/, `\n${entry.trimEnd()}\n---\n\nProse`));
    const pasted = await cli(['check', '--today', TODAY], dir);
    expect(pasted.code).toBe(1);
    expect(pasted.stdout).toContain('sign-off #2 by `mwebb` on 2026-06-01 was revoked by `mwebb`');

    // A revocation whose signature is not the revoker's: still revokes, and is reported at its signature.
    const forged = revoked.replace(/(      reason: )"Unfixed guest escape"/, '$1"Something else"');
    await writeFile(file, forged);
    const report = await cli(['check', '--today', TODAY], dir);
    expect(report.code).toBe(1);
    expect(report.stdout).toContain('The revocation of sign-off #1 has a signature that does not verify: the signature does not match the claim');
    expect(report.stdout).toContain('was revoked by `mwebb` on 2026-06-01: Something else');
  });
});

describe('signoff -d', () => {
  it('signs and revokes in a features directory outside the working directory', async () => {
    const { dir, file, key } = await sample();
    const elsewhere = await tempDir();
    const features = path.join(dir, 'features');
    const run = await cli(['signoff', 'guest-types/fresh', '-d', features, '--ref', 'https://lists.example.org/r/2', '--key', key, '--today', TODAY], elsewhere);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('ref: "https://lists.example.org/r/2"');
    expect((await cli(['check', features, '--today', TODAY], elsewhere)).code).toBe(0);
    const revoke = await cli(['signoff', 'guest-types/fresh', '-d', features, '--revoke', '1', '--reason', 'Moved on', '--key', key, '--today', TODAY], elsewhere);
    expect(revoke.code, revoke.stderr).toBe(0);
    expect((await cli(['check', features, '--today', TODAY], elsewhere)).code).toBe(1);
  });
});

describe('signoff values', () => {
  it('refuses a review reference the file could not hold, with the loader\'s reason, and writes nothing', async () => {
    const { dir, file, key } = await sample();
    const run = await cli(['signoff', 'guest-types/fresh', '--ref', 'https://x.example/\u001b[31m', '--key', key, '--today', TODAY], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The sign-off cannot be written');
    expect(run.stderr).not.toContain('internal error');
    expect(await readFile(file, 'utf8')).toBe(FEATURE);
  });
});
