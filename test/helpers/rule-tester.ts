import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/lint/rule.js';
import { corpusOf, TODAY, type Files } from './corpus.js';
import { lint } from '../../src/lint/engine.js';
import type { GovernanceInput, ReleaseInput, Report, RuleContext } from '../../src/lint/rule.js';
import type { Governance } from '../../src/load/corpus.js';
import { cellsByFeature, resolveModel } from '../../src/model/resolve.js';
import type { Feature, ReleaseConfig } from '../../src/types.js';

/** A case that must produce no finding from the rule. */
export interface ValidCase {
  name: string;
  files: Files;
  /** Releases as read from git: their config and their feature files. */
  releases?: Array<{ config: ReleaseConfig; files: Files }>;
  /** The trusted base of `check --base` (read as ref `origin/main`), for governance-change. */
  base?: Files;
}

/** A case that must produce exactly these findings from the rule, in file/line/column order. */
export interface InvalidCase extends ValidCase {
  errors: Array<{ messageId: string; line: number; column: number; file?: string }>;
}

/** The valid/invalid table of one rule. */
export interface RuleTable {
  valid: ValidCase[];
  invalid: InvalidCase[];
}

/**
 * Runs a rule's table: every file must load cleanly (so a case tests the
 * rule, not the loader), then only this rule runs, at its default severity.
 */
export function testRule(rule: Rule, table: RuleTable): void {
  describe(`${rule.name} (${rule.id})`, () => {
    it('has at least one valid and one invalid case', () => {
      expect(table.valid.length).toBeGreaterThan(0);
      expect(table.invalid.length).toBeGreaterThan(0);
    });
    for (const c of table.valid) {
      it(`valid: ${c.name}`, () => {
        const corpus = corpusOf(c.files);
        expect(corpus.diagnostics).toEqual([]);
        expect(lint({ ...corpus, releases: releasesOf(c), ...governanceOf(c, corpus) }, { today: TODAY, rules: [rule] })).toEqual([]);
      });
    }
    if (rule.local) {
      // `serve` reports a local rule's findings again for an unchanged feature without running it: it must read nothing else.
      for (const c of [...table.valid, ...table.invalid]) {
        it(`local: ${c.name}: reads only its feature, and finds what the engine reports`, () => {
          const corpus = corpusOf(c.files);
          const releases = releasesOf(c);
          const reports = onlyItsFeature(rule, { ...corpus, releases });
          const found = lint({ ...corpus, releases, ...governanceOf(c, corpus) }, { today: TODAY, rules: [rule] }).filter((d) => d.file.endsWith('.md'));
          expect(reports.map((r) => r.messageId).sort()).toEqual(found.map((d) => d.messageId).sort());
        });
      }
    }
    for (const c of table.invalid) {
      it(`invalid: ${c.name}`, () => {
        const corpus = corpusOf(c.files);
        expect(corpus.diagnostics).toEqual([]);
        const found = lint({ ...corpus, releases: releasesOf(c), ...governanceOf(c, corpus) }, { today: TODAY, rules: [rule] });
        expect(found.map((d) => ({ messageId: d.messageId, line: d.line, column: d.column, file: d.file }))).toEqual(
          c.errors.map((e) => ({ messageId: e.messageId, line: e.line, column: e.column, file: `features/${e.file ?? Object.keys(c.files).find((f) => f.endsWith('.md')) ?? ''}` })),
        );
        for (const d of found) {
          expect(d.ruleName).toBe(rule.name);
          expect(d.message).not.toMatch(/\{\{/);
        }
      });
    }
  });
}

function releasesOf(c: ValidCase): ReleaseInput[] {
  return (c.releases ?? []).map((r) => {
    const corpus = corpusOf(r.files);
    expect(corpus.diagnostics).toEqual([]);
    return { config: r.config, features: corpus.features, ...(corpus.baseline ? { baseline: corpus.baseline } : {}) };
  });
}

function governanceOf(c: ValidCase, head: ReturnType<typeof corpusOf>): { governance?: GovernanceInput } {
  if (c.base === undefined) return {};
  const base = corpusOf(c.base);
  expect(base.diagnostics).toEqual([]);
  const own = (x: ReturnType<typeof corpusOf>): Governance => ({ project: x.project, roster: x.roster, ...(x.baseline ? { baseline: x.baseline } : {}) });
  return { governance: { ref: 'origin/main', base: { ...own(base), features: base.features }, head: own(head) } };
}

/**
 * Runs a local rule's `checkFeature` on each feature with a context that
 * throws on any read of another feature: the corpus's features, the id
 * index, the releases, the model, the governance of a comparison, or
 * another feature's cells. Returns what it reported.
 */
function onlyItsFeature(rule: Rule, corpus: ReturnType<typeof corpusOf> & { releases: ReleaseInput[] }): Report[] {
  const model = resolveModel(corpus, { today: TODAY });
  const cells = cellsByFeature(model.current);
  const reports: Report[] = [];
  const refuse = (what: string): never => {
    throw new Error(`local rule ${rule.name} read ${what}`);
  };
  for (const feature of corpus.features) {
    const own: Pick<ReadonlyMap<Feature, unknown>, 'get'> = { get: (f: Feature) => (f === feature ? cells.get(f) : refuse("another feature's cells")) };
    const context = {
      project: corpus.project,
      roster: corpus.roster,
      ...(corpus.baseline ? { baseline: corpus.baseline } : {}),
      today: TODAY,
      trust: model.trust,
      cells: own,
      get features() {
        return refuse('the features');
      },
      get index() {
        return refuse('the id index');
      },
      get releases() {
        return refuse('the releases');
      },
      get model() {
        return refuse('the model');
      },
      get governance() {
        return refuse('the governance of a comparison');
      },
      report: (report: Report) => reports.push(report),
    } as unknown as RuleContext;
    rule.checkFeature?.(feature, context);
  }
  return reports;
}
