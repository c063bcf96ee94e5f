import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { GitObjects } from '../../src/load/git.js';
import { positionOf, projectYml, Repo, ROSTER, simple } from '../releases/repo.js';
import { cli } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

const feature = (title: string): string => `---\ntitle: ${title}\nsection: General\nstatus: Experimental\nknown-issues:\n  - summary: Not reviewed.\n---\n`;

describe('limits.max-files', () => {
  it('reads no feature past the limit and says so at the limit in project.yml', async () => {
    const dir = await tempDir();
    const features = path.join(dir, 'features');
    await mkdir(path.join(features, 'b'), { recursive: true });
    await writeFile(path.join(features, 'project.yml'), 'name: Limits\nsections: [General]\nlimits:\n  max-files: 2\n');
    await writeFile(path.join(features, 'security-team.yml'), 'members: []\n');
    await writeFile(path.join(features, 'a.md'), feature('A'));
    await writeFile(path.join(features, 'b', 'c.md'), feature('C'));
    await writeFile(path.join(features, 'b', 'd.md'), feature('D'));

    const corpus = await loadCorpus('features', { cwd: dir });
    expect(corpus.features.map((f) => f.id)).toEqual(['a', 'b/c']);
    const finding = corpus.diagnostics.find((d) => d.messageId === 'too-many-files');
    expect(finding).toMatchObject({ file: 'features/project.yml', line: 4, column: 14, severity: 'error', ruleName: 'file' });
    expect(finding?.message).toContain('limits.max-files');

    const run = await cli(['check', 'features', '--today', TODAY], dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('features/project.yml:4:14');

    // At the limit exactly: no finding.
    await writeFile(path.join(features, 'project.yml'), 'name: Limits\nsections: [General]\nlimits:\n  max-files: 3\n');
    expect((await loadCorpus('features', { cwd: dir })).diagnostics).toEqual([]);
  });
});

describe('limits.max-files on a release read from git', () => {
  it('warns at the release ref and reads only the first files of the tree', async () => {
    const repo = await Repo.create();
    const release = (limit: number): string => projectYml({ extra: `limits:\n  max-files: ${limit}\n`, releases: 'lifecycle:\n  supported-months: 18\n  security-supported-months: 36\nreleases:\n  - name: "1.0"\n    ref: v1.0\n    initial-release: 2024-01-01\n' });
    const files = { 'a.md': simple('A', 'Guest types', 'Experimental'), 'b.md': simple('B', 'Guest types', 'Experimental'), 'c.md': simple('C', 'Guest types', 'Experimental') };
    repo.features({ 'project.yml': release(3), 'security-team.yml': ROSTER, ...files }).release('v1.0');
    repo.features({ 'project.yml': release(2), 'c.md': null });
    const result = await check({ cwd: repo.dir, today: TODAY });
    const finding = result.diagnostics.find((d) => d.messageId === 'too-many-files');
    expect(finding).toMatchObject({ file: 'features/project.yml', ...positionOf(release(2), 'v1.0', 'ref:'), severity: 'warn' });
    expect(finding?.message).toContain('release `1.0`: 3, over the limit of 2');
    expect(result.releases[0]?.features.map((f) => f.id)).toEqual(['a', 'b']);
    expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  });
});

describe('oversized files in a release read from git', () => {
  it('are read past without being kept, warned about with their size, and the reader stays in step', async () => {
    const repo = await Repo.create();
    const project = projectYml({ releases: 'lifecycle:\n  supported-months: 18\n  security-supported-months: 36\nreleases:\n  - name: "1.0"\n    ref: v1.0\n    initial-release: 2024-01-01\n' });
    // 3 MiB, several pipe chunks: the skip must count bytes across chunks.
    const big = simple('Big', 'Guest types', 'Experimental') + 'x'.repeat(3 * 1024 * 1024);
    const files = { 'a.md': simple('A', 'Guest types', 'Experimental'), 'big.md': big, 'c.md': simple('C', 'Guest types', 'Experimental') };
    repo.features({ 'project.yml': project, 'security-team.yml': ROSTER, ...files }).release('v1.0');
    repo.features({ 'big.md': null });

    const git = await GitObjects.open(repo.dir, undefined, 1024 * 1024);
    try {
      const tree = await git.readFiles('v1.0:features');
      expect([...(tree?.tooLarge ?? [])]).toEqual([['big.md', Buffer.byteLength(big)]]);
      expect([...(tree?.files.keys() ?? [])].sort()).toEqual(['a.md', 'c.md', 'project.yml', 'security-team.yml']);
      expect(tree?.files.get('c.md')?.toString('utf8')).toBe(files['c.md']);
      // A read after the skipped blob gets its own bytes.
      expect((await git.read('v1.0:features/a.md'))?.content.toString('utf8')).toBe(files['a.md']);
    } finally {
      git.close();
    }

    const result = await check({ cwd: repo.dir, today: TODAY });
    expect(result.diagnostics.filter((d) => d.messageId === 'too-large')).toMatchObject([{ file: 'v1.0:features/big.md', line: 1, column: 1, severity: 'warn' }]);
    expect(result.releases[0]?.features.map((f) => f.id)).toEqual(['a', 'c']);
  });
});
