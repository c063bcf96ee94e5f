/**
 * `diff BASE [HEAD]` between tags of a real git repository and against the
 * working tree: exactly which cells changed, sign-off verdicts, exit codes
 * and the output formats.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { diff, diffFormats, type DiffResult } from '../../src/cli/commands/diff.js';
import { UsageError } from '../../src/cli/errors.js';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { feature, positionOf, projectYml, Repo, ROSTER, SIGNED, signoff, simple } from './repo.js';

const PROJECT = projectYml({ arches: ['x86', 'arm', 'riscv'] });
const X86_ARM = 'arches:\n  x86: applies\n  arm: applies\n';

const VARIANTS_10 = feature(`title: Variants
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Tech Preview
variants:
  - name: Dom0
    id: dom0
    status: Tech Preview
    arches: [x86]
known-issues:
  - summary: Dom0 and arm are not hardened yet.
signoffs:
${signoff()}`);

const VARIANTS_11 = feature(`title: Variants
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Supported
variants:
  - name: Dom0
    id: dom0
    status: Supported
    arches: [x86]
signoffs:
${signoff()}${signoff('Supported', { arch: 'arm' })}${signoff('Supported', { variant: 'dom0' })}`);

const V10 = {
  'a/upgrade.md': simple('Upgrade', 'Toolstack', 'Tech Preview', X86_ARM),
  'a/downgrade.md': simple('Downgrade', 'Toolstack', 'Supported'),
  'a/removed.md': simple('Removed', 'Toolstack', 'Experimental', 'arches:\n  x86: applies\n'),
  'a/old-name.md': simple('Renamed', 'Toolstack', 'Supported', 'arches:\n  x86: applies\n'),
  'a/variants.md': VARIANTS_10,
  'a/stable.md': simple('Stable', 'Toolstack', 'Supported'),
};

const V11 = {
  'a/upgrade.md': simple('Upgrade', 'Toolstack', 'Supported', X86_ARM),
  'a/downgrade.md': simple('Downgrade', 'Toolstack', 'Tech Preview'),
  'b/new-name.md': simple('Renamed', 'Toolstack', 'Supported', 'arches:\n  x86: applies\naliases: [a/old-name]\n'),
  'a/added.md': simple('Added', 'Guest types', 'Experimental', 'arches:\n  arm: applies\n'),
  'a/variants.md': VARIANTS_11,
  'a/stable.md': simple('Stable', 'Toolstack', 'Supported'),
};

/** 1.2: two upgrades to Supported, neither with a valid sign-off. */
const DOWNGRADE_12 = feature(`title: Downgrade
section: Toolstack
status: Supported
known-issues:
  - summary: Not hardened yet.
`);
const ADDED_12 = feature(`title: Added
section: Guest types
status: Supported
arches:
  arm: applies
signoffs:
  - by: bob
    date: ${SIGNED}
    status: Supported
    ref: https://lists.example.org/2
`);
const V12 = { ...V11, 'a/downgrade.md': DOWNGRADE_12, 'a/added.md': ADDED_12 };

async function diffRepo(): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({ 'project.yml': PROJECT, 'security-team.yml': ROSTER });
  repo.features(V10).release('v1.0');
  repo.clearFeatures().features(V11).release('v1.1');
  repo.clearFeatures().features(V12).release('v1.2');
  // The main line goes back to 1.1's statements.
  repo.clearFeatures().features(V11).commit('revert 1.2');
  return repo;
}

const S = { state: 'applies', status: 'Supported', securitySupport: 'yes' };
const TP = { state: 'applies', status: 'Tech Preview', securitySupport: 'no' };
const EXP = { state: 'applies', status: 'Experimental', securitySupport: 'no' };

/** The fields of a change that say what changed and whether it is signed off. */
function brief(r: DiffResult): unknown[] {
  return r.diff.changes.map((c) => ({
    feature: c.featureId,
    variant: c.variant,
    arch: c.arch,
    before: c.before,
    after: c.after,
    downgrade: c.downgrade,
    needsSignoff: c.needsSignoff,
    signedBy: c.coverage?.covering?.signoff.by,
  }));
}

