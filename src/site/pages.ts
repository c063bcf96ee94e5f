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
import type { SiteData } from '../render/site-data.js';
import { templates, type Template, type TemplateData } from './templates.js';

/** A page of the site: where it goes, and its HTML on demand. */
export interface SitePage {
  /** Site-relative file path (`matrix/2/index.html`). */
  path: string;
  /** The page's URL as templates see it (`/matrix/2/`). */
  url: string;
  render(): string;
}

/** The templates that are pages (the base layout is not). */
const PAGE_TEMPLATES: readonly Template[] = Object.entries(templates)
  .filter(([name]) => name !== 'base')
  .map(([, template]) => template);

/** Every page of the site of `data`, in template order, rendered only when asked. */
export function* sitePages(data: SiteData): Generator<SitePage> {
  for (const template of PAGE_TEMPLATES) yield* pagesOf(template, data);
}

/** The number of pages {@link sitePages} yields, without rendering any. */
export function countSitePages(data: SiteData): number {
  let count = 0;
  for (const template of PAGE_TEMPLATES) count += itemsOf(template, data)?.length ?? 1;
  return count;
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

function* pagesOf(template: Template, site: SiteData): Generator<SitePage> {
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
