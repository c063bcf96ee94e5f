import { toCsv } from '../../export/csv.js';
import { documentOf, type ExportDocument, type ExportMemo } from '../../export/document.js';
import { feedEntries, toAtom, toJsonFeed } from '../../export/feeds.js';
import { badgeJson, badgesOf, badgeSvg } from '../../export/downstream/badges.js';
import { projectCalendar, releaseCalendar } from '../../export/downstream/calendar.js';
import { downstreamOf, type Downstream } from '../../export/downstream/context.js';
import { debianLists } from '../../export/downstream/debian.js';
import { endoflifeProduct, endoflifeRelease } from '../../export/downstream/endoflife.js';
import { upcoming } from '../../export/downstream/events.js';
import { openEox } from '../../export/downstream/openeox.js';
import { toJson } from '../../export/json.js';
import { toSupportMd } from '../../export/support-md.js';
import type { Model, ResolvedRelease } from '../../model/resolve.js';
import type { Diagnostic } from '../../types.js';
import { UsageError } from '../errors.js';
import { gitRevision } from '../../load/git-revision.js';
import { check } from './check.js';

/** The formats of a tree's statements, each published as one file per tree. */
export const TREE_FORMATS = ['json', 'csv', 'support-md', 'atom', 'jsonfeed'] as const;

/** The formats downstream tools already read (README, "For downstreams"). */
export const DOWNSTREAM_FORMATS = ['endoflife', 'openeox', 'security-support-limited', 'security-support-ended', 'ical', 'upcoming', 'badge', 'badge-svg'] as const;

/** Export formats by name. */
export const EXPORT_FORMATS = [...TREE_FORMATS, ...DOWNSTREAM_FORMATS] as const;

/** An export format. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A format of a tree's statements. */
export type TreeFormat = (typeof TREE_FORMATS)[number];

/** A downstream format. */
export type DownstreamFormat = (typeof DOWNSTREAM_FORMATS)[number];

/** Whether a format is one of the downstream formats. */
export function isDownstreamFormat(format: ExportFormat): format is DownstreamFormat {
  return (DOWNSTREAM_FORMATS as readonly string[]).includes(format);
}

/** File names of the tree formats, as the site publishes them. */
export const EXPORT_FILES: Record<TreeFormat, string> = {
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
  /** `badge` and `badge-svg`: the identifier of the feature, row, cell or release (README, "Stable identifiers"). */
  id?: string;
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
  /** The downstream view, when the caller already made it (several downstream formats of one model). */
  downstream?: Downstream;
  /** `badge` and `badge-svg`: the identifier of the feature, row, cell or release. */
  id?: string;
}

/** Renders one format of the model's working tree (or `release`). Pure: every format reads the one model. */
export function renderExport(model: Model, format: ExportFormat, options: RenderOptions = {}): string {
  if (isDownstreamFormat(format)) {
    const d = options.downstream ?? downstreamOf(model, { ...(options.document ? { document: options.document } : {}), ...(options.revision !== undefined ? { revision: options.revision } : {}), ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) });
    return renderDownstream(d, format, options.release, options.id);
  }
  if (format === 'atom' || format === 'jsonfeed') {
    const entries = feedEntries(model);
    const meta = { project: model.project, asOf: model.today, ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}) };
    return format === 'atom' ? toAtom(entries, meta) : toJsonFeed(entries, meta);
  }
  const doc = options.document ?? documentOf(model, { ...(options.release ? { release: options.release } : {}), ...(options.revision !== undefined ? { revision: options.revision } : {}) });
  return format === 'json' ? toJson(doc) : format === 'csv' ? toCsv(doc, options.memo) : toSupportMd(doc, options.memo);
}

/** What each downstream format does with `--release`, for the error when it cannot. */
const RELEASE_USE: Record<DownstreamFormat, 'any' | 'tree' | 'none'> = {
  endoflife: 'any',
  openeox: 'any',
  ical: 'any',
  'security-support-limited': 'tree',
  'security-support-ended': 'tree',
  upcoming: 'none',
  badge: 'none',
  'badge-svg': 'none',
};

/**
 * One downstream format: of the project, or of `release` where the format
 * has one file per release. Throws a UsageError for a release the format
 * cannot show and for a badge whose identifier is not known.
 */
export function renderDownstream(d: Downstream, format: DownstreamFormat, release?: ResolvedRelease, id?: string): string {
  const slug = release?.slug;
  switch (format) {
    case 'endoflife': {
      if (slug === undefined) return endoflifeProduct(d);
      const text = endoflifeRelease(d, slug);
      if (text === undefined) throw new UsageError(`Release \`${release?.config.name ?? ''}\` has no initial release date yet, which the endoflife.date shape requires; it is in the other exports`);
      return text;
    }
    case 'openeox': {
      const text = openEox(d, slug);
      if (text === undefined) throw new UsageError('project.yml lists no releases: an OpenEoX shell needs at least one statement');
      return text;
    }
    case 'ical':
      return slug === undefined ? projectCalendar(d) : releaseCalendar(d, slug);
    case 'security-support-limited':
      return debianLists(d, slug).limited;
    case 'security-support-ended':
      return debianLists(d, slug).ended;
    case 'upcoming':
      return upcoming(d);
    case 'badge':
    case 'badge-svg': {
      if (id === undefined) throw new UsageError(`Give the identifier of the feature, variant, cell or release the badge is for: --id <identifier> (e.g. \`${d.project}:<feature-id>@<arch>\`; README, "Stable identifiers")`);
      const found = badgesOf(d).find((b) => b.identifier === id);
      if (!found) throw new UsageError(`Unexpected --id \`${id}\`: no feature, variant, cell or release has that identifier (identifiers start with \`${d.project}\`; README, "Stable identifiers")`);
      return format === 'badge' ? badgeJson(found.badge) : badgeSvg(found.badge);
    }
  }
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
    const use = isDownstreamFormat(options.format) ? RELEASE_USE[options.format] : 'tree';
    if (use === 'none') throw new UsageError(`--release does not apply to --format ${options.format}${options.format.startsWith('badge') ? ': a release badge is chosen by the release\'s identifier in --id' : ''}`);
    // Lifecycle formats need only project.yml's dates; the others need the release's features.
    release = result.model.releases.find((r) => r.config.name === options.release && (use === 'any' || r.tree !== undefined));
    if (!release) {
      const names = result.corpus.project.releases.map((r) => `\`${r.name}\``).join(', ') || 'none';
      throw new UsageError(`Unexpected release \`${options.release}\`: not among the releases ${use === 'any' ? 'of project.yml' : 'read from git'} (project.yml lists ${names})`);
    }
  }
  if (options.id !== undefined && !options.format.startsWith('badge')) throw new UsageError(`--id applies to --format badge and badge-svg only`);
  const text = renderExport(result.model, options.format, {
    ...(release ? { release } : {}),
    ...(revision !== undefined ? { revision } : {}),
    ...(options.siteUrl !== undefined ? { siteUrl: options.siteUrl } : {}),
    ...(options.id !== undefined ? { id: options.id } : {}),
  });
  return { ok: true, text, diagnostics: result.diagnostics };
}
