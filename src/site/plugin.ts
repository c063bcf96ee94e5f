// `support-matrix/eleventy`: the support-matrix pages inside an existing
// Eleventy 3 site, under a path prefix, with the site's own layout if it
// has one:
//
//   import supportMatrix from 'support-matrix/eleventy';
//   export default function (eleventyConfig) {
//     eleventyConfig.addPlugin(supportMatrix, { features: 'features', pathPrefix: '/support/' });
//   }
//
// The corpus is checked first, exactly as `support-matrix check` checks it:
// a corpus with errors fails the Eleventy build, so the site never publishes
// a matrix that breaks the sign-off rule.
import path from 'node:path';
import { check } from '../cli/commands/check.js';
import { siteOf, type SiteFile } from '../cli/commands/build.js';
import { gitRevision } from '../load/git-revision.js';
import { renderFeature } from '../render/pages/feature.js';
import { rootFor } from '../render/pages/components.js';
import type { SiteData } from '../render/site-data.js';
import { siteDirectory } from './eleventy.js';
import { templates, type Template, type TemplateData } from './templates.js';

/** Options of the plugin. */
export interface SupportMatrixPluginOptions {
  /** The features directory, relative to `cwd` (default `features`). */
  features?: string;
  /** Where the pages go in the site (default `/support/`). */
  pathPrefix?: string;
  /** A layout of the site (e.g. `base.njk`) to render each page's content in; default: support-matrix's own page frame. */
  layout?: string;
  /** The build date for sign-off ages and release states (YYYY-MM-DD); default: today. */
  today?: string;
  /** The directory `features` is relative to (default: the working directory). */
  cwd?: string;
}

/** The parts of Eleventy 3's configuration API the plugin uses. */
export interface PluginConfig {
  addTemplate(virtualPath: string, content: unknown, data?: Record<string, unknown>): unknown;
  addPassthroughCopy(paths: Record<string, string>): unknown;
  addTemplateFormats?(formats: string): unknown;
  /** Globs the site skips (Eleventy 3 `ignores`). */
  ignores?: Set<string>;
}

/** The pages and export files of a checked corpus, made once per Eleventy run. */
interface Loaded {
  site: SiteData;
  files: SiteFile[];
}

/** The data key the pages' site data is under. */
const SITE_KEY = 'supportMatrixSite';

/** `/support/` → `support/`; `/` → ``. */
function prefixOf(pathPrefix: string): string {
  const trimmed = pathPrefix.replace(/^\/+|\/+$/g, '');
  if (trimmed.split('/').some((part) => part === '..' || part === '.')) throw new Error(`support-matrix plugin: unexpected pathPrefix \`${pathPrefix}\`; give a path such as /support/`);
  return trimmed === '' ? '' : `${trimmed}/`;
}

