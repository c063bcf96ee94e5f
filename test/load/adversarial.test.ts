// The adversarial corpus (test/fixtures/adversarial, cases in its README):
// every attempt to get a feature past the sign-off rule or to break the
// loader ends in the expected finding, at its place, and the build refuses.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/cli/commands/build.js';
import { lint } from '../../src/lint/engine.js';
import { loadCorpus } from '../../src/load/corpus.js';
import type { Diagnostic } from '../../src/types.js';
import { brief, TODAY, tempDir } from '../helpers/corpus.js';

const fixture = path.resolve(import.meta.dirname, '../fixtures/adversarial');

describe('the adversarial corpus', () => {
  let dir: string;
  let findings: Diagnostic[];

  beforeAll(async () => {
    dir = await tempDir();
    await cp(path.join(fixture, 'features'), path.join(dir, 'features'), { recursive: true });
    // Cases git cannot hold, or should not: made here.
    const features = path.join(dir, 'features');
    const big = `---\ntitle: Ten megabytes\nsection: General\nstatus: Supported\n---\n`;
    await writeFile(path.join(features, 'ten-megabytes.md'), big + 'x'.repeat(10 * 1024 * 1024 - big.length));
    execFileSync('mkfifo', [path.join(features, 'fifo.md')]);
    await symlink('loop-b.md', path.join(features, 'loop-a.md'));
    await symlink('loop-a.md', path.join(features, 'loop-b.md'));
    const corpus = await loadCorpus('features', { cwd: dir });
    findings = [...corpus.diagnostics, ...lint(corpus, { today: TODAY })];
  });

  it('reports exactly the expected findings, each at its file, line and column', async () => {
    const expected = JSON.parse(await readFile(path.join(fixture, 'expected.json'), 'utf8')) as unknown[];
    const found = findings.map(brief);
    found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.messageId < b.messageId ? -1 : 1)));
    expect(found).toEqual(expected);
  });

  it('gives every case in the README at least one error, and the signed control none', async () => {
    const readme = await readFile(path.join(fixture, 'README.md'), 'utf8');
    const cases = [...readme.matchAll(/^\| `([^`]+\.md)` \|/gm)].map((m) => m[1] ?? '');
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const file of cases) {
      if (file === 'control-signed.md' || file === 'alias-owner.md') continue;
      const errors = findings.filter((d) => d.file === `features/${file}` && d.severity === 'error');
      expect(errors.length, `${file} has no error`).toBeGreaterThan(0);
    }
    expect(findings.filter((d) => d.file === 'features/control-signed.md')).toEqual([]);
  });

  it('never states a look-alike status without saying what is hidden in it', () => {
    for (const file of ['status-homoglyph.md', 'status-zero-width.md', 'status-trailing-space.md']) {
      const finding = findings.find((d) => d.file === `features/${file}`);
      expect(finding?.message, file).toMatch(/did you mean `Supported`\? it (contains U\+|has a space)/);
    }
  });

  it('refuses to build, and writes nothing', async () => {
    const result = await build({ cwd: dir, out: '_site', today: TODAY, revision: 'test' });
    expect(result.written).toBe(false);
    expect(existsSync(path.join(dir, '_site'))).toBe(false);
  });
});
