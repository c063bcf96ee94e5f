import { execFileSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build, expectedPages } from '../../src/cli/commands/build.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { buildSiteData } from '../../src/render/site-data.js';
import { CONTENT_SECURITY_POLICY } from '../../src/render/pages/layout.js';
import { cli, copySample, repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';
import { snapshot } from '../helpers/site.js';

describe('build of the sample corpus', () => {
  let dir: string;
  let site: string;
  let files: Record<string, string>;
  let pageCount: number;

  beforeAll(async () => {
    dir = await tempDir();
    await copySample(dir);
    const result = await build({ cwd: dir, out: '_site', today: TODAY, revision: 'test' });
    expect(result.written).toBe(true);
    pageCount = result.pages;
    site = result.out;
    files = await snapshot(site);
  });

  it('renders exactly the pages the site needs, the count a build checks before it swaps the site in', async () => {
    const html = Object.keys(files).filter((f) => f.endsWith('.html'));
    expect(pageCount).toBe(html.length);
    const corpus = await loadCorpus('features', { cwd: dir });
    expect(expectedPages(buildSiteData(corpus, { today: TODAY }))).toBe(html.length);
  });

  it('writes every page type', () => {
    for (const page of ['index.html', 'signoffs/index.html', 'statuses/index.html', 'arch/x86/index.html', 'arch/arm/index.html', 'arch/riscv/index.html', 'features/guest-types/pvh/index.html', 'assets/site.css', 'assets/matrix.js']) {
      expect(Object.keys(files)).toContain(page);
    }
    expect(Object.keys(files).filter((f) => f.startsWith('features/')).length).toBeGreaterThanOrEqual(40);
  });

  it('resolves every internal link and fragment', async () => {
    const pages = Object.keys(files).filter((f) => f.endsWith('.html'));
    const ids = new Map<string, Set<string>>();
    const text = new Map<string, string>();
    for (const page of pages) {
      const html = await readFile(path.join(site, page), 'utf8');
      text.set(page, html);
      ids.set(page, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1] ?? '')));
    }
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      for (const match of (text.get(page) ?? '').matchAll(/\s(?:href|src)="([^"]*)"/g)) {
        const raw = (match[1] ?? '').replace(/&amp;/g, '&');
        if (/^(https?:|mailto:|data:)/.test(raw)) continue;
        const url = new URL(raw, `http://site/${page}`);
        let target = decodeURIComponent(url.pathname.slice(1));
        if (target === '' || target.endsWith('/')) target += 'index.html';
        checked++;
        if (!(target in files)) {
          broken.push(`${page}: ${raw} (no ${target})`);
          continue;
        }
        const fragment = decodeURIComponent(url.hash.slice(1));
        if (fragment !== '' && !ids.get(target)?.has(fragment)) broken.push(`${page}: ${raw} (no #${fragment} in ${target})`);
      }
    }
    expect(broken).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  });

  it('keeps the matrix page under 200 KB of HTML and the script under 15 KB', async () => {
    expect((await stat(path.join(site, 'index.html'))).size).toBeLessThan(200 * 1024);
    expect((await stat(path.join(site, 'assets/matrix.js'))).size).toBeLessThan(15 * 1024);
  });

  it('gives every page the Content-Security-Policy and loads no inline script', async () => {
    for (const page of Object.keys(files).filter((f) => f.endsWith('.html'))) {
      const html = await readFile(path.join(site, page), 'utf8');
      const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
      expect(csp, page).toBe(CONTENT_SECURITY_POLICY);
      expect(csp).toContain("script-src 'self';");
      expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    }
  });

  it('is byte-identical when built again from the same input', async () => {
    const again = await build({ cwd: dir, out: '_site2', today: TODAY, revision: 'test' });
    expect(await snapshot(again.out)).toEqual(files);
  });
});

