import { compareText } from '../diagnostics.js';
import { ContextMemo, keep, type Tagged } from '../reuse.js';
import type { Baseline, BaselineEntry, Cell, Feature, KnownIssue, Limit, Project, ReleaseConfig, Roster } from '../types.js';
import { carriesStatus, hasOwnRow, notesOf, resolveCells, resolveVariant, slug, variantId } from './cells.js';
import { releaseDates, releaseState, type ReleaseDates, type ReleaseState } from './releases.js';
import { dayNumber, releaseTrust, trustOf, verdictOf, type Coverage, type Trust, type Verdict } from './signoffs.js';

/**
 * The one resolved model of a corpus: every cell of the working tree and of
 * each release read from git, with its sign-off verdict, and one id index.
 * Lint rules, `diff`, `signoffs`, the exports, the feeds and every page read
 * it; none of them resolves a cell or judges its sign-off on its own.
 *
 * Pure and deterministic: the same input and `today` give the same model.
 */
export interface Model {
  project: Project;
  roster: Roster;
  /** The date cells and releases are judged on (`YYYY-MM-DD`). */
  today: string;
  /** Who may sign off, today, and what is revoked, as the working tree is judged. */
  trust: Trust;
  /** Ids and aliases of the working tree's features. */
  ids: IdIndex;
  /** The working tree. */
  current: ResolvedTree;
  /** Every release of project.yml, in its order, with its tree when it was read from git. */
  releases: readonly ResolvedRelease[];
  /** Cells that need a security-team sign-off, in display order: covered, and owed (missing, exempt or rejected). */
  queue: { signed: readonly QueueItem[]; open: readonly QueueItem[] };
}

/** How a cell reads: its state, or `no-status` for a cell that applies with no status anywhere in its chain. */
export type Reading = Cell['state'] | 'no-status';

/** A cell with everything a view or a rule may say about it. */
export interface ResolvedCell extends Cell {
  reading: Reading;
  /** The sign-off verdict on the model's date: signed, exempt by the baseline, not signed off, or not required by the policy. */
  verdict: Verdict;
  /** The sign-offs in scope and why each counts or not, when the policy needs one. */
  coverage?: Coverage;
  /** The feature's limits that bound this cell (same arch or none, same variant or none). */
  limits: readonly Limit[];
  /** The known issues that concern this cell: none when it does not apply. */
  knownIssues: readonly KnownIssue[];
  /** The feature's notes that concern this cell (every state but not applicable), in file order. */
  notes: readonly string[];
}

/** A row of a feature: its own (no `variant`) or a variant's, with one cell per project arch in project order. */
export interface ResolvedRow {
  variant?: { id: string; name: string };
  label: string;
  cells: readonly ResolvedCell[];
}

/** A feature of one tree, resolved. */
export interface ResolvedFeature {
  /** The feature's id as the working tree knows it (a renamed feature's current id). */
  id: string;
  feature: Feature;
  /** The own row first (when the feature has one), then each variant in file order. */
  rows: readonly ResolvedRow[];
  /** Every cell of every row, arch-major (as `resolveCells` gives them). */
  cells: readonly ResolvedCell[];
}

/** One tree of features (the working tree or a release), resolved. */
export interface ResolvedTree {
  /** By canonical id; a feature's own id wins over another's alias. Insertion order is display order. */
  features: ReadonlyMap<string, ResolvedFeature>;
  /** In display order: project.yml's section order, then `order`, then title, then id. */
  ordered: readonly ResolvedFeature[];
  /** The same features by their loaded object. */
  byFeature: ReadonlyMap<Feature, ResolvedFeature>;
  trust: Trust;
  baseline?: Baseline;
}

/** A configured release on the model's date. */
export interface ResolvedRelease {
  config: ReleaseConfig;
  /** Its path segment on the site and in the exports (`releases/<slug>/`): its name as a slug, unique among the releases (`1-0`, then `1-0-2` for a second name that slugs alike). */
  slug: string;
  dates: ReleaseDates;
  state: ReleaseState;
  /** Its features as read from git; absent when the ref is missing or there is no repository. */
  tree?: ResolvedTree;
}

/** A cell on the security team's list. */
export interface QueueItem {
  feature: ResolvedFeature;
  row: ResolvedRow;
  cell: ResolvedCell;
}

