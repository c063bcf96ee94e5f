import { Html } from '../render/html.js';
import { rootFor } from '../render/pages/components.js';
import { renderFeature } from '../render/pages/feature.js';
import { layout, type LayoutOptions } from '../render/pages/layout.js';
import { renderMatrix } from '../render/pages/matrix.js';
import { renderReleases } from '../render/pages/releases.js';
import { renderSignoffs } from '../render/pages/signoffs.js';
import { renderStatuses } from '../render/pages/statuses.js';
import type { MatrixPage, OverviewPage } from '../render/matrix-pages.js';
import type { Paging } from '../render/paging.js';
import type { SignoffsPage } from '../render/signoff-pages.js';
import type { SiteData, SiteFeature, SiteMatrix } from '../render/site-data.js';
import type { Arch } from '../types.js';

/** What Eleventy passes to a JS template's `render`. */
export interface TemplateData {
  site: SiteData;
  page: { url: string };
  content?: string;
  title?: string;
  nav?: LayoutOptions['current'];
  script?: boolean;
  feature?: SiteFeature;
  arch?: Arch;
  matrix?: SiteMatrix;
  /** The page of a long page split into pages (a matrix, the Releases overview, the sign-offs) a template renders. */
  paged?: MatrixPage | OverviewPage | SignoffsPage;
}

/** An Eleventy JS template: front-matter-like `data` and a `render` function. */
export interface Template {
  data: Record<string, unknown>;
  render(data: TemplateData): string;
}

const LAYOUT = 'layouts/base.11ty.js';

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`template data lacks ${what}`);
  return value;
}

const page = (data: TemplateData): { root: string } => ({ root: rootFor(data.page.url) });

/** The arch a page is about: an arch's matrix page. */
function archOf(data: TemplateData): Arch | undefined {
  return data.arch ?? (data.paged && 'arch' in data.paged ? data.paged.arch : undefined);
}

/**
 * A template of a long page split into pages ({@link Paging}): one page per
 * entry of the site data at `list`, written at its `path`, titled with which
 * page it is when there is more than one.
 */
function pagedTemplate<P extends MatrixPage | OverviewPage | SignoffsPage>(list: string, nav: NonNullable<TemplateData['nav']>, script: boolean, title: (data: TemplateData, paged: P) => string, render: (data: TemplateData, paged: P) => Html): Template {
  const current = (data: TemplateData): P => need(data.paged, 'page') as P;
  return {
    data: {
      layout: LAYOUT,
      pagination: { data: list, size: 1, alias: 'paged' },
      permalink: (data: TemplateData) => `${current(data).path}index.html`,
      nav,
      script,
      eleventyComputed: { title: (data: TemplateData) => pageTitle(title(data, current(data)), current(data)) },
    },
    render: (data) => render(data, current(data)).value,
  };
}

/** A matrix page's title: the matrix's, and which page when it has more than one. */
function pageTitle(title: string, paging: Paging): string {
  return paging.pages.length > 1 ? `${title}, page ${paging.number} of ${paging.pages.length}` : title;
}

/** Page templates by name; `site/<name>.11ty.js` re-exports each. */
export const templates = {
  base: {
    data: {},
    render: (data) =>
      layout(data.site, page(data), {
        title: data.title ?? data.site.project.name,
        ...(data.nav ? { current: data.nav } : {}),
        ...(archOf(data) ? { arch: (archOf(data) as Arch).id } : {}),
        script: data.script === true,
        content: new Html(data.content ?? ''),
      }).value,
  },
  // The current matrix: its first page is the front page, the rest `matrix/<n>/`.
  matrix: pagedTemplate<MatrixPage>('site.pages.matrix', 'matrix', true, (data) => `${data.site.project.name} support matrix`, (data, p) => renderMatrix(data.site, page(data), p)),
  arch: pagedTemplate<MatrixPage>('site.pages.arch', 'arch', true, (_, p) => `Support on ${need(p.arch, 'arch').name}`, (data, p) => renderMatrix(data.site, page(data), p)),
  feature: {
    // One page per feature: the bulk of a large site. The template renders
    // the layout itself, without Eleventy's layout pass and computed data,
    // which were ≈ 0.7 s of a 10,000-feature build (same bytes out).
    data: {
      pagination: { data: 'site.features', size: 1, alias: 'feature' },
      permalink: (data: TemplateData) => `${need(data.feature, 'feature').url}index.html`,
    },
    render: (data) => {
      const feature = need(data.feature, 'feature');
      const where = page(data);
      return layout(data.site, where, { title: feature.title, current: 'feature', script: false, content: renderFeature(data.site, where, feature) }).value;
    },
  },
  // The full matrix as of each release read from git.
  release: pagedTemplate<MatrixPage>('site.pages.release', 'releases', true, (_, p) => `Support matrix, release ${need(p.matrix, 'release').release.name}`, (data, p) => renderMatrix(data.site, page(data), p)),
  // Release dates, then the overview's rows over as many pages as they need.
  releases: pagedTemplate<OverviewPage>('site.overviewPages', 'releases', true, () => 'Releases', (data, p) => renderReleases(data.site, page(data), p)),
  signoffs: pagedTemplate<SignoffsPage>('site.signoffPages', 'signoffs', false, () => 'Sign-offs', (data, p) => renderSignoffs(data.site, page(data), p)),
  statuses: {
    data: { layout: LAYOUT, permalink: 'statuses/index.html', nav: 'statuses', title: 'Status definitions' },
    render: (data) => renderStatuses(data.site, page(data)).value,
  },
} satisfies Record<string, Template>;
