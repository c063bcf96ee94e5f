import { compareText } from '../diagnostics.js';
import { resolveVariant, variantId } from '../model/cells.js';
import { releaseDates, releaseState, type ReleaseState } from '../model/releases.js';
import { idIndex, resolveTree, type Model, type ResolvedFeature, type ResolvedRelease, type ResolvedTree } from '../model/resolve.js';
import { trustOf, type Trust, type Verdict } from '../model/signoffs.js';
import type { Tagged } from '../reuse.js';
import { identifier, projectId, releaseIdentifier } from './ids.js';
import type { Baseline, CellState, Feature, Project, ReleaseConfig, Roster, SecuritySupport } from '../types.js';

/** Version of the export format; bumped on any incompatible change (see schema/export.schema.json). */
export const EXPORT_SCHEMA_VERSION = 1;

/** A release in an export. */
export interface ExportRelease {
  name: string;
  /** Stable identifier: `<project>@<name, percent-encoded>` (src/export/ids.ts). */
  identifier: string;
  ref: string;
  initialRelease?: string;
  supportedUntil?: string;
  securitySupportUntil?: string;
  provisional: boolean;
  /** Where the release stands on `asOf`. */
  state: ReleaseState;
}

/** One resolved cell. */
export interface ExportCell {
  /** Stable identifier: `<project>:<feature>[:<variant>]@<arch>` (src/export/ids.ts). */
  identifier: string;
  /** Variant id, or null for the feature's own row. */
  variant: string | null;
  arch: string;
  state: CellState;
  status?: string;
  securitySupport?: SecuritySupport;
  organisation?: string;
  caveat?: string;
  /** The feature's notes that concern the cell, in file order; absent when none does. */
  notes?: string[];
  /** Whether the cell needs a sign-off and, if so, who covers it. */
  signoff: { required: boolean; state: Verdict; by?: string; date?: string; ref?: string };
}

/** One feature with its cells and metadata. */
export interface ExportFeature {
  id: string;
  /** Stable identifier: `<project>:<id>` (src/export/ids.ts). */
  identifier: string;
  title: string;
  section: string;
  summary?: string;
  status?: string;
  aliases: string[];
  components: string[];
  since?: string;
  deprecatedIn?: string;
  removedIn?: string;
  replacedBy?: string;
  dependsOn: string[];
  related: string[];
  variants: Array<{ id: string; identifier: string; name: string }>;
  limits: Array<{ name: string; value: number; unit?: string; bounds: 'support' | 'security-support'; arch?: string; variant?: string; note?: string }>;
  knownIssues: Array<{ summary: string; advisory?: string; url?: string; effect?: 'caveat' | 'limit' | 'desupported'; arches: string[]; variants: string[]; fixedIn?: string }>;
  signoffs: Array<{ by: string; date: string; status: string; arch?: string; variant?: string; ref: string; revoked?: { by: string; date: string; reason: string } }>;
  cells: ExportCell[];
}

/** The whole export: what the JSON format writes, and what the other formats are made from. */
export interface ExportDocument {
  schemaVersion: number;
  /** The date release states and sign-off coverage are computed for. */
  asOf: string;
  /** What the cells were read from: the release's ref, or the working tree's git commit (`+changes` when it differs from it); null outside git. */
  revision: string | null;
  project: {
    name: string;
    repository?: string;
    architectures: Array<{ id: string; name: string }>;
    statuses: Array<{ name: string; securitySupported: boolean; description?: string; functionalCompleteness?: string; functionalStability?: string; interfaceStability?: string }>;
    sections: string[];
    organisations: Array<{ id: string; name: string; url?: string }>;
  };
  /** The release exported, or null for the working tree. */
  release: ExportRelease | null;
  releases: ExportRelease[];
  features: ExportFeature[];
}

