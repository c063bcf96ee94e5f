// The site's pages without Eleventy (issue 16). `build` and `serve` write
// the pages of `templates` themselves: every page is rendered in code, and
// Eleventy's per-page work (data cascade, pagination objects, computed data,
// its write queue holding every page until the end) was most of a
// 10,000-feature build and of its memory. The same template objects stay
// Eleventy templates (`site/*.11ty.js`, the plugin); this module reads
// their `data` exactly as Eleventy does for what they use — pagination of
// size 1 over site data, a permalink function or string, computed titles,
// the base layout — so the bytes are the same, which a test checks against
// Eleventy's own output.
import type { MatrixPage } from '../render/matrix-pages.js';
import type { SiteData, SiteFeature } from '../render/site-data.js';
import { templates, type Template, type TemplateData } from './templates.js';

/** A page of the site: where it goes, and its HTML on demand. */
export interface SitePage {
  /** Site-relative file path (`matrix/2/index.html`). */
  path: string;
  /** The page's URL as templates see it (`/matrix/2/`). */
  url: string;
  render(): string;
  /**
   * Everything the page's bytes are made of, for the pages of one feature
   * and of a matrix (undefined for the others): when every part is the
   * same (`===`) as when the page was last rendered, its bytes are the
   * same, and `serve` does not render it again ({@link pageInputs}).
   */
  inputs(): readonly unknown[] | undefined;
}

/** The templates that are pages (the base layout is not), with their names. */
const PAGE_TEMPLATES: ReadonlyArray<readonly [string, Template]> = Object.entries(templates).filter(([name]) => name !== 'base');

/** Every page of the site of `data`, in template order, rendered only when asked. */
export function* sitePages(data: SiteData): Generator<SitePage> {
  for (const [name, template] of PAGE_TEMPLATES) yield* pagesOf(name, template, data);
}

/** The number of pages {@link sitePages} yields, without rendering any. */
export function countSitePages(data: SiteData): number {
  let count = 0;
  for (const [, template] of PAGE_TEMPLATES) count += itemsOf(template, data)?.length ?? 1;
  return count;
}

/**
 * What every page reads of the site data besides its own item: the
 * project and the roster (objects: `serve` keeps them while their files
 * are unchanged), and as one string the date, revision, findings,
 * downloads, releases, sections with where each begins, and each release
 * matrix's name. Made once per site data.
 */
const siteWide = new WeakMap<SiteData, readonly unknown[]>();
function siteInputs(site: SiteData): readonly unknown[] {
  let inputs = siteWide.get(site);
  if (inputs === undefined) {
    const text = JSON.stringify([
      site.today,
      site.revision ?? null,
      site.currentLabel,
      site.problems ?? null,
      site.downloads,
      site.releases,
      site.sections.map((s) => [s.name, s.anchor, s.depth, s.description ?? null]),
      site.sectionPages,
      site.matrices.map((m) => [m.slug, m.label, m.release]),
    ]);
    inputs = [text, site.project, site.roster];
    siteWide.set(site, inputs);
  }
  return inputs;
}

/** A matrix page's inputs: where it sits among its pages, its arch or release, and each section's heading and feature objects. */
function matrixPageInputs(site: SiteData, page: MatrixPage): readonly unknown[] {
  const place = JSON.stringify([page.path, page.number, page.rowsBefore, page.rows, page.totalRows, page.pages, page.arch?.id ?? null, page.matrix?.slug ?? null]);
  return [...siteInputs(site), place, ...page.sections.flatMap((s) => [JSON.stringify([s.name, s.anchor, s.depth, s.continued]), ...s.features])];
}

/**
 * The inputs of the page of `item` made by the template `name` (see
 * {@link SitePage.inputs}): for a feature page, the feature's view (never
 * changed once made: one with a history of releases is a new object on
 * every call); for a page of a matrix, {@link matrixPageInputs}. Undefined
 * for the other pages, which are always rendered.
 */
export function pageInputs(name: string, site: SiteData, item: unknown): readonly unknown[] | undefined {
  switch (name) {
    case 'feature':
      return [...siteInputs(site), item as SiteFeature];
    case 'matrix':
    case 'arch':
    case 'release':
      return matrixPageInputs(site, item as MatrixPage);
    default:
      return undefined;
  }
}

interface Pagination {
  data: string;
  size: number;
  alias: string;
}

function paginationOf(template: Template): Pagination | undefined {
  const pagination = template.data['pagination'] as Pagination | undefined;
  if (pagination === undefined) return undefined;
  // Only what the templates use; anything else would need Eleventy's semantics.
  if (pagination.size !== 1 || !pagination.data.startsWith('site.')) throw new Error(`unsupported pagination ${JSON.stringify(pagination)}: pages of one item of site data only`);
  return pagination;
}

/** The list a paginated template makes one page of each item of; undefined for a single page. */
function itemsOf(template: Template, data: SiteData): readonly unknown[] | undefined {
  const pagination = paginationOf(template);
  if (pagination === undefined) return undefined;
  let value: unknown = { site: data };
  for (const key of pagination.data.split('.')) value = (value as Record<string, unknown>)[key];
  if (!Array.isArray(value)) throw new Error(`pagination data ${pagination.data} is not a list`);
  return value;
}

function* pagesOf(name: string, template: Template, site: SiteData): Generator<SitePage> {
  const pagination = paginationOf(template);
  const items = itemsOf(template, site) ?? [undefined];
  const { pagination: _, permalink, eleventyComputed, layout, ...own } = template.data;
  for (const item of items) {
    const base = { ...own, site, page: { url: '' } } as TemplateData & Record<string, unknown>;
    if (pagination !== undefined) base[pagination.alias] = item;
    const file = typeof permalink === 'function' ? String((permalink as (d: TemplateData) => unknown)(base)) : String(permalink);
    const url = urlOf(file);
    base.page = { url };
    yield {
      path: file,
      url,
      inputs: () => pageInputs(name, site, item),
      render: () => {
        const data = { ...base };
        for (const [key, compute] of Object.entries((eleventyComputed ?? {}) as Record<string, (d: TemplateData) => unknown>)) data[key] = compute(data);
        const content = template.render(data);
        return layout === undefined ? content : templates.base.render({ ...data, content });
      },
    };
  }
}

/** Eleventy's `page.url` of an output path: `index.html` files are their directory. */
function urlOf(file: string): string {
  if (file.startsWith('/') || file.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new Error(`unexpected page path ${file}`);
  return `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
}
