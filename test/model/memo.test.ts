// What `serve` keeps from one rebuild to the next (issue 16): the parse of
// unchanged config files, the resolved features and their views. Kept only
// while everything they read is the same; a change anywhere in the corpus
// that a cell depends on (the roster, the policy, a revocation in another
// file) makes every feature be resolved and shown again.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, CheckMemo } from '../../src/cli/commands/check.js';
import { loadCorpus, type FeatureCache } from '../../src/load/corpus.js';
import { resolveModel } from '../../src/model/resolve.js';
import { SiteMemo, siteDataOf } from '../../src/render/site-data.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const HVM = 'guest-types/hvm';

async function sample(): Promise<{ dir: string; edit: (rel: string, from: string | RegExp, to: string) => Promise<void> }> {
  const dir = await tempDir();
  const features = await copySample(dir);
  const edit = async (rel: string, from: string | RegExp, to: string): Promise<void> => {
    const file = path.join(features, rel);
    const text = await readFile(file, 'utf8');
    const changed = text.replace(from, to);
    expect(changed, `${rel} holds ${String(from)}`).not.toBe(text);
    await writeFile(file, changed);
  };
  return { dir, edit };
}

describe('the load cache of the config files', () => {
  it('gives the same project, roster and findings while their bytes are unchanged, and parses them again when one changes', async () => {
    const { dir, edit } = await sample();
    const cache: FeatureCache = new Map();
    const first = await loadCorpus('features', { cwd: dir, cache });
    const second = await loadCorpus('features', { cwd: dir, cache });
    expect(second.project).toBe(first.project);
    expect(second.roster).toBe(first.roster);
    await edit('security-team.yml', 'name: Miriam Webb', 'name: Miriam Webb-Lindqvist');
    const third = await loadCorpus('features', { cwd: dir, cache });
    expect(third.roster).not.toBe(second.roster);
    expect(third.roster.members.find((m) => m.id === 'mwebb')?.name).toBe('Miriam Webb-Lindqvist');
  });
});

describe('CheckMemo', () => {
  it('keeps the resolved feature of an unchanged file, and resolves a changed one again', async () => {
    const { dir, edit } = await sample();
    const cache: FeatureCache = new Map();
    const memo = new CheckMemo();
    const first = await check({ cwd: dir, today: TODAY, cache, memo });
    await edit('guest-types/pvh.md', 'title: PVH guests', 'title: PVH guests, changed');
    const second = await check({ cwd: dir, today: TODAY, cache, memo });
    expect(second.model.current.features.get(HVM)).toBe(first.model.current.features.get(HVM));
    expect(second.model.current.features.get('guest-types/pvh')).not.toBe(first.model.current.features.get('guest-types/pvh'));
    expect(second.model.current.features.get('guest-types/pvh')?.feature.data.title).toBe('PVH guests, changed');
    // Without the memo, every feature is resolved anew.
    const plain = resolveModel({ ...second.corpus }, { today: TODAY });
    expect(plain.current.features.get(HVM)).not.toBe(second.model.current.features.get(HVM));
  });

  it.each([
    ['a member no longer active when they signed (the roster)', 'security-team.yml', '    active-from: 2021-03-01\n', '    active-from: 2021-03-01\n    active-until: 2022-01-01\n', 'not-signed-off'],
    ['no status that needs a sign-off (the policy)', 'project.yml', /signoff-required-when-security-supported: true\n {2}signoff-required-for: \[Supported\]/, 'signoff-required-when-security-supported: false\n  signoff-required-for: [Deprecated]', 'not-required'],
  ])('judges the cells of unchanged files again after %s', async (_, rel, from, to, verdict) => {
    const { dir, edit } = await sample();
    const cache: FeatureCache = new Map();
    const memo = new CheckMemo();
    const x86 = (result: Awaited<ReturnType<typeof check>>): string | undefined => result.model.current.features.get(HVM)?.cells.find((c) => c.arch === 'x86' && c.variant === undefined)?.verdict;
    expect(x86(await check({ cwd: dir, today: TODAY, cache, memo }))).toBe('signed');
    await edit(rel, from, to);
    expect(x86(await check({ cwd: dir, today: TODAY, cache, memo }))).toBe(verdict);
  });

  it('judges a cell again when another file revokes its sign-off', async () => {
    const { dir, edit } = await sample();
    const cache: FeatureCache = new Map();
    const memo = new CheckMemo();
    const first = await check({ cwd: dir, today: TODAY, cache, memo });
    const hvm = first.model.current.features.get(HVM);
    const signoff = hvm?.feature.data.signoffs?.[0];
    expect(signoff?.claim?.sha256).toMatch(/^[0-9a-f]{64}$/);
    // Its claim, revoked in PVH's file: a revoked claim is revoked wherever it is.
    const copy = `  - by: mwebb\n    date: 2024-02-26\n    status: Supported\n    ref: https://lists.example.org/kestrel-security/2024-02/msg00048.html\n    claim:\n      sha256: ${signoff?.claim?.sha256 ?? ''}\n      cells:\n        x86: ${signoff?.claim?.cells.x86 ?? ''}\n    revoked:\n      by: mwebb\n      date: 2025-03-01\n      reason: Withdrawn.\n`;
    await edit('guest-types/pvh.md', /^signoffs:\n/m, `signoffs:\n${copy}`);
    const second = await check({ cwd: dir, today: TODAY, cache, memo });
    const after = second.model.current.features.get(HVM);
    expect(after?.feature).toBe(hvm?.feature);
    expect(after).not.toBe(hvm);
    expect(after?.cells.find((c) => c.arch === 'x86' && c.variant === undefined)?.verdict).toBe('not-signed-off');
    expect(second.diagnostics.some((d) => d.severity === 'error' && d.file === 'features/guest-types/hvm.md')).toBe(true);
  });
});

describe('SiteMemo', () => {
  it('keeps the view of an unchanged feature, and makes it again when a feature it links to changes its title', async () => {
    const { dir, edit } = await sample();
    const cache: FeatureCache = new Map();
    const memo = new CheckMemo();
    const views = new SiteMemo();
    const site = async () => siteDataOf((await check({ cwd: dir, today: TODAY, cache, memo })).model, { today: TODAY, prose: false, memo: views });
    const view = (data: Awaited<ReturnType<typeof site>>, id: string) => data.features.find((f) => f.id === id);
    const first = await site();
    const second = await site();
    expect(view(second, HVM)).toBe(view(first, HVM));
    // HVM depends on x86-64 hosts: its page shows that title.
    await edit('host-architecture/x86-64.md', 'title: x86-64 hosts', 'title: x86-64 hosts, renamed');
    const third = await site();
    expect(view(third, HVM)).not.toBe(view(second, HVM));
    expect(view(third, HVM)?.dependsOn.map((r) => r.title)).toContain('x86-64 hosts, renamed');
    expect(view(third, 'memory/vnuma')).toBe(view(second, 'memory/vnuma'));
  });
});
