import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/load/corpus.js';
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
