import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { coreChecks, coreDiagnostic, sortDiagnostics } from '../../diagnostics.js';
import { lint, LintMemo, type LintInput } from '../../lint/engine.js';
import { BASELINE_FILE, loadCorpus, parseGovernance, PROJECT_FILE, ROSTER_FILE, type ConfigRead, type Corpus, type FeatureCache, type Governance } from '../../load/corpus.js';
import type { Spawn } from '../../load/git.js';
import { signedHeadApproval } from '../../load/commit-signature.js';
import { loadReleases, type LoadedRelease } from '../../load/releases.js';
import { SIGNATURE_NAMESPACE } from '../../model/claims.js';
import { ModelMemo, resolveModel, type Model } from '../../model/resolve.js';
import { baselineKey, collectRevocations, signatureJobs, type Trust } from '../../model/signoffs.js';
import { verifyAll } from '../../signature/verify-pool.js';
import type { Diagnostic, Feature, Project, ReleaseConfig, Roster } from '../../types.js';
import { UsageError } from '../errors.js';

const run = promisify(execFile);

/** Options of {@link check}. */
export interface CheckOptions {
  /** Working directory that `dir` and displayed paths are relative to. */
  cwd: string;
  /** The features directory. Default `features`. */
  dir?: string;
  /** Today's date (`YYYY-MM-DD`) for sign-off dates. */
  today: string;
  /** Read the releases of project.yml from git. Default true. */
  releases?: boolean;
  /** `spawn` for git; tests count processes through it. */
  spawn?: Spawn;
  /** Parse results to reuse for unchanged files (`serve`). */
  cache?: FeatureCache;
  /** Resolved features and findings to reuse for unchanged files (`serve`, with `cache`; not with `base`). */
  memo?: CheckMemo;
  /**
   * A trusted git revision (e.g. `origin/main`): the head's cells are judged
   * with its policy, vocabulary, rule severities, limits, roster and
   * baseline, and every change to those is a `governance-change` finding.
   */
  base?: string;
}

/** What `serve` keeps from one check to the next: resolved features ({@link ModelMemo}) and what the rules found in them ({@link LintMemo}). */
export class CheckMemo {
  readonly model = new ModelMemo();
  readonly lint = new LintMemo();
}

/** Result of {@link check}. */
export interface CheckResult {
  corpus: Corpus;
  /** Releases read from git (empty when none are configured or reading was off). */
  releases: LoadedRelease[];
  /** Load, schema and lint findings, sorted by file and place. */
  diagnostics: Diagnostic[];
  /** The resolved model the rules read (judged by the base with `base`): what `build`, `export` and `signoffs` render. */
  model: Model;
}

/**
 * Loads, validates and lints a features directory, and the releases listed
 * in project.yml (read from git: a missing ref is an error, problems inside
 * a release's files are warnings). Throws `ConfigError` when it cannot start.
 */
export async function check(options: CheckOptions): Promise<CheckResult> {
  const corpus = await loadCorpus(options.dir ?? 'features', { cwd: options.cwd, ...(options.cache ? { cache: options.cache } : {}) });
  const read =
    options.releases === false
      ? { releases: [], diagnostics: [] }
      : await loadReleases(corpus.root, corpus.project, { cwd: options.cwd, ...(options.spawn ? { spawn: options.spawn } : {}) });
  const releases = read.releases.filter((r) => r.found);
  // Signatures on every core first; the rules then find the results.
  await verifyAll(signatureJobs([...corpus.features, ...releases.flatMap((r) => r.features)]), SIGNATURE_NAMESPACE);
  if (options.base !== undefined) {
    const based = await withBase(corpus, options.base, options);
    const model = resolveModel({ ...based.input, releases }, { today: options.today });
    let found = lint({ ...based.input, releases, model }, { today: options.today });
    if (found.some((d) => d.ruleName === 'governance-change')) {
      // A governance change committed and signed by a member of the base's team is that member's approval.
      const approval = await signedHeadApproval(options.cwd, corpus.root, based.commit, based.input.trust?.roster ?? corpus.roster, options.today);
      if (approval) {
        const by = `approved by ${approval.member.id}'s signed commit ${approval.commit.slice(0, 12)}`;
        found = found.map((d) => (d.ruleName === 'governance-change' ? { ...d, severity: 'warn' as const, message: `${d.message} — ${by}` } : d));
      }
    }
    return { corpus, releases, model, diagnostics: sortDiagnostics([...corpus.diagnostics, ...read.diagnostics, ...based.diagnostics, ...found]) };
  }
  const model = resolveModel({ ...corpus, releases }, { today: options.today, ...(options.memo ? { memo: options.memo.model } : {}) });
  const found = lint({ ...corpus, releases, model }, { today: options.today, ...(options.memo ? { memo: options.memo.lint } : {}) });
  return { corpus, releases, model, diagnostics: sortDiagnostics([...corpus.diagnostics, ...read.diagnostics, ...found]) };
}

