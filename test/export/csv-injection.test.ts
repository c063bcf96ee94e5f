import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, neutraliseCsvCell, toCsv } from '../../src/export/csv.js';
import type { ExportDocument } from '../../src/export/document.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const FIXTURE = 'test/fixtures/exports-hostile';

/** Tricky cell texts and what the CSV writers must make of each (shared with the browser test). */
const CELLS = JSON.parse(await readFile(path.join(repoRoot, FIXTURE, 'csv-cells.json'), 'utf8')) as Array<{ text: string; neutral: string }>;

/** The strings of test/fixtures/exports-hostile/features/formulas, by file: title, variant name, caveats, limit name and note of that feature (tab.md: caveats only). */
const FORMULAS: Record<string, string> = {
  hyperlink: '=HYPERLINK("http://evil.example","x")',
  dde: "+cmd|' /C calc'!A0",
  minus: '-2+3',
  at: '@SUM(1,1)',
  space: ' =1+1',
  fullwidth: '\uFF1D1+1',
};

const SECTION = '@SECTION(1)';

type Row = Record<(typeof CSV_COLUMNS)[number], string>;

describe('neutraliseCsvCell', () => {
  it.each(CELLS.map((c) => [JSON.stringify(c.text), c.text, c.neutral] as const))('writes %s as a cell a spreadsheet shows as text', (_, text, neutral) => {
    expect(neutraliseCsvCell(text)).toBe(neutral);
  });

  it('is idempotent: a neutralised cell starts with a quote and is left alone', () => {
    for (const { text } of CELLS) expect(neutraliseCsvCell(neutraliseCsvCell(text))).toBe(neutraliseCsvCell(text));
  });
});

describe('export --format csv with spreadsheet formulas in every text field', () => {
  it('prefixes each formula cell with a quote and leaves every other cell as it was', async () => {
    // The problem: the corpus passes check, and RFC 4180 quoting alone leaves a formula a formula.
    const json = await cli(['export', FIXTURE + '/features', '--format', 'json', '--today', TODAY], repoRoot);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { features: Array<{ id: string; title: string; section: string; cells: Array<{ variant: string | null; arch: string; status?: string; caveat?: string }> }> };
    expect(doc.features.map((f) => f.title)).toEqual(expect.arrayContaining(Object.values(FORMULAS)));
    for (const formula of Object.values(FORMULAS)) expect((parse(stringify([[formula]])) as string[][])[0]?.[0]).toBe(formula);

    const run = await cli(['export', FIXTURE + '/features', '--format', 'csv', '--today', TODAY], repoRoot);
    expect(run.code, run.stderr).toBe(0);
    const records = parse(run.stdout, { record_delimiter: '\r\n' }) as string[][];
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    const rows = records.slice(1).map((r) => Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, r[i] ?? '<missing>'])) as Row);
    expect(rows.every((r) => Object.keys(r).length === CSV_COLUMNS.length)).toBe(true);
    expect(rows).toHaveLength(doc.features.reduce((n, f) => n + f.cells.length, 0));

    for (const [file, formula] of Object.entries(FORMULAS)) {
      const id = `formulas/${file}`;
      const cells = rows.filter((r) => r.feature === id);
      // Feature and variant rows on both arches.
      expect(cells.map((r) => [r.variant, r.arch]), id).toEqual([
        ['', 'x86'],
        ['', 'arm'],
        ['v', 'x86'],
        ['v', 'arm'],
      ]);
      for (const row of cells) {
        expect(row.title, id).toBe(`'${formula}`);
        expect(row.limits, id).toBe(`'${formula} up to 4 GiB (support)`);
        expect(row.notes, id).toBe(`'${formula}`);
        expect(row.section).toBe('Guests');
        // The fixture sits in this repository: the working tree's revision is named.
        expect(row.release).toMatch(/^working tree at [0-9a-f]{12}(\+changes)?$/);
        expect(row.state).toBe('applies');
      }
      const caveats = cells.map((r) => r.caveat);
      // The arm override and the variant carry the formula as their caveat; the feature row on x86 has none.
      expect(caveats, id).toEqual(['', `'${formula}`, `'${formula}`, `'${formula}`]);
      expect(cells.map((r) => r.status)).toEqual(['Tech Preview', 'Tech Preview', 'Experimental', 'Experimental']);
    }

    // A tab may lead a caveat (prose), and is neutralised there.
    const tab = rows.filter((r) => r.feature === 'formulas/tab');
    expect(tab.map((r) => [r.title, r.caveat])).toEqual([
      ['Tab-led caveats', ''],
      ['Tab-led caveats', "'\t=1+1"],
      ['Tab-led caveats', "'\t=1+1"],
      ['Tab-led caveats', "'\t=1+1"],
    ]);

    // Ordinary cells are unchanged; the section name, itself a formula, is neutralised.
    const plain = rows.filter((r) => r.feature === 'plain');
    expect(plain.find((r) => r.variant === '' && r.arch === 'arm')).toEqual({
      feature: 'plain',
      title: 'Plain guests',
      section: `'${SECTION}`,
      variant: '',
      arch: 'arm',
      release: expect.stringMatching(/^working tree at [0-9a-f]{12}(\+changes)?$/),
      state: 'applies',
      status: 'Tech Preview',
      security_support: 'no',
      security_organisation: '',
      caveat: 'Slow, on big cores',
      limits: 'Memory up to 16 TiB (support)',
      signoff_by: '',
      signoff_date: '',
      signoff_state: 'not-required',
      // A known issue without an advisory is listed by its summary.
      known_issues: 'Not hardened yet.',
      notes: '',
    });

    // Every cell, whatever its column, is exactly the neutralised text of the JSON export's value.
    for (const row of rows) {
      const feature = doc.features.find((f) => f.id === row.feature);
      const cell = feature?.cells.find((c) => (c.variant ?? '') === row.variant && c.arch === row.arch);
      expect(cell, `${row.feature} ${row.variant} ${row.arch}`).toBeDefined();
      expect(row.title).toBe(neutraliseCsvCell(feature?.title ?? ''));
      expect(row.section).toBe(neutraliseCsvCell(feature?.section ?? ''));
      expect(row.caveat).toBe(neutraliseCsvCell(cell?.caveat ?? ''));
      expect(row.status).toBe(neutraliseCsvCell(cell?.status ?? ''));
    }
    // RFC 4180 quoting stays: fields with a quote, comma or line end are quoted, quotes doubled.
    expect(run.stdout).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(run.stdout).toContain(',"Slow, on big cores",');
    // A field with a line end is quoted, so no reader starts a new row inside it.
    expect(run.stdout).toContain(',"Two lines:\nthe second one",');
    expect(run.stdout.split('\r\n').filter((line) => line !== '')).toHaveLength(records.length);
    expect(run.stdout.endsWith('\r\n')).toBe(true);
  });
});

