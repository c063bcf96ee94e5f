import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderProse } from '../../src/render/markdown.js';
import { ProseCache, proseCacheFile, rendererId } from '../../src/render/prose-cache.js';
import { renderProseAll } from '../../src/render/prose-pool.js';
import { cli, copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { snapshot } from '../helpers/site.js';

interface Stored {
  format: number;
  renderer: string;
  entries: Record<string, string>;
}

const read = (file: string): Stored => JSON.parse(readFileSync(file, 'utf8')) as Stored;

describe('ProseCache', () => {
  it('returns what was set, survives save and open, and keeps only the entries a build used', async () => {
    const file = path.join(await tempDir(), 'cache', 'prose.json');
    const first = ProseCache.open(file);
    expect(first.loaded).toBe(0);
    first.set('# a', '<h1>a</h1>');
    first.set('# b', '<h1>b</h1>');
    await first.save();
    expect(Object.keys(read(file).entries)).toHaveLength(2);

    const second = ProseCache.open(file);
    expect(second.loaded).toBe(2);
    expect(second.get('# a')).toBe('<h1>a</h1>');
    expect(second.get('# c')).toBeUndefined();
    await second.save();
    // `# b` was not asked for: dropped, so the file never outgrows one corpus.
    expect(Object.values(read(file).entries)).toEqual(['<h1>a</h1>']);
  });

  it('ignores a cache written by another renderer, a corrupt file and entries that are not text', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'prose.json');
    const stale = ProseCache.open(file, 'another-renderer');
    stale.set('# a', '<h1>stale</h1>');
    await stale.save();
    expect(ProseCache.open(file).get('# a')).toBeUndefined();
    expect(ProseCache.open(file, 'another-renderer').get('# a')).toBe('<h1>stale</h1>');

    await writeFile(file, '{"format": 1, "renderer": ');
    expect(ProseCache.open(file).loaded).toBe(0);
    await writeFile(file, JSON.stringify({ format: 1, renderer: rendererId(), entries: { x: 1, y: '<p>y</p>' } }));
    expect(ProseCache.open(file).loaded).toBe(1);
  });

  it('does not rewrite the file when a build used exactly what it read', async () => {
    const file = path.join(await tempDir(), 'prose.json');
    const first = ProseCache.open(file);
    first.set('# a', '<h1>a</h1>');
    await first.save();
    await writeFile(file, readFileSync(file, 'utf8') + '\n');
    const again = ProseCache.open(file);
    again.get('# a');
    await again.save();
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('renderProseAll renders only the texts the cache lacks, and the result equals a fresh render', async () => {
    const file = path.join(await tempDir(), 'prose.json');
    const texts = ['# one\n\ntext', '# two\n\n- a\n- b', '# three\n\n| a | b |\n|---|---|\n| 1 | 2 |'];
    const cache = ProseCache.open(file);
    cache.set(texts[0] ?? '', '<p>from the cache</p>');
    const html = await renderProseAll(texts, cache);
    expect(html[0]).toBe('<p>from the cache</p>');
    expect(html.slice(1)).toEqual(texts.slice(1).map((t) => renderProse(t)));
    await cache.save();
    expect(Object.keys(read(file).entries)).toHaveLength(3);
  });

  it('the renderer id is stable within a process and depends on the installed tree', () => {
    expect(rendererId()).toBe(rendererId());
    expect(rendererId()).toMatch(/^[\w-]{43}$/);
  });
});

describe('proseCacheFile', () => {
  it('prefers --cache-dir, then $SUPPORT_MATRIX_CACHE_DIR, then node_modules/.cache, then XDG and HOME; none without any', async () => {
    const cwd = await tempDir();
    const file = (env: Record<string, string>, dir?: string) => proseCacheFile(cwd, 'features', env, dir);
    expect(file({ SUPPORT_MATRIX_CACHE_DIR: '/env' }, 'opt')).toMatch(new RegExp(`^${cwd}/opt/prose-[0-9a-f]{16}\\.json$`));
    expect(file({ SUPPORT_MATRIX_CACHE_DIR: '/env', HOME: '/home/u' })).toMatch(/^\/env\/prose-/);
    expect(file({ XDG_CACHE_HOME: '/xdg', HOME: '/home/u' })).toMatch(/^\/xdg\/support-matrix\/prose-/);
    expect(file({ HOME: '/home/u' })).toMatch(/^\/home\/u\/\.cache\/support-matrix\/prose-/);
    expect(file({})).toBeUndefined();
    // One file per features directory.
    expect(proseCacheFile(cwd, 'other', { HOME: '/h' })).not.toBe(file({ HOME: '/h' }));
  });
});

describe('build with the prose cache', () => {
  it('a second build reuses every rendered document and writes the same bytes as a build without a cache', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const cacheDir = path.join(dir, 'cache');
    const args = ['build', '--today', TODAY, '--revision', 'test', '--cache-dir', cacheDir];
    expect((await cli([...args, '--out', 'cold'], dir)).code).toBe(0);
    const [name] = await readdir(cacheDir);
    const file = path.join(cacheDir, name ?? '');
    const features = (await readdir(path.join(dir, 'features'), { recursive: true })).filter((f) => f.endsWith('.md') && !f.endsWith('README.md'));
    expect(Object.keys(read(file).entries)).toHaveLength(features.length);

    // Poison one entry: a warm build must take prose from the cache, not render it again.
    const stored = read(file);
    const key = Object.keys(stored.entries)[0] ?? '';
    const original = stored.entries[key] ?? '';
    await writeFile(file, JSON.stringify({ ...stored, entries: { ...stored.entries, [key]: `${original}<p>MARKER-FROM-CACHE</p>` } }));
    expect((await cli([...args, '--out', 'poisoned'], dir)).code).toBe(0);
    const pages = await readdir(path.join(dir, 'poisoned'), { recursive: true });
    const marked = await Promise.all(pages.filter((p) => p.endsWith('.html')).map(async (p) => (await readFile(path.join(dir, 'poisoned', p), 'utf8')).includes('MARKER-FROM-CACHE')));
    expect(marked.filter(Boolean)).toHaveLength(1);

    // Restore it: the warm build is byte-identical to a cold build and to one without a cache.
    await writeFile(file, JSON.stringify(stored));
    expect((await cli([...args, '--out', 'warm'], dir)).code).toBe(0);
    expect((await cli(['build', '--today', TODAY, '--revision', 'test', '--no-cache', '--out', 'none'], dir)).code).toBe(0);
    const cold = await snapshot(path.join(dir, 'cold'));
    expect(await snapshot(path.join(dir, 'warm'))).toEqual(cold);
    expect(await snapshot(path.join(dir, 'none'))).toEqual(cold);
  });

  it('--no-cache neither reads nor writes a cache, and a changed feature replaces its entry', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const cacheDir = path.join(dir, 'cache');
    expect((await cli(['build', '--today', TODAY, '--no-cache', '--cache-dir', cacheDir], dir)).code).toBe(0);
    expect(existsSync(cacheDir)).toBe(false);

    expect((await cli(['build', '--today', TODAY, '--cache-dir', cacheDir], dir)).code).toBe(0);
    const [name] = await readdir(cacheDir);
    const file = path.join(cacheDir, name ?? '');
    const before = read(file).entries;
    const feature = path.join(dir, 'features', 'guest-types', 'pvh.md');
    await writeFile(feature, `${await readFile(feature, 'utf8')}\nA new closing paragraph.\n`);
    expect((await cli(['build', '--today', TODAY, '--cache-dir', cacheDir], dir)).code).toBe(0);
    const after = read(file).entries;
    expect(Object.keys(after)).toHaveLength(Object.keys(before).length);
    const added = Object.keys(after).filter((k) => !(k in before));
    expect(added).toHaveLength(1);
    expect(after[added[0] ?? '']).toContain('A new closing paragraph.');
    const page = await readFile(path.join(dir, '_site', 'features', 'guest-types', 'pvh', 'index.html'), 'utf8');
    expect(page).toContain('A new closing paragraph.');
  });
});
