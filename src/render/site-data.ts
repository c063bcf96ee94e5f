import { matrixPages, overviewPagesOf, type MatrixPages, type OverviewPage } from './matrix-pages.js';
import { firstPages } from './paging.js';
import { signoffsPages, type SignoffsPage } from './signoff-pages.js';
import { compareText } from '../diagnostics.js';
import { csvCellFields, csvRowFields } from '../export/csv.js';
import { cellAnchor, featureAnchor, rowAnchor } from './anchors.js';
import { bySection, ExportMemo, toFeature } from '../export/document.js';
import { carriesStatus, slug } from '../model/cells.js';
import type { ReleaseDates, ReleaseState } from '../model/releases.js';
import { resolveModel, type Model, type ModelInput, type ResolvedCell, type ResolvedFeature, type ResolvedRelease } from '../model/resolve.js';
import { advisoryOf } from '../model/vocabulary.js';
import { dayNumber, describeShortfall, findMember, inScope, resolveVariant, signoffCommand } from '../model/signoffs.js';
import type { Cell, Diagnostic, Feature, KnownIssue, Limit, Project, Proposal, Roster, Signoff } from '../types.js';
import { renderProse } from './markdown.js';
import { ContextMemo, keep, type Tagged } from '../reuse.js';

/** Options of {@link buildSiteData}. */
export interface SiteOptions {
  /** The build date (`YYYY-MM-DD`): ages of sign-offs. Never read from the clock here. */
  today: string;
  /** Source revision shown in the footer, when known. */
  revision?: string;
  /** Render each feature's prose. Default true; the `signoffs` command needs none. */
  prose?: boolean;
  /** Exports published beside the pages (by `build`). Default: none. */
  downloads?: SiteData['downloads'];
  /**
   * Each feature file's path from the repository root, by `Feature.file`,
   * for the `{path}` of edit links. Default: `Feature.file` itself (a path
   * from wherever the command ran, which says nothing true to a forge).
   */
  sourcePaths?: ReadonlyMap<string, string>;
  /** What earlier calls made of unchanged features, reused (`serve`; {@link SiteMemo}). */
  memo?: SiteMemo;
}

/**
 * What the site showed of each working-tree feature in earlier calls, for
 * `serve`: a feature's view is made again unless its resolved feature is
 * the very same object (the model's memo keeps it while its file and the
 * corpus-wide inputs are unchanged), under the same project, roster, date,
 * revision and prose setting, with the same titles of the features it
 * links to and the same source path. Anything else changed and every view
 * is made again. A kept view is the same object, which the pages' reuse
 * then keys on; it is never changed (its history of releases goes on a
 * copy, made on every call).
 */
export class SiteMemo {
  private readonly kept = new ContextMemo<ResolvedFeature, Tagged<SiteFeature>>();
  /** The exports' per-feature parts, kept beside the views ({@link ExportMemo}). */
  readonly exports = new ExportMemo();

  /** Starts a call under `context`: what was kept under another context is dropped. */
  begin(context: readonly unknown[]): void {
    this.kept.begin(context);
  }

  feature(resolved: ResolvedFeature, key: string, make: () => SiteFeature): SiteFeature {
    return keep(this.kept, resolved, key, make, () => `The view of ${resolved.feature.file}`);
  }
}

/** How the security team stands on a cell. */
/** `exempt`: needs a sign-off, has none, and signoff-baseline.yml exempts it (legacy, no sign-off recorded). */
export type SignoffState = 'signed' | 'exempt' | 'missing' | 'stale' | 'revoked' | 'invalid' | 'not-required';

/** A resolved cell with what the site shows about it. */
export interface SiteCell extends ResolvedCell {
  /** Fragment id of the cell, unique on its page. */
  anchor: string;
  /** The cell's fields of `export --format csv` from `arch` on (the row's first four are {@link SiteRow.csv}), for the pages' "Download CSV". */
  csv: string[];
  signoffState: SignoffState;
  /** The covering sign-off, when signed. */
  signedBy?: { by: string; name: string; date: string; index: number; ageDays: number; ref: string; refUrl?: string };
  /** Why in-scope sign-offs do not count, when not signed. */
  reasons: string[];
  /** For a cell that needs a sign-off and has none: where its status is stated, and the command that signs it. */
  open?: { line: number; column: number; command: string };
}

