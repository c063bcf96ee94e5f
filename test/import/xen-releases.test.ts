import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { Repo } from '../releases/repo.js';
import { byCell, matrixCells, modelCells, overviewCells } from '../helpers/views.js';

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

    const ARCH = (qualifier: string | undefined): string | undefined => (qualifier === undefined ? undefined : /^x86$/i.test(qualifier) ? 'x86' : /^(arm|arm32|arm64|aarch64)$/i.test(qualifier) ? 'arm' : undefined);
    const STATUS = /^(Supported|Tech Preview|Experimental|Deprecated|Obsolete|Security supported)\b/i;
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

      // Each status line of the source: a cell of its feature (the heading above it) with the line's status — on the
      // arch it names, not security supported when it says so — or a note of the importer saying how it read it.
      const source = (await readFile(path.join(data, step.file), 'utf8')).split('\n');
      const imported = imports[i]?.import;
      if (!imported) throw new Error('no import');
      let lines = 0;
      let notStatedLines = 0;
      source.forEach((text, n) => {
        // `Supported, ARM64: Image`: the status first, then the qualifier, then the scope, kept as the caveat.
        const first = /^\s+(Supported|Tech Preview|Experimental|Deprecated), ([^:]+): (\S.*)$/.exec(text);
        if (first) {
          lines++;
          const owner = [...imported.features].filter((f) => f.line < n + 1).sort((a, b) => b.line - a.line)[0];
          const arch = ARCH(first[2]) ?? (/^arm/i.test(first[2] ?? '') ? 'arm' : undefined);
          const cells = shown.filter((c) => c.feature === owner?.id && c.reading === 'applies' && c.status === first[1] && c.caveat.includes(first[3] ?? '') && (arch === undefined || c.arch === arch));
          expect(cells.length, `${step.file}:${n + 1} ${text.trim()} (${owner?.id ?? 'no feature'})`).toBeGreaterThan(0);
          return;
        }
        const m = /^\s+Status(?:, ([^:]+))?: (.*)$/.exec(text);
        if (!m) return;
        lines++;
        const line = n + 1;
        const owner = [...imported.features].filter((f) => f.line < line).sort((a, b) => b.line - a.line)[0];
        const word = STATUS.exec(m[2] ?? '')?.[1]?.toLowerCase();
        if (/^not implemented\b/i.test(m[2] ?? '')) {
          expect(shown.some((c) => c.feature === owner?.id && c.reading === 'not-implemented'), `${step.file}:${line} ${text.trim()}`).toBe(true);
          return;
        }
        if (word === undefined) {
          expect(imported.notes.some((note) => note.line === line), `${step.file}:${line} ${text.trim()}`).toBe(true);
          return;
        }
        const status = word === 'security supported' ? 'supported' : word;
        const arch = ARCH(m[1]);
        // A qualifier that names no arch (by a loose reading of its own: `x86 HVM`, `ARM64`, `Linux (ARM)` name one), under a heading that names
        // none, placed by no word of the arch-word table: the cells are `not-stated`, never a status claimed on an arch the line does not name.
        const namesArch = (t: string | undefined): boolean => t !== undefined && (/^(x86|arm|aarch)/i.test(t) || /\((x86|arm)\)/i.test(t));
        const tabled = imported.notes.some((note) => note.line === line && note.kind === 'arch-word');
        const unplaced = m[1] !== undefined && !namesArch(m[1]) && !namesArch(imported.features.find((f) => f.id === owner?.id)?.data.title) && !tabled && !/\(/.test(m[2] ?? '');
        const reading = unplaced ? 'not-stated' : 'applies';
        if (unplaced) notStatedLines++;
        const cells = shown.filter((c) => c.feature === owner?.id && c.reading === reading && c.status.toLowerCase() === status && (arch === undefined || c.arch === arch));
        // "Supported, not security supported"; not "Supported up to 12 TiB. More is supported, but not security supported" (a limit).
        const notSecurity = /^[A-Za-z ]+,\s*not security supported/i.test(m[2] ?? '');
        expect(cells.filter((c) => !notSecurity || c.security === 'no').length, `${step.file}:${line} ${text.trim()} (${owner?.id ?? 'no feature'})`).toBeGreaterThan(0);
      });
      expect(lines, step.file).toBe(imported.counts.statusLines);
      // Every not-stated row is in the import's notes, and the statement has such rows (Linux, FreeBSD, … under the guest drivers).
      expect(notStatedLines, `${step.file}: lines naming no arch`).toBeGreaterThan(20);
      expect(imported.notes.filter((note) => note.kind === 'not-stated').length, step.file).toBeGreaterThanOrEqual(notStatedLines);
    }
  }, 120_000);
});
