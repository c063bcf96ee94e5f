// A matrix split into pages (`site.rows-per-page`) in Chromium: the filter
// says it covers the page it is on, the pager reaches every page with and
// without the script, and the pages pass axe.
import { describe, expect, it } from 'vitest';
import { axePage, describeViolations } from './axe.js';
import { useSite } from './helpers.js';

const site = useSite({ sample: true, rowsPerPage: 20 });

describe('a matrix split into pages', () => {
  it('filters the rows of the page it is on and says so; the pager leads to every page, each with its own rows', async () => {
    const page = await site.page();
    await page.goto(site.url('/'));
    const links = await page.locator('nav.pager').first().locator('a').evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
    expect(links.length).toBeGreaterThan(2);
    const seen = new Set<string>();
    for (const [i, link] of links.entries()) {
      await page.goto(link);
      const rows = await page.locator('#matrix tr[data-text]').count();
      expect(rows).toBeGreaterThan(0);
      expect(rows).toBeLessThanOrEqual(20);
      expect(await page.locator('#filter-count').textContent()).toBe(`${rows} of ${rows} rows shown on this page`);
      expect(await page.locator('nav.pager').first().locator('[aria-current="page"]').textContent()).toBe(String(i + 1));
      for (const id of await page.locator('#matrix tr[data-text]').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { id: string }).id))) {
        expect(seen.has(id), id).toBe(false);
        seen.add(id);
      }
    }
    await page.goto(site.url('/'));
    await page.selectOption('#filters select[name="status"]', 'Supported');
    const shown = await page.locator('#matrix tr[data-text]:visible').count();
    const total = await page.locator('#matrix tr[data-text]').count();
    expect(shown).toBeLessThan(total);
    expect(await page.locator('#filter-count').textContent()).toBe(`${shown} of ${total} rows shown on this page`);
  });

  it('has no axe violations on pages of the matrix, of an arch\'s matrix and of the sign-offs', async () => {
    for (const path of ['/matrix/2/', '/arch/x86/2/', '/signoffs/', '/signoffs/2/']) {
      const report = await axePage(site, path);
      expect(report.violations, describeViolations(report.violations)).toEqual([]);
    }
  });
});