const change = (feature: string, variant: string | undefined, arch: string, before: object | undefined, after: object | undefined, more: { downgrade?: boolean; needsSignoff?: boolean; signedBy?: string } = {}): object => ({
  feature,
  variant,
  arch,
  before,
  after,
  downgrade: more.downgrade ?? false,
  needsSignoff: more.needsSignoff ?? false,
  signedBy: more.signedBy,
});

/** v1.0 → v1.1, in output order: features by id, then arch, then row. */
const CHANGES_10_11 = [
  change('a/added', undefined, 'arm', undefined, EXP),
  change('a/downgrade', undefined, 'x86', S, TP, { downgrade: true }),
  change('a/downgrade', undefined, 'arm', S, TP, { downgrade: true }),
  change('a/downgrade', undefined, 'riscv', S, TP, { downgrade: true }),
  change('a/removed', undefined, 'x86', EXP, undefined, { downgrade: true }),
  change('a/upgrade', undefined, 'x86', TP, S, { needsSignoff: true, signedBy: 'alice' }),
  change('a/upgrade', undefined, 'arm', TP, S, { needsSignoff: true, signedBy: 'alice' }),
  change('a/variants', 'dom0', 'x86', TP, S, { needsSignoff: true, signedBy: 'alice' }),
  change('a/variants', undefined, 'arm', TP, S, { needsSignoff: true, signedBy: 'alice' }),
];

