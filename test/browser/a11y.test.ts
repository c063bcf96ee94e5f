import { describe, expect, it } from 'vitest';
import { axePage, describeViolations } from './axe.js';
import { useSite } from './helpers.js';

const site = useSite({ sample: true });
const axe = (sitePath: string, options: Parameters<typeof axePage>[2] = {}): ReturnType<typeof axePage> => axePage(site, sitePath, options);

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
    const report = await axe(sitePath, { colorScheme: 'light', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
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