/** One row of the matrix: the feature's own, or a variant's. */
export interface SiteRow {
  featureId: string;
  variant?: { id: string; name: string };
  label: string;
  anchor: string;
  cells: SiteCell[];
  /** `feature`, `title`, `section` and `variant` of `export --format csv`. */
  csv: string[];
}

/** A sign-off as the site shows it. */
export interface SignoffView {
  index: number;
  by: string;
  name: string;
  date: string;
  status: string;
  scope: string;
  ref: string;
  refUrl?: string;
  note?: string;
  /** `current` covers at least one cell; `history` is superseded or covers nothing now. */
  state: 'current' | 'history' | 'stale' | 'revoked';
  revoked?: { by: string; name: string; date: string; reason: string };
}

/** A reference to another feature. */
export interface FeatureRef {
  id: string;
  title: string;
  url: string;
}

/** A known issue with its advisory link. */
export interface IssueView extends KnownIssue {
  advisoryUrl?: string;
}

/** A feature as a matrix shows it: its rows, each with its own cells. */
export interface MatrixFeature {
  id: string;
  title: string;
  summary?: string;
  section: string;
  /** Site-relative URL of the feature page, e.g. `features/guest-types/pvh/`; absent for a feature the working tree no longer has. */
  url?: string;
  /** Fragment id of the feature's row on the matrix. */
  anchor: string;
  aliases: string[];
  rows: SiteRow[];
}

/** Everything a feature page shows. */
export interface SiteFeature extends MatrixFeature {
  url: string;
  /** The feature file's path from the repository root (see {@link SiteOptions.sourcePaths}). */
  file: string;
  status?: string;
  limits: Limit[];
  knownIssues: IssueView[];
  signoffs: SignoffView[];
  proposal?: Proposal;
  dependsOn: FeatureRef[];
  related: FeatureRef[];
  replacedBy?: FeatureRef;
  since?: string;
  deprecatedIn?: string;
  removedIn?: string;
  components: string[];
  prose: string;
  /** This feature in each release, in project.yml order. */
  history: HistoryEntry[];
  editUrl?: string;
  proposeUrl?: string;
}

/** A section of a matrix, in project order. */
export interface SiteSection<F extends MatrixFeature = SiteFeature> {
  name: string;
  description?: string;
  anchor: string;
  /** Depth in the section path: `Host hardware/IOMMU` is 1. */
  depth: number;
  features: F[];
}

/** The full matrix as of one release read from git: `/releases/<slug>/`. */
export interface SiteMatrix {
  release: SiteRelease;
  /** URL path segment of the release, e.g. `4-19`. */
  slug: string;
  /** What the CSV's `release` column says. */
  label: string;
  sections: Array<SiteSection<MatrixFeature>>;
}

/** An entry of the sign-off working list. */
export interface QueueEntry {
  feature: FeatureRef;
  row: string;
  arch: string;
  status: string;
  state: SignoffState;
  cellUrl: string;
  signedBy?: SiteCell['signedBy'];
  reasons: string[];
  /** Older than `policy.review-after-days`. */
  due: boolean;
  /** For an open cell: the file, line and column of its status, and the `support-matrix signoff` command to run. */
  where?: { file: string; line: number; column: number };
  command?: string;
}

/** A release with its dates and where it stands on the build date. */
export interface SiteRelease {
  name: string;
  ref: string;
  dates: ReleaseDates;
  state: ReleaseState;
  /** Whether its features were read from git (not when the ref is missing or there is no repository). */
  read: boolean;
  /** Its unique path segment (`releases/<slug>/`, `exports/releases/<slug>/`) and key in `downloads.releases` and the overview's columns. */
  slug: string;
  /** Site-relative URL of its matrix, when read. */
  url?: string;
}

