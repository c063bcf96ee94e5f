import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SiteData } from '../render/site-data.js';

/** The parts of Eleventy's configuration API that the site uses. */
export interface EleventyConfig {
  addGlobalData(name: string, data: unknown): unknown;
  addPassthroughCopy(paths: Record<string, string>): unknown;
  setTemplateFormats(formats: string[]): unknown;
  addWatchTarget(target: string): unknown;
  setInputDirectory(dir: string): unknown;
  setOutputDirectory(dir: string): unknown;
  setIncludesDirectory(dir: string): unknown;
  /** Global data registered so far (Eleventy 3 `UserConfig.globalData`). */
  globalData?: Record<string, unknown>;
  /** Globs Eleventy skips (Eleventy 3 `UserConfig.ignores`). */
  ignores?: Set<string>;
  setUseGitIgnore?(use: boolean): unknown;
}

/** Eleventy's input directory: `site/` beside `src/` and `dist/`. */
export const siteDirectory = fileURLToPath(new URL('../../site/', import.meta.url));


/**
 * Configures Eleventy for the support-matrix site: templates are `*.11ty.js`
 * files in `site/` (pages render through typed functions in `dist/render/`),
 * assets are copied as they are, and the global `site` data holds the
 * resolved corpus. `data` is injected by the `build` command; when Eleventy
 * runs on its own (`npx @11ty/eleventy`), `load` supplies it.
 */
export function configureSite(eleventyConfig: EleventyConfig, load?: () => Promise<SiteData>): void {
  eleventyConfig.setTemplateFormats(['11ty.js']);
  // Installed, the templates sit under node_modules/, which Eleventy skips by
  // default (and which a project's .gitignore lists): the input is only the
  // package's site/, so neither applies to it.
  eleventyConfig.ignores?.delete('**/node_modules/**');
  eleventyConfig.setUseGitIgnore?.(false);
  eleventyConfig.setIncludesDirectory('_includes');
  eleventyConfig.addPassthroughCopy({ [path.join(siteDirectory, 'assets')]: 'assets' });
  // The build command registers `site` (and its own input and output
  // directories) before this config file runs; only a standalone run needs
  // both. Setting directories here would override the build's temp output.
  if (eleventyConfig.globalData?.['site'] === undefined && load) {
    eleventyConfig.addGlobalData('site', load);
    eleventyConfig.setInputDirectory('site');
    eleventyConfig.setOutputDirectory('_site');
  }
}
