import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { Repo } from '../releases/repo.js';
import { byCell, matrixCells, modelCells, overviewCells } from '../helpers/views.js';
import { expectStatementLines } from '../helpers/statement-lines.js';

const data = path.resolve(repoRoot, 'test/corpora/xen');

describe('the three vendored Xen statements as three releases in git', () => {
  it('every status line of each statement is a cell on its release\'s matrix and in the Releases overview, as the model resolved it', async () => {
    const repo = await Repo.create();
    const ids: Record<string, Set<string>> = {};
    const steps = [
      { file: 'SUPPORT-4.14.md', tag: '4.14' },
      { file: 'SUPPORT-4.19.md', tag: '4.19' },
      { file: 'SUPPORT-unstable.md', ref: 'main' },
    ];
    const imports: Array<Awaited<ReturnType<typeof importSupportMdFile>>> = [];
    for (const step of steps) {
      const result = await importSupportMdFile({ cwd: repo.dir, file: path.join(data, step.file), out: 'features', today: TODAY, force: true, ...(step.ref ? { ref: step.ref } : {}) });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      imports.push(result);
      ids[step.file] = new Set(result.import.features.map((f) => f.id));
      if (step.tag) repo.release(step.tag);
      else repo.commit('unstable');
    }

    const built = await build({ cwd: repo.dir, today: TODAY, revision: 'test' });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.written).toBe(true);
    const model = built.check.model;
    const overviewPage = await readFile(path.join(built.out, 'releases/index.html'), 'utf8');
    const header = /<table class="matrix overview[^"]*" id="matrix"[\s\S]*?<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(overviewPage)?.[1] ?? '';
    expect([...header.matchAll(/data-col="([^"]*)"/g)].map((m) => m[1])).toEqual(['4-14', '4-19', '4-23-unstable', '@current']);

    // Rows of the overview: one per feature row, a feature's id on its rows only, every id of any release.
    const rows = [...overviewPage.matchAll(/<tr id="(r-[^"]*)" class="[^"]*" data-feature="([^"]*)" data-variant="([^"]*)"/g)];
    expect(new Set(rows.map((m) => m[1])).size).toBe(rows.length);
    expect(new Set(rows.map((m) => m[2]))).toEqual(new Set([...Object.values(ids)].flatMap((set) => [...set])));
    const columns = overviewCells(overviewPage);

    for (const [i, step] of steps.entries()) {
      const release = model.releases.find((r) => r.config.ref === (step.tag ?? step.ref));
      const tree = release?.tree;
      if (!release || !tree) throw new Error(`release ${step.file} not read`);
      const name = release.config.name;
      // The release's own matrix page and its overview column: exactly the model's cells (status, security support, arch, caveat).
      const page = await readFile(path.join(built.out, 'releases', release.slug, 'index.html'), 'utf8');
      const shown = matrixCells(page);
      expect(shown, `${name}: per-release matrix`).toEqual(modelCells(tree));
      expect([...(columns.get(release.slug) ?? [])].sort(byCell), `${name}: overview column`).toEqual(modelCells(tree).sort(byCell));
      expect(shown.filter((c) => c.caveat !== '').length, `${name}: caveat markers`).toBeGreaterThan(10);
      // Within each section, features in the statement's order (its headings' lines), never alphabetical.
      const headingLine = new Map((imports[i]?.import.features ?? []).map((f) => [f.id, f.line]));
      for (const body of page.matchAll(/<tbody id="[^"]*" class="section[^"]*">([\s\S]*?)<\/tbody>/g)) {
        const lines = [...new Set([...(body[1] ?? '').matchAll(/data-(?:feature|group)="([^"]*)"/g)].map((m) => m[1] ?? ''))].map((id) => headingLine.get(id) ?? -1);
        expect(lines, `${name}: order within a section`).toEqual([...lines].sort((a, b) => a - b));
      }

      // Each status line of the source, read independently of the importer, against the release's matrix.
      const imported = imports[i]?.import;
      if (!imported) throw new Error('no import');
      const { lines, notStated: notStatedLines } = expectStatementLines(step.file, await readFile(path.join(data, step.file), 'utf8'), imported, shown);
      expect(lines, step.file).toBe(imported.counts.statusLines);
      // Every not-stated row is in the import's notes, and the statement has such rows (Linux, FreeBSD, … under the guest drivers).
      expect(notStatedLines, `${step.file}: lines naming no arch`).toBeGreaterThan(20);
      expect(imported.notes.filter((note) => note.kind === 'not-stated').length, step.file).toBeGreaterThanOrEqual(notStatedLines);
    }
  }, 120_000);
});