describe('CSV cells that check never lets in', () => {
  it('refuses a carriage return in any field, so a CR-led formula cannot reach an export from a feature file', async () => {
    const dir = await tempDir();
    await cp(path.join(repoRoot, FIXTURE, 'features'), path.join(dir, 'features'), { recursive: true });
    await writeFile(
      path.join(dir, 'features/formulas/cr.md'),
      '---\ntitle: "\\r=1+1"\nsection: Guests\nstatus: Tech Preview\narches:\n  x86: { status: Tech Preview, caveat: "\\r=1+1" }\n---\n',
    );
    const run = await cli(['check', 'features', '--today', TODAY], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('features/formulas/cr.md:2:8  error  Unexpected control character U+000D in the value of `title`');
    expect(run.stdout).toContain('features/formulas/cr.md:6:40  error  Unexpected control character U+000D in the value of `arches.x86.caveat`');
  });

  it('still neutralises and quotes a CR-led cell when the writer is given one directly', async () => {
    const json = await cli(['export', FIXTURE + '/features', '--format', 'json', '--today', TODAY], repoRoot);
    const doc = JSON.parse(json.stdout) as ExportDocument;
    const feature = doc.features.find((f) => f.id === 'plain');
    if (!feature) throw new Error('no plain feature');
    feature.title = '\r=1+1';
    for (const cell of feature.cells) cell.caveat = '\r=1+1';
    const text = toCsv(doc);
    expect(text).toContain(`,"'\r=1+1",`);
    const records = parse(text, { record_delimiter: '\r\n' }) as string[][];
    const plain = records.filter((r) => r[0] === 'plain');
    expect(plain.length).toBeGreaterThan(0);
    for (const row of plain) expect([row[1], row[10]]).toEqual(["'\r=1+1", "'\r=1+1"]);
  });
});
