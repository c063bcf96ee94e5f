// Long pages split into pages (`site.rows-per-page`, issue 16): every row of
// a matrix, of the Releases overview and every entry of the sign-offs is on
// exactly one of its pages, in order, no page holds more than the limit
// (unless one feature alone has more rows), a feature's rows stay together,
// and every page links to every other.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { paginate } from '../../src/render/matrix-pages.js';
import type { MatrixFeature, SiteSection } from '../../src/render/site-data.js';
import type { Model } from '../../src/model/resolve.js';
import { buildSiteData } from '../../src/render/site-data.js';
import { baseProject, corpusOf, TODAY, tempDir } from '../helpers/corpus.js';
import { byCell, matrixCells, modelCells, modelTrees, overviewCells, type SeenCell } from '../helpers/views.js';
import { sampleWithReleases } from '../helpers/release-sample.js';

/** A feature with `variants` variant rows (and so a title row), or one row of its own. */
function feature(id: string, variants: number): MatrixFeature {
  const rows = variants === 0 ? [{ label: id }] : Array.from({ length: variants }, (_, i) => ({ label: `${id} v${i}`, variant: { id: `v${i}`, name: `v${i}` } }));
  return { id, title: id, section: '', anchor: id, aliases: [], rows } as unknown as MatrixFeature;
}

const tableRows = (f: MatrixFeature): number => f.rows.length + (f.rows[0]?.variant ? 1 : 0);

describe('paginate', () => {
  it('puts every feature on exactly one page, in order, within the limit, and counts the rows the filter counts', () => {
    const sections = fc.array(fc.array(fc.nat({ max: 6 }), { maxLength: 30 }), { maxLength: 8 });
    fc.assert(
      fc.property(sections, fc.integer({ min: 1, max: 40 }), (shape, limit) => {
        const input: Array<SiteSection<MatrixFeature>> = shape.map((variants, s) => ({ name: `S${s}`, anchor: `s${s}`, depth: 0, features: variants.map((v, i) => feature(`s${s}-f${i}`, v)) }));
        const pages = paginate(input, limit, 'arch/x86/');
        const flat = pages.flatMap((p) => p.sections.flatMap((s) => s.features.map((f) => `${s.anchor}/${f.id}`)));
        expect(flat).toEqual(input.flatMap((s) => s.features.map((f) => `${s.anchor}/${f.id}`)));
        let before = 0;
        for (const [i, page] of pages.entries()) {
          const features = page.sections.flatMap((s) => s.features);
          const table = features.reduce((n, f) => n + tableRows(f), 0);
          if (features.length > 1) expect(table).toBeLessThanOrEqual(limit);
          expect(page.rows).toBe(features.reduce((n, f) => n + f.rows.length, 0));
          expect(page.rowsBefore).toBe(before);
          before += page.rows;
          expect(page.path).toBe(i === 0 ? 'arch/x86/' : `arch/x86/${i + 1}/`);
          expect(page.pages.map((p) => p.path)).toEqual(pages.map((p) => p.path));
          // A section is continued exactly when an earlier page holds part of it.
          for (const section of page.sections) expect(section.continued).toBe(pages.slice(0, i).some((p) => p.sections.some((s) => s.anchor === section.anchor)));
        }
        expect(pages.at(-1)?.totalRows).toBe(before);
        // No page could have taken the next page's first feature.
        for (let i = 1; i < pages.length; i++) {
          const prev = (pages[i - 1]?.sections ?? []).flatMap((s) => s.features).reduce((n, f) => n + tableRows(f), 0);
          const next = pages[i]?.sections[0]?.features[0] as MatrixFeature;
          expect(prev + tableRows(next)).toBeGreaterThan(limit);
        }
      }),
      { numRuns: 300, seed: 20261127 },
    );
  });

  it('gives the current matrix the front page, then matrix/2/, and an empty matrix one empty page', () => {
    const sections = [{ name: 'A', anchor: 'a', depth: 0, features: [feature('x', 0), feature('y', 0), feature('z', 0)] }];
    expect(paginate(sections, 2, '').map((p) => p.path)).toEqual(['', 'matrix/2/']);
    expect(paginate([], 2, '').map((p) => [p.path, p.rows])).toEqual([['', 0]]);
  });
});