/** Input of {@link exportDocument}. */
export interface ExportInput {
  project: Project;
  roster: Roster;
  features: readonly Feature[];
  /** Who may sign off and what is revoked; default: this corpus's own roster, policy and revocations. */
  trust?: Trust;
  /** The baseline of the tree these features come from (a release's own), for cells shown as exempt. */
  baseline?: Baseline;
  /** The release these features are from; absent for the working tree. */
  release?: ReleaseConfig;
  /** The working tree's git revision (see `gitRevision`), when the features are in a repository. */
  revision?: string;
}

/**
 * Builds the export of a corpus: resolves its model ({@link resolveModel})
 * and exports the working tree, or `input.release`'s features as that
 * release. Callers that hold a model use {@link documentOf}.
 */
export function exportDocument(input: ExportInput, asOf: string): ExportDocument {
  const { project, roster } = input;
  const trust = input.trust ?? trustOf(project, roster, asOf, input.features);
  const ids = idIndex(input.features);
  const tree = resolveTree(input.features, project, ids, trust, input.baseline);
  return documentFrom(project, tree, asOf, input.release ? { config: input.release } : { revision: input.revision });
}

/** The export of the model's working tree, or of one of its releases read from git. */
export function documentOf(model: Model, options: { release?: ResolvedRelease; revision?: string }): ExportDocument {
  const { release } = options;
  if (release && !release.tree) throw new Error(`release ${release.config.name} was not read from git`);
  return documentFrom(model.project, release?.tree ?? model.current, model.today, release ? { config: release.config } : { revision: options.revision });
}

function documentFrom(project: Project, tree: ResolvedTree, asOf: string, from: { config: ReleaseConfig } | { revision: string | undefined }): ExportDocument {
  const toRelease = (config: ReleaseConfig): ExportRelease => {
    const dates = releaseDates(config, project.lifecycle);
    const release: ExportRelease = { name: config.name, identifier: releaseIdentifier(projectId(project.name), config.name), ref: config.ref, provisional: dates.provisional, state: releaseState(dates, asOf) };
    if (dates.initialRelease !== undefined) release.initialRelease = dates.initialRelease;
    if (dates.supportedUntil !== undefined) release.supportedUntil = dates.supportedUntil;
    if (dates.securitySupportUntil !== undefined) release.securitySupportUntil = dates.securitySupportUntil;
    return release;
  };
  const sectionOrder = new Map(project.sections.map((s, i) => [s.name, i]));
  const features = [...tree.byFeature.values()].sort(
    (a, b) => (sectionOrder.get(a.feature.data.section) ?? Infinity) - (sectionOrder.get(b.feature.data.section) ?? Infinity) || compareText(a.feature.id, b.feature.id),
  );
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    asOf,
    revision: 'config' in from ? from.config.ref : (from.revision ?? null),
    project: {
      name: project.name,
      ...(project.repository !== undefined ? { repository: project.repository } : {}),
      architectures: project.architectures.map((a) => ({ id: a.id, name: a.name })),
      statuses: project.statuses.map((s) =>
        strip({
          name: s.name,
          securitySupported: s['security-supported'],
          description: s.description,
          functionalCompleteness: s['functional-completeness'],
          functionalStability: s['functional-stability'],
          interfaceStability: s['interface-stability'],
        }),
      ),
      sections: project.sections.map((s) => s.name),
      organisations: project.organisations.map((o) => strip({ id: o.id, name: o.name, url: o.url })),
    },
    release: 'config' in from ? toRelease(from.config) : null,
    releases: project.releases.map(toRelease),
    features: features.map((f) => toFeature(f, project)),
  };
}

/**
 * Parts of the text exports kept per feature object from one call to the
 * next (`serve`, whose export features come from the model's memo and are
 * never changed): each feature's CSV records, by the `release` column they
 * were made with, its SUPPORT.md lines, by heading level and project, and
 * its badges.
 * Without one, every call makes the whole text: a caller may change a
 * document between calls.
 */
