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
  /** The page of a matrix a matrix template renders. */
  matrixPage?: MatrixPage;
  /** The page of the overview or the sign-offs a template renders. */
  listPage?: OverviewPage | SignoffsPage;
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
  return data.arch ?? data.matrixPage?.arch;
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
  matrix: {
    // The current matrix: its first page is the front page, the rest `matrix/<n>/`.
    data: {
      layout: LAYOUT,
      pagination: { data: 'site.pages.matrix', size: 1, alias: 'matrixPage' },
      permalink: (data: TemplateData) => `${need(data.matrixPage, 'matrix page').path}index.html`,
      nav: 'matrix',
      script: true,
      eleventyComputed: { title: (data: TemplateData) => pageTitle(`${data.site.project.name} support matrix`, need(data.matrixPage, 'matrix page')) },
    },
    render: (data) => renderMatrix(data.site, page(data), { page: need(data.matrixPage, 'matrix page') }).value,
  },
  arch: {
    data: {
      layout: LAYOUT,
      pagination: { data: 'site.pages.arch', size: 1, alias: 'matrixPage' },
      permalink: (data: TemplateData) => `${need(data.matrixPage, 'matrix page').path}index.html`,
      nav: 'arch',
      script: true,
      eleventyComputed: { title: (data: TemplateData) => pageTitle(`Support on ${need(data.matrixPage?.arch, 'arch').name}`, need(data.matrixPage, 'matrix page')) },
    },
    render: (data) => {
      const matrixPage = need(data.matrixPage, 'matrix page');
      return renderMatrix(data.site, page(data), { arch: need(matrixPage.arch, 'arch'), page: matrixPage }).value;
    },
  },
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
  release: {
    // The full matrix as of each release read from git.
    data: {
      layout: LAYOUT,
      pagination: { data: 'site.pages.release', size: 1, alias: 'matrixPage' },
      permalink: (data: TemplateData) => `${need(data.matrixPage, 'matrix page').path}index.html`,
      nav: 'releases',
      script: true,
      eleventyComputed: { title: (data: TemplateData) => pageTitle(`Support matrix, release ${need(data.matrixPage?.matrix, 'release').release.name}`, need(data.matrixPage, 'matrix page')) },
    },
    render: (data) => {
      const matrixPage = need(data.matrixPage, 'matrix page');
      return renderMatrix(data.site, page(data), { matrix: need(matrixPage.matrix, 'release'), page: matrixPage }).value;
    },
  },
  releases: {
    // Release dates, then the overview's rows over as many pages as they need.
    data: {
      layout: LAYOUT,
      pagination: { data: 'site.overviewPages', size: 1, alias: 'listPage' },
      permalink: (data: TemplateData) => `${need(data.listPage, 'page').path}index.html`,
      nav: 'releases',
      script: true,
      eleventyComputed: { title: (data: TemplateData) => pageTitle('Releases', need(data.listPage, 'page')) },
    },
    render: (data) => renderReleases(data.site, page(data), need(data.listPage, 'page') as OverviewPage).value,
  },
  signoffs: {
    data: {
      layout: LAYOUT,
      pagination: { data: 'site.signoffPages', size: 1, alias: 'listPage' },
      permalink: (data: TemplateData) => `${need(data.listPage, 'page').path}index.html`,
      nav: 'signoffs',
      eleventyComputed: { title: (data: TemplateData) => pageTitle('Sign-offs', need(data.listPage, 'page')) },
    },
    render: (data) => renderSignoffs(data.site, page(data), need(data.listPage, 'page') as SignoffsPage).value,
  },
  statuses: {
    data: { layout: LAYOUT, permalink: 'statuses/index.html', nav: 'statuses', title: 'Status definitions' },
    render: (data) => renderStatuses(data.site, page(data)).value,
  },
} satisfies Record<string, Template>;