/** One feature in one release: its rows with their cells as that release states them (absent when the feature was not in it). */
export interface HistoryEntry {
  release: string;
  present: boolean;
  rows: SiteRow[];
}

/** A row of the Releases overview: one row (own or variant) of a feature, current or since removed, across releases. */
export interface ReleaseRow {
  id: string;
  title: string;
  variant?: { id: string; name: string };
  label: string;
  /** Current feature page, when the feature still exists. */
  url?: string;
  /** The row in each release read (`column`: its slug) and then the working tree ({@link CURRENT_COLUMN}); `cells` (and the row's CSV fields there) absent when the row is not in that release. */
  cells: Array<{ column: string; cells?: SiteCell[]; csv?: string[] }>;
}

/** The overview's column key of the working tree: no release slug can be it (slugs are `[a-z0-9-]`). */
export const CURRENT_COLUMN = '@current';

/** A section of the Releases overview: project order, then features that no section lists. */
export interface ReleaseSection {
  name: string;
  anchor: string;
  depth: number;
  rows: ReleaseRow[];
}

/** A published export file. */
export interface Download {
  label: string;
  /** Site-relative path. */
  path: string;
}

/** All the site's data: built once, read by every page. */
export interface SiteData {
  project: Project;
  /** Findings shown on every page by `serve` while the corpus fails `check`. */
  problems?: Diagnostic[];
  revision?: string;
  today: string;
  sections: SiteSection[];
  features: SiteFeature[];
  roster: Roster;
  releases: SiteRelease[];
  /** The full matrix of each release read from git, in project.yml order. */
  matrices: SiteMatrix[];
  /** Rows × releases, by section. */
  overview: ReleaseSection[];
  /** What the current matrix's CSV `release` column says (`working tree at <commit>`). */
  currentLabel: string;
  /** Exports of the working tree, of each release (by release slug; read it with {@link releaseDownloads}), and the project's downstream formats (on the Releases page). */
  downloads: { current: Download[]; releases: Record<string, Download[]>; downstream?: Download[] };
  /** The pages of each matrix ({@link matrixPages}: at most `site.rows-per-page` rows each). */
  pages: MatrixPages;
  /** The directory of the current matrix's page where each section (by anchor) begins. */
  sectionPages: Record<string, string>;
  /** The sign-offs page, split into pages of at most `site.rows-per-page` entries. */
  signoffPages: SignoffsPage[];
  /** The Releases overview's rows, split into pages of at most `site.rows-per-page` rows: `releases/`, then `overview/2/`, …. */
  overviewPages: OverviewPage[];
  queue: {
    signed: QueueEntry[];
    open: QueueEntry[];
    proposals: Array<{ feature: FeatureRef; proposal: Proposal }>;
    /** Revoked and stale sign-offs, kept in the files as history. */
    history: Array<{ feature: FeatureRef; signoff: SignoffView }>;
  };
}

/** Resolves the corpus into its model ({@link resolveModel}) and that into what the site shows. */
export function buildSiteData(input: ModelInput, options: SiteOptions): SiteData {
  return siteDataOf(resolveModel(input, { today: options.today }), options);
}

