import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { Repo } from '../releases/repo.js';

const data = path.resolve(repoRoot, 'test/corpora/xen');

describe('the three vendored Xen statements as three releases in git', () => {
  it('build shows one row per feature across the releases, with ids stable from release to release', async () => {
    const repo = await Repo.create();
    const ids: Record<string, Set<string>> = {};
    const steps = [
      { file: 'SUPPORT-4.14.md', tag: '4.14' },
      { file: 'SUPPORT-4.19.md', tag: '4.19' },
      { file: 'SUPPORT-unstable.md', ref: 'main' },
    ];
    for (const step of steps) {
      const result = await importSupportMdFile({ cwd: repo.dir, file: path.join(data, step.file), out: 'features', today: TODAY, force: true, ...(step.ref ? { ref: step.ref } : {}) });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      ids[step.file] = new Set(result.import.features.map((f) => f.id));
      if (step.tag) repo.release(step.tag);
      else repo.commit('unstable');
    }

    const built = await build({ cwd: repo.dir, today: TODAY, revision: 'test' });
    expect(built.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(built.written).toBe(true);
    const page = await readFile(path.join(built.out, 'releases/index.html'), 'utf8');
    const header = /<table class="matrix" id="matrix"[\s\S]*?<thead><tr>([\s\S]*?)<\/tr><\/thead>/.exec(page)?.[1] ?? '';
    expect([...header.matchAll(/data-col="([^"]*)"/g)].map((m) => m[1])).toEqual(['4.14', '4.19', '4.23-unstable', 'current']);

    // One row per id in any of the three, never two rows for one id.
    const rows = [...page.matchAll(/<tr id="r-[^"]*" data-feature="([^"]*)"[\s\S]*?<\/tr>/g)];
    const rowIds = rows.map((m) => m[1] ?? '');
    const union = new Set([...Object.values(ids)].flatMap((s) => [...s]));
    expect(new Set(rowIds).size).toBe(rowIds.length);
    expect(new Set(rowIds)).toEqual(union);

    // Features in every release sit on one row with a cell in every column.
    const everywhere = [...(ids['SUPPORT-4.14.md'] ?? [])].filter((id) => ids['SUPPORT-4.19.md']?.has(id) && ids['SUPPORT-unstable.md']?.has(id));
    expect(everywhere.length).toBeGreaterThan(80);
    for (const id of everywhere) {
      const row = rows.find((m) => m[1] === id)?.[0] ?? '';
      expect([...row.matchAll(/data-state="([^"]*)"/g)].map((m) => m[1]), id).toEqual(['applies', 'applies', 'applies', 'applies']);
    }
  }, 120_000);
});
