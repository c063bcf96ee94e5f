// The CSV and SUPPORT.md exports keep each feature's records and lines
// from earlier calls for the same feature object (issue 16: `serve` keeps
// an unchanged feature's objects from one rebuild to the next). The text
// must be exactly what one pass over the whole document writes, whatever
// was kept: the `release` column and the project's statuses are part of
// what a kept part was made with.
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, csvCellFields, csvRowFields, neutraliseCsvCell, releaseLabel, toCsv } from '../../src/export/csv.js';
import { exportDocument, ExportMemo, type ExportDocument } from '../../src/export/document.js';
import { toSupportMd } from '../../src/export/support-md.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

/** The CSV as one csv-stringify call over every record. */
function csvInOnePass(doc: ExportDocument): string {
  const release = releaseLabel(doc);
  const rows = doc.features.flatMap((f) => f.cells.map((c) => [...csvRowFields(f, c.variant), ...csvCellFields(f, c, release)]));
  return stringify([[...CSV_COLUMNS], ...rows].map((row) => row.map(neutraliseCsvCell)), { record_delimiter: '\r\n', quote_record_delimiter: true });
}

describe('exports made of kept parts', () => {
  it('write the same CSV as one pass, and follow the release column and the project', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const corpus = await loadCorpus('features', { cwd: dir });
    const doc = exportDocument({ ...corpus, revision: 'abc123' }, TODAY);
    const memo = new ExportMemo();
    expect(toCsv(doc, memo)).toBe(csvInOnePass(doc));
    // Kept: the same text again.
    expect(toCsv(doc, memo)).toBe(csvInOnePass(doc));
    // The same feature objects under another revision: the release column changes in every record.
    const other: ExportDocument = { ...doc, revision: 'def456' };
    expect(toCsv(other, memo)).toBe(csvInOnePass(other));
    expect(toCsv(other, memo)).toContain('working tree at def456');
    expect(toCsv(other, memo)).not.toContain('working tree at abc123');

    const md = toSupportMd(doc, memo);
    expect(toSupportMd(doc, memo)).toBe(md);
    // A status renamed in the project (the same feature objects): a cell's text follows it.
    const renamed: ExportDocument = { ...doc, project: { ...doc.project, statuses: doc.project.statuses.map((s) => (s.name === 'Supported' ? { ...s, securitySupported: false } : s)) } };
    const again = toSupportMd(renamed, memo);
    expect(again).not.toBe(md);
    expect(again).toContain('Supported, security supported');
    expect(md).not.toContain('Supported, security supported');
  });

  it('keep nothing without a memo: a document changed between two calls gives the new text', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const doc = exportDocument(await loadCorpus('features', { cwd: dir }), TODAY);
    const csv = toCsv(doc);
    const md = toSupportMd(doc);
    const feature = doc.features[0];
    if (!feature) throw new Error('no feature');
    feature.title = 'Renamed by the caller';
    expect(toCsv(doc)).not.toBe(csv);
    expect(toCsv(doc)).toBe(csvInOnePass(doc));
    expect(toSupportMd(doc)).not.toBe(md);
    expect(toSupportMd(doc)).toContain('Renamed by the caller');
  });
});
