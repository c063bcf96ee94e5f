// No view may differ from the model: every cell of every built page (the
// matrix, each arch page, each release's matrix, the Releases overview, each
// feature page's support and history tables) and of every export (JSON and
// CSV of the working tree and of each release) is read back and compared
// with the resolved model's cells. Sample corpus in a real git repository
// with two tagged releases.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../../src/cli/commands/build.js';
import type { Model } from '../../src/model/resolve.js';
import { tempDir, TODAY } from '../helpers/corpus.js';
import { RELEASE_1_0, sampleWithReleases } from '../helpers/release-sample.js';
import { byCell, exportCells, featureCells, historyCells, matrixCells, modelCells, modelTrees, overviewCells, type SeenCell } from '../helpers/views.js';

let built: BuildResult;
let model: Model;
const page = (sitePath: string): Promise<string> => readFile(path.join(built.out, sitePath, 'index.html'), 'utf8');
const sorted = (cells: SeenCell[]): SeenCell[] => [...cells].sort(byCell);

beforeAll(async () => {
  const dir = await tempDir();
  await sampleWithReleases(dir);
  // In the working tree only: a row stated without an arch, and notes that qualify cells, as an import writes them.
  await writeFile(
    path.join(dir, 'features/host-hardware/imported-uart.md'),
    `---\ntitle: Imported UART\nsection: Host hardware\nstatus: Tech Preview\nvariants:\n  - name: Vendor UART\n    status: Experimental\n    arches:\n      x86: not-stated\n      arm: not-stated\nnotes:\n  - text: Only the first port.\n  - text: "Not functional"\n    variants: [Vendor UART]\n    arches: [arm]\n---\n\nImported.\n`,
  );
  built = await build({ cwd: dir, today: TODAY, revision: 'test' });
  expect(built.written).toBe(true);
  model = built.check.model;
}, 120_000);