/** Ids and aliases of one tree's features. */
export interface IdIndex {
  /** The current id of the feature that has `id` as its id or an alias (any case); other ids unchanged. */
  canonical(id: string): string;
  /** The feature with this id, or else the first with it as an alias (any case). */
  find(id: string): Feature | undefined;
  /** Every feature that has `id` as its id or an alias (any case), in load order. */
  all(id: string): readonly Feature[];
}

/** A release's features as read from git. */
export interface TreeInput {
  config: ReleaseConfig;
  features: readonly Feature[];
  /** The release tree's own signoff-baseline.yml, when it has one. */
  baseline?: Baseline;
}

/** What {@link resolveModel} reads. */
export interface ModelInput {
  project: Project;
  roster: Roster;
  features: readonly Feature[];
  /** Releases read from git (any subset of project.yml's). */
  releases?: readonly TreeInput[];
  baseline?: Baseline;
  /** Default: the corpus's own roster, policy and revocations ({@link trustOf}). `check --base` passes the base's. */
  trust?: Trust;
}

/**
 * The working tree's resolved features of earlier resolves, for `serve`:
 * a feature is resolved again unless it is the very same loaded object
 * (its file's bytes unchanged: the load cache gives the same object) under
 * the same id, with the same project, roster and baseline objects (their
 * files unchanged), the same date and policy, and the same revocations
 * anywhere in the corpus: everything {@link resolveFeature} reads. Anything
 * else changed and every feature is resolved again.
 */
export class ModelMemo {
  private readonly kept = new ContextMemo<Feature, Tagged<ResolvedFeature>>();

  /** Starts a resolve under `context`: what was kept under another context is dropped. */
  begin(context: readonly unknown[]): void {
    this.kept.begin(context);
  }

  resolve(feature: Feature, id: string, resolve: () => ResolvedFeature): ResolvedFeature {
    return keep(this.kept, feature, id, resolve, () => `The resolved cells of ${feature.file}`);
  }
}

/** The revocations as one string: equal exactly when they are the same entries with the same records, in the same order. */
export function revocationsKey(trust: Trust): string {
  const { byClaim, bySignature, byEntry } = trust.revoked;
  return JSON.stringify([[...byClaim], [...bySignature], [...byEntry]]);
}

/** Resolves a corpus into the model; with `memo` (and the corpus's own trust), unchanged features keep their resolved objects ({@link ModelMemo}). */
export function resolveModel(input: ModelInput, options: { today: string; memo?: ModelMemo }): Model {
  const { project, roster } = input;
  if (dayNumber(options.today) === undefined) throw new RangeError(`Unexpected today \`${options.today}\`, expected a real YYYY-MM-DD date`);
  const read = input.releases ?? [];
  // A revocation counts wherever it is recorded: in the working tree or in any release read (a copy of the
  // revoked entry is revoked everywhere). Revocations only take coverage away, so adding them fails closed.
  const own = input.trust ?? trustOf(project, roster, options.today, input.features);
  const trust = read.length === 0 ? own : releaseTrust(own, read.flatMap((r) => r.features));
  const ids = idIndex(input.features);
  // Never with a trust given by the caller (`check --base`): the memo keys on the corpus's own.
  const memo = input.trust === undefined ? options.memo : undefined;
  memo?.begin([project, roster, options.today, trust.requireSigned, revocationsKey(trust), input.baseline]);
  const current = resolveTree(input.features, project, ids, trust, input.baseline, memo);
  // Every release of project.yml, then any other release the caller read (a test, an API user).
  const configs = [...project.releases, ...read.map((r) => r.config).filter((c) => !project.releases.some((p) => p.name === c.name && p.ref === c.ref))];
  const slugs = new Set<string>();
  const releases = configs.map((config): ResolvedRelease => {
    const dates = releaseDates(config, project.lifecycle);
    const base = slug(config.name) || 'release';
    let unique = base;
    for (let k = 2; slugs.has(unique); k++) unique = `${base}-${k}`;
    slugs.add(unique);
    const release: ResolvedRelease = { config, slug: unique, dates, state: releaseState(dates, options.today) };
    const found = read.find((r) => r.config.name === config.name && r.config.ref === config.ref);
    if (found) release.tree = resolveTree(found.features, project, ids, releaseTrust(trust, found.features), found.baseline);
    return release;
  });
  const signed: QueueItem[] = [];
  const open: QueueItem[] = [];
  for (const feature of current.ordered) {
    for (const row of feature.rows) {
      for (const cell of row.cells) {
        if (cell.verdict === 'not-required') continue;
        (cell.verdict === 'signed' ? signed : open).push({ feature, row, cell });
      }
    }
  }
  return { project, roster, today: options.today, trust, ids, current, releases, queue: { signed, open } };
}

