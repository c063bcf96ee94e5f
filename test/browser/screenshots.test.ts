import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { useSite } from './helpers.js';

const site = useSite({ sample: true });

/** Screenshots for people to look at; `test-results/` is not committed. */
const SCREENSHOTS = path.join(repoRoot, 'test-results', 'screenshots');

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk, failing if the file is not a PNG. */
async function pngSize(file: string): Promise<{ width: number; height: number; bytes: number }> {
  const data = await readFile(file);
  expect(data.subarray(0, 8).equals(PNG_SIGNATURE), `${file} starts with the PNG signature`).toBe(true);
  expect(data.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), bytes: data.length };
}

const SHOTS = [
  { name: 'matrix-1400x900.png', sitePath: '/', viewport: { width: 1400, height: 900 }, fullPage: false },
  { name: 'matrix-390x844.png', sitePath: '/', viewport: { width: 390, height: 844 }, fullPage: false },
  { name: 'feature-pvh.png', sitePath: '/features/guest-types/pvh/', viewport: { width: 1400, height: 900 }, fullPage: true },
  { name: 'signoffs.png', sitePath: '/signoffs/', viewport: { width: 1400, height: 900 }, fullPage: true },
] as const;

describe('screenshots of the sample site', () => {
  it.each(SHOTS)('saves $name ($sitePath at $viewport.width×$viewport.height) as a non-empty PNG', async ({ name, sitePath, viewport, fullPage }) => {
    await mkdir(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, name);
    await rm(file, { force: true });
    const page = await site.page({ viewport, deviceScaleFactor: 1, colorScheme: 'light' });
    await page.goto(site.url(sitePath));
    if (sitePath === '/') await page.locator('form#filters').waitFor({ state: 'visible' });
    await page.screenshot({ path: file, fullPage, animations: 'disabled' });

    expect((await stat(file)).size).toBeGreaterThan(10_000);
    const png = await pngSize(file);
    expect(png.width).toBe(viewport.width);
    if (fullPage) expect(png.height).toBeGreaterThan(viewport.height);
    else expect(png.height).toBe(viewport.height);
  });

  it('the matrix does not make the page scroll sideways on a 390 px phone screen (the table scrolls in its own box)', async () => {
    const page = await site.page({ viewport: { width: 390, height: 844 } });
    await page.goto(site.url('/'));
    await page.locator('form#filters').waitFor({ state: 'visible' });
    const widths = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document;
      return { scroll: doc.documentElement.scrollWidth, client: doc.documentElement.clientWidth };
    });
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  });
});
