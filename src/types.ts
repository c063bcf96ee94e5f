import type { ArchWordEntry } from './model/vocabulary.js';

/** Severity of a diagnostic; `off` only appears in configuration. */
export type Severity = 'error' | 'warn';

/** A rule severity as configured in project.yml. */
export type SeveritySetting = Severity | 'off';

/** A 1-based place in a file. */
export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A finding: data, not text. The reporter decides how to print it.
 * `ruleId` is the stable id (e.g. `SM101`); `ruleName` the readable alias.
 */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  ruleId: string;
  ruleName: string;
  messageId: string;
  severity: Severity;
  message: string;
  /** Where the rule is documented (relative to the package root). */
  docs?: string;
}

/**
 * How a feature applies to one arch. `not-stated`: the source states the
 * feature (or variant) without naming an arch, so whether it holds on this
 * one is not stated; the cell keeps the status it was stated with.
 */
export type CellState = 'applies' | 'not-applicable' | 'not-implemented' | 'unknown' | 'not-stated';

/** Security-support level of a cell. */
export type SecuritySupport = 'yes' | 'no' | 'external' | 'with-caveats';

/** Status and security fields shared by features, variants and overrides. */
export interface SupportFields {
  status?: string;
  'security-support'?: SecuritySupport;
  'security-organisation'?: string;
  caveat?: string;
}

/** A per-arch entry: a state, or overrides that imply `applies`. */
export type ArchEntry = CellState | SupportFields;

/** A named sub-row of a feature. */
export interface VariantData extends SupportFields {
  id?: string;
  name: string;
  summary?: string;
  arches?: string[] | Record<string, ArchEntry>;
}

/** A known issue of a feature. */
export interface KnownIssue {
  summary: string;
  advisory?: string;
  url?: string;
  effect?: 'caveat' | 'limit' | 'desupported';
  arches?: string[];
  variants?: string[];
  'fixed-in'?: string;
}

/** A note that qualifies the cells it concerns (all of them, unless scoped by arch or variant). */
export interface FeatureNote {
  text: string;
  arches?: string[];
  variants?: string[];
}

/** A structured limit, e.g. memory up to 16 TiB. */
export interface Limit {
  name: string;
  value: number;
  unit?: string;
  bounds: 'support' | 'security-support';
  arch?: string;
  variant?: string;
  note?: string;
}

/** A blocking concern recorded on a proposal. */
export interface Concern {
  by: string;
  date: string;
  concern: string;
  resolved?: string;
}

/** A submitter's request for a status change. */
export interface Proposal {
  status: string;
  arch?: string;
  variant?: string;
  rationale?: string;
  evidence?: string[];
  needs?: string[];
  concerns?: Concern[];
}

/** A security-team sign-off. */
export interface Signoff {
  by: string;
  date: string;
  status: string;
  arch?: string;
  variant?: string;
  ref: string;
  note?: string;
  /** SHA-256 of the canonical claim signed, and of each covered arch's cell (see model/claims.ts). */
  claim?: { sha256: string; cells: Record<string, string> };
  /** SSH signature (`ssh-keygen -Y sign -n support-matrix-signoff`) over the canonical claim. */
  signature?: string;
  revoked?: { by: string; date: string; reason: string; signature?: string };
}

/** Feature frontmatter after schema validation. */
export interface FeatureData extends SupportFields {
  id?: string;
  title: string;
  section: string;
  summary?: string;
  arches?: Record<string, ArchEntry>;
  variants?: VariantData[];
  'known-issues'?: KnownIssue[];
  notes?: FeatureNote[];
  limits?: Limit[];
  'depends-on'?: string[];
  related?: string[];
  proposal?: Proposal;
  signoffs?: Signoff[];
  /** Place within its section, smaller first (display order only). */
  order?: number;
  since?: string;
  'deprecated-in'?: string;
  'removed-in'?: string;
  'replaced-by'?: string;
  aliases?: string[];
  components?: string[];
}

/** Maps a JSON pointer into a YAML document to places in the file. */
export interface SourceMap {
  /** Place of the value at `pointer`, or of its nearest ancestor that has one. */
  value(pointer: string): Position;
  /** Place of the key of the mapping entry at `pointer` (falls back to the value). */
  key(pointer: string): Position;
}

/** One loaded and schema-valid feature file. */
export interface Feature {
  /** Path as shown in diagnostics, e.g. `features/guest-types/pvh.md`. */
  file: string;
  id: string;
  data: FeatureData;
  map: SourceMap;
  /** The whole file as text (BOM removed), for the prose renderer. */
  text: string;
  /** Markdown body after the frontmatter. */
  body: string;
  /** 1-based line of the first body line in the file. */
  bodyLine: number;
}

/** An architecture column. */
export interface Arch {
  id: string;
  name: string;
  description?: string;
}

/** A status of the vocabulary, with its definition. */
export interface StatusDefinition {
  name: string;
  description?: string;
  'functional-completeness'?: string;
  'functional-stability'?: string;
  'interface-stability'?: string;
  'security-supported': boolean;
}