/** What the site shows of a model: every view reads the model's cells, none resolves its own. Pure and deterministic. */
export function siteDataOf(model: Model, options: SiteOptions): SiteData {
  const { project, roster } = model;
  const today = dayNumber(options.today);
  if (today === undefined) throw new RangeError(`Unexpected today \`${options.today}\`, expected a real YYYY-MM-DD date`);
  const ref = (id: string): FeatureRef | undefined => {
    const f = model.ids.find(id);
    return f ? { id: f.id, title: f.data.title, url: featureUrl(f.id) } : undefined;
  };
  const sourcePath = (file: string): string => options.sourcePaths?.get(file) ?? file;
  const currentLabel = options.revision !== undefined ? `working tree at ${options.revision}` : 'working tree';
  const views = new ViewBuilder(model, today);
  const prose = options.prose !== false;
  const { memo } = options;
  memo?.begin([project, roster, options.today, currentLabel, prose]);
  const siteFeature = (resolved: ResolvedFeature): SiteFeature => toSiteFeature(resolved, views.matrixFeature(resolved, currentLabel), model, ref, prose, sourcePath);
  // What a feature's view reads beyond its resolved feature and the memo's context: the features it links to, and its path.
  const linksKey = ({ feature }: ResolvedFeature): string => JSON.stringify([(feature.data['depends-on'] ?? []).map(ref), (feature.data.related ?? []).map(ref), feature.data['replaced-by'] === undefined ? null : ref(feature.data['replaced-by']), sourcePath(feature.file)]);
  const kept = model.current.ordered.map((resolved) => (memo ? memo.feature(resolved, linksKey(resolved), () => siteFeature(resolved)) : siteFeature(resolved)));

  const releases = model.releases.map((r) => siteRelease(r));
  const read = model.releases.flatMap((r, i) => (r.tree ? [{ release: r, tree: r.tree, site: releases[i] as SiteRelease }] : []));
  const matrices = read.map(({ release, tree, site }): SiteMatrix => {
    const sectionsOf = sectionList(project, tree.ordered.map((f) => views.matrixFeature(f, site.name)));
    return { release: site, slug: release.slug, label: site.name, sections: sectionsOf };
  });
  const releaseRows = matrices.map((m) => new Map(m.sections.flatMap((s) => s.features).map((f) => [f.id, f.rows])));
  // A kept view is never changed: one with a history of releases is a copy with it.
  const features = kept.map((f): SiteFeature => {
    if (read.length === 0) return f;
    const history = read.map(({ site }, i): HistoryEntry => {
      const rows = releaseRows[i]?.get(f.id);
      return { release: site.name, present: rows !== undefined, rows: rows ?? [] };
    });
    return { ...f, history };
  });
  // With no release read, the overview would only repeat the matrix.
  const overview = matrices.length === 0 ? [] : overviewOf(project, features, matrices);
  const sections = sectionList(project, features);

  const byId = new Map(features.map((f) => [f.id, f]));
  const queueEntry = (item: Model['queue']['open'][number]): QueueEntry => {
    const f = byId.get(item.feature.id) as SiteFeature;
    const row = f.rows.find((r) => r.variant?.id === item.row.variant?.id) as SiteRow;
    const cell = row.cells.find((c) => c.arch === item.cell.arch) as SiteCell;
    const entry: QueueEntry = {
      feature: { id: f.id, title: f.title, url: f.url },
      row: row.variant?.name ?? f.title,
      arch: cell.arch,
      status: cell.status ?? '',
      state: cell.signoffState,
      cellUrl: `${f.url}#${cell.anchor}`,
      reasons: cell.reasons,
      due: cell.signedBy !== undefined && project.policy.reviewAfterDays !== undefined && cell.signedBy.ageDays > project.policy.reviewAfterDays,
    };
    if (cell.signedBy) entry.signedBy = cell.signedBy;
    if (cell.open) {
      entry.where = { file: f.file, line: cell.open.line, column: cell.open.column };
      entry.command = cell.open.command;
    }
    return entry;
  };
  const proposals = features.flatMap((f) => (f.proposal ? [{ feature: { id: f.id, title: f.title, url: f.url }, proposal: f.proposal }] : []));
  const history = features.flatMap((f) => f.signoffs.filter((s) => s.state === 'revoked' || s.state === 'stale').map((signoff) => ({ feature: { id: f.id, title: f.title, url: f.url }, signoff })));
  const downloads = options.downloads ?? { current: [], releases: {} };
  const queue = { signed: model.queue.signed.map(queueEntry), open: model.queue.open.map(queueEntry), proposals, history };
  const pages = matrixPages({ sections, matrices, project });
  const sectionPages = Object.fromEntries([...firstPages(pages.matrix, (page) => page.sections.map((s) => s.anchor))].map(([anchor, link]) => [anchor, link.path]));
  const signoffPages = signoffsPages({ queue, roster, project });
  const overviewPages = overviewPagesOf(overview, project.rowsPerPage);
  const data: SiteData = { project, today: options.today, sections, features, roster, releases, matrices, overview, currentLabel, downloads, pages, sectionPages, signoffPages, overviewPages, queue };
  if (options.revision !== undefined) data.revision = options.revision;
  return data;
}

