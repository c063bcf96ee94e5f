import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/commands/serve.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { launchBrowser, SETUP_TIMEOUT, watchPage } from './helpers.js';

let browser: Browser | undefined;

beforeAll(async () => {
  browser = await launchBrowser();
}, SETUP_TIMEOUT);

afterAll(async () => {
  await browser?.close();
}, SETUP_TIMEOUT);

describe('serve in Chromium', () => {
  it('shows the findings until check passes, then reloads into the site, and reloads again after each change, under the CSP', async () => {
    if (browser === undefined) throw new Error('Chromium did not start');
    const dir = await tempDir();
    const features = await copySample(dir);
    const file = path.join(features, 'guest-types/pvh.md');
    const original = await readFile(file, 'utf8');
    await writeFile(file, original.replace(/^status: Supported$/m, 'status: Supportd'));
    const server = await serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, log: () => undefined, report: () => undefined });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const log = watchPage(page);
      // Live once the page's WebSocket is open: the client script marks the document.
      const listening = (): Promise<unknown> => page.waitForSelector('html[data-live-reload="connected"]', { state: 'attached' });

      await page.goto(new URL('features/guest-types/pvh/', server.url).href);
      await listening();
      expect(await page.locator('h1').textContent()).toContain('Not built: the features do not pass check');

      let reloaded = page.waitForEvent('load');
      let built = server.nextBuild();
      await writeFile(file, original);
      expect(await built).toEqual({ ok: true });
      await reloaded;
      await listening();
      expect(await page.locator('h1').textContent()).toBe('PVH guests');

      reloaded = page.waitForEvent('load');
      built = server.nextBuild();
      await writeFile(file, original.replace('title: PVH guests', 'title: PVH guests, renamed'));
      expect(await built).toEqual({ ok: true });
      await reloaded;
      await listening();
      expect(await page.locator('h1').textContent()).toBe('PVH guests, renamed');

      // The script came from its file, and nothing was blocked or failed.
      expect(log.requests.filter((url) => url.endsWith('/.support-matrix/live-reload.js')).length).toBe(3);
      // Chromium logs the findings page's own 503; nothing else, and no CSP violation.
      const findings = new URL('features/guest-types/pvh/', server.url).href;
      expect(log.console.filter((line) => line !== `error: Failed to load resource: the server responded with a status of 503 (Service Unavailable) (${findings})`)).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      expect(log.failedRequests).toEqual([]);
      // Only the findings page, the first visit, answered 503.
      expect(log.badResponses).toEqual([`503 ${findings}`]);
    } finally {
      await context.close();
      await server.close();
    }
  }, SETUP_TIMEOUT);
});
