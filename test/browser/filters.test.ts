import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/export/csv.js';
import { parseCsv, useSite, type DomElement } from './helpers.js';

const site = useSite({ sample: true });

interface CellView {
  arch: string;
  state: string;
  status: string;
  security: string;
  visible: boolean;
}

interface RowView {
  id: string;
  feature: string;
  variant: string;
  text: string;
  section: string;
  visible: boolean;
  cells: CellView[];
}

/** What the matrix shows, read from the rendered DOM (visibility as laid out, not the `hidden` flag). */
interface MatrixView {
  rows: RowView[];
  headers: Array<{ arch: string; visible: boolean }>;
  sections: Array<{ id: string; visible: boolean }>;
  count: string;
  formVisible: boolean;
  form: Record<string, string>;
}

interface FieldElement extends DomElement {
  readonly name: string;
  readonly value: string;
}

async function matrixView(page: Page): Promise<MatrixView> {
  return page.locator('body').evaluate((body: DomElement) => {
    const shown = (el: DomElement): boolean => el.getClientRects().length > 0;
    const all = (root: DomElement, selector: string): DomElement[] => Array.from(root.querySelectorAll(selector));
    const attr = (el: DomElement, name: string): string => el.getAttribute(name) ?? '';
    const table = all(body, 'table#matrix')[0];
    if (!table) throw new Error('no table#matrix on the page');
    const form = all(body, 'form#filters')[0];
    return {
      rows: all(table, 'tr[data-text]').map((row) => ({
        id: row.id,
        feature: attr(row, 'data-feature'),
        variant: attr(row, 'data-variant'),
        text: attr(row, 'data-text'),
        section: row.closest('tbody')?.id ?? '',
        visible: shown(row),
        cells: all(row, 'td[data-arch]').map((cell) => ({
          arch: attr(cell, 'data-arch'),
          state: attr(cell, 'data-state'),
          status: attr(cell, 'data-status'),
          security: attr(cell, 'data-security'),
          visible: shown(cell),
        })),
      })),
      headers: all(table, 'thead th[data-arch]').map((th) => ({ arch: attr(th, 'data-arch'), visible: shown(th) })),
      sections: all(table, 'tbody').map((tbody) => ({ id: tbody.id, visible: shown(tbody) })),
      count: all(body, 'output#filter-count')[0]?.textContent ?? '',
      formVisible: form ? shown(form) : false,
      form: Object.fromEntries((form ? (Array.from(form.querySelectorAll('[name]')) as FieldElement[]) : []).map((f) => [f.name, f.value])),
    };
  });
}

interface Filter {
  arch?: string;
  status?: string;
  security?: string;
  q?: string;
}

/**
 * Whether a row should be shown, from its data attributes alone: the text
 * filter matches the row's searchable text (case-insensitively), and one
 * applicable cell (on the chosen arch, if any) has the chosen status and
 * security support.
 */
function expectedVisible(row: RowView, filter: Filter): boolean {
  if (filter.q && !row.text.includes(filter.q.toLowerCase())) return false;
  // An arch alone hides no row: its column says "not applicable" where the feature is not on it.
  if (!filter.status && !filter.security) return true;
  return row.cells.some(
    (c) =>
      c.state === 'applies' &&
      (!filter.arch || c.arch === filter.arch) &&
      (!filter.status || c.status === filter.status) &&
      (!filter.security || c.security === filter.security),
  );
}

const ids = (rows: RowView[]): string[] => rows.map((r) => r.id);
const visibleIds = (view: MatrixView): string[] => ids(view.rows.filter((r) => r.visible));
const expectedIds = (view: MatrixView, filter: Filter): string[] => ids(view.rows.filter((r) => expectedVisible(r, filter)));

/** Opens the matrix and waits until the script has revealed the filter form. */
async function openMatrix(query = ''): Promise<Page> {
  const page = await site.page({ viewport: { width: 1400, height: 900 } });
  await page.goto(site.url(`/${query}`));
  await page.locator('form#filters').waitFor({ state: 'visible' });
  return page;
}

async function waitForQuery(page: Page, query: string): Promise<void> {
  await expect.poll(() => new URL(page.url()).search, { timeout: 5_000 }).toBe(query);
}

