import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateReadme } from '../../src/lint/docs.js';
import { rules } from '../../src/lint/rules/index.js';
import { repoRoot } from '../helpers/cli.js';

const rulesDir = path.join(repoRoot, 'src/lint/rules');

describe('every rule', () => {
  it('is registered, and every registered rule has a module of its name', () => {
    const modules = readdirSync(rulesDir)
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
      .map((f) => f.slice(0, -3))
      .sort();
    expect(rules.map((r) => r.name).sort()).toEqual(modules);
  });

  it('has a stable, unique id and a unique name', () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^SM1\d\d$/);
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });

  for (const rule of rules) {
    describe(rule.name, () => {
      it('has an imperative one-line description', () => {
        expect(rule.description).toMatch(/^(Require|Disallow|Report|Flag) /);
        expect(rule.description).not.toContain('\n');
      });

      it('has a doc beside it naming the rule, its id and every message id', () => {
        const doc = path.join(rulesDir, `${rule.name}.md`);
        expect(existsSync(doc), `missing ${doc}`).toBe(true);
        const text = readFileSync(doc, 'utf8');
        expect(text.split('\n')[0]).toBe(`# \`${rule.name}\` (${rule.id})`);
        for (const id of Object.keys(rule.messages)) expect(text, `doc lacks message id ${id}`).toContain(`\`${id}\``);
        for (const heading of ['## Why', '## What it checks', '## Incorrect', '## Correct', '## How to fix']) expect(text).toContain(heading);
      });

      it('has a valid/invalid test table', () => {
        const test = path.join(repoRoot, 'test/lint/rules', `${rule.name}.test.ts`);
        expect(existsSync(test), `missing ${test}`).toBe(true);
        const text = readFileSync(test, 'utf8');
        expect(text).toMatch(/testRule\(\w+, \{/);
        expect(text).toMatch(/valid: \[/);
        expect(text).toMatch(/invalid: \[/);
      });

      it('uses each of its message ids somewhere in its table', () => {
        const text = readFileSync(path.join(repoRoot, 'test/lint/rules', `${rule.name}.test.ts`), 'utf8');
        for (const id of Object.keys(rule.messages)) expect(text, `no invalid case for ${id}`).toContain(`messageId: '${id}'`);
      });
    });
  }
});

describe('README', () => {
  it('lists the rules exactly as the modules define them (run `npm run docs` after changing a rule)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    expect(updateReadme(readme)).toBe(readme);
  });
});
