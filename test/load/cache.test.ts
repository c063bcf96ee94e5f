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
});
