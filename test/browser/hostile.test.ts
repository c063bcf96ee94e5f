import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY } from '../helpers/corpus.js';
import { sitePages, useSite, watchPage, type DomElement, type PageLog } from './helpers.js';

/**
 * test/fixtures/hostile/features passes `support-matrix check`, but its
 * prose and nearly every frontmatter string that reaches a page try to run
 * script (each payload sets `window.__xss` to a distinct number), break out
 * of an attribute, or load something from another host.
 */
const site = useSite({ dir: 'test/fixtures/hostile/features' });

const PAGES = ['/', '/arch/x86/', '/arch/arm/', '/features/guests/hostile/', '/features/guests/plain/', '/features/tools/ctl/', '/releases/', '/signoffs/', '/statuses/'];

interface Probe extends DomElement {
  readonly href?: string;
  readonly src?: string;
  readonly isConnected: boolean;
  click(): void;
  getBoundingClientRect(): { x: number; y: number; width: number; height: number };
}

/** The page's global object, as far as the in-page callbacks use it. */
interface PageGlobal {
  __xss?: unknown;
  document: { querySelectorAll(selector: string): ArrayLike<Probe> };
  location: { href: string };
  innerWidth: number;
  innerHeight: number;
}

/** Tall enough that every hostile page fits without scrolling, so the mouse can reach every element. */
const VIEWPORT = { width: 1400, height: 3000 };

/** `window.__xss` in the page: set only if a payload ran. */
function xss(page: Page): Promise<unknown> {
  return page.evaluate(() => (globalThis as unknown as PageGlobal).__xss);
}

/**
 * Exercises a page the way a visitor might, so that handlers hidden in
 * attributes get their chance: moves the mouse over every element, tabs
 * through every focusable element, and clicks every element that is not a
 * link (links to other pages would leave the page) as well as every in-page
 * fragment link and every link with a scheme other than http(s).
 */
async function exercise(page: Page): Promise<void> {
  const points = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobal;
    return Array.from(g.document.querySelectorAll('body *')).flatMap((el) => {
      if (el.getClientRects().length === 0) return [];
      const r = el.getBoundingClientRect();
      return [{ x: r.x + r.width / 2, y: r.y + r.height / 2, inside: r.x + r.width / 2 < g.innerWidth && r.y + r.height / 2 < g.innerHeight }];
    });
  });
  expect(points.length).toBeGreaterThan(20);
  expect(points.filter((p) => !p.inside), 'elements outside the viewport, out of the mouse\'s reach').toEqual([]);
  for (const { x, y } of points) await page.mouse.move(x, y);
  await page.mouse.move(0, 0);

  const focusable = await page.locator('a[href], button, input, select, textarea, summary, [tabindex]').count();
  for (let i = 0; i <= focusable; i++) await page.keyboard.press('Tab');

  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobal;
    const here = g.location.href.split('#')[0];
    for (const el of Array.from(g.document.querySelectorAll('body *'))) {
      if (!el.isConnected) continue;
      const link = el.closest('a[href]') as Probe | null;
      if (link) {
        const href = link.href ?? '';
        // In-page fragment links scroll; a link with another scheme is exactly what must not run.
        const fragment = href.includes('#') && href.split('#')[0] === here;
        if (link === el && (fragment || !/^https?:/i.test(href))) el.click();
        continue;
      }
      // Not a link: at worst the CSV button builds a blob, a label focuses its control.
      el.click();
    }
  });
  // Let error events of broken images and any timers fire.
  await page.waitForTimeout(300);
}

/** Every host other than the test server that the page asked for. */
function foreignRequests(log: PageLog, origin: string): string[] {
  return log.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
}