/**
 * The id index of a tree: each feature's id and its `aliases` (former ids)
 * lead to it, in any case; a feature's own id wins over another's alias, and
 * among aliases the first feature in load order wins (a duplicate is a lint
 * error of its own).
 */
export function idIndex(features: readonly Feature[]): IdIndex {
  const byId = new Map<string, Feature>();
  const byAlias = new Map<string, Feature>();
  const every = new Map<string, Feature[]>();
  for (const f of features) {
    const own = f.id.toLowerCase();
    if (!byId.has(own)) byId.set(own, f);
    for (const name of [f.id, ...(f.data.aliases ?? [])]) {
      const key = name.toLowerCase();
      const list = every.get(key);
      if (list) {
        if (!list.includes(f)) list.push(f);
      } else every.set(key, [f]);
    }
    for (const alias of f.data.aliases ?? []) if (!byAlias.has(alias.toLowerCase())) byAlias.set(alias.toLowerCase(), f);
  }
  const find = (id: string): Feature | undefined => byId.get(id.toLowerCase()) ?? byAlias.get(id.toLowerCase());
  return { find, canonical: (id) => find(id)?.id ?? id, all: (id) => every.get(id.toLowerCase()) ?? [] };
}

/**
 * Resolves one tree: each feature's rows and cells with their sign-off
 * verdicts, keyed by canonical id through `ids` (the working tree's), so a
 * renamed feature keeps one key across releases. A feature under its own id
 * comes first: an alias never takes the key of a feature the same tree still
 * has under that id (a patch could otherwise paint one feature's history
 * with another's cells).
 */
export function resolveTree(features: readonly Feature[], project: Project, ids: IdIndex, trust: Trust, baseline?: Baseline, memo?: ModelMemo): ResolvedTree {
  const resolve = (feature: Feature, id: string): ResolvedFeature => (memo ? memo.resolve(feature, id, () => resolveFeature(feature, id, project, trust, baseline)) : resolveFeature(feature, id, project, trust, baseline));
  const sectionOrder = new Map(project.sections.map((s, i) => [s.name, i]));
  // Sort keys made once per feature, not once per comparison.
  const sorted = features
    .map((f) => ({ f, section: sectionOrder.get(f.data.section) ?? Infinity, order: f.data.order ?? Infinity, title: f.data.title.toLowerCase() }))
    .sort((a, b) => a.section - b.section || (a.order === b.order ? 0 : a.order < b.order ? -1 : 1) || compareText(a.title, b.title) || compareText(a.f.id, b.f.id))
    .map((k) => k.f);
  const byFeature = new Map<Feature, ResolvedFeature>();
  const keyed = new Map<string, ResolvedFeature>();
  const add = (feature: Feature, key: string): void => {
    const entry = resolve(feature, key);
    byFeature.set(feature, entry);
    keyed.set(key, entry);
  };
  for (const feature of sorted) if (ids.canonical(feature.id) === feature.id && !keyed.has(feature.id)) add(feature, feature.id);
  for (const feature of sorted) {
    if (ids.canonical(feature.id) === feature.id) continue;
    const key = keyed.has(ids.canonical(feature.id)) ? feature.id : ids.canonical(feature.id);
    if (!keyed.has(key)) add(feature, key);
  }
  // A feature left without a key (a second file with one id) is still resolved, for the rules.
  for (const feature of sorted) if (!byFeature.has(feature)) byFeature.set(feature, resolve(feature, feature.id));
  const ordered = sorted.map((f) => byFeature.get(f) as ResolvedFeature).filter((e) => keyed.get(e.id) === e);
  const features_ = new Map(ordered.map((e) => [e.id, e]));
  const tree: ResolvedTree = { features: features_, ordered, byFeature, trust };
  if (baseline) tree.baseline = baseline;
  return tree;
}

