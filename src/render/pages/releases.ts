import { CSV_COLUMNS } from '../../export/csv.js';
import { slug } from '../../model/cells.js';
import type { ReleaseState } from '../../model/releases.js';
import { RELEASE_STATE_WORDS } from '../../model/vocabulary.js';
import { rowAnchor } from '../anchors.js';
import { html, jsonAttribute, type Html } from '../html.js';
import type { OverviewPage } from '../matrix-pages.js';
import { CURRENT_COLUMN, releaseDownloads, type ReleaseRow, type SiteData } from '../site-data.js';
import { archName, cellContent, cellData, count, pager, stateBadge, type PageContext } from './components.js';

/**
 * Release dates and states, and features × releases: the classic
 * multi-release support matrix. One page of it ({@link OverviewPage}): the
 * dates on the first, the overview's rows split over the pages.
 */
export function renderReleases(site: SiteData, ctx: PageContext, page: OverviewPage): Html {
  // Columns by key (a release's slug, or the working tree's key no slug can be), so a release named "current" is still its own column.
  const columns = [...site.releases.filter((r) => r.read).map((r) => ({ key: r.slug, label: r.name, state: r.state as ReleaseState | undefined })), { key: CURRENT_COLUMN, label: 'current', state: undefined }];
  const unread = site.releases.filter((r) => !r.read);
  if (page.number > 1) {
    return html`<h1>Releases: features across releases, page ${page.number} of ${page.pages.length}</h1>
<p>The <a href="${ctx.root}releases/">first page</a> has each release's dates and where it stands on ${site.today}.</p>
${overview(site, ctx, columns, page)}`;
  }
  return html`<h1>Releases</h1>
<p>Support dates of each release, and where it stands on ${site.today}.</p>
<table class="releases">
<thead><tr><th scope="col">Release</th><th scope="col">Git ref</th><th scope="col">Initial release</th><th scope="col">Supported until</th><th scope="col">Security support until</th><th scope="col">On ${site.today}</th><th scope="col" id="downloads">Downloads</th></tr></thead>
<tbody>${site.releases.map(
    (r) => html`<tr id="release-${slug(r.name)}"><th scope="row">${r.url ? html`<a href="${ctx.root}${r.url}">${r.name}</a>` : r.name}</th><td><code>${r.ref}</code></td><td>${r.dates.initialRelease ?? 'TBD'}</td><td>${r.dates.supportedUntil ?? 'TBD'}</td><td>${r.dates.securitySupportUntil ?? 'TBD'}</td><td>${RELEASE_STATE_WORDS[r.state]}${r.dates.provisional ? ' (dates provisional)' : ''}</td><td>${releaseDownloads(site, r.slug).map((d, i) => html`${i > 0 ? ' · ' : ''}<a href="${ctx.root}${d.path}">${d.label}</a>`)}</td></tr>`,
  )}</tbody>
</table>
${site.releases.length === 0 ? html`<p>No releases are listed in project.yml.</p>` : ''}
${site.downloads.downstream !== undefined && site.downloads.downstream.length > 0 ? html`<p id="for-downstreams">For downstreams, in the formats their tools read: ${site.downloads.downstream.map((d, i) => html`${i > 0 ? ' · ' : ''}<a href="${ctx.root}${d.path}">${d.label}</a>`)}. Each release's are in its row above.</p>` : ''}
${unread.length > 0 ? html`<p>Not read from git (see the build's warnings): ${unread.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r.ref}</code>`)}. Their features are not in the history below.</p>` : ''}

<h2 id="history">Features across releases</h2>
${site.matrices.length === 0 ? html`<p>No release was read from git, so there is nothing to compare yet: the <a href="${ctx.root}">support matrix</a> shows the working tree.</p>` : overview(site, ctx, columns, page)}`;
}

