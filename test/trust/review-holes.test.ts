/**
 * Holes an attacker's review found in the first version of `check --base`,
 * each as the one-patch pull request that opened it, now closed: relabelled
 * architectures, external security support without a sign-off, a re-dated
 * lifecycle, a features directory swapped for a symlink, an alias painting
 * another feature's release history, and a tag shadowing the base's name.
 */
import { symlinkSync } from 'node:fs';
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { idIndex, resolveTree } from '../../src/model/resolve.js';
import { trustOf } from '../../src/model/signoffs.js';
import { cli } from '../helpers/cli.js';
import { corpusOf } from '../helpers/corpus.js';
import { checkJson, diffOf, openPr, read, replaceIn, sampleRepo, TODAY, write } from './helpers.js';

const PROJECT = 'features/project.yml';

describe('governance the first review missed', () => {
  it('renaming an existing architecture (swapping the x86 and Arm column names) is a governance change', async () => {
    const repo = await sampleRepo();
    openPr(repo);
    const text = await read(repo, PROJECT);
    write(repo, PROJECT, text.replace('  - id: x86\n    name: x86-64', '  - id: x86\n    name: TMP').replace('  - id: arm\n    name: Arm', '  - id: arm\n    name: x86-64').replace('name: TMP', 'name: Arm'));
    repo.commit('tidy arch names');
    const { code, findings } = await checkJson(repo.dir);
    expect(code).toBe(1);
    expect(findings.filter((f) => f.ruleName === 'governance-change').map((f) => f.message)).toEqual([
      expect.stringContaining('`architectures[0].name` changed from `"x86-64"` to `"Arm"`'),
      expect.stringContaining('`architectures[1].name` changed from `"Arm"` to `"x86-64"`'),
    ]);
    expect((await diffOf(repo.dir)).code).toBe(1);
  });

  it('a new architecture is free (its cells need sign-offs of their own); an edited security organisation is not', async () => {
    const repo = await sampleRepo();
    openPr(repo);
    await replaceIn(repo, PROJECT, '  - id: riscv\n', '  - id: ppc\n    name: POWER\n  - id: riscv\n');
    await replaceIn(repo, PROJECT, '    name: QEMU\n', '    name: Kestrel Security Team\n');
    repo.commit('organisations');
    const { findings } = await checkJson(repo.dir);
    expect(findings.filter((f) => f.ruleName === 'governance-change').map((f) => f.message)).toEqual([expect.stringContaining('`security-organisations[0].name` changed from `"QEMU"` to `"Kestrel Security Team"`')]);
  });

  it('security support `external` needs a sign-off under signoff-required-when-security-supported, like `yes`', async () => {
    const repo = await sampleRepo();
    openPr(repo);
    await replaceIn(repo, 'features/scheduling/realtime.md', 'status: Tech Preview\n', 'status: Tech Preview\nsecurity-support: external\nsecurity-organisation: qemu\n');
    repo.commit('security contact');
    const { code, findings } = await checkJson(repo.dir);
    expect(code).toBe(1);
    expect(findings.map((f) => [f.file, f.ruleName, f.messageId])).toContainEqual(['features/scheduling/realtime.md', 'supported-requires-signoff', 'missing']);
    const diff = await diffOf(repo.dir);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toMatch(/✗ scheduling\/realtime on x86: Tech Preview, not security supported → Tech Preview, security supported by QEMU — NEEDS A SIGN-OFF/);
  });

  it('changing `lifecycle` (which dates every release) is a governance change', async () => {
    const repo = await sampleRepo();
    await replaceIn(repo, PROJECT, 'policy:\n', 'lifecycle:\n  supported-months: 12\n  security-supported-months: 24\npolicy:\n');
    repo.commit('lifecycle');
    openPr(repo);
    await replaceIn(repo, PROJECT, 'security-supported-months: 24', 'security-supported-months: 120');
    repo.commit('longer support');
    const { code, findings } = await checkJson(repo.dir);
    expect(code).toBe(1);
    expect(findings.find((f) => f.ruleName === 'governance-change')?.message).toContain('`lifecycle.security-supported-months` changed from `24` to `120`');
  });
});

describe('what the base is read from', () => {
  it('refuses a features directory that the patch turned into a symlink to another corpus', async () => {
    const repo = await sampleRepo();
    await mkdir(path.join(repo.dir, 'examples'), { recursive: true });
    await cp(path.join(repo.dir, 'features'), path.join(repo.dir, 'examples/demo'), { recursive: true });
    await replaceIn(repo, 'examples/demo/project.yml', 'require-signed-signoffs: true', 'require-signed-signoffs: false');
    repo.commit('a demo corpus');
    openPr(repo);
    repo.git('rm', '-rq', 'features');
    symlinkSync('examples/demo', path.join(repo.dir, 'features'));
    repo.commit('features from the demo');
    const check = await cli(['check', 'features', '--base', 'main', '--today', TODAY], repo.dir);
    expect(check.code).toBe(2);
    expect(check.stderr).toContain('features is (or is inside) a symlink to examples/demo');
    expect((await cli(['diff', 'main', '--today', TODAY], repo.dir)).code).toBe(2);
  });

  it('refuses a base name that a pushed tag shadows, and takes a commit id', async () => {
    const repo = await sampleRepo();
    const good = repo.git('rev-parse', 'HEAD').trim();
    await replaceIn(repo, PROJECT, 'require-signed-signoffs: true', 'require-signed-signoffs: false');
    repo.commit('weaker');
    repo.git('tag', 'trusted');
    repo.git('reset', '-q', '--hard', good);
    repo.git('branch', 'trusted', good);
    const ambiguous = await cli(['check', 'features', '--base', 'trusted', '--today', TODAY], repo.dir);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('Ambiguous revision `trusted`');
    expect((await cli(['check', 'features', '--base', good, '--today', TODAY], repo.dir)).code).toBe(0);
    expect((await cli(['check', 'features', '--base', 'refs/heads/trusted', '--today', TODAY], repo.dir)).code).toBe(0);
  });
});

describe('release history', () => {
  it('an alias never replaces another feature that a release still has under its own id', () => {
    const feature = (title: string, status: string, extra = ''): string => `---\ntitle: ${title}\nsection: Guest types\nstatus: ${status}\n${extra}known-issues:\n  - summary: x\n---\n`;
    const current = corpusOf({ '9pfs.md': feature('9P', 'Tech Preview', 'aliases: [console]\n') }, { seal: false });
    const release = corpusOf({ '9pfs.md': feature('9P', 'Tech Preview'), 'console.md': feature('Console', 'Supported') }, { seal: false });
    const tree = (features: typeof release.features) => resolveTree(features, current.project, idIndex(current.features), trustOf(current.project, current.roster, TODAY, features));
    const snap = tree(release.features);
    expect(snap.features.get('9pfs')?.feature.data.title).toBe('9P');
    expect(snap.features.get('console')?.feature.data.title).toBe('Console');
    // Without the exact feature in the release, the alias still joins the renamed one to its history.
    const renamed = tree(corpusOf({ 'console.md': feature('Console', 'Supported') }, { seal: false }).features);
    expect([...renamed.features.keys()]).toEqual(['9pfs']);
  });
});