/** The trusted side of `check --base`, read from git. */
export interface BaseSide extends Governance {
  ref: string;
  /** The commit `ref` resolved to (or `ref` itself, when git could not resolve it). */
  commit: string;
  features: Feature[];
  diagnostics: Diagnostic[];
}

/** Reads the features directory's config files and features at `ref` through git. */
export async function readBase(corpus: Corpus, ref: string, options: { cwd: string; spawn?: Spawn }): Promise<BaseSide> {
  const [side] = await readRevisions(corpus, [ref], options);
  if (!side) throw new Error(`no revision read for ${ref}`);
  return side;
}

/** {@link readBase} for several revisions, through one git reader. */
export async function readRevisions(corpus: Corpus, refs: readonly string[], options: { cwd: string; spawn?: Spawn; legacy?: boolean }): Promise<BaseSide[]> {
  await assertNotLinked(corpus.root, options.cwd);
  // `diff 4.19` where 4.19 is a legacy release (`format: support-md`): its statement, read like the build reads it. Only
  // for a name git cannot read as a revision with a features directory: a release the patch names after the base's
  // commit must not stand in for the base.
  const legacyOf = (ref: string): ReleaseConfig | undefined => (options.legacy ? corpus.project.releases.find((r) => r.format === 'support-md' && (r.name === ref || r.ref === ref)) : undefined);
  if (refs.some((ref) => legacyOf(ref) !== undefined)) {
    const sides: BaseSide[] = [];
    for (const ref of refs) {
      const config = legacyOf(ref);
      const revision = await readRevisions(corpus, [ref], { ...options, legacy: false }).catch((error: unknown) => {
        if (config !== undefined && error instanceof UsageError) return undefined;
        throw error;
      });
      if (revision !== undefined || config === undefined) {
        sides.push(...(revision ?? []));
        continue;
      }
      const read = await loadReleases(corpus.root, { ...corpus.project, releases: [config] }, { cwd: options.cwd, ...(options.spawn ? { spawn: options.spawn } : {}) });
      const side = read.releases[0];
      if (!side?.found) throw new UsageError(`Unexpected legacy release \`${ref}\`: git finds no \`${config.ref}:${config.path ?? 'SUPPORT.md'}\`; fix its \`ref\` and \`path\` in ${PROJECT_FILE}`);
      // A published statement has no roster, policy or baseline of its own: it is compared, and the other side judged, with the working tree's.
      const governance = { project: corpus.project, roster: corpus.roster, ...(corpus.baseline ? { baseline: corpus.baseline } : {}) };
      const judged = coreDiagnostic(
        coreChecks.file,
        corpus.project.file,
        { line: 1, column: 1 },
        'legacy-side',
        `\`${ref}\` is a legacy release (a SUPPORT.md at \`${config.ref}\`), with no roster, policy or baseline of its own: this comparison is judged with the working tree's, so it is a report, not a verdict; for a verdict on a change, use \`check --base <revision>\``,
        'warn',
      );
      sides.push({ ...governance, ref, commit: config.ref, features: side.features, diagnostics: [...read.diagnostics.map((d) => ({ ...d, severity: 'warn' as const })), judged] });
    }
    return sides;
  }
  const commits = await Promise.all(refs.map((ref) => resolveRevision(ref, corpus.root)));
  const refNames = new Map(commits.map((commit, i) => [commit, refs[i] ?? commit]));
  const read = await loadReleases(corpus.root, { ...corpus.project, releases: [] }, { cwd: options.cwd, refs: commits, refNames, ...(options.spawn ? { spawn: options.spawn } : {}) });
  if (read.refs.size === 0) throw new UsageError(`Cannot read revision \`${refs[0] ?? ''}\`: ${path.relative(options.cwd, corpus.root) || '.'} is not in a git repository (or git is missing); run from a clone`);
  return refs.map((ref, i) => {
    const side = read.refs.get(commits[i] ?? ref);
    if (!side?.found) throw new UsageError(`Unexpected revision \`${ref}\`: git finds no features directory there; give a tag, branch or commit that has one (e.g. origin/main, after \`git fetch\`)`);
    const files = side.configFiles ?? new Map<string, Buffer>();
    const projectBytes = files.get(PROJECT_FILE);
    const prefix = side.shownPrefix ?? `${ref}:`;
    if (projectBytes === undefined) throw new UsageError(`Unexpected revision \`${ref}\` with no ${PROJECT_FILE} in the features directory; compare with a revision that uses support-matrix`);
    const diagnostics: Diagnostic[] = [];
    const asRead = (name: string): ConfigRead => {
      const bytes = files.get(name);
      return bytes === undefined ? undefined : { bytes };
    };
    const governance = parseGovernance(`${prefix}${PROJECT_FILE}`, projectBytes, `${prefix}${ROSTER_FILE}`, asRead(ROSTER_FILE), `${prefix}${BASELINE_FILE}`, asRead(BASELINE_FILE), diagnostics);
    // Findings inside a revision's files are warnings: history cannot be edited.
    const own = read.diagnostics.filter((d) => d.file.startsWith(prefix));
    return { ...governance, ref, commit: commits[i] ?? ref, features: side.features, diagnostics: [...own, ...diagnostics].map((d) => ({ ...d, severity: 'warn' as const })) };
  });
}

