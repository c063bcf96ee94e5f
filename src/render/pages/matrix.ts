import { CSV_COLUMNS } from '../../export/csv.js';
import { RELEASE_STATE_WORDS } from '../../model/vocabulary.js';
import type { Arch } from '../../types.js';
import { html, jsonAttribute, type Html } from '../html.js';
import type { MatrixPage } from '../matrix-pages.js';
import { releaseDownloads, type MatrixFeature, type SiteData, type SiteMatrix, type SiteRow } from '../site-data.js';
import { archHeaders, cellContent, cellData, count, pager, stateBadge, type PageContext } from './components.js';

/**
 * One page of a support matrix ({@link MatrixPage}): sections in project
 * order, a row per feature and per variant (a feature with only variants
 * gets a title row), a column per arch, every cell with its own reading. The full table and every link are
 * plain HTML; the filter form stays hidden until the script shows it.
 */
export function renderMatrix(site: SiteData, ctx: PageContext, page: MatrixPage): Html {
  // Which matrix: the working tree's or a release's, all arches or one.
  const { arch, matrix } = page;
  const arches = arch ? [arch] : site.project.architectures;
  const columns = arches.length + 1;
  const where = matrix ? ` in release ${matrix.release.name}` : '';
  const intro = arch
    ? html`<h1>Support on ${arch.name}</h1><p>Every feature's status and security support on ${arch.name}. See the <a href="${ctx.root}">full matrix</a> for all architectures.</p>`
    : matrix
      ? html`<h1>${site.project.name} support matrix, release ${matrix.release.name}</h1><p>Every feature's status and security support${where}, as its git ref <code>${matrix.release.ref}</code> states it, judged on ${site.today}: the release is ${RELEASE_STATE_WORDS[matrix.release.state]}.</p>`
      : html`<h1>${site.project.name} support matrix</h1><p>Which features are supported, and security supported, on which architecture. Each cell gives the status (linked to its definition) and the security support in words.</p>`;
  const paged = page.pages.length > 1;
  const downloads = matrix ? releaseDownloads(site, matrix.slug) : site.downloads.current;
  return html`${intro}
${releaseSelector(site, ctx, matrix)}
${filters(site, ctx, arch, matrix, paged ? page : undefined)}
${paged ? pager(ctx, page, 'above', 'rows', 'this matrix') : ''}
${downloads.length > 0 ? html`<p class="downloads">Download${where}: ${downloads.map((d, i) => html`${i > 0 ? ' · ' : ''}<a href="${ctx.root}${d.path}">${d.label}</a>`)}</p>` : ''}
${legend()}
<div class="table-wrap">
<table class="matrix stackable" id="matrix"${paged ? html` data-page="${page.number}" data-pages="${page.pages.length}"` : ''} ${jsonAttribute('data-csv-columns', CSV_COLUMNS)} data-csv-name="${matrix ? `support-matrix-${matrix.slug}.csv` : 'support-matrix.csv'}" data-csv-release="${matrix ? matrix.label : site.currentLabel}">
<caption class="visually-hidden">Features by architecture${where}</caption>
<thead><tr><th scope="col">Feature</th>${archHeaders(arches)}</tr></thead>
${page.sections.map(
  (section) => html`<tbody id="${section.anchor}" class="section depth-${section.depth}">
<tr class="section-head"><th colspan="${columns}" scope="colgroup"><a class="section-link" href="#${section.anchor}">${section.name.split('/').join(' › ')}</a>${section.continued ? ' (continued)' : ''}</th></tr>
${section.features.flatMap((f) => [...(f.rows[0]?.variant ? [titleRow(ctx, f, arches.length)] : []), ...f.rows.map((row) => renderRow(site, ctx, f, row, arches))])}
</tbody>`,
)}
</table>
</div>
${paged ? pager(ctx, page, 'below', 'rows', 'this matrix') : ''}`;
}

/** Links to the matrix of the working tree and of every release read: plain links, so they work without the script. */
function releaseSelector(site: SiteData, ctx: PageContext, matrix: SiteMatrix | undefined): Html | string {
  if (site.matrices.length === 0) return '';
  const link = (href: string, label: string, current: boolean): Html => html`<li><a href="${ctx.root}${href}"${current ? html` aria-current="page"` : ''}>${label}</a></li>`;
  return html`<nav class="release-select" aria-label="Release"><ul><li class="label">Release:</li>${link('', 'current (working tree)', matrix === undefined)}${site.matrices.map((m) => link(`releases/${m.slug}/`, m.release.name, matrix === m))}</ul></nav>`;
}

