import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, type FeatureCache } from '../../src/load/corpus.js';
import { copySample } from '../helpers/cli.js';
import { tempDir } from '../helpers/corpus.js';

describe('loadCorpus with a cache', () => {
  it('reuses the parse of unchanged files and parses changed ones again', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const cache: FeatureCache = new Map();
    const first = await loadCorpus('features', { cwd: dir, cache });
    const file = path.join(features, 'guest-types/pvh.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: PVH guests', 'title: PVH guests, changed'));
    const second = await loadCorpus('features', { cwd: dir, cache });
    const byId = (c: typeof first, id: string) => c.features.find((f) => f.id === id);
    // Unchanged: the very same object; changed: parsed again, with the new title.
    expect(byId(second, 'guest-types/hvm')).toBe(byId(first, 'guest-types/hvm'));
    expect(byId(second, 'guest-types/pvh')).not.toBe(byId(first, 'guest-types/pvh'));
    expect(byId(second, 'guest-types/pvh')?.data.title).toBe('PVH guests, changed');
    expect(second.features.length).toBe(first.features.length);
  });

  it('takes an unchanged inode, size and times for the same bytes only once the file has settled by both clocks, and reads a file changed in place again', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    const file = path.join(features, 'guest-types/pvh.md');
    const cache: FeatureCache = new Map();
    // Just written: too recent for its stamp to be trusted (the racy-git rule), so it will be read again.
    await loadCorpus('features', { cwd: dir, cache });
    expect(cache.get(file)?.stamp).toBeUndefined();
    // Settled: 3 s older than this machine's clock and than the newest file (the file system's clock), which another save moves on.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    await loadCorpus('features', { cwd: dir, cache });
    expect(cache.get(file)?.stamp, 'no file newer: the file system shows no later time').toBeUndefined();
    await writeFile(path.join(features, 'guest-types/hvm.md'), await readFile(path.join(features, 'guest-types/hvm.md'), 'utf8'));
    const settled = await loadCorpus('features', { cwd: dir, cache });
    expect(cache.get(file)?.stamp).toMatch(/^\d+:\d+:\d+:/);
    // Not read again while its stamp holds: what the cache says is what the load gives.
    const entry = cache.get(file);
    const marker = { ...settled.features.find((f) => f.id === 'guest-types/pvh'), id: 'marker' } as NonNullable<typeof entry>['result']['feature'];
    if (entry && marker) cache.set(file, { ...entry, result: { feature: marker, diagnostics: [] } });
    expect((await loadCorpus('features', { cwd: dir, cache })).features.some((f) => f.id === 'marker')).toBe(true);
    // Rewritten in place with the same size: its change time moved, so it is read and parsed again.
    const text = await readFile(file, 'utf8');
    const same = text.replace('title: PVH guests', 'title: PVH guestz');
    expect(same.length).toBe(text.length);
    await writeFile(file, same);
    const after = await loadCorpus('features', { cwd: dir, cache });
    expect(after.features.some((f) => f.id === 'marker')).toBe(false);
    expect(after.features.find((f) => f.id === 'guest-types/pvh')?.data.title).toBe('PVH guestz');
    expect(cache.get(file)?.stamp).toBeUndefined();
  });
});
