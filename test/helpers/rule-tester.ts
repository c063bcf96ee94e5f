import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/lint/rule.js';
import { corpusOf, TODAY, type Files } from './corpus.js';
import { lint } from '../../src/lint/engine.js';
import type { GovernanceInput, ReleaseInput } from '../../src/lint/rule.js';
import type { Governance } from '../../src/load/corpus.js';
import type { ReleaseConfig } from '../../src/types.js';

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
