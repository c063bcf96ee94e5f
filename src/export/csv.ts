import { stringify } from 'csv-stringify/sync';
import type { ExportCell, ExportDocument, ExportFeature } from './document.js';

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
  'known_issues',
] as const;

/** `Physical memory up to 16 TiB (support); …` for the limits that bound this cell. */
function limitsOf(feature: ExportFeature, cell: ExportCell): string {
  return feature.limits
    .filter((l) => (l.arch === undefined || l.arch === cell.arch) && (l.variant === undefined || l.variant === cell.variant))
    .map((l) => `${l.name} up to ${l.value}${l.unit ? ` ${l.unit}` : ''} (${l.bounds})`)
    .join('; ');
}

/** Advisory ids of the known issues that concern this cell. */
function issuesOf(feature: ExportFeature, cell: ExportCell): string {
  return feature.knownIssues
    .filter((i) => i.advisory !== undefined && (i.arches.length === 0 || i.arches.includes(cell.arch)) && (i.variants.length === 0 || (cell.variant !== null && i.variants.includes(cell.variant))))
    .map((i) => i.advisory)
    .join(' ');
}

/** One row per cell, with a header row; quoting per RFC 4180 (csv-stringify). */
export function toCsv(doc: ExportDocument): string {
  const release = doc.release?.name ?? 'working tree';
  const rows = doc.features.flatMap((f) =>
    f.cells.map((c) => [
      f.id,
      f.title,
      f.section,
      c.variant ?? '',
      c.arch,
      release,
      c.state,
      c.status ?? '',
      c.securitySupport ?? '',
      c.organisation ?? '',
      c.caveat ?? '',
      limitsOf(f, c),
      c.signoff.by ?? '',
      c.signoff.date ?? '',
      issuesOf(f, c),
    ]),
  );
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: '\r\n' });
}
