// `build` writes the pages itself (src/site/pages.ts) instead of running
// Eleventy over the same templates (issue 16). The templates stay Eleventy
// templates (`site/*.11ty.js`, the plugin), so the two must never drift
// apart: real Eleventy renders the same site data with the package's own
// config, and every file of the two sites must be the same, byte for byte.
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Eleventy } from '@11ty/eleventy';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { siteOf, expectedPages } from '../../src/cli/commands/build.js';
import { writePages } from '../../src/cli/commands/site-files.js';
import { siteDirectory } from '../../src/site/eleventy.js';
import { countSitePages, sitePages } from '../../src/site/pages.js';
import type { SiteData } from '../../src/render/site-data.js';
import { copySample } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { sampleWithReleases } from '../helpers/release-sample.js';
import { snapshot } from '../helpers/site.js';

/** The site data of the corpus under `cwd` (features in `features/`), as `build` makes it. */
async function siteData(cwd: string): Promise<{ data: SiteData; files: Awaited<ReturnType<typeof siteOf>>['files'] }> {
  const result = await check({ cwd, today: TODAY });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return siteOf(result, { cwd, today: TODAY, revision: 'test' });
}

/** The same data through Eleventy 3, with the package's config, as `build` ran it before. */
async function eleventySite(out: string, data: SiteData): Promise<void> {
  const eleventy = new Eleventy(siteDirectory, out, {
    quietMode: true,
    configPath: path.join(siteDirectory, '..', '.eleventy.js'),
    config: (config: { addGlobalData(name: string, value: unknown): unknown }) => {
      config.addGlobalData('site', data);
    },
  });
  await eleventy.write();
}

async function sameAsEleventy(cwd: string): Promise<number> {
  const { data } = await siteData(cwd);
  const direct = path.join(cwd, 'direct');
  const eleventy = path.join(cwd, 'eleventy');
  const { pages } = await writePages(direct, data);
  await eleventySite(eleventy, data);
  const ours = await snapshot(direct);
  const theirs = await snapshot(eleventy);
  // The file lists first, for a readable failure; then every byte.
  expect(Object.keys(ours)).toEqual(Object.keys(theirs));
  expect(ours).toEqual(theirs);
  expect(pages).toBe(expectedPages(data));
  expect(countSitePages(data)).toBe(pages);
  return pages;
}

describe('pages written without Eleventy', () => {
  it('are byte for byte what Eleventy writes from the same templates: the sample in pages of 20 rows', async () => {
    const dir = await tempDir();
    await copySample(dir);
    await appendFile(path.join(dir, 'features', 'project.yml'), '\nsite:\n  rows-per-page: 20\n');
    const pages = await sameAsEleventy(dir);
    // Several pages of each matrix and of the sign-offs, besides one per feature.
    expect(pages).toBeGreaterThan(59 + 10);
  });

  it('are byte for byte what Eleventy writes from the same templates: two releases read from git, their matrices and the Releases overview', async () => {
    const dir = await tempDir();
    await sampleWithReleases(dir);
    const { data } = await siteData(dir);
    expect(data.pages.release.length).toBeGreaterThan(0);
    expect(data.overviewPages.length).toBeGreaterThan(0);
    await sameAsEleventy(dir);
  });

  it('name each page once, at a path inside the site', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const { data } = await siteData(dir);
    const paths = [...sitePages(data)].map((p) => p.path);
    expect(new Set(paths).size).toBe(paths.length);
    for (const p of paths) expect(p).toMatch(/^(?:[a-z0-9][a-z0-9._-]*\/)*index\.html$/);
  });

  it('refuse two files at one path instead of writing one over the other', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const { data } = await siteData(dir);
    const out = path.join(dir, 'out');
    await expect(writePages(out, data, [{ path: 'statuses/index.html', content: 'not the statuses page' }])).rejects.toThrow(/Two files of the site at statuses\/index\.html/);
    // The page written first is the one on disk: nothing was overwritten.
    expect(await readFile(path.join(out, 'statuses/index.html'), 'utf8')).toContain('Status definitions');
  });
});
