import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { exportDocument } from '../../src/export/document.js';
import { toSupportMd } from '../../src/export/support-md.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { resolveCells } from '../../src/model/cells.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

/** The real support statements, vendored verbatim in `test/corpora/xen` (see its NOTICE). */
const data = path.resolve(repoRoot, 'test/corpora/xen');

/**
 * Status lines of the Feature Support part, counted without the importer:
 * `Status[, qualifier]: value` lines, and the status-first lines the format
 * also has (`Supported, x86: bzImage, ELF`), whose first words are one of
 * the statement's four statuses.
 */
function statusLines(text: string): number {
  const part = text.split(/^# Feature Support\s*$/m)[1]?.split(/^# Format and definitions\s*$/m)[0] ?? '';
  return part.split(/\r?\n/).filter((l) => /^(\t|\s{2,})\s*Status\b/i.test(l) || /^(\t|\s{2,})\s*(Supported|Tech Preview|Experimental|Deprecated), [^:]+: \S/.test(l)).length;
}

describe('importing the real Xen support statements', () => {
  it('finds the vendored Xen data', () => {
    expect(existsSync(data), `expected the vendored Xen data at ${data}`).toBe(true);
  });

  for (const name of ['SUPPORT-4.14.md', 'SUPPORT-4.19.md', 'SUPPORT-unstable.md']) {
    it(`${name}: imports without a crash, accounts for every Status line, passes check with the generated baseline, and round-trips through support-md`, async () => {
      const dir = await tempDir();
      const file = path.join(data, name);
      const result = await importSupportMdFile({ cwd: dir, file, out: 'features', today: TODAY });
      const expected = statusLines(await readFile(file, 'utf8'));
      expect(expected).toBeGreaterThan(150);
      expect(result.import.counts).toEqual({ statusLines: expected, statements: expected });
      expect(result.import.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(result.exempt).toBeGreaterThan(100);
      expect(result.report.split('\n')[0]).toMatch(new RegExp(`: ${expected} Status lines -> ${expected} statements`));
      expect(result.import.features.length).toBeGreaterThan(100);

      // Round trip: export support-md of the import, import that, same cells.
      const corpus = await loadCorpus('features', { cwd: dir });
      const again = await tempDir();
      await writeFile(path.join(again, 'EXPORTED.md'), toSupportMd(exportDocument(corpus, TODAY)));
      await importSupportMdFile({ cwd: again, file: 'EXPORTED.md', out: 'features', today: TODAY });
      const cells = (c: typeof corpus): string[] =>
        c.features.flatMap((f) => resolveCells(f, c.project).map((x) => [f.id, x.variant ?? '-', x.arch, x.state, x.status ?? '', x.securitySupport ?? ''].join(' '))).sort();
      expect(cells(await loadCorpus('features', { cwd: again }))).toEqual(cells(corpus));
    });
  }
});