describe('every view shows exactly the model\'s cells', () => {
  it('the model has what the views are checked against: two releases read, every reading, sign-off verdicts, caveats', () => {
    expect(model.releases.map((r) => [r.config.name, r.tree !== undefined])).toEqual([['1.0', true], ['2.0', true]]);
    const all = [...modelTrees(model).values()].flatMap((t) => modelCells(t));
    expect(new Set(all.map((c) => c.reading))).toEqual(new Set(['applies', 'not-applicable', 'not-implemented', 'unknown', 'not-stated']));
    expect(all.some((c) => c.feature === 'host-hardware/memory-hotplug' && c.notes.startsWith('Tested only with ACPI'))).toBe(true);
    expect(all.filter((c) => c.notes !== '' && c.feature === 'host-hardware/imported-uart').map((c) => `${c.feature}/${c.variant} ${c.arch}: ${c.notes}`)).toEqual([
      'host-hardware/imported-uart/ x86: Only the first port.',
      'host-hardware/imported-uart/ arm: Only the first port.',
      'host-hardware/imported-uart/ riscv: Only the first port.',
      // Not on the variant's riscv cell: it does not apply there.
      'host-hardware/imported-uart/vendor-uart x86: Only the first port.',
      'host-hardware/imported-uart/vendor-uart arm: Only the first port.\n\nNot functional',
    ]);
    expect(new Set(all.map((c) => c.signoff))).toEqual(new Set(['signed', 'not-required', 'not-signed-off', 'exempt']));
    expect(all.some((c) => c.caveat !== '')).toBe(true);
    expect(all.length).toBeGreaterThan(300);
  });

  it('a feature page lists each note once, with the cells it concerns', async () => {
    const html = await page('features/host-hardware/imported-uart');
    const section = /<section aria-labelledby="notes"><h2 id="notes">Notes<\/h2>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '';
    expect([...section.matchAll(/<dt>([^<]*)<\/dt><dd class="note">([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]])).toEqual([
      ['Imported UART on x86-64, Imported UART on Arm, Imported UART on RISC-V, Vendor UART on x86-64, Vendor UART on Arm', 'Only the first port.'],
      ['Vendor UART on Arm', 'Not functional'],
    ]);
  });

  it('the current matrix, and each arch page for its arch', async () => {
    const cells = modelCells(model.current);
    expect(matrixCells(await page('.'))).toEqual(cells);
    for (const arch of model.project.architectures) expect(matrixCells(await page(`arch/${arch.id}`)), arch.id).toEqual(cells.filter((c) => c.arch === arch.id));
  });

  it('each release\'s matrix page', async () => {
    for (const release of model.releases) {
      const tree = release.tree;
      if (!tree) throw new Error(`${release.config.name} not read`);
      expect(matrixCells(await page(`releases/${release.slug}`)), release.config.name).toEqual(modelCells(tree));
    }
    // Release 1.0 says what its tree says, not what the working tree says.
    const arm = (cells: SeenCell[]): SeenCell | undefined => cells.find((c) => c.feature === RELEASE_1_0.upgraded.id && c.variant === '' && c.arch === 'arm');
    expect(arm(matrixCells(await page('releases/1-0')))).toMatchObject({ status: 'Tech Preview', security: 'no' });
    expect(arm(matrixCells(await page('.')))).toMatchObject({ status: 'Supported', security: 'yes', signoff: 'signed' });
    // A feature in a section project.yml no longer lists is still on the release's matrix, under that section.
    const oldSection = await page('releases/1-0');
    expect(oldSection).toContain(`>${RELEASE_1_0.oldSection.section}</a></th></tr>`);
    expect(matrixCells(oldSection).some((c) => c.feature === RELEASE_1_0.oldSection.id)).toBe(true);
  });

  it('the Releases overview, column by column', async () => {
    const columns = overviewCells(await page('releases'));
    expect([...columns.keys()]).toEqual(['1-0', '2-0', '@current']);
    for (const [name, tree] of modelTrees(model)) expect(sorted(columns.get(name) ?? []), name).toEqual(sorted(modelCells(tree)));
  });

  it('each feature page\'s support table and history table', async () => {
    for (const f of model.current.ordered) {
      const html = await page(`features/${f.id}`);
      expect(featureCells(html, f.id), f.id).toEqual(modelCells({ ...model.current, ordered: [f] }));
      const variants = new Map(f.rows.flatMap((r) => (r.variant ? [[r.label, r.variant.id] as const] : [])));
      const history = historyCells(html, f.id, variants);
      for (const release of model.releases) {
        const then = release.tree?.features.get(f.id);
        expect(history.get(release.config.name) ?? [], `${f.id} in ${release.config.name}`).toEqual(then ? modelCells({ ...model.current, ordered: [then] }).map((c) => ({ ...c, feature: f.id })) : []);
      }
    }
  });

  it('the JSON and CSV exports of the working tree and of each release', async () => {
    const exports = [['@current', 'exports'], ...model.releases.map((r) => [r.slug, `exports/releases/${r.slug}`])] as const;
    const trees = modelTrees(model);
    for (const [name, dir] of exports) {
      const tree = trees.get(name);
      if (!tree) throw new Error(`no tree ${name}`);
      const expected = sorted(modelCells(tree, { ownIds: true }));
      const json = JSON.parse(await readFile(path.join(built.out, dir, 'support-matrix.json'), 'utf8')) as Parameters<typeof exportCells>[0];
      expect(sorted(exportCells(json)), `${name} JSON`).toEqual(expected);
      const csv = parse(await readFile(path.join(built.out, dir, 'support-matrix.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
      const fromCsv = csv.map((r) => ({
        feature: r['feature'] ?? '',
        variant: r['variant'] ?? '',
        arch: r['arch'] ?? '',
        reading: r['state'] === 'applies' && r['status'] === '' ? 'no-status' : (r['state'] ?? ''),
        status: r['status'] ?? '',
        security: r['security_support'] ?? '',
        caveat: r['caveat'] ?? '',
        notes: r['notes'] ?? '',
        signoff: r['signoff_state'] ?? '',
      }));
      expect(sorted(fromCsv), `${name} CSV`).toEqual(expected);
      expect(new Set(csv.map((r) => r['release'])), `${name} CSV release column`).toEqual(new Set([name === '@current' ? 'working tree at test' : model.releases.find((r) => r.slug === name)?.config.name]));
    }
  });
});
