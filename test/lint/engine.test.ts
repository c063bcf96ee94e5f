import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import type { Rule } from '../../src/lint/rule.js';
import { supportedRequiresSignoff } from '../../src/lint/rules/supported-requires-signoff.js';
import { corpusOf, TODAY } from '../helpers/corpus.js';

const unsigned = '---\ntitle: A\nsection: Guest types\nstatus: Supported\n---\n';
const early = (title: string): string => `---\ntitle: ${title}\nsection: Guest types\nstatus: Experimental\n---\n`;

describe('lint engine', () => {
  it('turns a crashing rule into a finding on the file and keeps running the others', () => {
    const crashing: Rule = {
      id: 'SM999',
      name: 'crashing',
      description: 'Require nothing',
      severity: 'error',
      messages: {},
      checkFeature() {
        throw new Error('boom');
      },
    };
    const found = lint(corpusOf({ 'a.md': unsigned }), { today: TODAY, rules: [crashing, supportedRequiresSignoff] });
    expect(found.map((d) => [d.file, d.ruleName, d.messageId])).toEqual([
      ['features/a.md', 'rule-crash', 'crash'],
      ['features/a.md', 'supported-requires-signoff', 'missing'],
    ]);
    expect(found[0]?.message).toContain('Rule `crashing` crashed on this file: boom');
  });

  it('skips rules set to off and applies configured severities, by name or id', () => {
    const early = '---\ntitle: E\nsection: Guest types\nstatus: Experimental\n---\n';
    const asError = `name: T\nsections: [Guest types]\nrules:\n  upgrade-blockers: error\n`;
    expect(lint(corpusOf({ 'project.yml': asError, 'e.md': early }), { today: TODAY }).map((d) => [d.ruleName, d.severity])).toEqual([['upgrade-blockers', 'error']]);
    const off = `name: T\nsections: [Guest types]\nrules:\n  SM112: off\n`;
    expect(lint(corpusOf({ 'project.yml': off, 'e.md': early }), { today: TODAY })).toEqual([]);
  });

  it('refuses to weaken the sign-off rule and keeps it an error', () => {
    for (const setting of ['supported-requires-signoff: off', 'SM101: warn']) {
      const project = `name: T\nsections: [Guest types]\nrules:\n  ${setting}\n`;
      const found = lint(corpusOf({ 'project.yml': project, 'a.md': unsigned }), { today: TODAY });
      expect(found.map((d) => [d.file, d.line, d.ruleName, d.messageId, d.severity])).toEqual([
        ['features/a.md', 4, 'supported-requires-signoff', 'missing', 'error'],
        ['features/project.yml', 4, 'schema', 'locked-rule', 'error'],
      ]);
      expect(found[1]?.message).toContain('feeds the sign-off verdict and is always an error; remove the entry (a baseline file is the way to adopt it on an existing corpus)');
    }
    const same = `name: T\nsections: [Guest types]\nrules:\n  supported-requires-signoff: error\n`;
    expect(lint(corpusOf({ 'project.yml': same, 'a.md': unsigned }), { today: TODAY }).map((d) => d.messageId)).toEqual(['missing']);
  });

  // Each locked rule, a setting that tries to weaken it, and a corpus it must still report on.
  const locked: Array<{ setting: string; extra?: string; files: Record<string, string>; finding: [string, string, string] }> = [
    { setting: 'unknown-status: off', files: { 'a.md': unsigned.replace('Supported', 'Supportd') }, finding: ['features/a.md', 'unknown-status', 'unknown'] },
    { setting: 'SM107: warn', files: { 'a.md': unsigned.replace('Supported', 'Supportd') }, finding: ['features/a.md', 'unknown-status', 'unknown'] },
    {
      setting: 'config-consistency: warn',
      extra: 'statuses:\n  - { name: Supported, security-supported: true }\n  - { name: "Supported\u200B", security-supported: false }\npolicy:\n  blockers-expected-for: []\n',
      files: {},
      finding: ['features/project.yml', 'config-consistency', 'invisible-character'],
    },
    { setting: 'duplicate-id: off', files: { 'a.md': early('A'), 'b.md': early('B').replace('title: B', 'title: B\nid: a') }, finding: ['features/b.md', 'duplicate-id', 'duplicate-id'] },
    {
      setting: 'baseline: off',
      files: { 'signoff-baseline.yml': 'exempt:\n  - { feature: gone, arch: x86, status: Supported }\n' },
      finding: ['features/signoff-baseline.yml', 'baseline', 'unknown-cell'],
    },
  ];
  for (const c of locked) {
    it(`refuses \`${c.setting}\` with locked-rule and still runs the rule at error`, () => {
      const project = `name: T\nsections: [Guest types]\n${c.extra ?? ''}rules:\n  ${c.setting}\n`;
      const found = lint(corpusOf({ 'project.yml': project, ...c.files }), { today: TODAY });
      const refusal = found.find((d) => d.messageId === 'locked-rule');
      expect(refusal).toMatchObject({ file: 'features/project.yml', line: project.split('\n').length - 1, ruleName: 'schema', severity: 'error' });
      expect(refusal?.message).toMatch(/feeds the sign-off verdict and is always an error; remove the entry$/);
      const [file, rule, messageId] = c.finding;
      expect(found.filter((d) => d.ruleName === rule).map((d) => [d.file, d.ruleName, d.messageId, d.severity])).toEqual([[file, rule, messageId, 'error']]);
    });
  }

  it('fills every placeholder and names the doc of the rule', () => {
    const [finding] = lint(corpusOf({ 'a.md': unsigned }), { today: TODAY });
    expect(finding?.message).not.toMatch(/\{\{/);
    expect(finding?.docs).toBe('src/lint/rules/supported-requires-signoff.md');
  });

  it('gives the same findings for the same input', () => {
    const files = { 'a.md': unsigned, 'b.md': unsigned.replace('title: A', 'title: B') };
    expect(lint(corpusOf(files), { today: TODAY })).toEqual(lint(corpusOf(files), { today: TODAY }));
  });
});

describe('today', () => {
  it('is refused when it is not a real date, instead of letting every sign-off date pass', () => {
    expect(() => lint(corpusOf({ 'a.md': unsigned }), { today: '2026-02-30' })).toThrow(/Unexpected today `2026-02-30`/);
    expect(() => lint(corpusOf({ 'a.md': unsigned }), { today: 'garbage' })).toThrow(RangeError);
  });
});
