import { compareText } from '../diagnostics.js';
import type { ReleaseInput } from '../lint/rule.js';
import { canonicalIds, cellValue, snapshot, type CellValue, type Snapshot } from '../model/history.js';
import { releaseDates, releaseState, type ReleaseDates, type ReleaseState } from '../model/releases.js';
import { hasOwnRow, resolveCells, slug, variantId } from '../model/cells.js';
import { dayNumber, describeShortfall, findMember, inScope, releaseTrust, resolveVariant, signoffCommand, trustOf, verdictOf, type Trust, type Verdict } from '../model/signoffs.js';
import type { Baseline, Cell, Diagnostic, Feature, KnownIssue, Limit, Project, Proposal, ReleaseConfig, Roster, Signoff } from '../types.js';
import { renderProse } from './markdown.js';

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
}

/** How the security team stands on a cell. */
/** `exempt`: needs a sign-off, has none, and signoff-baseline.yml exempts it (legacy, no sign-off recorded). */
export type SignoffState = 'signed' | 'exempt' | 'missing' | 'stale' | 'revoked' | 'invalid' | 'not-required';

/** A resolved cell with what the site shows about it. */
export interface SiteCell extends Cell {
  /** Fragment id of the cell, unique on the matrix page. */
  anchor: string;
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

/** Everything a feature page shows. */
export interface SiteFeature {
  id: string;
  title: string;
  summary?: string;
  section: string;
  /** Site-relative URL of the feature page, e.g. `features/guest-types/pvh/`. */
  url: string;
  /** Fragment id of the feature's row on the matrix. */
  anchor: string;
  /** The feature file's path from the repository root (see {@link SiteOptions.sourcePaths}). */
  file: string;
  status?: string;
  rows: SiteRow[];
  limits: Limit[];
  knownIssues: IssueView[];
  signoffs: SignoffView[];
  proposal?: Proposal;
  dependsOn: FeatureRef[];
  related: FeatureRef[];
  replacedBy?: FeatureRef;
  aliases: string[];
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

/** A section of the matrix, in project order. */
export interface SiteSection {
  name: string;
  description?: string;
  anchor: string;
  /** Depth in the section path: `Host hardware/IOMMU` is 1. */
  depth: number;
  features: SiteFeature[];
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
}

/** One row's cells in one release, by arch (absent when the feature was not in it). */
export interface HistoryEntry {
  release: string;
  present: boolean;
  rows: Array<{ label: string; variant?: string; cells: Array<{ arch: string; value: CellValue | undefined }> }>;
}

/** A line of the Releases page: one feature (current or since removed) across releases. */
export interface ReleaseRow {
  id: string;
  title: string;
  /** Current feature page, when the feature still exists. */
  url?: string;
  /** By release name, then `current`. */
  cells: Array<{ release: string; values: Array<{ arch: string; value: CellValue | undefined }> | undefined }>;
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
  /** Features × releases, sorted by title. */
  releaseRows: ReleaseRow[];
  /** Exports of the working tree, and of each release read from git (by release name). */
  downloads: { current: Download[]; releases: Record<string, Download[]> };
  queue: {
    signed: QueueEntry[];
    open: QueueEntry[];
    proposals: Array<{ feature: FeatureRef; proposal: Proposal }>;
    /** Revoked and stale sign-offs, kept in the files as history. */
    history: Array<{ feature: FeatureRef; signoff: SignoffView }>;
  };
}

/** Resolves the corpus into what the site shows. Pure and deterministic. */
export function buildSiteData(input: { project: Project; roster: Roster; features: readonly Feature[]; releases?: readonly ReleaseInput[]; trust?: Trust; baseline?: Baseline }, options: SiteOptions): SiteData {
  const { project, roster } = input;
  const today = dayNumber(options.today);
  if (today === undefined) throw new RangeError(`Unexpected today \`${options.today}\`, expected a real YYYY-MM-DD date`);
  const sorted = [...input.features].sort((a, b) => compareText(a.data.title.toLowerCase(), b.data.title.toLowerCase()) || compareText(a.id, b.id));
  const byId = new Map<string, Feature>();
  for (const f of sorted) for (const id of [f.id, ...(f.data.aliases ?? [])]) byId.set(id.toLowerCase(), f);
  const ref = (id: string): FeatureRef | undefined => {
    const f = byId.get(id.toLowerCase());
    return f ? { id: f.id, title: f.data.title, url: featureUrl(f.id) } : undefined;
  };

  const sourcePath = (file: string): string => options.sourcePaths?.get(file) ?? file;
  const trust = input.trust ?? trustOf(project, roster, options.today, input.features);
  const features = sorted.map((feature) => toSiteFeature(feature, project, roster, trust, input.baseline, today, ref, options.prose !== false, sourcePath));
  const { releases, releaseRows } = releaseHistory(input.releases ?? [], sorted, features, project, options.today, trust);
  const sections = project.sections.map((s) => ({
    name: s.name,
    ...(s.description !== undefined ? { description: s.description } : {}),
    anchor: `s-${slug(s.name)}`,
    depth: s.name.split('/').length - 1,
    features: features.filter((f) => f.section === s.name),
  }));

  const signed: QueueEntry[] = [];
  const open: QueueEntry[] = [];
  for (const f of features) {
    for (const row of f.rows) {
      for (const cell of row.cells) {
        if (cell.signoffState === 'not-required') continue;
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
        (cell.signoffState === 'signed' ? signed : open).push(entry);
      }
    }
  }
  const proposals = features.flatMap((f) => (f.proposal ? [{ feature: { id: f.id, title: f.title, url: f.url }, proposal: f.proposal }] : []));
  const history = features.flatMap((f) => f.signoffs.filter((s) => s.state === 'revoked' || s.state === 'stale').map((signoff) => ({ feature: { id: f.id, title: f.title, url: f.url }, signoff })));
  const downloads = options.downloads ?? { current: [], releases: {} };
  const data: SiteData = { project, today: options.today, sections, features, roster, releases, releaseRows, downloads, queue: { signed, open, proposals, history } };
  if (options.revision !== undefined) data.revision = options.revision;
  return data;
}

/**
 * Each release's cells by canonical feature id (renames followed through
 * `aliases`), as history on the feature pages and as the Releases page.
 */
function releaseHistory(inputs: readonly ReleaseInput[], current: readonly Feature[], features: SiteFeature[], project: Project, today: string, trust: Trust): { releases: SiteRelease[]; releaseRows: ReleaseRow[] } {
  const canonical = canonicalIds(current);
  const arches = project.architectures.map((a) => a.id);
  const siteRelease = (config: ReleaseConfig, read: boolean): SiteRelease => {
    const dates = releaseDates(config, project.lifecycle);
    return { name: config.name, ref: config.ref, dates, state: releaseState(dates, today), read };
  };
  // A release cell is judged like the working tree's (rule release-signoffs): one that needs a sign-off and has none says so.
  const releases = inputs.map((r) => ({ release: siteRelease(r.config, true), snap: judged(snapshot(r.features, project, canonical), project, releaseTrust(trust, r.features), r.baseline) }));
  // The dates table lists every configured release, read or not.
  const listed = project.releases.map((config) => siteRelease(config, inputs.some((r) => r.config.ref === config.ref && r.config.name === config.name)));
  const now = snapshot(current, project, canonical);
  const rowsOf = (entry: { feature: Feature; cells: Cell[]; verdicts?: Map<Cell, Verdict> } | undefined): HistoryEntry['rows'] => {
    if (!entry) return [];
    const variants = [undefined, ...(entry.feature.data.variants ?? []).map(variantId)];
    return variants
      .filter((v) => entry.cells.some((c) => c.variant === v))
      .map((v) => {
        const name = v === undefined ? entry.feature.data.title : (entry.feature.data.variants ?? []).find((x) => variantId(x) === v)?.name ?? v;
        const row: HistoryEntry['rows'][number] = {
          label: name,
          cells: arches.map((arch) => {
            const cell = entry.cells.find((c) => c.arch === arch && c.variant === v);
            const value = cellValue(cell);
            const verdict = cell ? entry.verdicts?.get(cell) : undefined;
            return { arch, value: value && (verdict === 'not-signed-off' || verdict === 'exempt') ? { ...value, signoff: verdict } : value };
          }),
        };
        if (v !== undefined) row.variant = v;
        return row;
      });
  };
  for (const f of features) {
    f.history = releases.map(({ release, snap }) => {
      const entry = snap.features.get(f.id);
      return { release: release.name, present: entry !== undefined, rows: rowsOf(entry) };
    });
  }
  const ids = new Set<string>([...now.features.keys(), ...releases.flatMap(({ snap }) => [...snap.features.keys()])]);
  const summary = (entry: { feature: Feature; cells: Cell[]; verdicts?: Map<Cell, Verdict> } | undefined): ReleaseRow['cells'][number]['values'] => {
    const row = rowsOf(entry)[0];
    return row?.cells;
  };
  const releaseRows = [...ids]
    .map((id): ReleaseRow => {
      const latest = now.features.get(id) ?? [...releases].reverse().map(({ snap }) => snap.features.get(id)).find((e) => e !== undefined);
      const row: ReleaseRow = {
        id,
        title: latest?.feature.data.title ?? id,
        cells: [...releases.map(({ release, snap }) => ({ release: release.name, values: summary(snap.features.get(id)) })), { release: 'current', values: summary(now.features.get(id)) }],
      };
      if (now.features.has(id)) row.url = featureUrl(id);
      return row;
    })
    .sort((a, b) => compareText(a.title.toLowerCase(), b.title.toLowerCase()) || compareText(a.id, b.id));
  return { releases: listed, releaseRows };
}

/** Site-relative URL of a feature page. */
export function featureUrl(id: string): string {
  return `features/${id}/`;
}

function toSiteFeature(
  feature: Feature,
  project: Project,
  roster: Roster,
  trust: Trust,
  baseline: Baseline | undefined,
  today: number,
  ref: (id: string) => FeatureRef | undefined,
  prose: boolean,
  sourcePath: (file: string) => string,
): SiteFeature {
  const data = feature.data;
  const anchor = `f-${slug(feature.id)}`;
  const cells = resolveCells(feature, project);
  const used = new Set<number>();
  const siteCell = (cell: Cell): SiteCell => {
    const rowAnchor = cell.variant === undefined ? anchor : `${anchor}--${cell.variant}`;
    const out: SiteCell = { ...cell, anchor: `${rowAnchor}--${slug(cell.arch)}`, signoffState: 'not-required', reasons: [] };
    const { state, coverage } = verdictOf(cell, feature, cells, project, trust, baseline);
    if (!coverage) return out;
    if (coverage.covering) {
      const s = coverage.covering.signoff;
      used.add(coverage.covering.index);
      out.signoffState = 'signed';
      out.signedBy = { by: s.by, name: findMember(roster, s.by)?.name ?? s.by, date: s.date, index: coverage.covering.index, ageDays: today - (dayNumber(s.date) ?? today), ref: s.ref };
      const url = httpUrl(s.ref);
      if (url) out.signedBy.refUrl = url;
      return out;
    }
    const kinds = coverage.rejected.map((c) => c.shortfall?.kind);
    const place = feature.map.value(cell.statusPointer ?? '');
    out.open = { line: place.line, column: place.column, command: signoffCommand(feature.id, cell, cells, project) };
    // Exempt by the baseline: owed, but not a missing sign-off (the corpus is adopting the rule).
    out.signoffState = state === 'exempt' ? 'exempt' : kinds.length === 0 ? 'missing' : kinds.includes('revoked') ? 'revoked' : kinds.includes('stale') ? 'stale' : 'invalid';
    out.reasons = coverage.rejected.map((c) => describeShortfall(c));
    return out;
  };

  const rows: SiteRow[] = [];
  const arches = project.architectures.map((a) => a.id);
  const rowCells = (variant: string | undefined): SiteCell[] => arches.map((arch) => cells.find((c) => c.arch === arch && c.variant === variant)).filter((c): c is Cell => c !== undefined).map(siteCell);
  if (hasOwnRow(feature)) rows.push({ featureId: feature.id, label: data.title, anchor, cells: rowCells(undefined) });
  for (const variant of data.variants ?? []) {
    const id = variantId(variant);
    rows.push({ featureId: feature.id, variant: { id, name: variant.name }, label: variant.name, anchor: `${anchor}--${id}`, cells: rowCells(id) });
  }

  const signoffs = (data.signoffs ?? []).map((s, index): SignoffView => toSignoffView(feature, s, index, used, cells, roster));
  const refs = (ids: string[] | undefined): FeatureRef[] => (ids ?? []).map(ref).filter((r): r is FeatureRef => r !== undefined);
  const out: SiteFeature = {
    id: feature.id,
    title: data.title,
    section: data.section,
    url: featureUrl(feature.id),
    anchor,
    file: sourcePath(feature.file),
    rows,
    limits: data.limits ?? [],
    knownIssues: (data['known-issues'] ?? []).map((issue) => withAdvisoryUrl(issue, project)),
    signoffs,
    dependsOn: refs(data['depends-on']),
    related: refs(data.related),
    aliases: data.aliases ?? [],
    components: data.components ?? [],
    prose: prose ? renderProse(feature.text) : '',
    history: [],
  };
  const optional: { [K in keyof SiteFeature]?: SiteFeature[K] | undefined } = {
    summary: data.summary,
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
  const matches = cells.some((c) => c.state === 'applies' && c.status === s.status && inScope(s, c, feature));
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
  const cve = /^CVE-\d{4}-\d{4,}$/.exec(advisory);
  if (cve) return { ...issue, advisoryUrl: `https://www.cve.org/CVERecord?id=${advisory}` };
  for (const scheme of project.advisories) {
    const match = new RegExp(`^${scheme.prefix}-([1-9]\\d*)$`).exec(advisory);
    if (match && scheme.url) return { ...issue, advisoryUrl: scheme.url.replace('{id}', advisory).replace('{n}', match[1] ?? '') };
  }
  return issue;
}

/** "edit this file" and "propose a status change" links, from project.yml. */
function editUrl(project: Project, file: string, kind: 'edit' | 'propose'): string | undefined {
  const template = kind === 'propose' ? (project.proposeUrl ?? project.editUrl) : project.editUrl;
  if (template === undefined) return undefined;
  return template.replace('{path}', file.split('/').map(encodeURIComponent).join('/')).replace('{branch}', encodeURIComponent(project.branch));
}

/** A release snapshot with each cell's sign-off verdict, judged by the current roster, both trees' revocations and the release's baseline. */
function judged(snap: Snapshot, project: Project, trust: Trust, baseline: Baseline | undefined): { features: Map<string, { feature: Feature; cells: Cell[]; verdicts: Map<Cell, Verdict> }> } {
  const features = new Map<string, { feature: Feature; cells: Cell[]; verdicts: Map<Cell, Verdict> }>();
  for (const [id, entry] of snap.features) {
    const verdicts = new Map(entry.cells.map((cell) => [cell, verdictOf(cell, entry.feature, entry.cells, project, trust, baseline).state] as const));
    features.set(id, { ...entry, verdicts });
  }
  return { features };
}
