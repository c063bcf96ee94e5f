// axe-core in Chromium, for every browser test file that checks pages.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContextOptions } from 'playwright-core';
import { expect } from 'vitest';
import type { SiteFixture } from './helpers.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

export interface AxeReport {
  violations: AxeViolation[];
  /** Rules axe could not decide for some nodes ("needs review"). */
  incomplete: string[];
  /** The computed page background, to tell light from dark. */
  background: string;
}

/**
 * Runs axe-core (WCAG 2.0, 2.1 and 2.2 A/AA, target size included, and best
 * practices) on a page. A page with a matrix is opened a second time with a
 * viewport tall enough for the whole page: inside its 85vh scroll box, cells
 * under the sticky header are "partially obscured" and axe could not check
 * their colour contrast at all.
 */
export async function axePage(site: SiteFixture, sitePath: string, options: BrowserContextOptions = {}): Promise<AxeReport> {
  const width = options.viewport?.width ?? 1400;
  const probe = await site.page({ viewport: { width, height: 900 }, ...(options.isMobile ? { isMobile: true } : {}) });
  const response = await probe.goto(site.url(sitePath));
  expect(response?.status()).toBe(200);
  const matrix = (await probe.locator('table#matrix').count()) > 0;
  // The page's full height with the table's scroll box unrolled, plus room: 85vh must hold the table.
  const height = matrix ? await probe.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollHeight: number }; querySelector(s: string): { scrollHeight: number } | null } };
    return Math.ceil(Math.max(g.document.documentElement.scrollHeight, (g.document.querySelector('.table-wrap')?.scrollHeight ?? 0) / 0.85) + 1000);
  }) : (options.viewport?.height ?? 900);
  // The site's CSP forbids inline script, which is how axe is injected.
  const page = await site.page({ bypassCSP: true, ...options, viewport: { width, height } });
  await page.goto(site.url(sitePath));
  // Check the page as a visitor sees it: with the filter form shown.
  if (matrix) await page.locator('form#filters').waitFor({ state: 'visible' });
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const g = globalThis as unknown as {
      axe: { run(options?: unknown): Promise<{ violations: AxeViolation[]; incomplete: Array<{ id: string }> }> };
      document: { body: unknown };
      getComputedStyle(el: unknown): { backgroundColor: string };
    };
    // WCAG 2.2 AA (target size included) and best practices.
    const results = await g.axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return {
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target, ...(n.failureSummary !== undefined ? { failureSummary: n.failureSummary } : {}) })),
      })),
      incomplete: results.incomplete.map((i) => i.id),
      background: g.getComputedStyle(g.document.body).backgroundColor,
    };
  });
}

/** One line per violation: rule id, impact, help text, and up to five targets. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target));
      const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
      return `${v.id} [${v.impact ?? '?'}] ${v.help} (${v.nodes.length} nodes): ${targets.join(', ')}${more}\n    ${v.nodes[0]?.failureSummary?.replace(/\n/g, ' ') ?? ''}`;
    })
    .join('\n');
}