/** Every row × every release read and the working tree, each cell listing every arch. */
function overview(site: SiteData, ctx: PageContext, columns: Array<{ key: string; label: string; state: ReleaseState | undefined }>, page: OverviewPage): Html {
  const paged = page.pages.length > 1;
  return html`<p>Every row of every feature (its own and each variant) in each release read from git and in the working tree, with each architecture's cell: status, security support, a caveat marker that opens in place, and the sign-off state. Renamed features stay on one row; rows follow the sections of project.yml. Each release's full matrix: ${site.matrices.map((m, i) => html`${i > 0 ? ' · ' : ''}<a href="${ctx.root}releases/${m.slug}/">${m.release.name}</a>`)}${site.matrices.length === 0 ? 'none read' : ''}.</p>
<form class="filters" id="filters" hidden>
<fieldset>
<legend>Filter</legend>
<label>Release <select name="release"><option value="">All</option>${columns.map((c) => html`<option value="${c.key}">${c.state ? c.label : 'current (working tree)'}</option>`)}</select></label>
<label>Architecture <select name="arch"><option value="">All</option>${site.project.architectures.map((a) => html`<option value="${a.id}">${a.name}</option>`)}</select></label>
<label>Status <select name="status"><option value="">Any</option>${site.project.statuses.map((s) => html`<option value="${s.name}">${s.name}</option>`)}</select></label>
<label>Security support <select name="security"><option value="">Any</option><option value="yes">Security supported</option><option value="with-caveats">With caveats</option><option value="external">External</option><option value="no">Not security supported</option></select></label>
<label>Text <input type="search" name="q" autocomplete="off"></label>
<button type="button" id="download-csv">Download these rows as CSV</button>
<output id="filter-count" aria-live="polite"></output>
${paged ? html`<p class="filter-scope">The filter and the CSV download cover this page (${count(page.rows)} of the overview's ${count(page.totalRows)} rows); the exports hold them all.</p>` : ''}
</fieldset>
</form>
${paged ? pager(ctx, page, 'above', 'rows', 'the overview') : ''}
<p class="legend">Each cell lists every architecture: ${stateBadge('not-applicable')}, ${stateBadge('not-implemented')}, ${stateBadge('unknown')}, ${stateBadge('no-status')} (applies, no status), or the status (see the <a href="${ctx.root}statuses/">status definitions</a>) with its security support, and ${stateBadge('not-stated')} when the source named no architecture for it; ${stateBadge('absent')} when the row was not in that release. A <span class="caveat-key">caveat</span> opens in place.</p>
<div class="table-wrap">
<table class="matrix overview stackable" id="matrix" data-col-param="release"${paged ? html` data-page="${page.number}" data-pages="${page.pages.length}"` : ''} ${jsonAttribute('data-csv-columns', CSV_COLUMNS)} data-csv-name="releases.csv">
<caption class="visually-hidden">Feature rows by release</caption>
<thead><tr><th scope="col">Feature</th>${columns.map((c) => html`<th scope="col" data-col="${c.key}">${c.state ? html`${c.label}<span class="release-state">${RELEASE_STATE_WORDS[c.state]}</span>` : 'current'}</th>`)}</tr></thead>
${page.sections.map(
  (section) => html`<tbody id="${section.anchor}" class="section depth-${section.depth}">
<tr class="section-head"><th colspan="${columns.length + 1}" scope="colgroup">${section.name.split('/').join(' › ')}${section.continued ? ' (continued)' : ''}</th></tr>
${section.rows.map((row) => overviewRow(site, ctx, row))}
</tbody>`,
)}
</table>
</div>
${paged ? pager(ctx, page, 'below', 'rows', 'the overview') : ''}`;
}

function overviewRow(site: SiteData, ctx: PageContext, row: ReleaseRow): Html {
  const anchor = `r-${slug(row.id)}${row.variant ? `--${row.variant.id}` : ''}`;
  const label = row.url ? html`<a href="${ctx.root}${row.url}${row.variant ? `#${rowAnchor(row.id, row.variant.id)}` : ''}">${row.label}</a>` : html`${row.label}`;
  const name = row.variant ? html`<span class="variant">${label}</span><span class="summary">of ${row.title}</span>` : label;
  return html`<tr id="${anchor}" class="${row.variant ? 'variant-row' : 'feature-row'}" data-feature="${row.id}" data-variant="${row.variant?.id ?? ''}" data-text="${`${row.title} ${row.id} ${row.variant?.name ?? ''}`.toLowerCase()}">
<th scope="row">${name}${row.url ? '' : html` <span class="summary">removed</span>`}</th>
${row.cells.map((cell) =>
  cell.cells
    ? html`<td data-col="${cell.column}" ${jsonAttribute('data-csv-row', cell.csv ?? [])} data-csv-release="${cell.cells[0]?.csv[1] ?? ''}"><ul class="per-arch">${cell.cells.map((c) => html`<li ${cellData(c, site, { archShown: true })}><span class="arch-name">${archName(site, c.arch)}:</span> ${cellContent(c, site, ctx, { archShown: true })}</li>`)}</ul></td>`
    : html`<td data-col="${cell.column}">${stateBadge('absent')}</td>`,
)}
</tr>`;
}
