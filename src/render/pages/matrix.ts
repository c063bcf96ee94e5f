import type { Arch } from '../../types.js';
import { html, type Html } from '../html.js';
import type { SiteData, SiteFeature, SiteRow } from '../site-data.js';
import { archHeaders, cellContent, cellData, type PageContext } from './components.js';

/**
 * The support matrix: sections in project order, a row per feature and per
 * variant, a column per arch. The full table and every link are plain HTML;
 * the filter form stays hidden until the script shows it.
 */
export function renderMatrix(site: SiteData, ctx: PageContext, arch?: Arch): Html {
  const arches = arch ? [arch] : site.project.architectures;
  const columns = arches.length + 1;
  const intro = arch
    ? html`<h1>Support on ${arch.name}</h1><p>Every feature's status and security support on ${arch.name}. See the <a href="${ctx.root}">full matrix</a> for all architectures.</p>`
    : html`<h1>${site.project.name} support matrix</h1><p>Which features are supported, and security supported, on which architecture. Each cell gives the status (linked to its definition) and the security support in words.</p>`;
  const sections = site.sections.filter((s) => s.features.length > 0);
  return html`${intro}
${filters(site, arch)}
<div class="table-wrap">
<table class="matrix" id="matrix">
<caption class="visually-hidden">Features by architecture</caption>
<thead><tr><th scope="col">Feature</th>${archHeaders(arches)}</tr></thead>
${sections.map(
  (section) => html`<tbody id="${section.anchor}" class="section depth-${section.depth}">
<tr class="section-head"><th colspan="${columns}" scope="colgroup"><a class="section-link" href="#${section.anchor}">${section.name.split('/').join(' › ')}</a></th></tr>
${section.features.flatMap((f) => [...(f.rows[0]?.variant ? [titleRow(ctx, f, arches.length)] : []), ...f.rows.map((row) => renderRow(site, ctx, f, row, arches))])}
</tbody>`,
)}
</table>
</div>
<p class="legend">Cells: <span class="state state-not-applicable">n/a</span> not applicable · <span class="state state-not-implemented">not implemented</span> not implemented yet · <span class="state state-unknown">unknown</span> not known. A <span class="caveat">caveat</span> link leads to the caveat. Under a status that needs a security-team sign-off: <span class="exempt">exempt (legacy, no sign-off recorded)</span> means the corpus's baseline still exempts the cell; a word in <span class="unsigned">this colour</span> says why no sign-off counts.</p>`;
}

/**
 * The title of a feature that has only variant rows (no status of its own),
 * so its variants never stand without a name. It holds no cells; the
 * filter shows it while any of its variants is shown.
 */
function titleRow(ctx: PageContext, feature: SiteFeature, columns: number): Html {
  const summary = feature.summary ? html`<span class="summary">${feature.summary}</span>` : '';
  return html`<tr class="feature-row group-row" data-group="${feature.id}">
<th scope="row"><a href="${ctx.root}${feature.url}">${feature.title}</a>${summary}</th>
<td colspan="${columns}" class="group-note">by variant, below</td>
</tr>
`;
}

function renderRow(site: SiteData, ctx: PageContext, feature: SiteFeature, row: SiteRow, arches: readonly Arch[]): Html {
  const text = [feature.title, feature.summary ?? '', feature.id, row.variant?.name ?? '', ...feature.aliases].join(' ').toLowerCase();
  const cells = arches.map((a) => row.cells.find((c) => c.arch === a.id));
  const name = row.variant
    ? html`<span class="variant"><a href="${ctx.root}${feature.url}#${row.anchor}">${row.label}</a></span>`
    : html`<a href="${ctx.root}${feature.url}">${row.label}</a>`;
  const summary = !row.variant && feature.summary ? html`<span class="summary">${feature.summary}</span>` : '';
  return html`<tr id="${row.anchor}" class="${row.variant ? 'variant-row' : 'feature-row'}" data-feature="${feature.id}" data-variant="${row.variant?.name ?? ''}" data-text="${text}">
<th scope="row">${name} <a class="permalink" href="#${row.anchor}" aria-label="Link to this row">#</a>${summary}</th>
${cells.map((cell) =>
  cell
    ? html`<td id="${cell.anchor}" ${cellData(cell)}>${cellContent(cell, site, ctx, feature.url)}</td>`
    : html`<td></td>`,
)}
</tr>
`;
}

function filters(site: SiteData, arch?: Arch): Html {
  const { project } = site;
  return html`<form class="filters" id="filters" hidden>
<fieldset>
<legend>Filter</legend>
${arch ? '' : html`<label>Architecture <select name="arch"><option value="">All</option>${project.architectures.map((a) => html`<option value="${a.id}">${a.name}</option>`)}</select></label>`}
<label>Status <select name="status"><option value="">Any</option>${project.statuses.map((s) => html`<option value="${s.name}">${s.name}</option>`)}</select></label>
<label>Security support <select name="security"><option value="">Any</option><option value="yes">Security supported</option><option value="with-caveats">With caveats</option><option value="external">External</option><option value="no">Not security supported</option></select></label>
<label>Text <input type="search" name="q" autocomplete="off"></label>
<button type="button" id="download-csv">Download these rows as CSV</button>
<output id="filter-count" aria-live="polite"></output>
</fieldset>
</form>`;
}
