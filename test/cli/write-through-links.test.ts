import { mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
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
});
