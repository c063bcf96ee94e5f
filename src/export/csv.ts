import { stringify } from 'csv-stringify/sync';
import { affectsCell, boundsCell } from '../model/resolve.js';
import type { ExportCell, ExportDocument, ExportFeature, ExportMemo } from './document.js';
import { keep } from '../reuse.js';

/** CSV columns, in order. */
export const CSV_COLUMNS = [
  'feature',
  'title',
  'section',
  'variant',
  'arch',
  'release',
  'state',
  'status',
  'security_support',
  'security_organisation',
  'caveat',
  'limits',
  'signoff_by',
  'signoff_date',
  'signoff_state',
  'known_issues',
  'notes',
] as const;

/**
 * A cell a spreadsheet would read as a formula: one starting with `=`, `+`,
 * `-`, `@`, tab or CR, or with `=`, `+`, `-`, `@` or their full-width forms
 * after leading whitespace. The whitespace is spelled out rather than `\s` so
 * that site/assets/matrix.js, which repeats this expression, matches the same
 * cells in every browser.
 */
const FORMULA_START = /^(?:[\t\r]|[\t\n\v\f\r \u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/**
 * A cell as text a spreadsheet shows rather than evaluates: a leading `'`
 * before anything that could start a formula (OWASP, "CSV Injection").
 * The matrix page's "Download these rows as CSV" applies the same rule.
 */
export function neutraliseCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** `Physical memory up to 16 TiB (support); …` for the limits that bound this cell. */
function limitsOf(feature: ExportFeature, cell: ExportCell): string {
  return feature.limits
    .filter((l) => boundsCell(l, cell.arch, cell.variant ?? undefined))
    .map((l) => `${l.name} up to ${l.value}${l.unit ? ` ${l.unit}` : ''} (${l.bounds})`)
    .join('; ');
}

/**
 * The known issues that concern this cell (the model's rule,
 * {@link affectsCell}), each by its advisory id or, when it has none, its
 * summary.
 */
function issuesOf(feature: ExportFeature, cell: ExportCell): string {
  return feature.knownIssues
    .filter((i) => affectsCell(i, cell.state, cell.arch, cell.variant ?? undefined))
    .map((i) => i.advisory ?? i.summary)
    .join('; ');
}

/** The CSV's first four fields, the row's: `feature`, `title`, `section`, `variant`. */
export function csvRowFields(feature: ExportFeature, variant: string | null): string[] {
  return [feature.id, feature.title, feature.section, variant ?? ''];
}

/** The CSV's other fields, the cell's, from `arch` on; `release` as {@link releaseLabel} gives it. Not yet neutralised. */
export function csvCellFields(feature: ExportFeature, c: ExportCell, release: string): string[] {
  return [
    c.arch,
    release,
    c.state,
    c.status ?? '',
    c.securitySupport ?? '',
    c.organisation ?? '',
    c.caveat ?? '',
    limitsOf(feature, c),
    c.signoff.by ?? '',
    c.signoff.date ?? '',
    c.signoff.state,
    issuesOf(feature, c),
    (c.notes ?? []).join('\n\n'),
  ];
}

/** What the `release` column says: the release's name, or `working tree at <revision>`. */
export function releaseLabel(doc: Pick<ExportDocument, 'release' | 'revision'>): string {
  return doc.release?.name ?? (doc.revision !== null ? `working tree at ${doc.revision}` : 'working tree');
}

/**
 * One row per cell, with a header row; every cell neutralised against
 * formula injection ({@link neutraliseCsvCell}), quoting per RFC 4180
 * (csv-stringify), a field with any line end quoted. With `memo`, each
 * feature's records are kept for the next call ({@link ExportMemo}).
 */
export function toCsv(doc: ExportDocument, memo?: ExportMemo): string {
  const release = releaseLabel(doc);
  // Each record ends with its delimiter, so the records of each feature (kept from earlier calls with `memo`) follow the header as they are.
  return csvRecords([[...CSV_COLUMNS]]) + doc.features.map((f) => featureRecords(f, release, memo)).join('');
}

/**
 * csv-stringify's text of `rows`, every field neutralised. It quotes a lone
 * CR or LF only when asked to once the record delimiter is set; unquoted,
 * spreadsheets would start a new row there.
 */
function csvRecords(rows: string[][]): string {
  return rows.length === 0 ? '' : stringify(rows.map((row) => row.map(neutraliseCsvCell)), { record_delimiter: '\r\n', quote_record_delimiter: true });
}

/** A feature's records; with `memo`, kept by the `release` column they were made with. */
function featureRecords(f: ExportFeature, release: string, memo: ExportMemo | undefined): string {
  const make = (): string => csvRecords(f.cells.map((c) => [...csvRowFields(f, c.variant), ...csvCellFields(f, c, release)]));
  return memo === undefined ? make() : keep(memo.csv, f, release, make, () => `The CSV records of ${f.id}`);
}