/** One feature's rows and cells, each cell with its verdict, limits and known issues. */
export function resolveFeature(feature: Feature, id: string, project: Project, trust: Trust, baseline?: Baseline): ResolvedFeature {
  const data = feature.data;
  // Variants named by name or id in limits and known issues, as ids (the claim's rule, model/claims.ts).
  const limits = (data.limits ?? []).map((l) => ({ limit: l, scope: { arch: l.arch, variant: l.variant === undefined ? undefined : resolveVariant(feature, l.variant) } }));
  const issues = (data['known-issues'] ?? []).map((i) => ({ issue: i, scope: { arches: i.arches, variants: i.variants?.map((v) => resolveVariant(feature, v)) } }));
  const raw = resolveCells(feature, project);
  // Each cell resolveCells made is completed in place: a 10,000-feature corpus has 40,000 of them.
  const cells = raw.map((cell): ResolvedCell => {
    const { state, coverage } = verdictOf(cell, feature, raw, project, trust, baseline);
    const out = cell as ResolvedCell;
    out.reading = cell.state === 'applies' && cell.status === undefined ? 'no-status' : cell.state;
    out.verdict = state;
    out.limits = NONE;
    out.knownIssues = NONE;
    const notes = notesOf(feature, cell);
    out.notes = notes.length > 0 ? notes : NONE;
    for (const l of limits) if (boundsCell(l.scope, cell.arch, cell.variant)) out.limits = [...out.limits, l.limit];
    for (const i of issues) if (affectsCell(i.scope, cell.state, cell.arch, cell.variant)) out.knownIssues = [...out.knownIssues, i.issue];
    if (coverage) out.coverage = coverage;
    return out;
  });
  const rowOf = (variant: string | undefined): readonly ResolvedCell[] => project.architectures.map((a) => cells.find((c) => c.arch === a.id && c.variant === variant)).filter((c): c is ResolvedCell => c !== undefined);
  const rows: ResolvedRow[] = [];
  if (hasOwnRow(feature)) rows.push({ label: data.title, cells: rowOf(undefined) });
  for (const variant of data.variants ?? []) {
    const vid = variantId(variant);
    rows.push({ variant: { id: vid, name: variant.name }, label: variant.name, cells: rowOf(vid) });
  }
  return { id, feature, rows, cells };
}

/** The shared empty list of a cell without limits or known issues. */
const NONE: readonly never[] = Object.freeze([]);

/** Whether a limit bounds a cell: it names the cell's arch or none, and the cell's variant or none. */
export function boundsCell(limit: { arch?: string | undefined; variant?: string | undefined }, arch: string, variant: string | undefined): boolean {
  return (limit.arch === undefined || limit.arch === arch) && (limit.variant === undefined || limit.variant === variant);
}

/**
 * Whether a known issue concerns a cell: the cell applies (an issue of x86
 * is no issue of an arch the feature is not on), and the issue names the
 * cell's arch or none, and the cell's variant or none.
 */
export function affectsCell(issue: { arches?: readonly string[] | undefined; variants?: readonly string[] | undefined }, state: Cell['state'], arch: string, variant: string | undefined): boolean {
  if (!carriesStatus(state)) return false;
  const arches = issue.arches ?? [];
  const variants = issue.variants ?? [];
  return (arches.length === 0 || arches.includes(arch)) && (variants.length === 0 || (variant !== undefined && variants.includes(variant)));
}

/** The cells of a tree's features by loaded object: what lint rules read. */
export function cellsByFeature(tree: ResolvedTree): ReadonlyMap<Feature, readonly ResolvedCell[]> {
  return new Map([...tree.byFeature].map(([f, r]) => [f, r.cells]));
}

/**
 * Baseline entries for every cell of `features` that needs a sign-off and
 * has none: not covered by a valid sign-off and not already exempt. What an
 * importer writes, since an imported statement has no sign-offs recorded.
 */
export function unsignedCells(features: readonly Feature[], project: Project, roster: Roster, today: string, baseline?: Baseline): BaselineEntry[] {
  return unsignedOf(resolveTree(features, project, idIndex(features), trustOf(project, roster, today, features), baseline));
}

/** The baseline entries of a resolved tree's cells that need a sign-off and have none (see {@link unsignedCells}). */
export function unsignedOf(tree: ResolvedTree): BaselineEntry[] {
  return [...tree.byFeature.values()].flatMap(({ feature, cells }) =>
    cells
      .filter((cell) => cell.verdict === 'not-signed-off' && cell.status !== undefined)
      .map((cell): BaselineEntry => ({ feature: feature.id, ...(cell.variant !== undefined ? { variant: cell.variant } : {}), arch: cell.arch, status: cell.status as string, ...(cell.state === 'not-stated' ? { 'arch-not-stated': true as const } : {}) })),
  );
}
