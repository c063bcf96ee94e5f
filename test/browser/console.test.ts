import { describe, expect, it } from 'vitest';
import { sitePages, useSite, watchPage, type DomElement, type PageLog } from './helpers.js';

const site = useSite({ sample: true });

interface LinkElement extends DomElement {
  /** The resolved, absolute URL. */
  readonly href: string;
}

/** What one visit found: its problems, the ids on the page and the links it holds. */
interface Visit {
  path: string;
  status: number | undefined;
  log: PageLog;
  ids: string[];
  links: string[];
}

let visiting: Promise<Visit[]> | undefined;

/** Visits every page of the built site once (in one tab), recording what each one logs and holds. */
function visitAll(): Promise<Visit[]> {
  visiting ??= visit();
  return visiting;
}

async function visit(): Promise<Visit[]> {
  const visits: Visit[] = [];
  const paths = await sitePages(site.out);
  const context = await site.browser.newContext({ viewport: { width: 1400, height: 900 } });
  try {
    const page = await context.newPage();
    for (const sitePath of paths) {
      const log = watchPage(page);
      const response = await page.goto(site.url(sitePath), { waitUntil: 'load' });
      // The deferred script has run by now; give late console output a moment.
      await page.waitForTimeout(50);
      const ids = await page.locator('[id]').evaluateAll((els: DomElement[]) => els.map((e) => e.id));
      const links = await page.locator('a[href]').evaluateAll((els: DomElement[]) => (els as LinkElement[]).map((a) => a.href));
      page.removeAllListeners();
      visits.push({ path: sitePath, status: response?.status(), log, ids, links });
    }
  } finally {
    await context.close();
  }
  return visits;
}

describe('every page of the sample site in Chromium', () => {
  it('visits every built page: matrix, arch pages, every feature page, sign-offs and statuses', async () => {
    const all = await visitAll();
    const paths = all.map((v) => v.path);
    expect(paths).toEqual(expect.arrayContaining(['/', '/arch/x86/', '/arch/arm/', '/arch/riscv/', '/signoffs/', '/statuses/', '/features/guest-types/pvh/']));
    expect(paths.filter((p) => p.startsWith('/features/')).length).toBeGreaterThanOrEqual(59);
    expect(all.filter((v) => v.status !== 200).map((v) => `${v.path}: ${v.status}`)).toEqual([]);
  }, 120_000);

  it('logs no console error or warning and throws no exception on any page', async () => {
    const all = await visitAll();
    const problems = all.flatMap((v) => [...v.log.console, ...v.log.pageErrors].map((p) => `${v.path}: ${p}`));
    expect(problems).toEqual([]);
  }, 120_000);

  it('has no failed request and no HTTP error response on any page, and asks nothing of other hosts', async () => {
    const all = await visitAll();
    const problems = all.flatMap((v) => [...v.log.failedRequests, ...v.log.badResponses].map((p) => `${v.path}: ${p}`));
    expect(problems).toEqual([]);
    const foreign = all.flatMap((v) => v.log.requests.filter((url) => !url.startsWith(`${site.origin}/`) && !url.startsWith('data:')).map((url) => `${v.path}: ${url}`));
    expect(foreign).toEqual([]);
    // The stylesheet and (on matrix pages) the script were requested, so the pages were really loaded.
    expect(all.every((v) => v.log.requests.some((url) => url.endsWith('/assets/site.css')))).toBe(true);
    expect(all.find((v) => v.path === '/')?.log.requests.some((url) => url.endsWith('/assets/matrix.js'))).toBe(true);
  }, 120_000);

  it('every link within the site leads to a built page or a served download, and every fragment to an element with that id', async () => {
    const all = await visitAll();
    const byPath = new Map(all.map((v) => [v.path, new Set(v.ids)]));
    const broken: string[] = [];
    let checked = 0;
    for (const visit of all) {
      for (const href of visit.links) {
        const url = new URL(href);
        if (url.origin !== site.origin) continue;
        checked++;
        const ids = byPath.get(url.pathname);
        if (!ids) {
          // Downloads (exports) are files, not pages: they must be served.
          const file = /\.[a-z]+$/i.test(url.pathname) && !url.pathname.endsWith('.html') ? await fetch(url) : undefined;
          if (!file?.ok) broken.push(`${visit.path}: ${href} (no such page${file ? `; HTTP ${file.status}` : ''})`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (fragment !== '' && !ids.has(fragment)) broken.push(`${visit.path}: ${href} (no id "${fragment}" there)`);
      }
    }
    expect(checked).toBeGreaterThan(1000);
    expect(broken).toEqual([]);
  }, 120_000);
});