function siteRelease(r: ResolvedRelease): SiteRelease {
  const out: SiteRelease = { name: r.config.name, ref: r.config.ref, slug: r.slug, dates: r.dates, state: r.state, read: r.tree !== undefined };
  if (r.tree) out.url = `releases/${r.slug}/`;
  return out;
}

/**
 * Features into project.yml's sections, in its order, then the sections it
 * does not list (a release tree's old section, a working tree with
 * `unknown-section` off), by name: no feature is ever left out of a view.
 * The features keep their order (the model's display order).
 */
function sectionList<F extends MatrixFeature>(project: Project, features: F[]): Array<SiteSection<F>> {
  const listed = new Set(project.sections.map((s) => s.name));
  const unlisted = [...new Set(features.map((f) => f.section).filter((name) => !listed.has(name)))].sort(compareText).map((name) => ({ name }) as Project['sections'][number]);
  const grouped = bySection(features);
  return uniqueAnchors(
    [...project.sections, ...unlisted].map((s) => ({
      name: s.name,
      ...(s.description !== undefined ? { description: s.description } : {}),
      anchor: `s-${slug(s.name)}`,
      depth: s.name.split('/').length - 1,
      features: grouped.get(s.name) ?? [],
    })),
  );
}

/**
 * Sections whose names slug alike (`Debugging and tracing`, `Debugging, and
 * tracing`; any two names of no Latin letter) would share an anchor: the
 * later ones get `-2`, `-3`, … in order, so every section has its own.
 */
function uniqueAnchors<S extends { anchor: string }>(sections: S[]): S[] {
  const used = new Set<string>();
  return sections.map((section) => {
    let anchor = section.anchor;
    for (let n = 2; used.has(anchor); n++) anchor = `${section.anchor}-${n}`;
    used.add(anchor);
    return anchor === section.anchor ? section : { ...section, anchor };
  });
}

/** The exports of a release read from git, by its slug (none for one not read). */
export function releaseDownloads(site: SiteData, releaseSlug: string): Download[] {
  return Object.hasOwn(site.downloads.releases, releaseSlug) ? (site.downloads.releases[releaseSlug] ?? []) : [];
}

/**
 * The Releases overview: every row (own and variant) of every feature that
 * is in the working tree or any release read, by section, each with its
 * cells per arch in every release. A removed feature sits in the section
 * its newest release put it in, after the current ones.
 */
function overviewOf(project: Project, features: SiteFeature[], matrices: SiteMatrix[]): ReleaseSection[] {
  const columns = [...matrices.map((m) => ({ column: m.slug, features: new Map(m.sections.flatMap((s) => s.features).map((f) => [f.id, f])) })), { column: CURRENT_COLUMN, features: new Map(features.map((f) => [f.id, f as MatrixFeature])) }];
  const latest = new Map<string, MatrixFeature>();
  for (const column of columns) for (const [id, f] of column.features) latest.set(id, f);
  const current = new Set(features.map((f) => f.id));
  const order = [...features.map((f) => f.id), ...[...latest.keys()].filter((id) => !current.has(id)).sort(compareText)];
  const rowsOf = (id: string): ReleaseRow[] => {
    const f = latest.get(id) as MatrixFeature;
    // The own row first (when any side has one), then variants in the order they first appeared.
    const variants: string[] = [];
    let own = false;
    for (const column of columns) {
      for (const row of column.features.get(id)?.rows ?? []) {
        if (row.variant === undefined) own = true;
        else if (!variants.includes(row.variant.id)) variants.push(row.variant.id);
      }
    }
    const keys: Array<string | undefined> = [...(own ? [undefined] : []), ...variants];
    return keys.map((key) => {
      const named = [...columns].reverse().map((c) => c.features.get(id)?.rows.find((r) => r.variant?.id === key)).find((r) => r !== undefined) as SiteRow;
      const row: ReleaseRow = {
        id,
        title: f.title,
        label: named.label,
        cells: columns.map((c) => {
          const found = c.features.get(id)?.rows.find((r) => r.variant?.id === key);
          return found ? { column: c.column, cells: found.cells, csv: found.csv } : { column: c.column };
        }),
      };
      if (named.variant) row.variant = named.variant;
      if (current.has(id)) row.url = featureUrl(id);
      return row;
    });
  };
  const known = new Set(project.sections.map((s) => s.name));
  return uniqueAnchors(
    [...project.sections.map((s) => s.name), ...[...new Set([...latest.values()].map((f) => f.section))].filter((n) => !known.has(n)).sort(compareText)].flatMap((name) => {
      const rows = order.filter((id) => latest.get(id)?.section === name).flatMap(rowsOf);
      return rows.length === 0 ? [] : [{ name, anchor: `o-${slug(name)}`, depth: name.split('/').length - 1, rows }];
    }),
  );
}