describe('sections whose names slug alike', () => {
  it('get anchors of their own, so neither reads as the other continued and each breadcrumb finds its own', () => {
    const project = baseProject.replace('  - Toolstack\n', '  - Debugging and tracing\n  - Debugging, and tracing\n  - 日本語\n  - 한국어\n');
    const feature = (title: string, section: string): string => `---\ntitle: ${title}\nsection: "${section}"\nstatus: Experimental\nknown-issues:\n  - summary: Not reviewed.\n---\n`;
    const corpus = corpusOf({ 'project.yml': project, 'a.md': feature('A', 'Debugging and tracing'), 'b.md': feature('B', 'Debugging, and tracing'), 'c.md': feature('C', '日本語'), 'd.md': feature('D', '한국어') });
    expect(corpus.diagnostics).toEqual([]);
    const site = buildSiteData(corpus, { today: TODAY });
    const anchors = site.sections.map((s) => s.anchor);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(site.pages.matrix).toHaveLength(1);
    expect(site.pages.matrix[0]?.sections.map((s) => s.continued)).toEqual([false, false, false, false]);
    for (const s of site.sections.filter((x) => x.features.length > 0)) expect(site.sectionPages[s.anchor], s.name).toBe('');
  });
});

describe('a site whose matrices are split into pages', () => {
  let dir: string;
  let site: string;
  let whole: string;
  let model: Model;
  beforeAll(async () => {
    dir = await tempDir();
    await sampleWithReleases(dir);
    // The same corpus on one page a matrix (the default limit), then split.
    const first = await build({ cwd: dir, out: '_whole', today: TODAY, revision: 'test' });
    expect(first.written).toBe(true);
    whole = path.join(dir, '_whole');
    const project = path.join(dir, 'features', 'project.yml');
    await writeFile(project, `${await readFile(project, 'utf8')}\nsite:\n  rows-per-page: 20\n`);
    const result = await build({ cwd: dir, out: '_site', today: TODAY, revision: 'test' });
    expect(result.written).toBe(true);
    site = path.join(dir, '_site');
    model = result.check.model;
  }, 60_000);

  const read = (page: string, root = site): Promise<string> => readFile(path.join(root, page, 'index.html'), 'utf8');
  const rowIds = (html: string): string[] => [...html.matchAll(/<tr id="([^"]+)" class="(?:feature|variant)-row"/g)].map((m) => m[1] ?? '');
  /** A link on the page at `from` (a site directory), as a site directory. */
  const resolve = (from: string, href: string): string => new URL(href, `http://site/${from}`).pathname.slice(1);

  /** The pages of one matrix, as its first page's pager lists them. */
  async function pagesOf(first: string): Promise<Array<{ page: string; html: string }>> {
    const html = await read(first);
    const pager = /<nav class="pager"[^]*?<\/nav>/.exec(html)?.[0] ?? '';
    const pages = [...pager.matchAll(/href="([^"]+)"/g)].map((m) => resolve(first, m[1] ?? ''));
    return Promise.all(pages.map(async (page) => ({ page, html: await read(page) })));
  }

  for (const [name, first] of [
    ['current', ''],
    ['x86', 'arch/x86/'],
    ['release 1.0', 'releases/1-0/'],
  ] as const) {
    it(`${name}: its pages together show exactly the model's cells, every row of the unsplit matrix once and in order, at most 20 rows to a page, each page with its pager`, async () => {
      const pages = await pagesOf(first);
      expect(pages.length).toBeGreaterThan(2);
      expect(pages[0]?.page).toBe(first);
      const tree = first.startsWith('releases/') ? model.releases.find((r) => r.slug === '1-0')?.tree : model.current;
      if (!tree) throw new Error('release 1.0 not read');
      const cells = modelCells(tree).filter((c) => first !== 'arch/x86/' || c.arch === 'x86');
      expect(pages.flatMap((p) => matrixCells(p.html))).toEqual(cells);
      const all = pages.flatMap((p) => rowIds(p.html));
      expect(all).toEqual(rowIds(await read(first, whole)));
      expect(new Set(all).size).toBe(all.length);
      for (const [i, { html }] of pages.entries()) {
        const table = /<table[^]*<\/table>/.exec(html)?.[0] ?? '';
        expect((table.match(/<tr [^>]*class="(?:feature-row|variant-row|feature-row group-row)"/g) ?? []).length, `page ${i + 1}`).toBeLessThanOrEqual(20);
        expect(html).toContain(`Page ${i + 1} of ${pages.length}: rows `);
        expect(html).toContain(`data-page="${i + 1}" data-pages="${pages.length}"`);
        expect(html).toContain('The filter and the CSV download cover this page');
      }
    });
  }

  it('the Releases overview: its pages together show exactly the model\'s cells of every tree, at most 20 rows to a page, the dates on the first', async () => {
    const pages = await pagesOf('releases/');
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.map((p) => p.page).slice(1).every((p) => /^overview\/\d+\/$/.test(p))).toBe(true);
    const columns = new Map<string, SeenCell[]>();
    for (const { html } of pages) {
      expect((html.match(/<tr id="r-[^"]*" class="(?:feature|variant)-row"/g) ?? []).length).toBeLessThanOrEqual(20);
      for (const [key, cells] of overviewCells(html)) columns.set(key, [...(columns.get(key) ?? []), ...cells]);
    }
    const sorted = (cells: SeenCell[]): SeenCell[] => [...cells].sort(byCell);
    expect([...columns.keys()]).toEqual(['1-0', '2-0', '@current']);
    for (const [name, tree] of modelTrees(model)) expect(sorted(columns.get(name) ?? []), name).toEqual(sorted(modelCells(tree)));
    expect(pages[0]?.html).toContain('<table class="releases">');
    expect(pages[1]?.html).not.toContain('<table class="releases">');
  });

  it('the sign-offs: every signed and open cell once over the pages, at most 20 entries to a page, the contents leading to each section', async () => {
    const pages = await pagesOf('signoffs/');
    expect(pages.length).toBeGreaterThan(1);
    const links = (html: string): string[] => [...html.matchAll(/<td><a href="[^"]*?(features\/[^"]+)">/g)].map((m) => m[1] ?? '');
    const entries = pages.flatMap((p) => links(p.html));
    for (const { html } of pages) expect(links(html).length).toBeLessThanOrEqual(20);
    expect(entries).toEqual(links(await read('signoffs/', whole)));
    expect(entries.length).toBeGreaterThan(20);
    const first = pages[0]?.html ?? '';
    const toc = /<nav aria-label="On this page">[^]*?<\/nav>/.exec(first)?.[0] ?? '';
    for (const href of [...toc.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '')) {
      const [where = '', anchor = ''] = href.split('#');
      const html = await read(resolve('signoffs/', where || './'));
      expect(html, href).toContain(`<h2 id="${anchor}">`);
      expect(html, href).not.toMatch(new RegExp(`<h2 id="${anchor}">[^<]*\\(continued\\)`));
    }
  });

  it('leaves a matrix that fits on one page without a pager', async () => {
    expect(await read('', whole)).not.toContain('class="pager"');
  });

  it('links each feature page to the page of the matrix where its section begins', async () => {
    for (const id of ['guest-types/arm-vm', 'debugging/gdbstub', 'pv-drivers/9pfs']) {
      const from = `features/${id}/`;
      const crumb = /<nav class="breadcrumb"[^]*?<\/nav>/.exec(await read(from))?.[0] ?? '';
      const target = [...crumb.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '')[1] ?? '';
      const [where = '', anchor = ''] = target.split('#');
      const html = await read(resolve(from, where));
      const section = new RegExp(`<tbody id="${anchor}"[^>]*>\\s*<tr class="section-head">(.*?)</tr>`).exec(html);
      expect(section, `${id}: #${anchor} on ${where}`).not.toBeNull();
      expect(section?.[1]).not.toContain('(continued)');
    }
  });

  it('writes no page past the last one', async () => {
    const pages = await pagesOf('');
    expect(existsSync(path.join(site, 'matrix', String(pages.length + 1)))).toBe(false);
  });
});
