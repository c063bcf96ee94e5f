// `support-matrix/eleventy` in an existing Eleventy 3 site: a small site of
// its own (a home page, its own layout) that adds the plugin, built by real
// Eleventy into a temporary directory.
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const run = promisify(execFile);
const plugin = pathToFileURL(path.join(repoRoot, 'dist/site/plugin.js')).href;

/** A site with a home page and the sample corpus in features/, its config adding the plugin with `options`; built, it returns the output directory. */
async function hostSite(options: Record<string, unknown>, extra: Record<string, string> = {}): Promise<string> {
  const dir = await tempDir();
  await cp(path.join(repoRoot, 'features'), path.join(dir, 'features'), { recursive: true });
  await writeFile(path.join(dir, 'index.md'), '---\ntitle: Kestrel\n---\n# The Kestrel project\n');
  await writeFile(
    path.join(dir, 'eleventy.config.js'),
    `import supportMatrix from ${JSON.stringify(plugin)};\nexport default function (eleventyConfig) {\n  eleventyConfig.addPlugin(supportMatrix, ${JSON.stringify({ today: TODAY, cwd: dir, ...options })});\n}\n`,
  );
  for (const [rel, text] of Object.entries(extra)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text);
  }
  // Run as a site runs Eleventy: in its own directory, a process of its own.
  const eleventy = pathToFileURL(path.join(repoRoot, 'node_modules/@11ty/eleventy/src/Eleventy.js')).href;
  const script = `const { Eleventy } = await import(${JSON.stringify(eleventy)});\nawait new Eleventy('.', '_site', { quietMode: true, configPath: 'eleventy.config.js' }).write();\n`;
  await run(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
  return path.join(dir, '_site');
}

describe('the Eleventy plugin', () => {
  it('adds the matrix, feature, arch, release, sign-off and status pages, the assets and the exports under the prefix, with links that stay there', async () => {
    const out = await hostSite({ features: 'features', pathPrefix: '/support/' });
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('The Kestrel project');
    for (const page of ['support/index.html', 'support/features/guest-types/pvh/index.html', 'support/arch/x86/index.html', 'support/releases/index.html', 'support/signoffs/index.html', 'support/statuses/index.html', 'support/assets/site.css', 'support/exports/support-matrix.json']) {
      expect(existsSync(path.join(out, page)), page).toBe(true);
    }
    // The feature files are the matrix's input, not pages of the site.
    expect(existsSync(path.join(out, 'features'))).toBe(false);
    // Every relative link of a feature page lands on a file the build wrote.
    const featureDir = path.join(out, 'support/features/guest-types/pvh');
    const html = await readFile(path.join(featureDir, 'index.html'), 'utf8');
    const links = [...html.matchAll(/(?:href|src)="((?:\.\.\/|\.\/)[^"#?]*)/g)].map((m) => m[1] ?? '');
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) {
      const target = path.resolve(featureDir, link);
      expect(existsSync(link.endsWith('/') ? path.join(target, 'index.html') : target), link).toBe(true);
    }
    const exported = JSON.parse(await readFile(path.join(out, 'support/exports/support-matrix.json'), 'utf8')) as { features: unknown[] };
    expect(exported.features.length).toBe(59);
  });

  it('renders each page inside the site’s own layout when given one', async () => {
    const out = await hostSite({ pathPrefix: '/docs/support/', layout: 'host.njk' }, { '_includes/host.njk': '<!doctype html><title>{{ title }} · Kestrel</title><header class="host-nav">Kestrel docs</header><main>{{ content | safe }}</main>\n' });
    const matrix = await readFile(path.join(out, 'docs/support/index.html'), 'utf8');
    expect(matrix).toContain('<header class="host-nav">Kestrel docs</header>');
    expect(matrix).toContain('id="matrix"');
    expect(matrix).toContain('<title>Kestrel Hypervisor support matrix · Kestrel</title>');
    const feature = await readFile(path.join(out, 'docs/support/features/guest-types/pvh/index.html'), 'utf8');
    expect(feature).toContain('<title>PVH guests · Kestrel</title>');
    expect(feature.match(/<html|<!doctype/gi)).toHaveLength(1);
  });

  it('fails the site’s build when the corpus has errors: no matrix is published that breaks the sign-off rule', async () => {
    const failing = hostSite({ features: 'features' }, { 'features/guest-types/new.md': '---\ntitle: New\nsection: Guest types\nstatus: Supported\n---\n' });
    await expect(failing).rejects.toThrow(/support-matrix: 1 error in features \(the first: features\/guest-types\/new\.md:4:9 /);
  });
});