describe('hostile feature content (test/fixtures/hostile)', () => {
  it('the hostile corpus passes `support-matrix check` cleanly and builds every page', async () => {
    const result = await cli(['check', 'test/fixtures/hostile/features', '--today', TODAY], repoRoot);
    expect(result.stdout).toMatch(/^✓ 3 features checked in test\/fixtures\/hostile\/features: no problems\n$/);
    expect(result.code).toBe(0);
    expect(await sitePages(site.out)).toEqual([...PAGES].sort());
  });

  it.each(PAGES)('%s runs no injected script, opens no dialog, logs no error and requests nothing from another host, even when hovered, tabbed through and clicked', async (sitePath) => {
    const page = await site.page({ viewport: VIEWPORT });
    const log = watchPage(page);
    const response = await page.goto(site.url(sitePath));
    expect(response?.status()).toBe(200);
    await page.waitForLoadState('load');
    expect(await xss(page)).toBeUndefined();
    await exercise(page);
    // Still on the page (only same-page links were followed).
    expect(new URL(page.url()).pathname).toBe(sitePath);
    // Soft: one failing check does not hide the others.
    expect.soft(await xss(page), 'window.__xss was set: an injected payload ran').toBeUndefined();
    expect.soft(log.dialogs, 'dialogs').toEqual([]);
    expect.soft(foreignRequests(log, site.origin), 'requests to other hosts').toEqual([]);
    expect.soft(log.failedRequests, 'failed requests').toEqual([]);
    expect.soft(log.pageErrors, 'uncaught exceptions').toEqual([]);
    expect.soft(log.console, 'console errors and warnings (a CSP report means the page tried to run or load something)').toEqual([]);
  }, 120_000);

  it.each(PAGES)('%s carries no event-handler attribute, no script but the site’s own, no frame or embed, and only safe URLs', async (sitePath) => {
    const page = await site.page();
    await page.goto(site.url(sitePath));
    const found = await page.evaluate(() => {
      const doc = (globalThis as unknown as PageGlobal).document;
      const all = Array.from(doc.querySelectorAll('*'));
      const show = (el: Probe): string => `<${el.tagName.toLowerCase()} ${Array.from(el.attributes).map((a) => `${a.name}="${a.value}"`).join(' ')}>`;
      return {
        handlers: all.filter((el) => Array.from(el.attributes).some((a) => /^on/i.test(a.name))).map(show),
        scripts: Array.from(doc.querySelectorAll('script')).map((s) => s.getAttribute('src') ?? `inline: ${s.textContent ?? ''}`),
        embeds: Array.from(doc.querySelectorAll('iframe, frame, object, embed, svg, math, form:not(#filters), base, meta[http-equiv="refresh"]')).map(show),
        links: Array.from(doc.querySelectorAll('a[href], area[href]')).map((a) => a.href ?? ''),
        sources: Array.from(doc.querySelectorAll('[src], [srcset], [poster], [data], link[href]')).map(show),
        srcs: Array.from(doc.querySelectorAll('img[src], source[src], video[src], audio[src], input[src]')).map((el) => el.src ?? ''),
        // CSS is a carrier too (`url(...)` requests, old `expression()`): none from content.
        styles: Array.from(doc.querySelectorAll('style, [style], link[rel~="stylesheet"]:not([href$="assets/site.css"])')).map(show),
      };
    });
    expect.soft(found.handlers, 'elements with on* attributes').toEqual([]);
    expect.soft(found.scripts.filter((s) => !/^(\.\.\/)*(\.\/)?assets\/matrix\.js$/.test(s)), 'scripts other than assets/matrix.js').toEqual([]);
    expect.soft(found.embeds, 'frames, embeds, inline SVG/MathML, forms, base or refresh').toEqual([]);
    expect.soft(found.styles, 'style elements, style attributes or style sheets other than the site’s').toEqual([]);
    expect.soft(found.links.filter((href) => !/^(https?:|mailto:)/i.test(href)), 'links with a scheme other than http(s) or mailto').toEqual([]);
    // Images may come from the site itself or be inline data, never from another host.
    expect.soft(found.srcs.filter((src) => !src.startsWith(`${site.origin}/`) && !src.startsWith('data:')), 'images from other hosts').toEqual([]);
  });

  it('shows the hostile strings as literal text', async () => {
    const page = await site.page();
    await page.goto(site.url('/features/guests/hostile/'));
    expect(await page.locator('h1').textContent()).toBe('<script>window.__xss=5</script>');
    expect(await page.locator('h1').isVisible()).toBe(true);
    expect(await page.title()).toBe('<script>window.__xss=5</script> · Hostile "Project" <i>&amp;</i> Co');
    expect(await page.locator('p.lead').textContent()).toBe('"><img src=x onerror=window.__xss=6>');
    const caveats = await page.locator('dl.caveats dd').allTextContents();
    expect(caveats).toContain(`' onfocus='window.__xss=17' autofocus x='"><svg onload=window.__xss=18>`);
    expect(caveats).toContain('</td><script>window.__xss=19</script>');
    expect(await page.locator('table.matrix tbody th[scope="row"]').allTextContents()).toContain('"><iframe src="http://evil.example/"></iframe>');
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('<img src=x onerror="window.__xss=20"> known issue');
    expect(main).toContain('<b onclick="window.__xss=22">vCPUs</b>');
    // A sign-off ref that is not an http(s) URL is shown as text, not linked.
    expect(await page.locator('table.signoffs td', { hasText: 'javascript:window.__xss=7' }).count()).toBe(1);
    expect(await page.locator('table.signoffs a').evaluateAll((links: Probe[]) => links.map((a) => a.href))).toEqual([]);

    await page.goto(site.url('/'));
    expect(await page.locator('h1').textContent()).toBe('Hostile "Project" <i>&amp;</i> Co support matrix');
    expect(await page.locator('tr.section-head th').first().textContent()).toBe('Guests <b onmouseover="window.__xss=8">bold');
    expect(await page.locator('thead th[data-arch="x86"]').textContent()).toBe('x86 <img src=x onerror="window.__xss=11">');
    expect(await page.locator('thead th[data-arch="x86"] abbr').getAttribute('title')).toBe('"><script>window.__xss=12</script>');
    // The hostile row can be found by its literal title with the text filter.
    await page.locator('input[name="q"]').fill('<script>');
    await expect.poll(() => page.locator('tr[data-text]:visible').evaluateAll((rows: Probe[]) => rows.map((r) => r.getAttribute('data-feature')))).toEqual(['guests/hostile', 'guests/hostile', 'tools/ctl']);
    expect(await xss(page)).toBeUndefined();
  });
});
