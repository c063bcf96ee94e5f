import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { serve } from '../../src/cli/commands/serve.js';
import { formatStylish } from '../../src/cli/formatters/stylish.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

describe('serve', () => {
  it('serves the site, rebuilds on change, and keeps the last good pages with the findings on top while check fails', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    let terminal = '';
    const server = await serve({
      cwd: dir,
      port: 0,
      today: TODAY,
      debounce: 50,
      log: (text) => (terminal += text),
      report: (list) => (terminal += formatStylish(list, { color: false, version: 'test' })),
    });
    try {
      const page = async (p: string): Promise<string> => (await fetch(new URL(p, server.url))).text();
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(await page('features/guest-types/pvh/')).toContain('<h1>PVH guests</h1>');

      const file = path.join(features, 'guest-types/pvh.md');
      const original = await readFile(file, 'utf8');
      let built = server.nextBuild();
      await writeFile(file, original.replace('title: PVH guests', 'title: PVH guests, renamed'));
      expect(await built).toEqual({ ok: true });
      expect(await page('features/guest-types/pvh/')).toContain('<h1>PVH guests, renamed</h1>');

      built = server.nextBuild();
      await writeFile(file, original.replace('title: PVH guests', 'title: PVH guests, broken').replace(/^status: Supported$/m, 'status: Supportd'));
      expect(await built).toEqual({ ok: false });
      const broken = await page('features/guest-types/pvh/');
      expect(broken).toContain('The last change does not pass check (1 problem)');
      expect(broken).toContain('<code>features/guest-types/pvh.md:5:9</code> Unexpected status `Supportd` (did you mean `Supported`?)');
      // Still the last good content underneath.
      expect(broken).toContain('<h1>PVH guests, renamed</h1>');
      expect(await page('')).toContain('The last change does not pass check');
      expect(terminal).toContain('features/guest-types/pvh.md:5:9  error  Unexpected status `Supportd`');
      expect(terminal).toContain('serving the last good pages with the findings on top');

      built = server.nextBuild();
      await writeFile(file, original);
      expect(await built).toEqual({ ok: true });
      const fixed = await page('features/guest-types/pvh/');
      expect(fixed).not.toContain('does not pass check');
      expect(fixed).toContain('<h1>PVH guests</h1>');
    } finally {
      await server.close();
    }
  });

  it('fills the prose cache on its first build, and takes prose from it', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const cacheFile = path.join(dir, 'cache', 'prose.json');
    const start = async () => serve({ cwd: dir, port: 0, today: TODAY, debounce: 50, proseCache: cacheFile, log: () => undefined, report: () => undefined });
    let server = await start();
    await server.close();
    const stored = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, string> };
    expect(Object.keys(stored.entries).length).toBeGreaterThan(50);
    // A marked entry shows up in the next server's pages: the prose came from the cache.
    const [key, html] = Object.entries(stored.entries)[0] ?? ['', ''];
    await writeFile(cacheFile, JSON.stringify({ ...stored, entries: { ...stored.entries, [key]: `${html}<p>FROM-THE-CACHE</p>` } }));
    server = await start();
    try {
      const site = path.join(dir, '_site', 'features');
      const pages = (await readdir(site, { recursive: true })).filter((p) => p.endsWith('.html'));
      const marked = await Promise.all(pages.map(async (p) => (await readFile(path.join(site, p), 'utf8')).includes('FROM-THE-CACHE')));
      expect(marked.filter(Boolean)).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
