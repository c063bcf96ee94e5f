import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { anchorHrefs, builtHtml, useSite, type DomElement } from './helpers.js';

const site = useSite({ sample: true });

/** Opens a site path in a context where the page's own scripts never run. */
async function openWithoutJs(sitePath: string): Promise<Page> {
  const page = await site.page({ javaScriptEnabled: false, viewport: { width: 1400, height: 900 } });
  const response = await page.goto(site.url(sitePath));
  expect(response?.status()).toBe(200);
  return page;
}

/** `href` and visibility of every link as the browser parsed and laid out the page. */
function renderedLinks(page: Page): Promise<Array<{ href: string; visible: boolean }>> {
  return page.locator('a[href]').evaluateAll((links: DomElement[]) =>
    links.map((a) => ({ href: a.getAttribute('href') ?? '', visible: a.getClientRects().length > 0 })),
  );
}

const sorted = (list: string[]): string[] => [...list].sort();

describe('the site without JavaScript (sample corpus)', () => {
  it('the matrix shows every row of the built HTML, and the filter form stays hidden', async () => {
    const htmlText = await builtHtml(site.out, '/');
    const builtRows = htmlText.match(/<tr\s[^>]*\bdata-text="/g) ?? [];
    expect(builtRows.length).toBeGreaterThan(40);

    const page = await openWithoutJs('/');
    const rows = page.locator('table#matrix tr[data-text]');
    expect(await rows.count()).toBe(builtRows.length);
    const visible = await rows.evaluateAll((list: DomElement[]) => list.filter((r) => r.getClientRects().length > 0).length);
    expect(visible).toBe(builtRows.length);
    // Every arch column is shown.
    const headers = page.locator('table#matrix thead th[data-arch]');
    expect(await headers.count()).toBe(3);
    for (const header of await headers.all()) expect(await header.isVisible()).toBe(true);

    await expect.poll(() => page.locator('form#filters').isVisible()).toBe(false);
    expect(await page.locator('form#filters').getAttribute('hidden')).not.toBeNull();
    expect(await page.locator('#download-csv').isVisible()).toBe(false);
    // The script never ran: no count was written.
    expect(await page.locator('output#filter-count').textContent()).toBe('');
  });

  it.each(['/', '/features/guest-types/pvh/', '/features/iommu/dma-remapping/'])('every <a href> of the built HTML of %s is in the rendered page and visible', async (sitePath) => {
    const built = anchorHrefs(await builtHtml(site.out, sitePath));
    expect(built.length).toBeGreaterThan(10);
    const page = await openWithoutJs(sitePath);
    const rendered = await renderedLinks(page);
    expect(sorted(rendered.map((l) => l.href))).toEqual(sorted(built));
    const hidden = rendered.filter((l) => !l.visible).map((l) => l.href);
    expect(hidden, 'links without a box on the page').toEqual([]);
  });

  it('a feature page shows its support table, sign-offs and prose without JavaScript', async () => {
    const page = await openWithoutJs('/features/guest-types/pvh/');
    await expect.poll(() => page.locator('h1').textContent()).toBe('PVH guests');
    const cells = page.locator('table.matrix td[data-arch]');
    expect(await cells.count()).toBeGreaterThanOrEqual(9);
    for (const cell of await cells.all()) expect(await cell.isVisible()).toBe(true);
    expect(await page.locator('#signoffs + table.signoffs tbody tr').count()).toBe(3);
    expect(await page.locator('.prose h2').first().isVisible()).toBe(true);
  });
});
