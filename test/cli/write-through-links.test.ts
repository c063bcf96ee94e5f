import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, copySample, repoRoot } from '../helpers/cli.js';
import { tempDir, TODAY } from '../helpers/corpus.js';

const cacheColouring = path.join(repoRoot, 'test/fixtures/pandoc-feature/cache-colouring.pandoc');

/** A project whose features directory holds a directory linked to a folder outside it. */
async function linkedProject(link: string): Promise<{ dir: string; features: string; outside: string }> {
  const dir = await tempDir();
  const features = await copySample(dir);
  const outside = path.join(dir, 'outside');
  await mkdir(outside);
  await writeFile(path.join(outside, 'keep.txt'), 'mine\n');
  await mkdir(path.dirname(path.join(features, link)), { recursive: true });
  await symlink(outside, path.join(features, link));
  return { dir, features, outside };
}

describe('commands that write into the features directory never write through a link in it', () => {
  it('new refuses an id whose directory is a symlink out of the features directory', async () => {
    const { dir, outside } = await linkedProject('linked');
    const result = await cli(['new', 'linked/escape', '--title', 'Escape'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a symbolic link, which could lead outside');
    expect(await readdir(outside)).toEqual(['keep.txt']);
  });

  it('import pandoc-feature refuses a new feature under a linked directory, and writes nothing there', async () => {
    const { dir, outside } = await linkedProject('host');
    const result = await cli(['import', 'pandoc-feature', cacheColouring, '--out', 'features', '--section', 'Host/Caches', '--today', TODAY], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a symbolic link, which could lead outside');
    expect(await readdir(outside)).toEqual(['keep.txt']);
  });

  it('import pandoc-feature refuses a baseline that is a symlink before writing anything', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const elsewhere = path.join(dir, 'baseline-elsewhere.yml');
    await writeFile(elsewhere, 'exempt: []\n');
    await symlink(elsewhere, path.join(features, 'signoff-baseline.yml'));
    const before = await readdir(features, { recursive: true });
    const result = await cli(['import', 'pandoc-feature', cacheColouring, '--out', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('signoff-baseline.yml is a symbolic link');
    expect(await readFile(elsewhere, 'utf8')).toBe('exempt: []\n');
    expect(await readdir(features, { recursive: true })).toEqual(before);
  });

  it('init refuses a features directory whose subdirectory is a symlink out of it', async () => {
    const dir = await tempDir();
    const outside = path.join(dir, 'elsewhere');
    await mkdir(outside);
    await mkdir(path.join(dir, 'features'));
    await symlink(outside, path.join(dir, 'features', 'general'));
    const result = await cli(['init', 'features', '--today', TODAY], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('is a symbolic link, which could lead outside');
    expect(await readdir(outside)).toEqual([]);
    expect(await readdir(path.join(dir, 'features'))).toEqual(['general']);
  });
});

describe('outputs inside the working directory are never written through a symlinked parent', () => {
  it('export --out, build --out and import --out refuse a path under a symlink that leads out of the tree', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const outside = path.join(dir, '..', `${path.basename(dir)}-outside`);
    await mkdir(outside);
    try {
      await symlink(outside, path.join(dir, 'public'));
      const exported = await cli(['export', '--today', TODAY, '--out', 'public/support-matrix.json'], dir);
      expect(exported.code).toBe(2);
      expect(exported.stderr).toContain('public is a symbolic link');
      const built = await cli(['build', '--today', TODAY, '--out', 'public/site'], dir);
      expect(built.code).toBe(2);
      expect(built.stderr).toContain('public is a symbolic link');
      const imported = await cli(['import', 'support-md', path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md'), '--out', 'public/imported', '--today', TODAY], dir);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toContain('public is a symbolic link');
      expect(await readdir(outside)).toEqual([]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });
});

describe('import prints the names it finds escaped', () => {
  it('shows a file name with terminal escapes as text, in the warnings and the report', async () => {
    const dir = await tempDir();
    const fixture = path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md');
    expect((await cli(['import', 'support-md', fixture, '--out', 'features', '--today', TODAY], dir)).code).toBeLessThan(2);
    await writeFile(path.join(dir, 'features', 'notes\u001b[8m.txt'), 'mine\n');
    const again = await cli(['import', 'support-md', fixture, '--out', 'features', '--force', '--today', TODAY], dir);
    expect(again.stdout + again.stderr).not.toMatch(/\u001b/);
    expect(again.stderr).toContain('notes\\u001B[8m.txt');
  });
});
