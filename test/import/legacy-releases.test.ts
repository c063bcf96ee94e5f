// A project that migrates at release N keeps the releases before N as they
// were published: `format: support-md` releases are read from git (a
// SUPPORT.md at the release's tag), converted in memory by the importer, and
// built beside the migrated tree, without rewriting history.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { build } from '../../src/cli/commands/build.js';
import { check } from '../../src/cli/commands/check.js';
import { diff } from '../../src/cli/commands/diff.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { byCell, matrixCells, modelCells, type SeenCell } from '../helpers/views.js';
import { expectStatementLines } from '../helpers/statement-lines.js';
import { importSupportMd } from '../../src/import/support-md.js';
import { Repo } from '../releases/repo.js';

const data = path.resolve(repoRoot, 'test/corpora/xen');

/** The cells of a statement imported on its own into a fresh directory, as `import` and `check` resolve them. */
async function importedCells(file: string): Promise<SeenCell[]> {
  const dir = await tempDir();
  await importSupportMdFile({ cwd: dir, file: path.join(data, file), out: 'features', today: TODAY });
  const checked = await check({ cwd: dir, dir: 'features', today: TODAY, releases: false });
  return modelCells(checked.model.current).sort(byCell);
}

describe('legacy releases read straight from git (`format: support-md`)', () => {
  it('builds the three statements as published, from their tags, beside the tree migrated from the newest: each release matrix line by line its statement, and cell for cell the statement imported on its own', async () => {
    const repo = await Repo.create();
    // History as the project published it: a SUPPORT.md, tagged at each release (under another name for 4.14).
    repo.write({ 'docs/SUPPORT.md': await readFile(path.join(data, 'SUPPORT-4.14.md'), 'utf8') }, { seal: false });
    repo.release('RELEASE-4.14.0');
    repo.write({ 'docs/SUPPORT.md': null, 'SUPPORT.md': await readFile(path.join(data, 'SUPPORT-4.19.md'), 'utf8') }, { seal: false });
    repo.release('RELEASE-4.19.0');
    repo.write({ 'SUPPORT.md': await readFile(path.join(data, 'SUPPORT-unstable.md'), 'utf8') }, { seal: false });
    repo.release('snapshot-4.21');
    // The migration: the development branch's statement imported into features/, the old releases listed as legacy.
    await importSupportMdFile({ cwd: repo.dir, file: path.join(data, 'SUPPORT-unstable.md'), out: 'features', today: TODAY, ref: 'main' });
    const projectFile = path.join(repo.dir, 'features/project.yml');
    const project = parse(await readFile(projectFile, 'utf8')) as { releases: Array<Record<string, unknown>> };
    project.releases = [
      { name: '4.14', ref: 'RELEASE-4.14.0', format: 'support-md', path: 'docs/SUPPORT.md', 'initial-release': '2020-07-24', 'supported-until': '2022-01-24', 'security-support-until': '2023-07-24' },
      { name: '4.19', ref: 'RELEASE-4.19.0', format: 'support-md', 'initial-release': '2024-07-29', 'supported-until': '2026-01-29', 'security-support-until': '2027-07-29' },
      { name: '4.21 snapshot', ref: 'snapshot-4.21', format: 'support-md', path: 'SUPPORT.md' },
      ...project.releases,
    ];
    repo.write({ 'features/project.yml': stringify(project) }, { seal: false });
    repo.commit('migrate');
    const head = repo.git('rev-parse', 'HEAD');

    const built = await build({ cwd: repo.dir, today: TODAY, revision: 'test' });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.written).toBe(true);
    const model = built.check.model;
    const shownFile = { '4.14': 'RELEASE-4.14.0:docs/SUPPORT.md', '4.19': 'RELEASE-4.19.0:SUPPORT.md', '4.21 snapshot': 'snapshot-4.21:SUPPORT.md' };
    for (const [name, file] of [['4.14', 'SUPPORT-4.14.md'], ['4.19', 'SUPPORT-4.19.md'], ['4.21 snapshot', 'SUPPORT-unstable.md']] as const) {
      const release = model.releases.find((r) => r.config.name === name);
      if (!release?.tree) throw new Error(`${name} not read`);
      // The release reads exactly as the statement does when imported on its own: same rows, arches, statuses, caveats.
      const legacy = modelCells(release.tree, { ownIds: true }).sort(byCell);
      const alone = await importedCells(file);
      expect(legacy.map(({ signoff, ...c }) => c)).toEqual(alone.map(({ signoff, ...c }) => c));
      // Never signed off then: every cell that needs a sign-off reads "exempt (legacy)", never "not signed off".
      expect(legacy.filter((c) => c.signoff === 'not-signed-off')).toEqual([]);
      expect(legacy.filter((c) => c.signoff === 'exempt').length).toBeGreaterThan(50);
      // Its own matrix page shows those cells.
      const page = await readFile(path.join(built.out, 'releases', release.slug, 'index.html'), 'utf8');
      const shown = matrixCells(page);
      expect([...shown].sort(byCell)).toEqual(modelCells(release.tree).sort(byCell));
      // Line by line: each status line of the statement is on the release's matrix as it says, never on an arch it does not name.
      const text = await readFile(path.join(data, file), 'utf8');
      const counted = expectStatementLines(file, text, importSupportMd(text, { file: shownFile[name] }), shown);
      expect(counted.lines).toBe(importSupportMd(text, { file }).counts.statusLines);
      // Every feature is located at the statement and its heading's line.
      const first = [...release.tree.byFeature.keys()][0];
      expect(first?.file).toBe(shownFile[name]);
    }
    // `diff` reads a legacy release by its name, on either side: 4.14 → 4.19 as published, and 4.19 → the migrated tree.
    const between = await diff({ cwd: repo.dir, base: '4.14', head: '4.19', today: TODAY });
    expect(between.diff.changes.length).toBeGreaterThan(10);
    expect(between.diff.added.length).toBeGreaterThan(0);
    const since = await diff({ cwd: repo.dir, base: '4.19', today: TODAY });
    expect(since.diff.changes.length).toBeGreaterThan(0);
    // A cell of the migrated tree is compared with the same row of the published statement (same ids): nothing reads as all new.
    expect(since.diff.added.length).toBeLessThan(model.current.features.size / 4);
    // Nothing was rewritten: the history and the working tree are as they were.
    expect(repo.git('rev-parse', 'HEAD')).toBe(head);
    expect(repo.git('status', '--porcelain', '--untracked-files=no').trim()).toBe('');
  }, 120_000);

  it('reports a legacy release whose statement git cannot find at project.yml, and reads the other releases', async () => {
    const repo = await Repo.create();
    repo.write({ 'SUPPORT.md': await readFile(path.join(data, 'SUPPORT-4.19.md'), 'utf8') }, { seal: false });
    repo.release('4.19');
    await importSupportMdFile({ cwd: repo.dir, file: path.join(data, 'SUPPORT-unstable.md'), out: 'features', today: TODAY });
    const projectFile = path.join(repo.dir, 'features/project.yml');
    const project = parse(await readFile(projectFile, 'utf8')) as { releases: Array<Record<string, unknown>> };
    project.releases = [
      { name: '4.19', ref: '4.19', format: 'support-md' },
      { name: '4.18', ref: '4.19', format: 'support-md', path: 'docs/SUPPORT.md' },
    ];
    // A feature renamed after the migration keeps its old id as an alias: the legacy release's row is the renamed feature's.
    const credit2 = await readFile(path.join(repo.dir, 'features/resource-management/credit2-scheduler.md'), 'utf8');
    repo.write(
      {
        'features/project.yml': stringify(project),
        'features/resource-management/credit2-scheduler.md': null,
        'features/scheduling/credit2.md': credit2.replace(/^---\n/, '---\naliases: [resource-management/credit2-scheduler]\n'),
      },
      { seal: false },
    );
    repo.commit('migrate');
    const checked = await check({ cwd: repo.dir, dir: 'features', today: TODAY });
    const legacy = checked.model.releases.find((r) => r.config.name === '4.19')?.tree;
    expect(legacy?.features.has('scheduling/credit2')).toBe(true);
    expect(legacy?.features.has('resource-management/credit2-scheduler')).toBe(false);
    const missing = checked.diagnostics.filter((d) => d.messageId === 'unknown-ref');
    // At the missing release's `ref` in project.yml.
    const lines = (await readFile(projectFile, 'utf8')).split('\n');
    const at = lines.findIndex((l) => l.includes('4.18')) + 2;
    expect(lines[at - 1]).toContain('ref:');
    expect(missing.map((d) => `${d.file}:${d.line} ${d.severity}`)).toEqual([`features/project.yml:${at} error`]);
    expect(missing[0]?.message).toContain('`4.19:docs/SUPPORT.md`');
    expect(checked.model.releases.find((r) => r.config.name === '4.19')?.tree?.features.size).toBeGreaterThan(100);
  });
});