/** Site-relative URL of a feature page. */
export function featureUrl(id: string): string {
  return `features/${id}/`;
}

/** Turns the model's features into matrix rows and cells: one way for the working tree and every release. */
class ViewBuilder {
  constructor(
    private readonly model: Model,
    private readonly today: number,
  ) {}

  matrixFeature(resolved: ResolvedFeature, release: string): MatrixFeature {
    const { feature } = resolved;
    const data = feature.data;
    const anchor = featureAnchor(resolved.id);
    const exported = toFeature(resolved, this.model.project);
    const current = this.model.current.features.get(resolved.id);
    const rows = resolved.rows.map((row): SiteRow => {
      const rowAnchor_ = rowAnchor(resolved.id, row.variant?.id);
      return {
        featureId: resolved.id,
        ...(row.variant ? { variant: row.variant } : {}),
        label: row.label,
        anchor: rowAnchor_,
        cells: row.cells.map((cell) => this.siteCell(cell, resolved, exported, release)),
        csv: csvRowFields(exported, row.variant?.id ?? null),
      };
    });
    const out: MatrixFeature = { id: resolved.id, title: data.title, section: data.section, anchor, aliases: data.aliases ?? [], rows };
    if (data.summary !== undefined) out.summary = data.summary;
    if (current) out.url = featureUrl(resolved.id);
    return out;
  }

  private siteCell(cell: ResolvedCell, resolved: ResolvedFeature, exported: ReturnType<typeof toFeature>, release: string): SiteCell {
    const { feature } = resolved;
    const { roster, project } = this.model;
    const exportCell = exported.cells.find((c) => c.arch === cell.arch && (c.variant ?? undefined) === cell.variant);
    const out: SiteCell = { ...cell, anchor: cellAnchor(resolved.id, cell.variant, cell.arch), signoffState: 'not-required', reasons: [], csv: exportCell ? csvCellFields(exported, exportCell, release) : [] };
    const { coverage } = cell;
    if (!coverage) return out;
    if (coverage.covering) {
      const s = coverage.covering.signoff;
      out.signoffState = 'signed';
      out.signedBy = { by: s.by, name: findMember(roster, s.by)?.name ?? s.by, date: s.date, index: coverage.covering.index, ageDays: this.today - (dayNumber(s.date) ?? this.today), ref: s.ref };
      const url = httpUrl(s.ref);
      if (url) out.signedBy.refUrl = url;
      return out;
    }
    const kinds = coverage.rejected.map((c) => c.shortfall?.kind);
    const place = feature.map.value(cell.statusPointer ?? '');
    out.open = { line: place.line, column: place.column, command: signoffCommand(feature.id, cell, resolved.cells, project) };
    // Exempt by the baseline: owed, but not a missing sign-off (the corpus is adopting the rule).
    out.signoffState = cell.verdict === 'exempt' ? 'exempt' : kinds.length === 0 ? 'missing' : kinds.includes('revoked') ? 'revoked' : kinds.includes('stale') ? 'stale' : 'invalid';
    out.reasons = coverage.rejected.map((c) => describeShortfall(c));
    return out;
  }
}

