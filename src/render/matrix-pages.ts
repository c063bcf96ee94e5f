// The pages of each matrix: the current one, each arch's and each release's
// are split into pages of at most `site.rows-per-page` rows (issue 16: at
// 10,000 features one page was 24 MB, and filtering it took a second).
// Sections keep project order across the pages; a feature's rows (its own,
// its variants' and its title row) are never split; every row of the matrix
// is on exactly one page.
import type { Arch } from '../types.js';
import { splitPages, type Grouping, type PageGroup, type Paging } from './paging.js';
import type { MatrixFeature, ReleaseRow, ReleaseSection, SiteMatrix, SiteSection } from './site-data.js';

/** One page of a matrix. */
export interface MatrixPage extends Paging {
  /** The arch of an arch's matrix. */
  arch?: Arch;
  /** The release of a release's matrix. */
  matrix?: SiteMatrix;
  /** The sections on this page, each with the features of it the page holds. */
  sections: PageSection[];
}

/** A section as one page holds it: `continued` when an earlier page holds its first features. */
export type PageSection = PageGroup<SiteSection<MatrixFeature>>;

/** The pages of every matrix a site shows. */
export interface MatrixPages {
  matrix: MatrixPage[];
  arch: MatrixPage[];
  release: MatrixPage[];
}

/** A feature takes its own and each variant's row (what the filter counts), and a title row when it has only variants. */
const sectionGrouping: Grouping<SiteSection<MatrixFeature>, MatrixFeature> = {
  key: (s) => s.anchor,
  name: (s) => s.name,
  items: (s) => s.features,
  withItems: (s, features) => ({ ...s, features }),
  weight: (f) => ({ counted: f.rows.length, table: f.rows.length + (f.rows[0]?.variant ? 1 : 0) }),
};

/**
 * Splits one matrix into pages of at most `rowsPerPage` table rows (a
 * feature with more rows than that gets a page of its own). `base` is the
 * first page's directory; page k is `<base>k/`, or `matrix/k/` for the
 * current matrix, whose first page is the site's front page.
 */
export function paginate(sections: ReadonlyArray<SiteSection<MatrixFeature>>, rowsPerPage: number, base: string, extra: Pick<MatrixPage, 'arch' | 'matrix'> = {}): MatrixPage[] {
  const pathOf = (number: number): string => (number === 1 ? base : base === '' ? `matrix/${number}/` : `${base}${number}/`);
  return splitPages(sections, rowsPerPage, sectionGrouping, pathOf).map(({ groups, ...paging }) => ({ ...paging, sections: groups, ...extra }));
}

/** The pages of the current matrix, of each arch's and of each release's. */
export function matrixPages(site: { sections: ReadonlyArray<SiteSection<MatrixFeature>>; matrices: readonly SiteMatrix[]; project: { architectures: readonly Arch[]; rowsPerPage: number } }): MatrixPages {
  const { rowsPerPage, architectures } = site.project;
  return {
    matrix: paginate(site.sections, rowsPerPage, ''),
    arch: architectures.flatMap((arch) => paginate(site.sections, rowsPerPage, `arch/${arch.id}/`, { arch })),
    release: site.matrices.flatMap((matrix) => paginate(matrix.sections, rowsPerPage, `releases/${matrix.slug}/`, { matrix })),
  };
}

/** One page of the Releases overview. */
export interface OverviewPage extends Paging {
  sections: Array<PageGroup<ReleaseSection>>;
}

/** The Releases overview in pages of at most `rowsPerPage` rows: `releases/`, then `overview/2/` (never under `releases/`, where a release's slug could be any name). */
export function overviewPagesOf(overview: readonly ReleaseSection[], rowsPerPage: number): OverviewPage[] {
  const grouping: Grouping<ReleaseSection, ReleaseRow> = {
    key: (s) => s.anchor,
    name: (s) => s.name,
    items: (s) => s.rows,
    withItems: (s, rows) => ({ ...s, rows }),
    weight: () => ({ counted: 1, table: 1 }),
  };
  return splitPages(overview, rowsPerPage, grouping, (n) => (n === 1 ? 'releases/' : `overview/${n}/`)).map(({ groups, ...paging }) => ({ ...paging, sections: groups }));
}