describe('a build whose check fails', () => {
  it('exits 1, writes nothing, and leaves the previous site byte-identical', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    expect((await cli(['build', '--today', TODAY, '--revision', 'one'], dir)).code).toBe(0);
    const before = await snapshot(path.join(dir, '_site'));

    const file = path.join(features, 'scheduling/fairshare.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/(  riscv:\n    status: )Experimental/, '$1Supported'));
    const result = await cli(['build', '--today', TODAY, '--revision', 'two'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('supported-requires-signoff');
    expect(result.stderr).toContain('not built: fix the errors above; _site was left as it was');
    expect(await snapshot(path.join(dir, '_site'))).toEqual(before);
    expect((await readdir(dir)).filter((name) => name.includes('building'))).toEqual([]);
  });

  it('does not create an output directory at all when there was none', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await writeFile(path.join(features, 'broken.md'), '---\ntitle: Broken\n');
    expect((await cli(['build', '--today', TODAY], dir)).code).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['features']);
  });
});

describe('an interrupted build', () => {
  it('restores the previous site that a killed build had renamed aside, before building', async () => {
    const dir = await tempDir();
    const features = await copySample(dir);
    await build({ cwd: dir, today: TODAY, revision: 'one' });
    const before = await snapshot(path.join(dir, '_site'));
    // The state a kill between the two renames leaves behind.
    await rename(path.join(dir, '_site'), path.join(dir, '._site.building-0123456789ab.old'));
    await writeFile(path.join(features, 'broken.md'), '---\ntitle: Broken\n');
    // Even a build whose check fails puts the previous site back.
    const failed = await build({ cwd: dir, today: TODAY, revision: 'two' });
    expect(failed.written).toBe(false);
    expect((await readdir(dir)).sort()).toEqual(['_site', 'features']);
    expect(await snapshot(path.join(dir, '_site'))).toEqual(before);
  });
});

describe('build output', () => {
  it('shows the revision in the footer and the edit links from project.yml', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const result = await build({ cwd: dir, today: TODAY, revision: 'abc123' });
    const page = await readFile(path.join(result.out, 'features/guest-types/pvh/index.html'), 'utf8');
    expect(page).toContain('built from revision <code>abc123</code>');
    expect(page).toContain('href="https://git.example.org/kestrel/kestrel/-/edit/main/features/guest-types/pvh.md"');
    expect(page).toMatch(/href="https:\/\/git\.example\.org\/kestrel\/kestrel\/-\/issues\/new\?[^"]*"[^>]*>Propose a status change</);
  });
});

describe('build into a directory whose parent does not exist yet', () => {
  it('creates the parents, and a failing build creates nothing', async () => {
    const dir = await tempDir();
    await copySample(dir);
    const failing = await cli(['build', 'no-such-dir', '--out', 'never/made/_site'], dir);
    expect(failing.code).toBe(2);
    await expect(stat(path.join(dir, 'never'))).rejects.toThrow();
    const run = await cli(['build', '--today', TODAY, '--out', 'deep/er/_site'], dir);
    expect(run.code, run.stderr).toBe(0);
    expect((await stat(path.join(dir, 'deep', 'er', '_site', 'index.html'))).isFile()).toBe(true);
    expect((await readdir(path.join(dir, 'deep', 'er'))).sort()).toEqual(['_site']);
  });
});

describe('edit links', () => {
  it("name the feature file's path from the repository root, wherever build runs (never the local directory layout)", async () => {
    const dir = await tempDir();
    const repo = path.join(dir, 'repo');
    await mkdir(path.join(repo, 'docs'), { recursive: true });
    await cp(path.join(repoRoot, 'features'), path.join(repo, 'docs', 'features'), { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    const result = await build({ cwd: elsewhere, dir: '../repo/docs/features', out: '../site', today: TODAY, revision: 'test' });
    expect(result.written).toBe(true);
    const page = await readFile(path.join(dir, 'site/features/guest-types/pvh/index.html'), 'utf8');
    expect(page).toContain('href="https://git.example.org/kestrel/kestrel/-/edit/main/docs/features/guest-types/pvh.md"');
    expect(page).not.toContain('../repo');
    expect(page).not.toContain(dir);

    // Outside git: from the features directory's parent.
    const plain = path.join(dir, 'plain');
    await mkdir(plain);
    await cp(path.join(repoRoot, 'features'), path.join(plain, 'features'), { recursive: true });
    await build({ cwd: elsewhere, dir: '../plain/features', out: '../plain-site', today: TODAY, revision: 'test' });
    expect(await readFile(path.join(dir, 'plain-site/features/guest-types/pvh/index.html'), 'utf8')).toContain('/-/edit/main/features/guest-types/pvh.md"');
  });
});
