// The pages of each matrix: the current one, each arch's and each release's
// are split into pages of at most `site.rows-per-page` rows (issue 16: at
// 10,000 features one page was 24 MB, and filtering it took a second).
// Sections keep project order across the pages; a feature's rows (its own,
// its variants' and its title row) are never split; every row of the matrix
// is on exactly one page.
import type { Arch } from '../types.js';
import type { MatrixFeature, SiteMatrix, SiteSection } from './site-data.js';

/** One page of a matrix. */
export interface MatrixPage {
  /** Site-relative directory of the page: `` for the first page of the current matrix, `matrix/2/`, `arch/x86/`, `releases/4-19/3/`. */
  path: string;
  /** The arch of an arch's matrix. */
  arch?: Arch;
  /** The release of a release's matrix. */
  matrix?: SiteMatrix;
  /** 1-based. */
  number: number;
  /** The sections on this page, each with the features of it the page holds. */
  sections: Array<PageSection>;
  /** Rows (own and variant, as the filter counts them) before this page, on it, and in the whole matrix. */
  rowsBefore: number;
  rows: number;
  totalRows: number;
  /** Every page of the same matrix, this one included, for the pager. */
  pages: PageLink[];
}

/** A section as one page holds it: `continued` when an earlier page holds its first features. */
export interface PageSection extends SiteSection<MatrixFeature> {
  continued: boolean;
}

/** A page as the pager links it. */
export interface PageLink {
  number: number;
  path: string;
  /** The section its first row is in. */
  first: string;
}

/** The pages of every matrix a site shows. */
export interface MatrixPages {
  matrix: MatrixPage[];
  arch: MatrixPage[];
  release: MatrixPage[];
}

/** Rows a feature puts in a table: its own and each variant's (what the filter counts), and a title row when it has only variants. */
function rowsOf(feature: MatrixFeature): { counted: number; table: number } {
  const counted = feature.rows.length;
  return { counted, table: counted + (feature.rows[0]?.variant ? 1 : 0) };
}

/**
 * Splits one matrix into pages of at most `rowsPerPage` table rows (a
 * feature with more rows than that gets a page of its own). `base` is the
 * first page's directory; page k is `<base>k/`, or `matrix/k/` for the
 * current matrix, whose first page is the site's front page.
 */
export function paginate(sections: ReadonlyArray<SiteSection<MatrixFeature>>, rowsPerPage: number, base: string, extra: Pick<MatrixPage, 'arch' | 'matrix'> = {}): MatrixPage[] {
  const chunks: Array<{ sections: PageSection[]; rows: number; table: number }> = [];
  let current: { sections: PageSection[]; rows: number; table: number } | undefined;
  for (const section of sections) {
    if (section.features.length === 0) continue;
    let holder: PageSection | undefined;
    for (const feature of section.features) {
      const { counted, table } = rowsOf(feature);
      if (current === undefined || (current.table > 0 && current.table + table > rowsPerPage)) {
        current = { sections: [], rows: 0, table: 0 };
        chunks.push(current);
        holder = undefined;
      }
      if (holder === undefined) {
        const continued = chunks.some((c) => c !== current && c.sections.some((s) => s.anchor === section.anchor));
        holder = { ...section, features: [], continued };
        current.sections.push(holder);
      }
      holder.features.push(feature);
      current.rows += counted;
      current.table += table;
    }
  }
  if (chunks.length === 0) chunks.push({ sections: [], rows: 0, table: 0 });
  const pathOf = (number: number): string => (number === 1 ? base : base === '' ? `matrix/${number}/` : `${base}${number}/`);
  const totalRows = chunks.reduce((sum, c) => sum + c.rows, 0);
  const links: PageLink[] = chunks.map((c, i) => ({ number: i + 1, path: pathOf(i + 1), first: c.sections[0]?.name ?? '' }));
  let before = 0;
  return chunks.map((c, i) => {
    const page: MatrixPage = { path: pathOf(i + 1), number: i + 1, sections: c.sections, rowsBefore: before, rows: c.rows, totalRows, pages: links, ...extra };
    before += c.rows;
    return page;
  });
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
