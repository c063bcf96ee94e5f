import { code, coreChecks, coreDiagnostic, excerpt, sortDiagnostics } from '../diagnostics.js';
import { cellsByFeature, resolveModel, revocationsKey, type Model, type ResolvedFeature } from '../model/resolve.js';
import { ContextMemo, verifyKept } from '../reuse.js';
import { dayNumber, type Trust } from '../model/signoffs.js';
import { pointerSegment } from '../pointer.js';
import type { Baseline, Diagnostic, Feature, Project, Roster, Severity, SourceMap } from '../types.js';
import { didYouMean } from '../validate/schema.js';
import type { GovernanceInput, ReleaseInput, Report, Rule, RuleContext } from './rule.js';
import { rules as allRules } from './rules/index.js';

/** Input of {@link lint}. */
export interface LintInput {
  project: Project;
  roster: Roster;
  features: readonly Feature[];
  /** Releases read from git, for the rules that compare them (backport). */
  releases?: readonly ReleaseInput[];
  /** Cells exempt from the sign-off rule while the corpus adopts it. */
  baseline?: Baseline;
  /** What sign-offs are judged against; default: the corpus's own roster, policy and revocations. */
  trust?: Trust;
  /** With `check --base`: the base's governance, for `governance-change`. */
  governance?: GovernanceInput;
  /** The resolved model of exactly this input, when the caller has it already (`build`); default: resolved here. */
  model?: Model;
}

/** Options of {@link lint}. */
export interface LintOptions {
  /** Today's date, `YYYY-MM-DD`; required so that results never depend on the clock. */
  today: string;
  /** Rules to run. Default: every built-in rule. */
  rules?: readonly Rule[];
  /** Findings of {@link Rule.local} rules kept for unchanged features (`serve`; {@link LintMemo}). */
  memo?: LintMemo;
}

/**
 * What the rules that read only their feature ({@link Rule.local}) found in
 * each feature in earlier runs, for `serve`: reported again without running
 * the rule while the feature's resolved object is the very same (the
 * model's memo keeps it while its file and everything corpus-wide its cells
 * depend on are unchanged) under the same project, roster, baseline, date
 * and trust. Anything else changed and every rule runs on every feature.
 */
export class LintMemo {
  private readonly kept = new Map<Rule, ContextMemo<Feature, { resolved: ResolvedFeature; reports: readonly Report[] }>>();

  /** The findings kept for `rule`, under `context`. */
  forRule(rule: Rule, context: readonly unknown[]): ContextMemo<Feature, { resolved: ResolvedFeature; reports: readonly Report[] }> {
    let memo = this.kept.get(rule);
    if (memo === undefined) this.kept.set(rule, (memo = new ContextMemo()));
    memo.begin(context);
    return memo;
  }
}

/** Longest value put into a rule's message: room for a list of names, never a whole input. */
const MESSAGE_VALUE_LENGTH = 200;
/** Longest value a rule composes itself from shortened parts (`Rule.composed`). */
const COMPOSED_VALUE_LENGTH = 2000;

/** Path of a rule's documentation, relative to the package root. */
export function ruleDocs(rule: Rule): string {
  return `src/lint/rules/${rule.name}.md`;
}

/** The severity configured for `rule` in project.yml (by name or id), or its default. */
export function severityOf(rule: Rule, project: Project): Severity | 'off' {
  if (rule.locked) return rule.severity;
  return project.rules[rule.name] ?? project.rules[rule.id] ?? rule.severity;
}

/** Runs the rules over the corpus and returns their findings, sorted. */
export function lint(input: LintInput, options: LintOptions): Diagnostic[] {
  // Fail closed: an invalid date would make every sign-off date "not in the future".
  if (dayNumber(options.today) === undefined) throw new RangeError(`Unexpected today \`${options.today}\`, expected a real YYYY-MM-DD date`);
  const rules = options.rules ?? allRules;
  const { project, roster, features } = input;
  const out: Diagnostic[] = [...checkRuleConfig(project, rules)];
  const model = input.model ?? resolveModel(input, { today: options.today });
  const { trust } = model;
  const cells = cellsByFeature(model.current);
  const index = model.ids;

  for (const rule of rules) {
    const severity = severityOf(rule, project);
    if (severity === 'off') continue;
    const context: RuleContext = {
      project,
      roster,
      features,
      releases: input.releases ?? [],
      ...(input.baseline ? { baseline: input.baseline } : {}),
      model,
      cells,
      index,
      today: options.today,
      trust,
      ...(input.governance ? { governance: input.governance } : {}),
      report: (report) => out.push(toDiagnostic(rule, severity, report, project, roster, input.baseline)),
    };
    // A broken rule must not hide the other findings. No closure per feature: 20 rules × 10,000 features.
    const crashed = (file: string, error: unknown): Diagnostic =>
      coreDiagnostic(coreChecks.crash, file, { line: 1, column: 1 }, 'crash', `Rule \`${rule.name}\` crashed on this file: ${error instanceof Error ? error.message : String(error)}; please report it`);
    if (rule.checkFeature && rule.local && options.memo) {
      runKept(rule, rule.checkFeature, options.memo.forRule(rule, [project, roster, input.baseline, options.today, trust.roster, trust.requireSigned, revocationsKey(trust), severity]), features, model, context, (file, error) => out.push(crashed(file, error)));
    } else if (rule.checkFeature) {
      for (const feature of features) {
        try {
          rule.checkFeature(feature, context);
        } catch (error) {
          out.push(crashed(feature.file, error));
        }
      }
    }
    if (rule.checkCorpus) {
      try {
        rule.checkCorpus(context);
      } catch (error) {
        out.push(crashed(project.file, error));
      }
    }
  }
  return sortDiagnostics(out);
}

