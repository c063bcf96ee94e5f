import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContextOptions } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSite } from './helpers.js';

const site = useSite({ sample: true });

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

interface AxeReport {
  violations: AxeViolation[];
  /** Rules axe could not decide for some nodes ("needs review"). */
  incomplete: string[];
  /** The computed page background, to tell light from dark. */
  background: string;
}

/**
 * Runs axe-core (WCAG 2.0, 2.1 and 2.2 A/AA, target size included, and best practices) on a
 * page. The matrix pages get a viewport tall enough for the whole table:
 * inside its 85vh scroll box, cells under the sticky header are "partially
 * obscured" and axe could not check their colour contrast at all.
 */
async function axe(sitePath: string, options: BrowserContextOptions = {}): Promise<AxeReport> {
  const matrix = sitePath === '/' || sitePath.startsWith('/arch/') || sitePath === '/releases/';
  // The site's CSP forbids inline script, which is how axe is injected.
  const page = await site.page({ bypassCSP: true, viewport: { width: 1400, height: matrix ? 12_000 : 900 }, ...options });
  const response = await page.goto(site.url(sitePath));
  expect(response?.status()).toBe(200);
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
function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map((v) => {
      const targets = v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target));
      const more = v.nodes.length > 5 ? ` (+${v.nodes.length - 5} more)` : '';
      return `${v.id} [${v.impact ?? '?'}] ${v.help} (${v.nodes.length} nodes): ${targets.join(', ')}${more}\n    ${v.nodes[0]?.failureSummary?.replace(/\n/g, ' ') ?? ''}`;
    })
    .join('\n');
}

const PAGES = [
  ['the support matrix', '/'],
  ['a per-arch page', '/arch/arm/'],
  ['the PVH feature page (variants, caveat, known issues)', '/features/guest-types/pvh/'],
  ['the DMA remapping feature page (variant-only rows)', '/features/iommu/dma-remapping/'],
  ['the releases page', '/releases/'],
  ['the sign-offs page', '/signoffs/'],
  ['the status definitions page', '/statuses/'],
] as const;

describe('accessibility (axe-core, sample corpus)', () => {
  it.each(PAGES)('%s (%s) has no axe violations in light mode', async (_name, sitePath) => {
    const report = await axe(sitePath, { colorScheme: 'light' });
    expect(report.violations, `axe violations on ${sitePath}:\n${describeViolations(report.violations)}`).toEqual([]);
    // Contrast was really checked, not left undecided.
    expect(report.incomplete).not.toContain('color-contrast');
    expect(report.background).toBe('rgb(255, 255, 255)');
  });

  it.each(PAGES)('%s (%s) has no axe violations on a 390 px phone screen (target size included)', async (_name, sitePath) => {
    const report = await axe(sitePath, { colorScheme: 'light', viewport: { width: 390, height: sitePath === '/' || sitePath.startsWith('/arch/') || sitePath === '/releases/' ? 12_000 : 844 }, isMobile: true, hasTouch: true });
    expect(report.violations, `axe violations on ${sitePath} (phone):\n${describeViolations(report.violations)}`).toEqual([]);
  });

  it('the support matrix has no axe violations in dark mode', async () => {
    const report = await axe('/', { colorScheme: 'dark' });
    expect(report.violations, `axe violations on / (dark):\n${describeViolations(report.violations)}`).toEqual([]);
    expect(report.incomplete).not.toContain('color-contrast');
    // The dark palette is in use (prefers-color-scheme: dark).
    expect(report.background).toBe('rgb(13, 17, 23)');
  });
});
