import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import type { Rule } from '../../src/lint/rule.js';
import { supportedRequiresSignoff } from '../../src/lint/rules/supported-requires-signoff.js';
import { corpusOf, TODAY } from '../helpers/corpus.js';

const unsigned = '---\ntitle: A\nsection: Guest types\nstatus: Supported\n---\n';

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

  it('skips rules set to off and applies configured severities', () => {
    const project = `name: T\nsections: [Guest types]\nrules:\n  supported-requires-signoff: warn\n`;
    expect(lint(corpusOf({ 'project.yml': project, 'a.md': unsigned }), { today: TODAY }).map((d) => d.severity)).toEqual(['warn']);
    const off = `name: T\nsections: [Guest types]\nrules:\n  SM101: off\n`;
    expect(lint(corpusOf({ 'project.yml': off, 'a.md': unsigned }), { today: TODAY })).toEqual([]);
  });

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
