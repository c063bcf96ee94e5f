import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint/engine.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { brief, TODAY } from '../helpers/corpus.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/bad-input');

describe('bad input', () => {
  it('reports every broken file at its place and still checks the others', async () => {
    const expected = JSON.parse(await readFile(path.join(fixture, 'expected.json'), 'utf8')) as unknown[];
    const corpus = await loadCorpus('features', { cwd: fixture });
    const found = [...corpus.diagnostics, ...lint(corpus, { today: TODAY })].map(brief);
    found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
    expect(found).toEqual(expected);
  });

  it('never puts a reserved key on an object prototype', async () => {
    await loadCorpus('features', { cwd: fixture });
    expect(({} as Record<string, unknown>)['status']).toBeUndefined();
  });

  it('gives every finding a message that says what to do, without a stack trace', async () => {
    const corpus = await loadCorpus('features', { cwd: fixture });
    for (const d of corpus.diagnostics) {
      expect(d.message).not.toMatch(/\n\s+at /);
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
    }
  });
});
