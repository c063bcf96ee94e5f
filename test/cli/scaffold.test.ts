import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { featureHeadings } from '../../src/cli/commands/templates.js';
import { cli } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

describe('init', () => {
  it('creates a project that passes check with no findings', async () => {
    const dir = await tempDir();
    const created = await cli(['init', 'docs/features', '--today', TODAY], dir);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('docs/features/project.yml');
    // Each generated file points, from where it is, at documentation that exists.
    for (const file of ['project.yml', 'security-team.yml']) {
      const first = (await readFile(path.join(dir, 'docs/features', file), 'utf8')).split('\n')[0] ?? '';
      const doc = /see (\S+\.md)\.$/.exec(first)?.[1] ?? '';
      expect(existsSync(path.resolve(dir, 'docs/features', doc)), `${file}: ${first}`).toBe(true);
    }
    const result = await cli(['check', 'docs/features', '--today', TODAY, '-f', 'json'], dir);
    expect(JSON.parse(result.stdout)).toMatchObject({ errorCount: 0, warningCount: 0 });
    expect(result.code).toBe(0);
  });

  it('refuses to overwrite an existing project', async () => {
    const dir = await tempDir();
    await cli(['init', '--today', TODAY], dir);
    const again = await cli(['init', '--today', TODAY], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists');
  });
});

describe('new', () => {
  it('scaffolds a valid feature with the headings of a good feature doc', async () => {
    const dir = await tempDir();
    await cli(['init', '--today', TODAY], dir);
    const created = await cli(['new', 'guests/pvh-shim', '--title', 'PVH shim'], dir);
    expect(created.code).toBe(0);
    const text = await readFile(path.join(dir, 'features/guests/pvh-shim.md'), 'utf8');
    expect(text).toMatch(/^---\ntitle: PVH shim\nsection: General\n/);
    for (const heading of featureHeadings) expect(text).toContain(`\n## ${heading}\n`);
    const result = JSON.parse((await cli(['check', '-f', 'json', '--today', TODAY], dir)).stdout) as { errorCount: number; diagnostics: Array<{ ruleName: string }> };
    expect(result.errorCount).toBe(0);
    // The only nudge is to say what blocks an upgrade of the new Experimental feature.
    expect(result.diagnostics.map((d) => d.ruleName)).toEqual(['upgrade-blockers']);
  });

  it('rejects a bad id, an unknown status or section, and an existing feature', async () => {
    const dir = await tempDir();
    await cli(['init', '--today', TODAY], dir);
    expect((await cli(['new', '../escape'], dir)).stderr).toContain('Unexpected id `../escape`');
    expect((await cli(['new', 'x', '--status', 'supported'], dir)).stderr).toContain('did you mean `Supported`?');
    expect((await cli(['new', 'x', '--section', 'Genral'], dir)).stderr).toContain('did you mean `General`?');
    const existing = await cli(['new', 'General/Example'], dir);
    expect(existing.code).toBe(2);
    expect(existing.stderr).toContain('already exists');
    await expect(stat(path.join(dir, 'features/x.md'))).rejects.toThrow();
  });
});