/** Adds the support-matrix pages, assets and exports to an Eleventy 3 site. */
export default function supportMatrix(eleventyConfig: PluginConfig, options: SupportMatrixPluginOptions = {}): void {
  const prefix = prefixOf(options.pathPrefix ?? '/support/');
  const cwd = options.cwd ?? process.cwd();
  const features = options.features ?? 'features';
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  let loaded: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> =>
    (loaded ??= (async () => {
      const result = await check({ cwd, dir: features, today });
      const errors = result.diagnostics.filter((d) => d.severity === 'error');
      if (errors.length > 0) {
        const first = errors[0];
        throw new Error(`support-matrix: ${errors.length} ${errors.length === 1 ? 'error' : 'errors'} in ${features} (the first: ${first?.file}:${first?.line}:${first?.column} ${first?.message}); run \`support-matrix check ${features}\` and fix them`);
      }
      const { data, files } = await siteOf(result, { cwd, today, revision: await gitRevision(result.corpus.root) });
      return { site: data, files };
    })());

  eleventyConfig.addTemplateFormats?.('11ty.js');
  // The feature files are the matrix's input, not pages of the site (when they sit inside its input directory).
  // Eleventy reads ignores relative to the directory it runs in.
  const ignored = path.relative(process.cwd(), path.resolve(cwd, features)).split(path.sep).join('/');
  if (ignored !== '' && !ignored.startsWith('..')) eleventyConfig.ignores?.add(`${ignored}/**`);
  eleventyConfig.addPassthroughCopy({ [path.join(siteDirectory, 'assets')]: `${prefix}assets` });
  // Each page's links are relative to the prefix, as they are to the root of a site of its own.
  const local = (data: TemplateData): TemplateData => ({ ...data, page: { ...data.page, url: `/${data.page.url.replace(/^\//, '').slice(prefix.length)}` } });
  const pages: Array<[string, Template]> = [
    ['matrix', templates.matrix],
    ['arch', templates.arch],
    ['feature', templates.feature],
    ['release', templates.release],
    ['releases', templates.releases],
    ['signoffs', templates.signoffs],
    ['statuses', templates.statuses],
  ];
  for (const [name, template] of pages) {
    const own = template.data as Record<string, unknown>;
    const permalink = own['permalink'];
    eleventyConfig.addTemplate(`support-matrix/${name}.11ty.js`, {
      data: async (): Promise<Record<string, unknown>> => {
        const { site } = await load();
        // Under a key of its own: the site's `site` data (its layouts use it) stays the site's.
        const data: Record<string, unknown> = { ...own, [SITE_KEY]: site, permalink: typeof permalink === 'function' ? (d: TemplateData) => `${prefix}${String(permalink(d))}` : `${prefix}${String(permalink)}` };
        // Computed data reads the pages' site data where the plugin keeps it.
        // Not a spread copy: Eleventy first runs these with a proxy that
        // records what they read, and a copy would read nothing through it.
        const computed = own['eleventyComputed'] as Record<string, (d: TemplateData) => unknown> | undefined;
        if (computed) {
          const withSite = (d: TemplateData & { [SITE_KEY]?: SiteData }): TemplateData => Object.assign(Object.create(d) as TemplateData, { site: d[SITE_KEY] as SiteData });
          data['eleventyComputed'] = Object.fromEntries(Object.entries(computed).map(([key, f]) => [key, (d: TemplateData & { [SITE_KEY]?: SiteData }) => f(withSite(d))]));
        }
        const pagination = own['pagination'] as { data: string } | undefined;
        if (pagination) data['pagination'] = { ...pagination, data: pagination.data.replace(/^site\./, `${SITE_KEY}.`) };
        delete data['layout'];
        if (options.layout !== undefined) data['layout'] = options.layout;
        if (name === 'feature') data['eleventyComputed'] = { title: (d: TemplateData) => d.feature?.title ?? '' };
        // A title for the site's layout on every page (the matrix's is the project's).
        if (data['title'] === undefined && data['eleventyComputed'] === undefined) data['title'] = `${site.project.name} support matrix`;
        return data;
      },
      render: (data: TemplateData & { [SITE_KEY]?: SiteData }): string => {
        const here = { ...local(data), site: data[SITE_KEY] as SiteData };
        if (options.layout !== undefined) {
          // The site's layout frames the content: the feature template's own frame is left out.
          if (name === 'feature' && here.feature) return renderFeature(here.site, { root: rootFor(here.page.url) }, here.feature).value;
          return template.render(here);
        }
        return name === 'feature' ? template.render(here) : templates.base.render({ ...here, content: template.render(here) });
      },
    });
  }
  // The exports the pages link to (JSON, CSV, SUPPORT.md, feeds, per release), as files of the site.
  eleventyConfig.addTemplate('support-matrix/exports.11ty.js', {
    data: async (): Promise<Record<string, unknown>> => ({
      supportMatrixFiles: (await load()).files,
      pagination: { data: 'supportMatrixFiles', size: 1, alias: 'supportMatrixFile' },
      permalink: (d: { supportMatrixFile: SiteFile }) => `${prefix}${d.supportMatrixFile.path}`,
      eleventyExcludeFromCollections: true,
    }),
    render: (d: { supportMatrixFile: SiteFile }): string => d.supportMatrixFile.content,
  });
}
