import type { Baseline, Feature, Position, Project, ReleaseConfig, Roster, Severity } from '../types.js';
import type { Governance } from '../load/corpus.js';
import type { IdIndex, Model, ResolvedCell } from '../model/resolve.js';
import type { Trust } from '../model/signoffs.js';

/** What a rule reports; the engine adds file, severity and the formatted message. */
export interface Report {
  messageId: string;
  /** Values for `{{name}}` placeholders in the message. */
  data?: Record<string, string | number>;
  /** The feature the finding is in; omit for project.yml or roster findings. */
  feature?: Feature;
  /** JSON pointer into the feature's frontmatter (or project.yml/roster with `in`). */
  pointer?: string | undefined;
  /** Point at the key of `pointer` rather than its value. */
  key?: boolean;
  /** Report in project.yml, security-team.yml or signoff-baseline.yml instead of a feature. */
  in?: 'project' | 'roster' | 'baseline';
  /** An explicit place, when there is no pointer. */
  place?: Position;
}

/** The trusted base and the patch's own governance files (`check --base`). */
export interface GovernanceInput {
  ref: string;
  base: Governance & { features: readonly Feature[] };
  head: Governance;
}

/** A release's features, as read from git. */
export interface ReleaseInput {
  config: ReleaseConfig;
  features: readonly Feature[];
  /** The release tree's own signoff-baseline.yml, when it has one. */
  baseline?: Baseline;
}

/** Everything a rule may look at. Rules only read it and call `report`. */
export interface RuleContext {
  project: Project;
  roster: Roster;
  features: readonly Feature[];
  /** Releases read from git, when the caller read them (`check`, `build`). */
  releases: readonly ReleaseInput[];
  /** signoff-baseline.yml, when there is one. */
  baseline?: Baseline;
  /** The resolved model (model/resolve.ts): every cell of the working tree and the releases, with its sign-off verdict. */
  model: Model;
  /** Cells of each feature, from the model. */
  cells: ReadonlyMap<Feature, readonly ResolvedCell[]>;
  /** Ids and aliases of the working tree's features, from the model. */
  index: IdIndex;
  /** Today's date (YYYY-MM-DD), given to the engine, never read from the clock here. */
  today: string;
  /** With `check --base`: the base revision's governance and features, and the head's own governance, for `governance-change`. */
  governance?: GovernanceInput;
  /** What sign-offs are judged against: the roster (the base's with `check --base`), today, the policy's signature rule, revocations. */
  trust: Trust;
  report(report: Report): void;
}

/** A lint rule: one module, one doc (`<name>.md` beside it), one test table. */
export interface Rule {
  /** Stable id, never reused (`SM1nn`). */
  id: string;
  /** Readable alias, also the module and doc file name. */
  name: string;
  /** Imperative one-line description ("Require …"). */
  description: string;
  severity: Severity;
  /** The severity cannot be configured (the sign-off rule: turning it off would defeat the tool). */
  locked?: true;
  /**
   * `checkFeature` reads only its feature, that feature's cells, and the
   * project, roster, baseline, trust and date: never another feature, the
   * id index or the releases. `serve` then reports again what it found in a
   * feature that did not change instead of running it (lint/engine.ts,
   * `LintMemo`); the test suite runs it anyway and compares.
   */
  local?: true;
  /** Message templates by message id, with `{{name}}` placeholders. */
  messages: Record<string, string>;
  /**
   * Placeholders the rule composes from parts it has already shortened (a
   * list of reasons): cut at 2,000 characters, not at the 200 of a value
   * taken from input, so the deciding reason is never lost.
   */
  composed?: readonly string[];
  /** Called once per feature. */
  checkFeature?(feature: Feature, context: RuleContext): void;
  /** Called once per corpus, for cross-file rules. */
  checkCorpus?(context: RuleContext): void;
}