function toSiteFeature(
  resolved: ResolvedFeature,
  matrix: MatrixFeature,
  model: Model,
  ref: (id: string) => FeatureRef | undefined,
  prose: boolean,
  sourcePath: (file: string) => string,
): SiteFeature {
  const { feature } = resolved;
  const { project, roster } = model;
  const data = feature.data;
  const used = new Set(resolved.cells.flatMap((c) => (c.coverage?.covering ? [c.coverage.covering.index] : [])));
  const signoffs = (data.signoffs ?? []).map((s, index): SignoffView => toSignoffView(feature, s, index, used, resolved.cells, roster));
  const refs = (ids: string[] | undefined): FeatureRef[] => (ids ?? []).map(ref).filter((r): r is FeatureRef => r !== undefined);
  const out: SiteFeature = {
    ...matrix,
    url: featureUrl(feature.id),
    file: sourcePath(feature.file),
    limits: data.limits ?? [],
    knownIssues: (data['known-issues'] ?? []).map((issue) => withAdvisoryUrl(issue, project)),
    signoffs,
    dependsOn: refs(data['depends-on']),
    related: refs(data.related),
    components: data.components ?? [],
    prose: prose ? renderProse(feature.text) : '',
    history: [],
  };
  const optional: { [K in keyof SiteFeature]?: SiteFeature[K] | undefined } = {
    status: data.status,
    proposal: data.proposal,
    replacedBy: data['replaced-by'] === undefined ? undefined : ref(data['replaced-by']),
    since: data.since,
    deprecatedIn: data['deprecated-in'],
    removedIn: data['removed-in'],
    editUrl: editUrl(project, sourcePath(feature.file), 'edit'),
    proposeUrl: editUrl(project, sourcePath(feature.file), 'propose'),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(out, { [key]: value });
  return out;
}

function toSignoffView(feature: Feature, s: Signoff, index: number, used: Set<number>, cells: readonly Cell[], roster: Roster): SignoffView {
  const scopeParts = [s.variant === undefined ? 'feature row' : `variant ${resolveVariant(feature, s.variant)}`, s.arch === undefined ? 'all arches' : s.arch];
  const matches = cells.some((c) => carriesStatus(c.state) && c.status === s.status && inScope(s, c, feature));
  const state: SignoffView['state'] = s.revoked ? 'revoked' : used.has(index) ? 'current' : matches ? 'history' : 'stale';
  const view: SignoffView = { index, by: s.by, name: findMember(roster, s.by)?.name ?? s.by, date: s.date, status: s.status, scope: scopeParts.join(', '), ref: s.ref, state };
  const url = httpUrl(s.ref);
  if (url) view.refUrl = url;
  if (s.note !== undefined) view.note = s.note;
  if (s.revoked) view.revoked = { ...s.revoked, name: findMember(roster, s.revoked.by)?.name ?? s.revoked.by };
  return view;
}

/** A review reference as a link target, only when it is an http(s) URL (it may be a message id). */
function httpUrl(ref: string): string | undefined {
  return /^https?:\/\/\S+$/.test(ref) ? ref : undefined;
}

function withAdvisoryUrl(issue: KnownIssue, project: Project): IssueView {
  const advisory = issue.advisory;
  if (advisory === undefined) return issue;
  const found = advisoryOf(advisory, project.advisories);
  if (found?.cve) return { ...issue, advisoryUrl: `https://www.cve.org/CVERecord?id=${advisory}` };
  if (found?.scheme.url) return { ...issue, advisoryUrl: found.scheme.url.replace('{id}', advisory).replace('{n}', found.n) };
  return issue;
}

/** "edit this file" and "propose a status change" links, from project.yml. */
function editUrl(project: Project, file: string, kind: 'edit' | 'propose'): string | undefined {
  const template = kind === 'propose' ? (project.proposeUrl ?? project.editUrl) : project.editUrl;
  if (template === undefined) return undefined;
  return template.replace('{path}', file.split('/').map(encodeURIComponent).join('/')).replace('{branch}', encodeURIComponent(project.branch));
}