describe('diff between releases in git', () => {
  let repo: Repo;
  let d: DiffResult;

  beforeAll(async () => {
    repo = await diffRepo();
    d = await diff({ cwd: repo.dir, base: 'v1.0', head: 'v1.1', today: TODAY });
  });

  it('v1.0 → v1.1 lists exactly the changed cells, added, removed and renamed', () => {
    expect(d.base).toBe('v1.0');
    expect(d.head).toBe('v1.1');
    expect(d.diff.added).toEqual(['a/added']);
    expect(d.diff.removed).toEqual(['a/removed']);
    expect(d.diff.renamed).toEqual([{ from: 'a/old-name', to: 'b/new-name' }]);
    expect(brief(d)).toEqual(CHANGES_10_11);
    expect(d.unsigned).toEqual([]);
    expect(d.diagnostics).toEqual([]);
  });

  it('locates each change at the status that sets it in the head revision', () => {
    const at = (featureId: string, variant: string | undefined, arch: string): unknown => {
      const c = d.diff.changes.find((x) => x.featureId === featureId && x.variant === variant && x.arch === arch);
      return c?.file === undefined ? undefined : { file: c.file, line: c.place?.line, column: c.place?.column };
    };
    expect(at('a/upgrade', undefined, 'x86')).toEqual({ file: 'v1.1:features/a/upgrade.md', ...positionOf(V11['a/upgrade.md'], 'Supported', 'status:') });
    expect(at('a/variants', undefined, 'arm')).toEqual({ file: 'v1.1:features/a/variants.md', ...positionOf(VARIANTS_11, 'Supported', '  arm:') });
    expect(at('a/variants', 'dom0', 'x86')).toEqual({ file: 'v1.1:features/a/variants.md', ...positionOf(VARIANTS_11, 'Supported', '    id: dom0') });
    // A removed feature has no head file.
    expect(at('a/removed', undefined, 'x86')).toBeUndefined();
  });

  it('the CLI exits 0 for signed upgrades and downgrades', async () => {
    const run = await cli(['diff', 'v1.0', 'v1.1', '--today', TODAY], repo.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('v1.0 → v1.1: 9 cells changed, 1 feature added, 1 removed, 1 renamed; 0 changed cells lack a sign-off; 0 governance changes; 4 new sign-offs');
    expect(lines).toContain('renamed  a/old-name → b/new-name');
    expect(lines).toContain('added    a/added');
    expect(lines).toContain('removed  a/removed');
    expect(lines).toContain(`↓ a/downgrade on x86: Supported, security supported → Tech Preview, not security supported (v1.1:features/a/downgrade.md:4:9)`);
    expect(lines).toContain(`• a/upgrade on arm: Tech Preview, not security supported → Supported, security supported — signed off by alice on ${SIGNED} (v1.1:features/a/upgrade.md:4:9)`);
    // The new sign-off entries, for the security team to recognise as theirs.
    expect(lines).toContain('New sign-offs (4)');
    expect(lines.filter((l) => l.startsWith(`+ a/variants #3: Supported by alice on ${SIGNED} (variant dom0, claim x86; UNSIGNED) covers cells — review https://lists.example.org/1 (v1.1:features/a/variants.md:`))).toHaveLength(1);
    expect(lines).toHaveLength(1 + 3 + 9 + 2 + 4);
  });

  it('an upgrade to Supported without a valid sign-off fails diff (exit 1) and check', async () => {
    const unsigned = await diff({ cwd: repo.dir, base: 'v1.1', head: 'v1.2', today: TODAY });
    expect(brief(unsigned)).toEqual([
      change('a/added', undefined, 'arm', EXP, S, { needsSignoff: true }),
      change('a/downgrade', undefined, 'x86', TP, S, { needsSignoff: true }),
      change('a/downgrade', undefined, 'arm', TP, S, { needsSignoff: true }),
      change('a/downgrade', undefined, 'riscv', TP, S, { needsSignoff: true }),
    ]);
    expect(unsigned.unsigned.map((c) => `${c.featureId} ${c.arch}`)).toEqual(['a/added arm', 'a/downgrade x86', 'a/downgrade arm', 'a/downgrade riscv']);

    const run = await cli(['diff', 'v1.1', 'v1.2', '--today', TODAY], repo.dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 changed cells lack a sign-off');
    expect(run.stdout).toContain('✗ a/downgrade on x86: Tech Preview, not security supported → Supported, security supported — NEEDS A SIGN-OFF; sign: support-matrix signoff a/downgrade --ref <review URL> (v1.2:features/a/downgrade.md:4:9)');
    expect(run.stdout).toMatch(/✗ a\/added on arm: Experimental, not security supported → Supported, security supported — NEEDS A SIGN-OFF: .*bob/);

    // The same tree checked out: check fails on both statuses.
    const clone = await repo.clone('v1.2');
    const checked = await check({ cwd: clone.dir, today: TODAY });
    expect(checked.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleName}`)).toEqual([
      'features/a/added.md:4:9 error supported-requires-signoff',
      `features/a/added.md:${positionOf(ADDED_12, 'bob').line}:${positionOf(ADDED_12, 'bob').column} error signoff-signer`,
      'features/a/downgrade.md:4:9 error supported-requires-signoff',
    ]);
    expect((await cli(['check', '--today', TODAY], clone.dir)).code).toBe(1);
    // …and so does diff against the working tree there.
    expect((await cli(['diff', 'v1.1', '--today', TODAY], clone.dir)).code).toBe(1);
  });

  it('HEAD defaults to the working tree, uncommitted edits included', async () => {
    const clone = await repo.clone('main');
    expect((await diff({ cwd: clone.dir, base: 'v1.1', today: TODAY })).diff.changes).toEqual([]);
    clone.features({ 'a/stable.md': simple('Stable', 'Toolstack', 'Tech Preview', X86_ARM) });
    const working = await diff({ cwd: clone.dir, base: 'v1.1', today: TODAY });
    expect(working.head).toBe('working tree');
    expect(brief(working)).toEqual([
      change('a/stable', undefined, 'x86', S, TP, { downgrade: true }),
      change('a/stable', undefined, 'arm', S, TP, { downgrade: true }),
      change('a/stable', undefined, 'riscv', S, { state: 'not-applicable' }, { downgrade: true }),
    ]);
    expect(working.diff.changes[0]?.file).toBe('features/a/stable.md');
    // The committed HEAD does not have the edit.
    expect((await diff({ cwd: clone.dir, base: 'v1.1', head: 'HEAD', today: TODAY })).diff.changes).toEqual([]);
    const run = await cli(['diff', 'v1.1', '--today', TODAY], clone.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('v1.1 → working tree: 3 cells changed');
  });

  describe('formats', () => {
    it('markdown: a table row per changed cell', () => {
      const text = diffFormats['markdown']?.(d) ?? '';
      const lines = text.split('\n');
      expect(lines[0]).toBe('### Support changes: `v1.0` → `v1.1`');
      expect(lines).toEqual(expect.arrayContaining(['- renamed `a/old-name` → `b/new-name`', '- added `a/added`', '- removed `a/removed`']));
      const changes = lines.slice(0, lines.indexOf('#### New sign-offs (4)'));
      const rows = changes.filter((l) => l.startsWith('| `')).map((l) => l.slice(2, -2).split(' | '));
      expect(lines).toContain(`| \`a/variants\` | #3 Supported by alice on ${SIGNED}, variant dom0, claim x86, review https://lists.example.org/1 | **unsigned** | cells |`);
      const signed = `✓ signed off by \`alice\` on ${SIGNED} ([review](https://lists.example.org/1))`;
      // The last column: where the head file states the cell (none for a removed feature).
      for (const row of rows) expect(row[6], row.join(' | ')).toMatch(row[0] === '`a/removed`' ? /^$/ : /^`v1\.1:features\/[a-z/-]+\.md:\d+:\d+`$/);
      expect(rows.map((row) => row.slice(0, 6))).toEqual([
        ['`a/added`', '', 'arm', 'absent', 'Experimental, not security supported', ''],
        ['`a/downgrade`', '', 'x86', 'Supported, security supported', 'Tech Preview, not security supported', 'downgrade'],
        ['`a/downgrade`', '', 'arm', 'Supported, security supported', 'Tech Preview, not security supported', 'downgrade'],
        ['`a/downgrade`', '', 'riscv', 'Supported, security supported', 'Tech Preview, not security supported', 'downgrade'],
        ['`a/removed`', '', 'x86', 'Experimental, not security supported', 'absent', 'downgrade'],
        ['`a/upgrade`', '', 'x86', 'Tech Preview, not security supported', 'Supported, security supported', signed],
        ['`a/upgrade`', '', 'arm', 'Tech Preview, not security supported', 'Supported, security supported', signed],
        ['`a/variants`', 'dom0', 'x86', 'Tech Preview, not security supported', 'Supported, security supported', signed],
        ['`a/variants`', '', 'arm', 'Tech Preview, not security supported', 'Supported, security supported', signed],
      ]);
    });

    it('markdown with --site-url: each changed cell links its cell on the feature page', async () => {
      const run = await cli(['diff', 'v1.0', 'v1.1', '--today', TODAY, '--format', 'markdown', '--site-url', 'https://support.example.org/'], repo.dir);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('| [`a/upgrade`](https://support.example.org/features/a/upgrade/#f-a-upgrade--arm) |');
      expect(run.stdout).toContain('| [`a/variants`](https://support.example.org/features/a/variants/#f-a-variants--dom0--x86) | dom0 | x86 |');
      // A removed feature has no page to link.
      expect(run.stdout).toContain('| `a/removed` |');
      const refused = await cli(['diff', 'v1.0', 'v1.1', '--today', TODAY, '--format', 'markdown', '--site-url', 'javascript:alert(1)'], repo.dir);
      expect(refused.code).toBe(2);
    });

    it('json (through the CLI): parses, with every change', async () => {
      const run = await cli(['diff', 'v1.0', 'v1.1', '--today', TODAY, '--format', 'json'], repo.dir);
      expect(run.code).toBe(0);
      const out = JSON.parse(run.stdout) as Record<string, unknown> & { changes: Array<Record<string, unknown>> };
      expect(out).toMatchObject({ version: 1, base: 'v1.0', head: 'v1.1', added: ['a/added'], removed: ['a/removed'], renamed: [{ from: 'a/old-name', to: 'b/new-name' }], unsigned: 0 });
      expect(out.changes.map((c) => ({ feature: c['feature'], variant: c['variant'], arch: c['arch'], before: c['before'], after: c['after'], downgrade: c['downgrade'], needsSignoff: c['needsSignoff'], signedBy: (c['signoff'] as { by?: string } | null)?.by }))).toEqual(
        CHANGES_10_11.map((c) => ({ ...c, variant: (c as { variant?: string }).variant ?? null, before: (c as { before?: object }).before ?? null, after: (c as { after?: object }).after ?? null })),
      );
      const upgrade = out.changes.find((c) => c['feature'] === 'a/upgrade');
      expect(upgrade).toMatchObject({ signedOff: true, signoff: { by: 'alice', date: SIGNED, ref: 'https://lists.example.org/1' }, location: { file: 'v1.1:features/a/upgrade.md', line: 4, column: 9 } });
      expect(out.changes.find((c) => c['feature'] === 'a/downgrade')).toMatchObject({ signedOff: null, signoff: null });
      expect(out.changes.find((c) => c['feature'] === 'a/removed')).toMatchObject({ location: null });
    });

    it('github (working tree head): an error annotation on each unsigned upgrade, a notice on the rest', async () => {
      const clone = await repo.clone('v1.2');
      const run = await cli(['diff', 'v1.0', '--today', TODAY, '--format', 'github'], clone.dir);
      expect(run.code).toBe(1);
      const lines = run.stdout.trimEnd().split('\n');
      // Six changes, then the governance change (1.2 dropped a sign-off that still covers its cells), then five new sign-offs.
      expect(lines.map((l) => /^::(\w+) /.exec(l)?.[1])).toEqual(['error', 'notice', 'notice', 'notice', 'notice', 'notice', 'error', 'notice', 'notice', 'notice', 'notice', 'notice']);
      expect(lines[6]).toMatch(/^::error file=features\/a\/downgrade\.md,line=2,col=1,title=governance change::Sign-off #1 by `alice` on 2025-01-10 of `a\/downgrade` in `v1\.0` was removed, but it still covers cells/);
      expect(lines[7]).toBe('::notice file=features/a/added.md,line=8,col=5,title=new sign-off::a/added #1: Supported by bob on 2025-01-10 (claim arm; UNSIGNED) covers no cell — review https://lists.example.org/2');
      expect(lines[0]).toMatch(/^::error file=features\/a\/added\.md,line=4,col=9,title=support change%3A a\/added on arm::absent → Supported, security supported — NEEDS A SIGN-OFF/);
      expect(lines).toContain(`::notice file=features/a/upgrade.md,line=4,col=9,title=support change%3A a/upgrade on x86::Tech Preview, not security supported → Supported, security supported — signed off by alice on ${SIGNED}`);
      expect(lines).toContain('::notice title=support change%3A a/removed on x86::Experimental, not security supported → absent');
    });
  });

  it('an unknown base or head ref is a usage error (exit 2) with a clear message', async () => {
    const base = await cli(['diff', 'v9.9', '--today', TODAY], repo.dir);
    expect(base.code).toBe(2);
    expect(base.stdout).toBe('');
    expect(base.stderr).toBe('support-matrix: Unexpected revision `v9.9`: git finds no features directory there; give a tag, branch or commit that has one (e.g. origin/main, after `git fetch`)\n');
    const head = await cli(['diff', 'v1.0', 'no-such-branch', '--today', TODAY], repo.dir);
    expect(head.code).toBe(2);
    expect(head.stderr).toContain('Unexpected revision `no-such-branch`');
    await expect(diff({ cwd: repo.dir, base: 'v9.9', today: TODAY })).rejects.toBeInstanceOf(UsageError);
  });
});
