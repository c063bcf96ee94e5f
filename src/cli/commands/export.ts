import { toCsv } from '../../export/csv.js';
import { documentOf, type ExportDocument, type ExportMemo } from '../../export/document.js';
import { changeEntries, feedSides, toAtom, toJsonFeed } from '../../export/feeds.js';
import { toJson } from '../../export/json.js';
import { toSupportMd } from '../../export/support-md.js';
import type { Model, ResolvedRelease } from '../../model/resolve.js';
import type { Diagnostic } from '../../types.js';
import { UsageError } from '../errors.js';
import { gitRevision } from '../../load/git-revision.js';
import { check } from './check.js';

/** Export formats by name. */
export const EXPORT_FORMATS = ['json', 'csv', 'support-md', 'atom', 'jsonfeed'] as const;

/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** File names of the exports, as the site publishes them. */
export const EXPORT_FILES: Record<ExportFormat, string> = {
  json: 'support-matrix.json',
  csv: 'support-matrix.csv',
  'support-md': 'SUPPORT.md',
  atom: 'changes.atom',
  jsonfeed: 'changes.json',
};

/** Options of {@link exportCorpus}. */
export interface ExportOptions {
  cwd: string;
  dir?: string;
  format: ExportFormat;
  /** Export this release (by name) instead of the working tree. */
  release?: string;
  /** Date for release states and sign-off coverage (`YYYY-MM-DD`). */
  today: string;
  /** Base URL of the published site, for links in the feeds. */
  siteUrl?: string;
}

/** Result of {@link exportCorpus}: the text, or the findings that stopped it. */
export type ExportResult = { ok: true; text: string; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/** What {@link renderExport} renders from, besides the model. */
export interface RenderOptions {
  /** Export this release of the model (read from git) instead of the working tree. */
  release?: ResolvedRelease;
  /** The working tree's git revision, named in every export of it. */
  revision?: string;
  siteUrl?: string;
  /** The export document, when the caller already built it (several formats of one tree). */
  document?: ExportDocument;
  /** Per-feature parts of the CSV and SUPPORT.md kept from earlier calls (`serve`; {@link ExportMemo}). */
  memo?: ExportMemo;
}

/** Renders one format of the model's working tree (or `release`). Pure: every format reads the one model. */
export function renderExport(model: Model, format: ExportFormat, options: RenderOptions = {}): string {
  if (format === 'atom' || format === 'jsonfeed') {
    const entries = changeEntries(feedSides(model), model.project, model.today);
    const meta = { project: model.project, asOf: model.today, ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) };
    return format === 'atom' ? toAtom(entries, meta) : toJsonFeed(entries, meta);
  }
  const doc = options.document ?? documentOf(model, { ...(options.release ? { release: options.release } : {}), ...(options.revision !== undefined ? { revision: options.revision } : {}) });
  return format === 'json' ? toJson(doc) : format === 'csv' ? toCsv(doc, options.memo) : toSupportMd(doc, options.memo);
}

/**
 * Exports the working tree (which must pass `check`) or one release read
 * from git. Same input and `today`, same bytes.
 */
export async function exportCorpus(options: ExportOptions): Promise<ExportResult> {
  const result = await check({ cwd: options.cwd, today: options.today, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  if (result.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: result.diagnostics };
  const revision = await gitRevision(result.corpus.root);
  let release: ResolvedRelease | undefined;
  if (options.release !== undefined) {
    release = result.model.releases.find((r) => r.config.name === options.release && r.tree !== undefined);
    if (!release) {
      const names = result.corpus.project.releases.map((r) => `\`${r.name}\``).join(', ') || 'none';
      throw new UsageError(`Unexpected release \`${options.release}\`: not among the releases read from git (project.yml lists ${names})`);
    }
  }
  const text = renderExport(result.model, options.format, {
    ...(release ? { release } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
  });
  return { ok: true, text, diagnostics: result.diagnostics };
}