export class ExportMemo {
  readonly csv = new WeakMap<ExportFeature, Tagged<string>>();
  readonly supportMd = new WeakMap<ExportFeature, Tagged<string[]>>();
  /** Each feature's badge files (JSON and SVG), paths and badge-index lines, by what `site.badges` publishes and the project's id, arch and organisation names they were made with. */
  readonly badges = new WeakMap<ExportFeature, Tagged<{ files: Array<{ path: string; content: string }>; paths: string[]; index: string[] }>>();
  /** Each feature's lines of `security-support-limited`, by the project's id, site URL, arch and organisation names. */
  readonly debian = new WeakMap<ExportFeature, Tagged<string[]>>();
}

/** Items by their section, each list in the items' order: one pass, not one filter per section (a corpus of 10,000 features has a dozen sections). */
export function bySection<T extends { section: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const list = out.get(item.section);
    if (list) list.push(item);
    else out.set(item.section, [item]);
  }
  return out;
}

/** Export features already made, by the model's feature and the project's id: `build` exports a tree and shows it on the site from the same objects. */
const exported = new WeakMap<ResolvedFeature, { project: string; feature: ExportFeature }>();

/** One feature of the export: its metadata and every cell of every row, as the model resolved them, with their identifiers in `project`. */
export function toFeature(resolved: ResolvedFeature, project: Project): ExportFeature {
  const id = projectId(project.name);
  let out = exported.get(resolved);
  if (out?.project !== id) {
    out = { project: id, feature: exportFeature(resolved, id) };
    exported.set(resolved, out);
  }
  return out.feature;
}

function exportFeature(resolved: ResolvedFeature, project: string): ExportFeature {
  const { feature } = resolved;
  const d = feature.data;
  return strip({
    id: feature.id,
    identifier: identifier(project, feature.id),
    title: d.title,
    section: d.section,
    summary: d.summary,
    status: d.status,
    aliases: d.aliases ?? [],
    components: d.components ?? [],
    since: d.since,
    deprecatedIn: d['deprecated-in'],
    removedIn: d['removed-in'],
    replacedBy: d['replaced-by'],
    dependsOn: d['depends-on'] ?? [],
    related: d.related ?? [],
    variants: (d.variants ?? []).map((v) => ({ id: variantId(v), identifier: identifier(project, feature.id, variantId(v)), name: v.name })),
    // Variants by id, also where the file names one by its name.
    limits: (d.limits ?? []).map((l) => strip({ name: l.name, value: l.value, unit: l.unit, bounds: l.bounds, arch: l.arch, variant: l.variant === undefined ? undefined : resolveVariant(feature, l.variant), note: l.note })),
    knownIssues: (d['known-issues'] ?? []).map((i) => strip({ summary: i.summary, advisory: i.advisory, url: i.url, effect: i.effect, arches: i.arches ?? [], variants: (i.variants ?? []).map((v) => resolveVariant(feature, v)), fixedIn: i['fixed-in'] })),
    signoffs: (d.signoffs ?? []).map((s) => strip({ by: s.by, date: s.date, status: s.status, arch: s.arch, variant: s.variant, ref: s.ref, revoked: s.revoked ? { ...s.revoked } : undefined })),
    // Row order: the own row, then each variant; arches in project order within a row.
    cells: resolved.rows.flatMap((row) => row.cells).map((c): ExportCell => {
      const covering = c.coverage?.covering?.signoff;
      return strip({
        identifier: identifier(project, feature.id, c.variant, c.arch),
        variant: c.variant ?? null,
        arch: c.arch,
        state: c.state,
        status: c.status,
        securitySupport: c.securitySupport,
        organisation: c.organisation,
        caveat: c.caveat,
        notes: c.notes.length > 0 ? [...c.notes] : undefined,
        signoff: strip({ required: c.verdict !== 'not-required', state: c.verdict, by: covering?.by, date: covering?.date, ref: covering?.ref }),
      });
    }),
  });
}

/** `T` with keys that may be undefined made optional instead (for `exactOptionalPropertyTypes`). */
type Stripped<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & { [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined> };

/** Drops keys whose value is undefined, so optional fields are absent rather than null. */
function strip<T extends object>(value: T): Stripped<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as unknown as Stripped<T>;
}
