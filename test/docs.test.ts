import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copySample, repoRoot } from './helpers/cli.js';
import { TODAY, tempDir } from './helpers/corpus.js';

describe('README', () => {
  it('shows a feature example that passes check against the sample project', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const example = /### A feature file\n\n```markdown\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, 'guest-types/pvh.md'), example ?? '');
    const result = await cli(['check', 'features', '--today', TODAY], dir);
    expect(result.stdout).toMatch(/no problems/);
    expect(result.code).toBe(0);
  });

  it('gives the same test command as .ci/run', async () => {
    const readme = await readFile(path.join(repoRoot, 'README.md'), 'utf8');
    const ci = await readFile(path.join(repoRoot, '.ci/run'), 'utf8');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
    expect(ci.trim().split('\n').at(-1)).toBe('npm ci && npm test');
  });
});
