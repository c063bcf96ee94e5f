// The reader's question in one step, in a real browser: "is X security
// supported on arm in release R?" — on the per-release matrix, through the
// release selector, and on the Releases overview. The sample corpus sits in a
// real git repository with two tagged releases (helpers: sampleWithReleases).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axePage, describeViolations } from './axe.js';
import { parseCsv, RELEASE_1_0, useSite } from './helpers.js';

const site = useSite({ releases: true });
const { upgraded, added } = RELEASE_1_0;

async function open(sitePath: string, options: Parameters<typeof site.page>[0] = {}): Promise<Page> {
  const page = await site.page({ viewport: { width: 1400, height: 900 }, ...options });
  const response = await page.goto(site.url(sitePath));
  expect(response?.status()).toBe(200);
  await page.locator('form#filters').waitFor({ state: 'visible' });
  return page;
}

/** The text of the feature's own row's cell on an arch, as a reader sees it (screen-reader words included). */
async function cellText(page: Page, feature: string, arch: string): Promise<string> {
  const row = page.locator(`tr[data-feature="${feature}"][data-variant=""]`);
  return (await row.locator(`td[data-arch="${arch}"]`).innerText()).replace(/\s+/g, ' ').trim();
}

describe('a matrix per release', () => {
  it('answers "security supported on arm in release R" on /releases/<name>/, filtered to arm and the feature', async () => {
    const query = `?arch=arm&q=${encodeURIComponent(upgraded.title.toLowerCase())}`;
    const old = await open(`/releases/1-0/${query}`);
    expect(await old.locator('h1').textContent()).toContain('release 1.0');
    expect(await old.locator(`tr[data-feature="${upgraded.id}"][data-variant=""]`).isVisible()).toBe(true);
    expect(await cellText(old, upgraded.id, 'arm')).toBe('Tech Preview not security supported');
    // The arch filter leaves one visible column.
    expect(await old.locator('thead th[data-arch]:visible').allTextContents()).toEqual(['Arm']);

    const now = await open(`/releases/2-0/${query}`);
    expect(await cellText(now, upgraded.id, 'arm')).toMatch(/^Supported security supported/);
    const current = await open(`/${query}`);
    expect(await cellText(current, upgraded.id, 'arm')).toMatch(/^Supported security supported/);
  });

  it('the release selector opens the same filter on the chosen release\'s matrix, and every matrix page links every release', async () => {
    const page = await open('/?arch=arm&q=arm%20virtual');
    expect(await page.locator('nav.release-select a').allTextContents()).toEqual(['current (working tree)', '1.0', '2.0']);
    await Promise.all([page.waitForURL(/\/releases\/1-0\/\?/), page.selectOption('select[name="release"]', { label: '1.0' })]);
    const url = new URL(page.url());
    expect(url.pathname).toBe('/releases/1-0/');
    expect(Object.fromEntries(url.searchParams)).toEqual({ arch: 'arm', q: 'arm virtual' });
    await page.locator('form#filters').waitFor({ state: 'visible' });
    expect(await page.locator('select[name="arch"]').inputValue()).toBe('arm');
    expect(await cellText(page, upgraded.id, 'arm')).toBe('Tech Preview not security supported');
    expect(await page.locator('nav.release-select [aria-current="page"]').textContent()).toBe('1.0');
  });

  it('a feature not in the release is not on its matrix; its CSV download equals the release\'s CSV export', async () => {
    const page = await open('/releases/1-0/');
    expect(await page.locator(`tr[data-feature="${added.id}"]`).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toBe('support-matrix-1-0.csv');
    const records = parseCsv(await readFile(await download.path(), 'utf8'));
    const exported = parseCsv(await readFile(path.join(site.out, 'exports/releases/1-0/support-matrix.csv'), 'utf8'));
    const sorted = (r: string[][]): string[][] => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(records[0]).toEqual(exported[0]);
    expect(sorted(records.slice(1))).toEqual(sorted(exported.slice(1)));
    expect(records.slice(1).every((r) => r[5] === '1.0')).toBe(true);
  });
});

describe('the Releases overview', () => {
  it('shows each row in each release per arch, with where each release stands; the arch filter keeps one line per cell', async () => {
    const page = await open('/releases/');
    expect(await page.locator('table#matrix thead th[data-col]').allTextContents()).toEqual(['1.0security support only', '2.0supported', 'current']);
    const row = page.locator(`tr[data-feature="${upgraded.id}"][data-variant=""]`);
    const lines = async (col: string): Promise<string[]> => (await row.locator(`td[data-col="${col}"] li:visible`).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    expect(await lines('1-0')).toEqual(['x86-64: not applicable', 'Arm: Tech Preview not security supported', 'RISC-V: not applicable']);
    expect((await lines('2-0'))[1]).toMatch(/^Arm: Supported security supported/);
    const absent = page.locator(`tr[data-feature="${added.id}"][data-variant=""] td[data-col="1-0"]`);
    expect(await absent.textContent()).toBe('not in this release');

    // Its CSV download, unfiltered: every cell of every column, each a record of that tree's CSV export.
    const [all] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const records = parseCsv(await readFile(await all.path(), 'utf8'));
    const exported = await Promise.all(['exports/releases/1-0', 'exports/releases/2-0', 'exports'].map(async (dir) => parseCsv(await readFile(path.join(site.out, dir, 'support-matrix.csv'), 'utf8'))));
    const sorted = (r: string[][]): string[][] => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    expect(records[0]).toEqual(exported[0]?.[0]);
    expect(sorted(records.slice(1))).toEqual(sorted(exported.flatMap((e) => e.slice(1))));

    await page.selectOption('select[name="arch"]', 'arm');
    await expect.poll(() => new URL(page.url()).search).toBe('?arch=arm');
    expect(await lines('1-0')).toEqual(['Arm: Tech Preview not security supported']);
    // Status and arch together: a row shows while one arm line in some release is Tech Preview.
    await page.selectOption('select[name="status"]', 'Tech Preview');
    await expect.poll(() => row.isVisible()).toBe(true);
  });
});

describe('release pages read on a phone', () => {
  it('the per-release matrix stacks its rows: no scroll box inside the page and no sideways scrolling', async () => {
    const page = await open('/releases/1-0/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const layout = await page.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(s: string): unknown }; getComputedStyle(el: unknown): { overflowY: string; maxHeight: string; display: string } };
      const wrap = g.getComputedStyle(g.document.querySelector('.table-wrap'));
      return { overflow: wrap.overflowY, maxHeight: wrap.maxHeight, row: g.getComputedStyle(g.document.querySelector('tr[data-text]')).display, scrollWidth: g.document.documentElement.scrollWidth, clientWidth: g.document.documentElement.clientWidth };
    });
    expect(layout).toMatchObject({ overflow: 'visible', maxHeight: 'none', row: 'block' });
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.clientWidth);
    // Each cell names its arch, since the header row is out of sight.
    const arm = page.locator(`tr[data-feature="${upgraded.id}"][data-variant=""] td[data-arch="arm"]`);
    expect(await arm.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown, p: string): { content: string } }).getComputedStyle(el, '::before').content)).toBe('"Arm: "');
  });
});

describe('accessibility of the release pages (axe-core)', () => {
  const PAGES = [
    ['a per-release matrix', '/releases/1-0/'],
    ['the Releases overview with releases', '/releases/'],
    ['a feature page with history', `/features/${upgraded.id}/`],
  ] as const;

  it.each(PAGES)('%s (%s) has no axe violations on a desktop screen', async (_name, sitePath) => {
    const report = await axePage(site, sitePath, { colorScheme: 'light' });
    expect(report.violations, `axe violations on ${sitePath}:\n${describeViolations(report.violations)}`).toEqual([]);
    expect(report.incomplete).not.toContain('color-contrast');
  });

  it.each(PAGES)('%s (%s) has no axe violations on a 390 px phone screen (target size included)', async (_name, sitePath) => {
    const report = await axePage(site, sitePath, { colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    expect(report.violations, `axe violations on ${sitePath} (phone):\n${describeViolations(report.violations)}`).toEqual([]);
  });
});