/** The legend, right above the table it explains. */
function legend(): Html {
  return html`<p class="legend">Cells: ${stateBadge('not-applicable')} to the architecture · ${stateBadge('not-implemented')} yet on it · ${stateBadge('unknown')} whether it applies · ${stateBadge('no-status')}: applies, no status given · a status with ${stateBadge('not-stated')}: the source stated it without naming an architecture. A <span class="caveat-key">caveat</span> opens the caveat in place. Under a status that needs a security-team sign-off: <span class="exempt">exempt (legacy, no sign-off recorded)</span> means the corpus's baseline still exempts the cell; <span class="unsigned">not signed off</span> (or why a sign-off does not count) means none covers it.</p>`;
}

/**
 * The title of a feature that has only variant rows (no status of its own),
 * so its variants never stand without a name. It holds no cells; the
 * filter shows it while any of its variants is shown.
 */
function titleRow(ctx: PageContext, feature: MatrixFeature, columns: number): Html {
  const summary = feature.summary ? html`<span class="summary">${feature.summary}</span>` : '';
  return html`<tr class="feature-row group-row" data-group="${feature.id}">
<th scope="row">${featureName(ctx, feature, feature.title)}${summary}</th>
<td colspan="${columns}" class="group-note">by variant, below</td>
</tr>
`;
}

function featureName(ctx: PageContext, feature: MatrixFeature, label: string, fragment = ''): Html {
  return feature.url ? html`<a href="${ctx.root}${feature.url}${fragment}">${label}</a>` : html`${label} <span class="summary">not in the working tree any more</span>`;
}

function renderRow(site: SiteData, ctx: PageContext, feature: MatrixFeature, row: SiteRow, arches: readonly Arch[]): Html {
  const text = [feature.title, feature.summary ?? '', feature.id, row.variant?.name ?? '', ...feature.aliases].join(' ').toLowerCase();
  const cells = arches.map((a) => row.cells.find((c) => c.arch === a.id));
  const name = row.variant ? html`<span class="variant">${featureName(ctx, feature, row.label, `#${row.anchor}`)}</span>` : featureName(ctx, feature, row.label);
  const summary = !row.variant && feature.summary ? html`<span class="summary">${feature.summary}</span>` : '';
  // No per-cell permalinks: a focus stop per cell would make the table unusable by keyboard.
  return html`<tr id="${row.anchor}" class="${row.variant ? 'variant-row' : 'feature-row'}" data-feature="${feature.id}" data-variant="${row.variant?.id ?? ''}" data-text="${text}" ${jsonAttribute('data-csv-row', row.csv)}>
<th scope="row">${name} <a class="permalink" href="#${row.anchor}" aria-label="Link to this row">#</a>${summary}</th>
${cells.map((cell) => (cell ? html`<td id="${cell.anchor}" data-col="${cell.arch}" ${cellData(cell, site)}>${cellContent(cell, site, ctx)}</td>` : html`<td></td>`))}
</tr>
`;
}

function filters(site: SiteData, ctx: PageContext, arch: Arch | undefined, matrix: SiteMatrix | undefined, page: MatrixPage | undefined): Html {
  const { project } = site;
  return html`<form class="filters" id="filters" hidden>
<fieldset>
<legend>Filter</legend>
${site.matrices.length > 0 ? html`<label>Release <select name="release" data-root="${ctx.root}">${html`<option value="">current (working tree)</option>`}${site.matrices.map((m) => html`<option value="releases/${m.slug}/"${matrix === m ? html` selected` : ''}>${m.release.name}</option>`)}</select></label>` : ''}
${arch ? '' : html`<label>Architecture <select name="arch"><option value="">All</option>${project.architectures.map((a) => html`<option value="${a.id}">${a.name}</option>`)}</select></label>`}
<label>Status <select name="status"><option value="">Any</option>${project.statuses.map((s) => html`<option value="${s.name}">${s.name}</option>`)}</select></label>
<label>Security support <select name="security"><option value="">Any</option><option value="yes">Security supported</option><option value="with-caveats">With caveats</option><option value="external">External</option><option value="no">Not security supported</option></select></label>
<label>Text <input type="search" name="q" autocomplete="off"></label>
<button type="button" id="download-csv">Download these rows as CSV</button>
<output id="filter-count" aria-live="polite"></output>
${page ? html`<p class="filter-scope">The filter and the CSV download cover this page (${count(page.rows)} of the matrix's ${count(page.totalRows)} rows); the exports hold them all.</p>` : ''}
</fieldset>
</form>`;
}
