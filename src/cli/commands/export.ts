import { toCsv } from '../../export/csv.js';
import { exportDocument, type ExportDocument } from '../../export/document.js';
import { changeEntries, toAtom, toJsonFeed, type FeedSide } from '../../export/feeds.js';
import { toJson } from '../../export/json.js';
import { toSupportMd } from '../../export/support-md.js';
import { compareText } from '../../diagnostics.js';
import type { LoadedRelease } from '../../load/releases.js';
import { releaseDates } from '../../model/releases.js';
import { dayNumber, releaseTrust, trustOf, type Trust } from '../../model/signoffs.js';
import type { Baseline, Diagnostic, Feature, Project, ReleaseConfig, Roster } from '../../types.js';
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

/** What every format is rendered from. */
export interface ExportSources {
  project: Project;
  roster: Roster;
  features: readonly Feature[];
  releases: readonly LoadedRelease[];
  /** The working tree's signoff-baseline.yml. */
  baseline?: Baseline;
  /** The working tree's git revision, named in every export of it. */
  revision?: string;
}

/** What a release's cells are judged by: the current roster and policy, the revocations of both trees, the release's own baseline. */
export function releaseJudgement(sources: ExportSources, release: LoadedRelease, today: string): { trust: Trust; baseline?: Baseline } {
  const trust = releaseTrust(trustOf(sources.project, sources.roster, today, sources.features), release.features);
  return release.baseline ? { trust, baseline: release.baseline } : { trust };
}

/** What {@link renderExport} renders from. */
export interface RenderOptions {
  today: string;
  release?: ReleaseConfig;
  features?: readonly Feature[];
  /** With `release`: how its cells are judged ({@link releaseJudgement}). */
  judgement?: { trust: Trust; baseline?: Baseline };
  siteUrl?: string;
  /** The export document, when the caller already built it (several formats of one corpus). */
  document?: ExportDocument;
}

/** Renders one format of the working tree (or `release`) from loaded sources. Pure. */
export function renderExport(sources: ExportSources, format: ExportFormat, options: RenderOptions): string {
  const { project, roster } = sources;
  if (format === 'atom' || format === 'jsonfeed') {
    const entries = changeEntries(feedSides(sources, options.today), project, roster, options.today);
    const meta = { project, asOf: options.today, ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) };
    return format === 'atom' ? toAtom(entries, meta) : toJsonFeed(entries, meta);
  }
  const judged = options.judgement ?? (sources.baseline ? { baseline: sources.baseline } : {});
  const doc = options.document ?? exportDocument({ project, roster, features: options.features ?? sources.features, ...judged, ...(options.release ? { release: options.release } : {}), ...(sources.revision !== undefined ? { revision: sources.revision } : {}) }, options.today);
  return format === 'json' ? toJson(doc) : format === 'csv' ? toCsv(doc) : toSupportMd(doc);
}

/** Releases oldest first (unreleased last, in project order), then the working tree. */
function feedSides(sources: ExportSources, today: string): FeedSide[] {
  const dated = sources.releases
    .filter((r) => r.found)
    // A date that is no calendar day (only with `release-dates` off) dates nothing: the release counts as unreleased.
    .map((r, order) => ({ r, order, date: validDay(releaseDates(r.config, sources.project.lifecycle).initialRelease) }))
    .sort((a, b) => (a.date === undefined ? 1 : 0) - (b.date === undefined ? 1 : 0) || compareText(a.date ?? '', b.date ?? '') || a.order - b.order);
  return [
    ...dated.map(({ r, date }): FeedSide => ({ name: r.config.name, features: r.features, ...(date !== undefined ? { date } : {}) })),
    { name: 'working tree', date: today, features: sources.features },
  ];
}

/**
 * Exports the working tree (which must pass `check`) or one release read
 * from git. Same input and `today`, same bytes.
 */
export async function exportCorpus(options: ExportOptions): Promise<ExportResult> {
  const result = await check({ cwd: options.cwd, today: options.today, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  if (result.diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: result.diagnostics };
  const revision = await gitRevision(result.corpus.root);
  const sources: ExportSources = { ...result.corpus, releases: result.releases, ...(revision !== undefined ? { revision } : {}) };
  let release: LoadedRelease | undefined;
  if (options.release !== undefined) {
    release = result.releases.find((r) => r.config.name === options.release);
    if (!release) {
      const names = result.corpus.project.releases.map((r) => `\`${r.name}\``).join(', ') || 'none';
      throw new UsageError(`Unexpected release \`${options.release}\`: not among the releases read from git (project.yml lists ${names})`);
    }
  }
  const text = renderExport(sources, options.format, {
    today: options.today,
    ...(release ? { release: release.config, features: release.features, judgement: releaseJudgement(sources, release, options.today) } : {}),
    ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
  });
  return { ok: true, text, diagnostics: result.diagnostics };
}

/** `date` when it is a real `YYYY-MM-DD` day, else undefined. */
function validDay(date: string | undefined): string | undefined {
  return date !== undefined && dayNumber(date) !== undefined ? date : undefined;
}