/**
 * Runs a {@link Rule.local} rule on every feature, or reports again what it
 * found in a feature whose resolved object is the one it ran on before
 * (kept in `kept`). A feature the rule crashed on is never kept.
 */
function runKept(
  rule: Rule,
  checkFeature: NonNullable<Rule['checkFeature']>,
  kept: ContextMemo<Feature, { resolved: ResolvedFeature; reports: readonly Report[] }>,
  features: readonly Feature[],
  model: Model,
  context: RuleContext,
  crashed: (file: string, error: unknown) => void,
): void {
  let sink: Report[] = [];
  const collecting: RuleContext = { ...context, report: (report) => sink.push(report) };
  const run = (feature: Feature): Report[] | undefined => {
    sink = [];
    try {
      checkFeature(feature, collecting);
      return sink;
    } catch (error) {
      crashed(feature.file, error);
      return undefined;
    }
  };
  for (const feature of features) {
    const resolved = model.current.byFeature.get(feature);
    const hit = kept.get(feature);
    let reports: readonly Report[] | undefined;
    if (resolved !== undefined && hit?.resolved === resolved) {
      verifyKept(() => `What rule \`${rule.name}\` found in ${feature.file}`, hit.reports, () => run(feature) ?? []);
      reports = hit.reports;
    } else {
      reports = run(feature);
      if (reports !== undefined && resolved !== undefined) kept.set(feature, { resolved, reports });
    }
    for (const report of reports ?? []) context.report(report);
  }
}

function toDiagnostic(rule: Rule, severity: Severity, report: Report, project: Project, roster: Roster, baseline: Baseline | undefined): Diagnostic {
  const template = rule.messages[report.messageId];
  if (template === undefined) throw new Error(`rule ${rule.name} has no message \`${report.messageId}\``);
  // Values come from input: each is a short printable excerpt.
  const message = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => excerpt(String(report.data?.[name] ?? `{{${name}}}`), rule.composed?.includes(name) ? COMPOSED_VALUE_LENGTH : MESSAGE_VALUE_LENGTH));
  let file: string;
  let map: SourceMap;
  if (report.feature) ({ file, map } = report.feature);
  else if (report.in === 'roster') ({ file, map } = roster);
  else if (report.in === 'baseline' && baseline) ({ file, map } = baseline);
  else ({ file, map } = project);
  const place = report.place ?? (report.key ? map.key(report.pointer ?? '') : map.value(report.pointer ?? ''));
  return { file, ...place, ruleId: rule.id, ruleName: rule.name, messageId: report.messageId, severity, message, docs: ruleDocs(rule) };
}

/** What else a project can do instead of weakening a locked rule, by rule name. */
const LOCKED_HINTS: Readonly<Record<string, string>> = {
  'supported-requires-signoff': ' (a baseline file is the way to adopt it on an existing corpus)',
};

/** Unknown names in project.yml `rules`, and attempts to weaken a locked rule, are errors. */
function checkRuleConfig(project: Project, rules: readonly Rule[]): Diagnostic[] {
  const byKey = new Map(rules.flatMap((r) => [[r.name, r] as const, [r.id, r] as const]));
  const names = rules.map((r) => r.name);
  const out: Diagnostic[] = [];
  for (const [key, value] of Object.entries(project.rules)) {
    const at = `/rules/${pointerSegment(key)}`;
    const rule = byKey.get(key);
    if (!rule) {
      const near = didYouMean(key, names);
      const hint = near ? ` (did you mean \`${near}\`?)` : '';
      out.push(coreDiagnostic(coreChecks.schema, project.file, project.map.key(at), 'unknown-rule', `Unexpected rule ${code(key)} in \`rules\`${hint}; see the rule list in README.md`));
    } else if (rule.locked && value !== rule.severity) {
      out.push(
        coreDiagnostic(
          coreChecks.schema,
          project.file,
          project.map.value(at),
          'locked-rule',
          `Unexpected ${code(`${key}: ${value}`)}: \`${rule.name}\` feeds the sign-off verdict and is always an error; remove the entry${LOCKED_HINTS[rule.name] ?? ''}`,
        ),
      );
    }
  }
  return out;
}