describe('matrix filters (sample corpus, JavaScript on)', () => {
  it('reveals the filter form and shows every row with a full count before any filter is chosen', async () => {
    const page = await openMatrix();
    const view = await matrixView(page);
    expect(view.formVisible).toBe(true);
    expect(view.rows.length).toBeGreaterThan(40);
    expect(visibleIds(view)).toEqual(ids(view.rows));
    expect(view.count).toBe(`${view.rows.length} of ${view.rows.length} rows shown`);
    expect(new URL(page.url()).search).toBe('');
  });

  it('Status=Supported hides exactly the rows without an applicable Supported cell, and updates the URL and the count', async () => {
    const page = await openMatrix();
    await page.selectOption('select[name="status"]', 'Supported');
    await waitForQuery(page, '?status=Supported');
    const view = await matrixView(page);
    const expected = expectedIds(view, { status: 'Supported' });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(view.rows.length);
    expect(visibleIds(view)).toEqual(expected);
    // Every arch column stays.
    expect(view.headers.every((h) => h.visible)).toBe(true);
    expect(view.count).toBe(`${expected.length} of ${view.rows.length} rows shown`);
  });

  it('choosing an arch hides the other arch columns (header and cells) and keeps every row, reading "not applicable on <arch>" where it does not apply', async () => {
    const page = await openMatrix();
    await page.selectOption('select[name="arch"]', 'arm');
    await waitForQuery(page, '?arch=arm');
    const view = await matrixView(page);
    expect(view.headers.map((h) => h.arch)).toEqual(expect.arrayContaining(['x86', 'arm', 'riscv']));
    expect(view.headers.filter((h) => h.visible).map((h) => h.arch)).toEqual(['arm']);
    const expected = expectedIds(view, { arch: 'arm' });
    expect(expected).toEqual(ids(view.rows));
    expect(visibleIds(view)).toEqual(expected);
    // A row whose feature is not on arm stays, and says so in words.
    const notOnArm = view.rows.find((r) => r.cells.some((c) => c.arch === 'arm' && c.state === 'not-applicable'));
    if (!notOnArm) throw new Error('the sample has no feature that is not applicable on arm');
    expect(notOnArm.visible).toBe(true);
    expect(await page.locator(`[id="${notOnArm.id}"] td[data-arch="arm"]`).textContent()).toBe('not applicable on Arm');
    for (const row of view.rows.filter((r) => r.visible)) {
      // One visible cell per visible row, under the one visible header: the columns stay aligned.
      expect(row.cells.filter((c) => c.visible).map((c) => c.arch), `visible cells of row ${row.id}`).toEqual(['arm']);
    }
    const hiddenOtherCells = view.rows.flatMap((r) => r.cells).filter((c) => c.arch !== 'arm');
    expect(hiddenOtherCells.every((c) => !c.visible)).toBe(true);
    expect(view.count).toBe(`${expected.length} of ${view.rows.length} rows shown`);
  });

  it('the security filter, the debounced text filter, and both together show exactly the matching rows', async () => {
    const page = await openMatrix();
    await page.selectOption('select[name="security"]', 'with-caveats');
    await waitForQuery(page, '?security=with-caveats');
    const security = await matrixView(page);
    const securityExpected = expectedIds(security, { security: 'with-caveats' });
    expect(securityExpected.length).toBeGreaterThan(0);
    expect(visibleIds(security)).toEqual(securityExpected);

    await page.selectOption('select[name="security"]', '');
    await waitForQuery(page, '');
    // Typed key by key, as a user would: every keystroke restarts the debounce.
    await page.locator('input[name="q"]').pressSequentially('PVH', { delay: 20 });
    await waitForQuery(page, '?q=PVH');
    const text = await matrixView(page);
    const textExpected = expectedIds(text, { q: 'PVH' });
    expect(visibleIds(text)).toEqual(textExpected);
    // The feature titled "PVH guests" and its variants are among them; most rows are not.
    const pvhRows = text.rows.filter((r) => r.feature === 'guest-types/pvh');
    expect(pvhRows.length).toBeGreaterThan(1);
    expect(pvhRows.every((r) => r.visible)).toBe(true);
    expect(textExpected.length).toBeLessThan(text.rows.length / 2);
    expect(text.count).toBe(`${textExpected.length} of ${text.rows.length} rows shown`);

    await page.selectOption('select[name="security"]', 'with-caveats');
    await waitForQuery(page, '?security=with-caveats&q=PVH');
    const both = await matrixView(page);
    const bothExpected = expectedIds(both, { security: 'with-caveats', q: 'PVH' });
    expect(bothExpected.length).toBeGreaterThan(0);
    expect(bothExpected.length).toBeLessThan(Math.min(securityExpected.length, textExpected.length));
    expect(visibleIds(both)).toEqual(bothExpected);
    expect(both.count).toBe(`${bothExpected.length} of ${both.rows.length} rows shown`);
  });

  it('hides a section tbody whose rows are all filtered out, and keeps the others', async () => {
    const page = await openMatrix();
    await page.selectOption('select[name="arch"]', 'riscv');
    await page.selectOption('select[name="status"]', 'Supported');
    await waitForQuery(page, '?arch=riscv&status=Supported');
    const view = await matrixView(page);
    const withRows = new Set(view.rows.filter((r) => expectedVisible(r, { arch: 'riscv', status: 'Supported' })).map((r) => r.section));
    for (const section of view.sections) {
      expect(section.visible, `section ${section.id}`).toBe(withRows.has(section.id));
    }
    expect(view.sections.some((s) => s.visible)).toBe(true);
    expect(view.sections.some((s) => !s.visible)).toBe(true);
  });

  it('restores the form and the same visible rows from a URL with arch, status and q', async () => {
    const filter = { arch: 'x86', status: 'Supported', q: 'guest' };
    const query = `?arch=${filter.arch}&status=${filter.status}&q=${filter.q}`;

    // The same filter chosen in the form...
    const chosen = await openMatrix();
    await chosen.selectOption('select[name="arch"]', filter.arch);
    await chosen.selectOption('select[name="status"]', filter.status);
    await chosen.locator('input[name="q"]').fill(filter.q);
    await waitForQuery(chosen, query);
    const chosenView = await matrixView(chosen);

    // ...and opened from the URL.
    const opened = await openMatrix(query);
    const view = await matrixView(opened);
    expect(view.form).toEqual({ arch: filter.arch, status: filter.status, security: '', q: filter.q });
    const expected = expectedIds(view, filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(view.rows.length);
    expect(visibleIds(view)).toEqual(expected);
    expect(visibleIds(view)).toEqual(visibleIds(chosenView));
    expect(view.headers.filter((h) => h.visible).map((h) => h.arch)).toEqual([filter.arch]);
    expect(view.count).toBe(`${expected.length} of ${view.rows.length} rows shown`);
    // Opening the page does not rewrite the URL.
    expect(new URL(opened.url()).search).toBe(query);
  });

  /** Clicks the CSV button and returns the downloaded file's name and records. */
  async function downloadCsv(page: Page): Promise<{ name: string; text: string; records: string[][] }> {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const file = await download.path();
    const text = await readFile(file, 'utf8');
    return { name: download.suggestedFilename(), text, records: parseCsv(text) };
  }

  /** The records of `export --format csv` (as the site publishes it) for the visible rows and visible arch columns, in page order. */
  async function expectedCsv(view: MatrixView): Promise<string[][]> {
    const exported = parseCsv(await readFile(path.join(site.out, 'exports/support-matrix.csv'), 'utf8')).slice(1);
    return view.rows
      .filter((r) => r.visible)
      .flatMap((r) => r.cells.filter((c) => c.visible).map((c) => exported.filter((e) => e[0] === r.feature && e[3] === r.variant && e[4] === c.arch)))
      .map((found) => {
        expect(found).toHaveLength(1);
        return found[0] as string[];
      });
  }

  const HEADER = [...CSV_COLUMNS];

  it('downloads the visible rows × visible arch columns as CSV (security filter, every arch)', async () => {
    const page = await openMatrix('?security=no');
    const view = await matrixView(page);
    const { name, text, records } = await downloadCsv(page);
    expect(name).toBe('support-matrix.csv');
    expect(records[0]).toEqual(HEADER);
    const expected = await expectedCsv(view);
    expect(visibleIds(view).length).toBeLessThan(view.rows.length);
    expect(expected.length).toBe(visibleIds(view).length * 3);
    expect(records.slice(1)).toEqual(expected);
    // A caveat with a comma is quoted, so the file stays as wide as the export.
    expect(expected.some((r) => r.some((f) => f.includes(',')))).toBe(true);
    expect(text).toMatch(/,"[^"]*,[^"]*"(,|\r\n)/);
    expect(records.every((r) => r.length === HEADER.length)).toBe(true);
  });

  it('downloads only the chosen arch column for the visible rows as CSV (arch and text filter)', async () => {
    const page = await openMatrix('?arch=arm&q=iommu');
    const view = await matrixView(page);
    const expected = await expectedCsv(view);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.every((r) => r[4] === 'arm')).toBe(true);
    expect(expected.length).toBe(visibleIds(view).length);
    const { records } = await downloadCsv(page);
    expect(records[0]).toEqual(HEADER);
    expect(records.slice(1)).toEqual(expected);
  });
});

describe('a feature made only of variants (sample: iommu/dma-remapping)', () => {
  const titleRow = (page: Page): Promise<{ text: string; visible: boolean; next: string }> =>
    page.locator('tr[data-group="iommu/dma-remapping"]').evaluate((row: DomElement) => ({
      text: (row.querySelectorAll('th')[0]?.textContent ?? '').trim(),
      visible: row.getClientRects().length > 0,
      next: (row as unknown as { nextElementSibling: DomElement | null }).nextElementSibling?.getAttribute('data-variant') ?? '',
    }));

  it('has a title row above its variant rows, which stays while a variant is shown and goes when none is', async () => {
    const page = await openMatrix();
    const before = await titleRow(page);
    expect(before.text).toMatch(/^IOMMU DMA remapping/);
    expect(before.visible).toBe(true);
    expect(before.next).toBe('intel-vt-d');
    await page.selectOption('select[name="status"]', 'Tech Preview');
    await expect.poll(async () => (await titleRow(page)).visible).toBe(true);
    await page.fill('input[name="q"]', 'no feature has these words');
    await expect.poll(async () => (await titleRow(page)).visible).toBe(false);
  });
});
