/**
 * Six releases read from a real git repository: features added, removed,
 * renamed, upgraded and downgraded across them, one release with an invalid
 * file. `check`, then `build` and the Releases page and feature history.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/cli/commands/build.js';
import { check, type CheckResult } from '../../src/cli/commands/check.js';
import { cli } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { feature, positionOf, projectYml, Repo, ROSTER, signoff, simple } from './repo.js';

// Dates with lifecycle 18 / 36 months; on TODAY (2026-06-01):
//   1.0, 1.1 out of security support; 1.2, 1.3 security support only; 1.4 supported; 1.5 unreleased.
const RELEASES = `lifecycle:
  supported-months: 18
  security-supported-months: 36
releases:
  - name: "1.0"
    ref: v1.0
    initial-release: 2022-01-15
  - name: "1.1"
    ref: v1.1
    initial-release: 2022-09-01
  - name: "1.2"
    ref: v1.2
    initial-release: 2023-09-01
  - name: "1.3"
    ref: v1.3
    initial-release: 2024-06-01
    security-support-until: 2027-01-31
    provisional: true
  - name: "1.4"
    ref: v1.4
    initial-release: 2025-03-01
  - name: "1.5"
    ref: stable-1.5
`;

const PV = feature(`title: PV guests
section: Guest types
status: Supported
variants:
  - name: PV shim
    id: shim
    status: Supported
signoffs:
${signoff()}${signoff('Supported', { variant: 'shim' })}`);

const HVM = feature(`title: HVM guests
section: Guest types
status: Supported
arches:
  x86: applies
  arm:
    status: Supported
    security-support: with-caveats
    caveat: Only with GICv3 interrupt controllers.
variants:
  - name: HVM control domain
    id: control-domain
    status: Tech Preview
    arches: [x86]
known-issues:
  - summary: The control domain cannot pass devices through.
    variants: [control-domain]
signoffs:
${signoff()}${signoff('Supported', { arch: 'arm' })}`);

const PVH_OLD = simple('PVH guests', 'Guest types', 'Supported');
const PVH_NEW = simple('PVH guests', 'Guest types', 'Supported', 'aliases: [guests/pvh]\n');
const XL = simple('Legacy xl toolstack', 'Toolstack', 'Deprecated');
const VPCI = simple('Virtual PCI', 'Guest types', 'Experimental');
const SNAPSHOTS = simple('Snapshots', 'Toolstack', 'Tech Preview');
/** Invalid: `sumary` is not a key of the schema. */
const SNAPSHOTS_BROKEN = `---
title: Snapshots
section: Toolstack
status: Tech Preview
sumary: Save and restore a running guest.
known-issues:
  - summary: Not hardened yet.
---
`;

/** The features of release `i` (0 = 1.0 … 4 = 1.4; the main line is 4). */
function featuresAt(i: number): Record<string, string> {
  const files: Record<string, string> = {
    'guests/pv.md': PV,
    'guests/hvm.md': HVM,
    // Renamed in 1.3; the new file keeps the old id as an alias.
    ...(i < 3 ? { 'guests/pvh.md': PVH_OLD } : { 'guest-types/pvh.md': PVH_NEW }),
    // Removed in 1.2.
    ...(i < 2 ? { 'toolstack/xl-legacy.md': XL } : {}),
    // Upgraded to Supported, with a sign-off, in 1.2.
    'toolstack/migration.md': simple('Live migration', 'Toolstack', i < 2 ? 'Tech Preview' : 'Supported'),
    // Downgraded in 1.4.
    'toolstack/nested.md': simple('Nested virtualisation', 'Toolstack', i < 4 ? 'Supported' : 'Tech Preview'),
    // Added in 1.1.
    ...(i >= 1 ? { 'guests/vpci.md': VPCI } : {}),
    // Added, invalid, in 1.3; fixed in 1.4.
    ...(i === 3 ? { 'toolstack/snapshots.md': SNAPSHOTS_BROKEN } : i > 3 ? { 'toolstack/snapshots.md': SNAPSHOTS } : {}),
  };
  return files;
}

const PROJECT = projectYml({ releases: RELEASES });