/** A section (category path) in display order. */
export interface Section {
  name: string;
  description?: string;
}

/** An organisation providing external security support. */
export interface Organisation {
  id: string;
  name: string;
  url?: string;
}

/** An advisory id scheme, e.g. `XSA`. */
export interface AdvisoryScheme {
  prefix: string;
  url?: string;
}

/** The sign-off policy with defaults applied. */
export interface Policy {
  signoffRequiredFor: string[];
  signoffRequiredWhenSecuritySupported: boolean;
  reviewAfterDays?: number;
  blockersExpectedFor: string[];
  /** Only signed sign-offs (verified against the roster's keys) cover cells. */
  requireSignedSignoffs: boolean;
}

/** A release as configured in project.yml. */
export interface ReleaseConfig {
  name: string;
  ref: string;
  /**
   * `support-md`: the release is a classic SUPPORT.md at `ref` (a release
   * published before the project migrated), read through `import support-md`
   * in memory. Default: `features/` at `ref`.
   */
  format?: 'features' | 'support-md';
  /** With `format: support-md`: the statement's path in the repository at `ref` (default `SUPPORT.md`). */
  path?: string;
  /**
   * With `format: support-md`: the ids of the project's arches the
   * statement covers (default: all of them). Its cells on any other arch
   * read not applicable, so an arch added later changes no old release.
   */
  architectures?: string[];
  'initial-release'?: string;
  'supported-until'?: string;
  'security-support-until'?: string;
  provisional?: boolean;
}

/** Default support periods, in months after the initial release. */
export interface Lifecycle {
  'supported-months'?: number;
  'security-supported-months'?: number;
}

/** project.yml with defaults applied. */
export interface Project {
  file: string;
  map: SourceMap;
  name: string;
  repository?: string;
  branch: string;
  /** Template of "edit this file" links, with `{path}` and `{branch}`. */
  editUrl?: string;
  /** Template of "propose a status change" links; defaults to `editUrl`. */
  proposeUrl?: string;
  architectures: Arch[];
  statuses: StatusDefinition[];
  sections: Section[];
  organisations: Organisation[];
  advisories: AdvisoryScheme[];
  /** Words that name one arch in imported text (`AMD IOMMU` → x86); the vocabulary's default table when project.yml has none. */
  archWords: ArchWordEntry[];
  policy: Policy;
  rules: Record<string, SeveritySetting>;
  maxFileSize: number;
  /** Most feature files read (`limits.max-files`). */
  maxFiles: number;
  /** Most matrix rows on one page of a matrix (`site.rows-per-page`). */
  rowsPerPage: number;
  /** Which badges `build` publishes (`site.badges`): `auto` is `cells` up to 1,000 features, else `releases` (src/export/downstream/files.ts). */
  badges: 'auto' | 'cells' | 'features' | 'releases' | 'none';
  lifecycle: Lifecycle;
  releases: ReleaseConfig[];
}

/** A cell exempt from the sign-off rule while a corpus adopts it. */
export interface BaselineEntry {
  feature: string;
  variant?: string;
  arch: string;
  status: string;
  /** The cell was exempted as stated without an arch: it exempts that cell only while its state is `not-stated`. */
  'arch-not-stated'?: true;
  note?: string;
}

/** signoff-baseline.yml. */
export interface Baseline {
  file: string;
  map: SourceMap;
  exempt: BaselineEntry[];
  /**
   * Every cell that needs a sign-off is exempt: the tree of a legacy release
   * (`format: support-md`), published before the project recorded sign-offs.
   * Never set for a file a user wrote.
   */
  legacy?: true;
  /** Indices of entries the trusted base does not have (`check --base`): they exempt nothing. */
  untrusted?: ReadonlySet<number>;
}

/** A member of the security team. */
export interface Member {
  id: string;
  name: string;
  email?: string;
  key?: string;
  /** Public SSH keys (`ssh-ed25519 AAAA…`, or `allowed_signers` lines) that verify this member's signatures. */
  keys?: string[];
  'active-from': string;
  'active-until'?: string;
}

/** security-team.yml. */
export interface Roster {
  file: string;
  map: SourceMap;
  team?: string;
  contact?: string;
  members: Member[];
}

/** Where a cell's status was stated in the file. */
export type StatusSource = 'feature' | 'feature-arch' | 'variant' | 'variant-arch';

/** (feature, variant or none, arch) resolved into one support statement. */
export interface Cell {
  featureId: string;
  /** Variant id, or undefined for the feature's own row. */
  variant?: string;
  arch: string;
  state: CellState;
  /** Set when `state` is `applies`. */
  status?: string;
  securitySupport?: SecuritySupport;
  organisation?: string;
  caveat?: string;
  /** Which statement the status came from, and its JSON pointer in the frontmatter. */
  statusSource?: StatusSource;
  statusPointer?: string;
  /** JSON pointer of the statement that decided the security support. */
  securityPointer?: string;
  /** JSON pointer of what decided whether the cell applies (an `arches` entry, or `arches` when the arch is left out). */
  statePointer?: string;
}
