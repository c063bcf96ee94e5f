import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, neutraliseCsvCell } from '../../src/export/csv.js';
import { repoRoot } from '../helpers/cli.js';
import { parseCsv, useSite } from './helpers.js';

/**
 * test/fixtures/exports-hostile/features: every variant name and caveat of
 * the features under formulas/ is a spreadsheet formula. The matrix page's
 * "Download these rows as CSV" must write them the way `toCsv` does.
 */
const site = useSite({ dir: 'test/fixtures/exports-hostile/features' });

const CELLS = JSON.parse(await readFile(path.join(repoRoot, 'test/fixtures/exports-hostile/csv-cells.json'), 'utf8')) as Array<{ text: string; neutral: string }>;

/** The page's rule, cut out of the published matrix.js: the expression and the function, as the browser runs them. */
async function pageRuleSource(): Promise<string> {
  const script = await readFile(path.join(site.out, 'assets/matrix.js'), 'utf8');
  const source = /^ *var FORMULA_START = .*\n *function neutraliseCsvCell\(text\) \{\n[\s\S]*?\n {2}\}$/m.exec(script)?.[0];
  if (!source) throw new Error('site/assets/matrix.js no longer defines `var FORMULA_START` followed by `function neutraliseCsvCell(text)`; update this test with it');
  return source;
}

/**
 * Runs the page's rule in Chromium on every text. Texts travel as UTF-16
 * code units so that lone surrogates survive the trip into the page.
 */
async function neutraliseInPage(page: Page, texts: readonly string[]): Promise<string[]> {
  const units = (s: string): number[] => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
  const results = await page.evaluate(
    ({ source, inputs }) => {
      const rule = new Function(`${source}\nreturn neutraliseCsvCell;`)() as (text: string) => string;
      return inputs.map((codes) => {
        const out = rule(String.fromCharCode(...codes));
        return Array.from({ length: out.length }, (_, i) => out.charCodeAt(i));
      });
    },
    { source: await pageRuleSource(), inputs: texts.map(units) },
  );
  return results.map((codes) => String.fromCharCode(...codes));
}

describe('the matrix page\'s CSV download and the CSV export neutralise formulas alike', () => {
  it('applies the same rule as neutraliseCsvCell to every tricky text, and to random ones', async () => {
    const page = await site.page();
    await page.goto('about:blank');
    const texts = CELLS.map((c) => c.text);
    expect(await neutraliseInPage(page, texts)).toEqual(texts.map(neutraliseCsvCell));
    expect(texts.map(neutraliseCsvCell)).toEqual(CELLS.map((c) => c.neutral));

    // Strings made of formula starts, every kind of whitespace, look-alikes and ordinary characters.
    const alphabet = fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\n', '\v', '\f', ' ', '\u00A0', '\u1680', '\u2000', '\u200A', '\u200B', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000', '\uFEFF', '\u0085', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', '\u2212', "'", '"', ',', 'a', '1', '\uD800');
    const random = fc.sample(fc.string({ unit: alphabet, maxLength: 6 }), { numRuns: 3000, seed: 11 });
    expect(await neutraliseInPage(page, random)).toEqual(random.map(neutraliseCsvCell));
  });

  it('downloads, unfiltered, exactly the records of `export --format csv` (same columns, ids and neutralised cells); filtered, a subset of them', async () => {
    const page = await site.page({ viewport: { width: 1400, height: 900 } });
    await page.goto(site.url('/'));
    await page.locator('form#filters').waitFor({ state: 'visible' });
    const exported = parseCsv(await readFile(path.join(site.out, 'exports/support-matrix.csv'), 'utf8'));
    const sorted = (records: string[][]): string[][] => [...records].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe('support-matrix.csv');
    const records = parseCsv(await readFile(await download.path(), 'utf8'));
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    expect(records[0]).toEqual(exported[0]);
    // The same cells as the export, every field equal; only the order is the page's (sections, then titles).
    expect(sorted(records.slice(1))).toEqual(sorted(exported.slice(1)));
    expect(records.length).toBeGreaterThan(8 * 4);

    const byFeature = (id: string): string[][] => records.filter((r) => r[0] === id && r[3] !== '');
    const formulas: Record<string, string> = {
      'formulas/hyperlink': '=HYPERLINK("http://evil.example","x")',
      'formulas/dde': "+cmd|' /C calc'!A0",
      'formulas/minus': '-2+3',
      'formulas/at': '@SUM(1,1)',
      'formulas/space': ' =1+1',
      'formulas/fullwidth': '\uFF1D1+1',
    };
    // Column 3 is the variant id (a slug, no formula); column 10 the caveat, a formula neutralised.
    for (const [id, formula] of Object.entries(formulas)) {
      expect(byFeature(id).map((r) => r[10]), id).toEqual([`'${formula}`, `'${formula}`]);
    }
    expect(byFeature('formulas/tab').map((r) => r[10])).toEqual(["'\t=1+1", "'\t=1+1"]);
    // No field of the file starts a formula.
    for (const field of records.flat()) expect(neutraliseCsvCell(field), JSON.stringify(field)).toBe(field);

    // Filtered: the shown rows' cells in the chosen arch, each one a record of the export.
    const all = await page.locator('#filter-count').textContent();
    await page.selectOption('select[name="arch"]', 'arm');
    await page.fill('input[name="q"]', 'plain');
    await expect.poll(() => page.locator('#filter-count').textContent()).not.toBe(all);
    const [filtered] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const subset = parseCsv(await readFile(await filtered.path(), 'utf8')).slice(1);
    expect(subset.length).toBeGreaterThan(0);
    for (const record of subset) {
      expect(record[4]).toBe('arm');
      expect(exported).toContainEqual(record);
    }
  });
});