async function historyRepo(): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({ 'project.yml': PROJECT, 'security-team.yml': ROSTER });
  for (let i = 0; i <= 4; i++) {
    repo.clearFeatures().features(featuresAt(i)).release(`v1.${i}`);
  }
  // The main line moves on (a prose edit) and the 1.5 branch is cut from it.
  repo.features({ 'guests/pv.md': PV.replace('Some prose.', 'More prose.') }).commit('main line');
  repo.branch('stable-1.5');
  return repo;
}

/** Cells of a table row, as text without tags. */
function cellsOf(row: string): string[] {
  return [...row.matchAll(/<t[hd]\b[^>]*>([\s\S]*?)<\/t[hd]>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

describe('history across six releases read from git', () => {
  let repo: Repo;
  let result: CheckResult;

  beforeAll(async () => {
    repo = await historyRepo();
    result = await check({ cwd: repo.dir, today: TODAY });
  });

  it('reads every release at its ref, with renames, additions and removals', () => {
    expect(result.releases.map((r) => [r.config.name, r.found, r.features.map((f) => f.id)])).toEqual([
      ['1.0', true, ['guests/hvm', 'guests/pv', 'guests/pvh', 'toolstack/migration', 'toolstack/nested', 'toolstack/xl-legacy']],
      ['1.1', true, ['guests/hvm', 'guests/pv', 'guests/pvh', 'guests/vpci', 'toolstack/migration', 'toolstack/nested', 'toolstack/xl-legacy']],
      ['1.2', true, ['guests/hvm', 'guests/pv', 'guests/pvh', 'guests/vpci', 'toolstack/migration', 'toolstack/nested']],
      // toolstack/snapshots is invalid in 1.3, so it is not loaded.
      ['1.3', true, ['guest-types/pvh', 'guests/hvm', 'guests/pv', 'guests/vpci', 'toolstack/migration', 'toolstack/nested']],
      ['1.4', true, ['guest-types/pvh', 'guests/hvm', 'guests/pv', 'guests/vpci', 'toolstack/migration', 'toolstack/nested', 'toolstack/snapshots']],
      ['1.5', true, ['guest-types/pvh', 'guests/hvm', 'guests/pv', 'guests/vpci', 'toolstack/migration', 'toolstack/nested', 'toolstack/snapshots']],
    ]);
    // The release's file is the release's bytes, not the working tree's.
    const pv10 = result.releases[0]?.features.find((f) => f.id === 'guests/pv');
    expect(pv10?.file).toBe('v1.0:features/guests/pv.md');
    expect(pv10?.body).toContain('Some prose.');
    const pv15 = result.releases[5]?.features.find((f) => f.id === 'guests/pv');
    expect(pv15?.file).toBe('stable-1.5:features/guests/pv.md');
    expect(pv15?.body).toContain('More prose.');
  });

  it('check is clean except for the backport warnings of the two security-supported releases and the invalid release file', () => {
    const nested = positionOf(featuresAt(4)['toolstack/nested.md'] ?? '', 'Tech Preview', 'status:');
    const broken = positionOf(SNAPSHOTS_BROKEN, 'sumary');
    const brief = result.diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, rule: d.ruleName, messageId: d.messageId }));
    expect(brief).toEqual([
      { file: 'features/toolstack/nested.md', ...nested, severity: 'warn', rule: 'backport', messageId: 'missing' },
      { file: 'features/toolstack/nested.md', ...nested, severity: 'warn', rule: 'backport', messageId: 'missing' },
      { file: 'v1.3:features/toolstack/snapshots.md', ...broken, severity: 'warn', rule: 'schema', messageId: 'unknown-key' },
    ]);
    const [first, second, invalid] = result.diagnostics;
    expect(first?.message).toBe(
      'The cell on `x86`, `arm` reads "Tech Preview, not security supported" on the main line but "Supported, security supported" in release `1.2`, security-supported until 2026-09-01; backport the change to `v1.2`, or note why it does not apply there',
    );
    expect(second?.message).toBe(
      'The cell on `x86`, `arm` reads "Tech Preview, not security supported" on the main line but "Supported, security supported" in release `1.3`, security-supported until 2027-01-31; backport the change to `v1.3`, or note why it does not apply there',
    );
    expect(invalid?.message).toContain('sumary');
    expect(invalid?.message).toContain('summary');
  });

  it('the CLI exits 0 and prints the three warnings', async () => {
    const run = await cli(['check', '--today', TODAY], repo.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const broken = positionOf(SNAPSHOTS_BROKEN, 'sumary');
    expect(run.stdout).toContain(`v1.3:features/toolstack/snapshots.md:${broken.line}:${broken.column}`);
    expect(run.stdout).toContain('0 errors, 3 warnings');
  });

  describe('build', () => {
    let built: BuildResult;
    let releasesPage: string;

    beforeAll(async () => {
      built = await build({ cwd: repo.dir, out: '_site', today: TODAY, revision: 'test' });
      releasesPage = await readFile(path.join(built.out, 'releases', 'index.html'), 'utf8');
    });

    it('succeeds with the same warnings as check', () => {
      expect(built.written).toBe(true);
      expect(built.out).toBe(path.join(repo.dir, '_site'));
      expect(built.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleName}`)).toEqual(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleName}`));
    });

    it('lists every release with its dates and its state on TODAY', () => {
      const rows = [...releasesPage.matchAll(/<tr id="release-[^"]*">([\s\S]*?)<\/tr>/g)].map((m) => cellsOf(m[0]));
      expect(rows).toEqual([
        // The last column links each release's exports, and its downstream formats (endoflife.date needs an initial release date).
        ['1.0', 'v1.0', '2022-01-15', '2023-07-15', '2025-01-15', 'end of life', 'JSON · CSV · SUPPORT.md · endoflife.date · OpenEoX · Calendar · security-support-limited · security-support-ended'],
        ['1.1', 'v1.1', '2022-09-01', '2024-03-01', '2025-09-01', 'end of life', 'JSON · CSV · SUPPORT.md · endoflife.date · OpenEoX · Calendar · security-support-limited · security-support-ended'],
        ['1.2', 'v1.2', '2023-09-01', '2025-03-01', '2026-09-01', 'security support only', 'JSON · CSV · SUPPORT.md · endoflife.date · OpenEoX · Calendar · security-support-limited · security-support-ended'],
        ['1.3', 'v1.3', '2024-06-01', '2025-12-01', '2027-01-31', 'security support only (dates provisional)', 'JSON · CSV · SUPPORT.md · endoflife.date · OpenEoX · Calendar · security-support-limited · security-support-ended'],
        ['1.4', 'v1.4', '2025-03-01', '2026-09-01', '2028-03-01', 'supported', 'JSON · CSV · SUPPORT.md · endoflife.date · OpenEoX · Calendar · security-support-limited · security-support-ended'],
        ['1.5', 'stable-1.5', 'TBD', 'TBD', 'TBD', 'not released yet', 'JSON · CSV · SUPPORT.md · OpenEoX · Calendar · security-support-limited · security-support-ended'],
      ]);
    });

    it('shows each feature on one row across releases: the renamed one once, the removed one marked removed', () => {
      const header = /<table class="matrix overview[^"]*" id="matrix"[\s\S]*?<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(releasesPage)?.[1] ?? '';
      // Each release with where it stands on TODAY.
      expect(cellsOf(header)).toEqual(['Feature', '1.0 end of life', '1.1 end of life', '1.2 security support only', '1.3 security support only', '1.4 supported', '1.5 not released yet', 'current']);
      // A row per feature row (own and variant), every arch's reading in every release.
      const rows = [...releasesPage.matchAll(/<tr id="r-[^"]*" class="[^"]*" data-feature="([^"]*)" data-variant="([^"]*)"[\s\S]*?<\/tr>/g)].map((m) => {
        const cells = [...m[0].matchAll(/<td data-col="([^"]*)"[^>]*>([\s\S]*?)<\/td>/g)];
        const readings = (td: string): string =>
          [...td.matchAll(/<li data-arch="([^"]*)"(?: data-arch-name="[^"]*")? data-state="([^"]*)" data-status="([^"]*)" data-security="([^"]*)"/g)].map((l) => (l[2] === 'applies' ? `${l[3]}/${l[4]}` : l[2])).join(' ') || '—';
        return { id: m[2] ? `${m[1]}#${m[2]}` : m[1], title: cellsOf(m[0])[0], cells: cells.map((c) => readings(c[2] ?? '')), cols: cells.map((c) => c[1]) };
      });
      const S = 'Supported/yes Supported/yes';
      const TP = 'Tech Preview/no Tech Preview/no';
      expect(rows.map(({ id, title, cells }) => ({ id, title, cells }))).toEqual([
        { id: 'guests/hvm', title: 'HVM guests', cells: Array(7).fill('Supported/yes Supported/with-caveats') },
        { id: 'guests/hvm#control-domain', title: 'HVM control domain of HVM guests', cells: Array(7).fill('Tech Preview/no not-applicable') },
        { id: 'guests/pv', title: 'PV guests', cells: Array(7).fill(S) },
        // A variant row the old overview hid behind its feature's own row.
        { id: 'guests/pv#shim', title: 'PV shim of PV guests', cells: Array(7).fill(S) },
        // One row for guests/pvh (1.0–1.2) and guest-types/pvh (1.3 on).
        { id: 'guest-types/pvh', title: 'PVH guests', cells: Array(7).fill(S) },
        { id: 'guests/vpci', title: 'Virtual PCI', cells: ['—', ...Array(6).fill('Experimental/no Experimental/no')] },
        { id: 'toolstack/migration', title: 'Live migration', cells: [TP, TP, S, S, S, S, S] },
        { id: 'toolstack/nested', title: 'Nested virtualisation', cells: [S, S, S, S, TP, TP, TP] },
        { id: 'toolstack/snapshots', title: 'Snapshots', cells: ['—', '—', '—', '—', TP, TP, TP] },
        { id: 'toolstack/xl-legacy', title: 'Legacy xl toolstack removed', cells: ['Deprecated/yes Deprecated/yes', 'Deprecated/yes Deprecated/yes', '—', '—', '—', '—', '—'] },
      ]);
      for (const row of rows) expect(row.cols).toEqual(['1-0', '1-1', '1-2', '1-3', '1-4', '1-5', '@current']);
      expect(releasesPage).not.toContain('data-feature="guests/pvh"');
      // The removed feature has no page to link to; the others do.
      expect(releasesPage).toMatch(/<th scope="row">Legacy xl toolstack <span class="summary">removed<\/span><\/th>/);
      expect(releasesPage).toContain('<a href="../features/guests/hvm/#f-guests-hvm--control-domain">HVM control domain</a>');
      expect(releasesPage).toContain('<a href="../features/guest-types/pvh/">PVH guests</a>');
    });

    /** The "History across releases" rows of a feature page: release, row label, cell per arch. */
    async function historyOf(id: string): Promise<string[][]> {
      const page = await readFile(path.join(built.out, 'features', id, 'index.html'), 'utf8');
      expect(page).toContain('<h2 id="history">History across releases</h2>');
      const table = /<table class="history">([\s\S]*?)<\/table>/.exec(page)?.[1] ?? '';
      const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
      return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => cellsOf(m[0]));
    }

    it('a downgraded feature page lists every release', async () => {
      const TP = 'Tech Preview not security supported';
      const S = 'Supported security supported';
      expect(await historyOf('toolstack/nested')).toEqual([
        ['1.0', 'Nested virtualisation', S, S],
        ['1.1', 'Nested virtualisation', S, S],
        ['1.2', 'Nested virtualisation', S, S],
        ['1.3', 'Nested virtualisation', S, S],
        ['1.4', 'Nested virtualisation', TP, TP],
        ['1.5', 'Nested virtualisation', TP, TP],
      ]);
    });

    it('a renamed feature page follows the old id, an added one says where it was absent, variants get rows', async () => {
      expect((await historyOf('guest-types/pvh')).map((r) => r.join(' | '))).toEqual(['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'].map((r) => `${r} | PVH guests | Supported security supported | Supported security supported`));
      expect(await historyOf('guests/vpci')).toEqual([
        ['1.0', 'not in this release'],
        ...['1.1', '1.2', '1.3', '1.4', '1.5'].map((r) => [r, 'Virtual PCI', 'Experimental not security supported', 'Experimental not security supported']),
      ]);
      expect(await historyOf('guests/hvm')).toEqual(
        ['1.0', '1.1', '1.2', '1.3', '1.4', '1.5'].flatMap((r) => [
          [r, 'HVM guests', 'Supported security supported', 'Supported security supported, with caveats caveat Only with GICv3 interrupt controllers.'],
          [r, 'HVM control domain', 'Tech Preview not security supported', 'not applicable on ARM'],
        ]),
      );
    });
  });
});
