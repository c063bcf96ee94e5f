/**
 * The backport rule (SM119) with releases read from git: which releases it
 * compares on TODAY, grouping, and where its findings point.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { diff } from '../../src/cli/commands/diff.js';
import { TODAY } from '../helpers/corpus.js';
import { feature, positionOf, projectYml, Repo, ROSTER, signoff, simple } from './repo.js';

/** One release, tagged v1.0, with explicit dates. */
const oneRelease = (dates: string): string => projectYml({ releases: `releases:\n  - name: "1.0"\n    ref: v1.0\n${dates}` });
const until = (date: string): string => `    initial-release: 2024-01-01\n    supported-until: 2025-01-01\n    security-support-until: ${date}\n`;

const X = simple('X', 'Toolstack', 'Supported');
const X_TP = simple('X', 'Toolstack', 'Tech Preview');

/** A repo whose v1.0 has `released` and whose working tree has `main`. */
async function repoWith(project: string, released: Record<string, string>, main: Record<string, string>): Promise<Repo> {
  const repo = await Repo.create();
  repo.features({ 'project.yml': project, 'security-team.yml': ROSTER, ...released }).release('v1.0');
  repo.clearFeatures().features(main);
  return repo;
}

const findings = async (repo: Repo): Promise<string[]> =>
  (await check({ cwd: repo.dir, today: TODAY })).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleName}`);

describe('which releases are compared on TODAY', () => {
  it('a release whose security support ends on TODAY still counts', async () => {
    const repo = await repoWith(oneRelease(until(TODAY)), { 'x.md': X }, { 'x.md': X_TP });
    expect(await findings(repo)).toEqual([`features/x.md:4:9 warn backport`]);
  });

  it('a release whose security support ended the day before does not', async () => {
    const repo = await repoWith(oneRelease(until('2026-05-31')), { 'x.md': X }, { 'x.md': X_TP });
    expect(await findings(repo)).toEqual([]);
  });

  it('an unreleased release (initial release after TODAY) does not', async () => {
    const repo = await repoWith(oneRelease('    initial-release: 2026-07-01\n    supported-until: 2027-07-01\n    security-support-until: 2028-07-01\n'), { 'x.md': X }, { 'x.md': X_TP });
    expect(await findings(repo)).toEqual([]);
  });

  it('a feature removed from the main line is not reported (there is no statement to point at)', async () => {
    const repo = await repoWith(oneRelease(until('2027-01-01')), { 'x.md': X, 'y.md': simple('Y', 'Toolstack', 'Supported') }, { 'y.md': simple('Y', 'Toolstack', 'Supported') });
    expect(await findings(repo)).toEqual([]);
  });
});

describe('where findings point', () => {
  const project = oneRelease(until('2027-01-01'));

  it('a downgraded variant: one finding naming every arch, at the variant status', async () => {
    const signed = feature(`title: V\nsection: Toolstack\nstatus: Supported\nvariants:\n  - name: Dom0\n    id: dom0\n    status: Supported\nsignoffs:\n${signoff()}${signoff('Supported', { variant: 'dom0' })}`);
    const main = feature(`title: V\nsection: Toolstack\nstatus: Supported\nvariants:\n  - name: Dom0\n    id: dom0\n    status: Tech Preview\nknown-issues:\n  - summary: Dom0 needs work.\nsignoffs:\n${signoff()}`);
    const repo = await repoWith(project, { 'v.md': signed }, { 'v.md': main });
    const result = await check({ cwd: repo.dir, today: TODAY });
    const at = positionOf(main, 'Tech Preview');
    expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleName}`)).toEqual([`features/v.md:${at.line}:${at.column} backport`]);
    expect(result.diagnostics[0]?.message).toBe(
      'The cell of variant `dom0` on `x86`, `arm` reads "Tech Preview, not security supported" on the main line but "Supported, security supported" in release `1.0`, security-supported until 2027-01-01; backport the change to `v1.0`, or note why it does not apply there',
    );
  });

  // The statement that withdrew the cell is the `arches` entry, not the start of the file.
  const NOT_IMPLEMENTED = simple('X', 'Toolstack', 'Supported', 'arches:\n  x86: applies\n  arm: not-implemented\n');
  const ARM_DROPPED = simple('X', 'Toolstack', 'Supported', 'arches:\n  x86: applies\n');

  it('a cell the main line marks not-implemented: at its `arches` entry', async () => {
    const repo = await repoWith(project, { 'x.md': X }, { 'x.md': NOT_IMPLEMENTED });
    const result = await check({ cwd: repo.dir, today: TODAY });
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'The cell on `arm` reads "not implemented" on the main line but "Supported, security supported" in release `1.0`, security-supported until 2027-01-01; backport the change to `v1.0`, or note why it does not apply there',
    ]);
    const entry = positionOf(NOT_IMPLEMENTED, 'not-implemented');
    expect(result.diagnostics.map((d) => ({ line: d.line, column: d.column }))).toEqual([entry]);
  });

  it('a cell the main line no longer lists under `arches`: at `arches`', async () => {
    const repo = await repoWith(project, { 'x.md': X }, { 'x.md': ARM_DROPPED });
    const result = await check({ cwd: repo.dir, today: TODAY });
    expect(result.diagnostics).toHaveLength(1);
    const d = result.diagnostics[0];
    // The `arches` key or its value; anything but the first line of the frontmatter.
    expect([positionOf(ARM_DROPPED, 'arches'), positionOf(ARM_DROPPED, 'x86')]).toContainEqual({ line: d?.line, column: d?.column });
  });

  it('diff locates such a change at the `arches` entry too', async () => {
    const repo = await repoWith(project, { 'x.md': X }, { 'x.md': NOT_IMPLEMENTED });
    const result = await diff({ cwd: repo.dir, base: 'v1.0', today: TODAY });
    expect(result.diff.changes.map((c) => ({ arch: c.arch, after: c.after, downgrade: c.downgrade, file: c.file, line: c.place?.line, column: c.place?.column }))).toEqual([
      { arch: 'arm', after: { state: 'not-implemented' }, downgrade: true, file: 'features/x.md', ...positionOf(NOT_IMPLEMENTED, 'not-implemented') },
    ]);
  });
});