describe('legacy releases against a patch', () => {
  /** A repository with 4.19 as a legacy release (tag 4.19) and the development branch migrated; `edit` changes project.yml before the commit. */
  async function migrated(edit: (project: Record<string, unknown>) => void): Promise<Repo> {
    const repo = await Repo.create();
    repo.write({ 'SUPPORT.md': await readFile(path.join(data, 'SUPPORT-4.19.md'), 'utf8') }, { seal: false });
    repo.release('4.19');
    await importSupportMdFile({ cwd: repo.dir, file: path.join(data, 'SUPPORT-unstable.md'), out: 'features', today: TODAY });
    const projectFile = path.join(repo.dir, 'features/project.yml');
    const project = parse(await readFile(projectFile, 'utf8')) as Record<string, unknown>;
    edit(project);
    repo.write({ 'features/project.yml': stringify(project) }, { seal: false });
    repo.commit('migrate');
    return repo;
  }

  it('reads a legacy release on the arches it covers: an arch the project adds later is not applicable there, never a cell the statement did not state', async () => {
    const repo = await migrated((project) => {
      project['architectures'] = [...(project['architectures'] as unknown[]), { id: 'riscv', name: 'RISC-V' }];
      project['releases'] = [{ name: '4.19', ref: '4.19', format: 'support-md', architectures: ['x86', 'arm'] }];
    });
    const checked = await check({ cwd: repo.dir, dir: 'features', today: TODAY });
    const tree = checked.model.releases[0]?.tree;
    if (!tree) throw new Error('4.19 not read');
    const onRiscv = modelCells(tree).filter((c) => c.arch === 'riscv');
    expect(onRiscv.length).toBeGreaterThan(100);
    expect(new Set(onRiscv.map((c) => c.reading))).toEqual(new Set(['not-applicable']));
    // On the arches it covers, the same cells as without the new arch.
    const without = await migrated((project) => {
      project['releases'] = [{ name: '4.19', ref: '4.19', format: 'support-md' }];
    });
    const plain = (await check({ cwd: without.dir, dir: 'features', today: TODAY })).model.releases[0]?.tree;
    if (!plain) throw new Error('4.19 not read');
    expect(modelCells(tree).filter((c) => c.arch !== 'riscv')).toEqual(modelCells(plain));
  });

  it('diff never takes a legacy release for a revision git can read: a release named after the base commit does not stand in for it', async () => {
    const repo = await migrated((project) => {
      project['releases'] = [{ name: '4.19', ref: '4.19', format: 'support-md' }];
    });
    const base = repo.git('rev-parse', 'HEAD').trim();
    // The patch: a legacy release named after the base commit, pointing at a statement that says whatever the patch likes.
    const projectFile = path.join(repo.dir, 'features/project.yml');
    const project = parse(await readFile(projectFile, 'utf8')) as { releases: Array<Record<string, unknown>> };
    project.releases.push({ name: base, ref: '4.19', format: 'support-md' });
    repo.write({ 'features/project.yml': stringify(project) }, { seal: false });
    const spoofed = await diff({ cwd: repo.dir, base, today: TODAY });
    // The base is the commit's features directory: nothing of the working tree's features changed.
    expect(spoofed.diff.changes).toEqual([]);
    expect(spoofed.diagnostics.filter((d) => d.messageId === 'legacy-side')).toEqual([]);
    // A legacy release by its name is read as such, and the output says it is a report, not a verdict.
    const legacy = await diff({ cwd: repo.dir, base: '4.19', today: TODAY });
    expect(legacy.diagnostics.filter((d) => d.messageId === 'legacy-side').map((d) => d.message)).toEqual([
      "`4.19` is a legacy release (a SUPPORT.md at `4.19`), with no roster, policy or baseline of its own: this comparison is judged with the working tree's, so it is a report, not a verdict; for a verdict on a change, use `check --base <revision>`",
    ]);
  });
});