/**
 * A features directory reached through a symlink inside the working tree is
 * refused for comparisons: git would read the base at the link's target (a
 * path the patch chose, e.g. a demo corpus with a weaker policy), not at
 * the path the command was given.
 */
async function assertNotLinked(root: string, cwd: string): Promise<void> {
  const [real, realCwd] = await Promise.all([realpath(root).catch(() => root), realpath(cwd).catch(() => cwd)]);
  if (real !== path.resolve(realCwd, path.relative(cwd, root))) {
    throw new UsageError(`${path.relative(cwd, root) || '.'} is (or is inside) a symlink to ${path.relative(realCwd, real) || '.'}; compare the real features directory, not a link a patch could point elsewhere`);
  }
}

/**
 * The commit `ref` names, resolved once: a name that is both a branch and a
 * tag (or a remote branch), which a contributor who may push tags could
 * create to shadow the base, is refused.
 */
async function resolveRevision(ref: string, cwd: string): Promise<string> {
  const git = (args: string[]): Promise<string> => run('git', args, { cwd }).then((r) => r.stdout.trim());
  if (ref.startsWith('-')) throw new UsageError(`Unexpected revision \`${ref}\`; give a tag, branch or commit`);
  const candidates = await Promise.all(['refs/heads/', 'refs/tags/', 'refs/remotes/'].map((kind) => git(['rev-parse', '--verify', '--quiet', `${kind}${ref}^{commit}`]).catch(() => '')));
  const found = new Set(candidates.filter(Boolean));
  if (found.size > 1) throw new UsageError(`Ambiguous revision \`${ref}\`: it names a branch, a tag or a remote branch that point at different commits; give the full name (e.g. refs/remotes/${ref}) or the commit`);
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).catch(() => '');
  return commit === '' ? ref : commit;
}

/**
 * The lint input of `check --base`: the head's features and architectures,
 * judged with the base's vocabulary, policy, rules, limits and roster; only
 * baseline entries the base has exempt anything; revocations of both sides
 * count.
 */
async function withBase(corpus: Corpus, ref: string, options: CheckOptions): Promise<{ input: LintInput; diagnostics: Diagnostic[]; commit: string }> {
  const base = await readBase(corpus, ref, options);
  return { input: judgedByBase(corpus, base, options.today), diagnostics: base.diagnostics, commit: base.commit };
}

/** The head side of a comparison: its governance and features. */
export type HeadSide = Governance & { features: readonly Feature[] };

/**
 * Lint input for `head` judged by `base`: the head's features and
 * architectures with the base's vocabulary, policy, rules, limits and
 * roster; only the baseline entries the base has; revocations of both.
 */
export function judgedByBase(corpus: HeadSide, base: BaseSide, today: string): LintInput {
  const ref = base.ref;
  const project: Project = {
    ...corpus.project,
    statuses: base.project.statuses,
    policy: base.project.policy,
    rules: base.project.rules,
    maxFileSize: base.project.maxFileSize,
    maxFiles: base.project.maxFiles,
  };
  const roster: Roster = { ...base.roster, file: corpus.roster.file };
  const trusted = new Set((base.baseline?.exempt ?? []).map(baselineKey));
  const baseline = corpus.baseline && {
    ...corpus.baseline,
    untrusted: new Set(corpus.baseline.exempt.flatMap((e, i) => (trusted.has(baselineKey(e)) ? [] : [i]))),
  };
  const trust: Trust = {
    roster: base.roster,
    today,
    requireSigned: base.project.policy.requireSignedSignoffs,
    revoked: collectRevocations(corpus.features, collectRevocations(base.features)),
  };
  const head: Governance = { project: corpus.project, roster: corpus.roster, ...(corpus.baseline ? { baseline: corpus.baseline } : {}) };
  return { project, roster, features: corpus.features, ...(baseline ? { baseline } : {}), trust, governance: { ref, base, head } };
}
