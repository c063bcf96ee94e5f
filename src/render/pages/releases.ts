import { slug } from '../../model/cells.js';
import type { CellValue } from '../../model/history.js';
import type { ReleaseState } from '../../model/releases.js';
import { html, type Html } from '../html.js';
import type { SiteData } from '../site-data.js';
import { stateBadge, statusAnchor, type PageContext } from './components.js';

const STATE_TEXT: Record<ReleaseState, string> = {
  unreleased: 'not released yet',
  supported: 'supported',
  'security-supported': 'security support only',
  unsupported: 'no longer supported',
};

/** Release dates and states, and features × releases: the classic multi-release support matrix. */
export function renderReleases(site: SiteData, ctx: PageContext): Html {
  const columns = [...site.releases.filter((r) => r.read).map((r) => r.name), 'current'];
  const unread = site.releases.filter((r) => !r.read);
  return html`<h1>Releases</h1>
<p>Support dates of each release, and where it stands on ${site.today}.</p>
<table class="releases">
<thead><tr><th scope="col">Release</th><th scope="col">Git ref</th><th scope="col">Initial release</th><th scope="col">Supported until</th><th scope="col">Security support until</th><th scope="col">On ${site.today}</th><th scope="col" id="downloads">Downloads</th></tr></thead>
<tbody>${site.releases.map(
    (r) => html`<tr id="release-${slug(r.name)}"><th scope="row">${r.name}</th><td><code>${r.ref}</code></td><td>${r.dates.initialRelease ?? 'TBD'}</td><td>${r.dates.supportedUntil ?? 'TBD'}</td><td>${r.dates.securitySupportUntil ?? 'TBD'}</td><td>${STATE_TEXT[r.state]}${r.dates.provisional ? ' (dates provisional)' : ''}</td><td>${(site.downloads.releases[r.name] ?? []).map((d, i) => html`${i > 0 ? ' · ' : ''}<a href="${ctx.root}${d.path}">${d.label}</a>`)}</td></tr>`,
  )}</tbody>
</table>
${site.releases.length === 0 ? html`<p>No releases are listed in project.yml.</p>` : ''}
${unread.length > 0 ? html`<p>Not read from git (see the build's warnings): ${unread.map((r, i) => html`${i > 0 ? ', ' : ''}<code>${r.ref}</code>`)}. Their features are not in the history below.</p>` : ''}

<h2 id="history">Features across releases</h2>
<p>Status of each feature's own row in each release; "—" means the feature was not in that release. Renamed features stay on one row.</p>
<form class="filters" id="filters" hidden>
<fieldset>
<legend>Filter</legend>
<label>Release <select name="release"><option value="">All</option>${columns.map((c) => html`<option value="${c}">${c}</option>`)}</select></label>
<label>Status <select name="status"><option value="">Any</option>${site.project.statuses.map((s) => html`<option value="${s.name}">${s.name}</option>`)}</select></label>
<label>Text <input type="search" name="q" autocomplete="off"></label>
<button type="button" id="download-csv">Download these rows as CSV</button>
<output id="filter-count" aria-live="polite"></output>
</fieldset>
</form>
<div class="table-wrap">
<table class="matrix" id="matrix" data-col-param="release">
<thead><tr><th scope="col">Feature</th>${columns.map((c) => html`<th scope="col" data-col="${c}">${c}</th>`)}</tr></thead>
<tbody>
${site.releaseRows.map(
  (row) => html`<tr id="r-${slug(row.id)}" data-feature="${row.id}" data-variant="" data-text="${`${row.title} ${row.id}`.toLowerCase()}">
<th scope="row">${row.url ? html`<a href="${ctx.root}${row.url}">${row.title}</a>` : html`${row.title} <span class="summary">removed</span>`}</th>
${row.cells.map((cell) => {
  const values = (cell.values ?? []).filter((v) => v.value?.state === 'applies');
  const statuses = [...new Set(values.map((v) => v.value?.status ?? ''))];
  const security = [...new Set(values.map((v) => v.value?.securitySupport ?? ''))];
  return html`<td data-col="${cell.release}" data-state="${cell.values ? 'applies' : 'absent'}" data-status="${statuses.join('|')}" data-security="${security.join('|')}" data-caveat="">${cell.values ? summary(ctx, cell.values) : html`<span class="state state-absent" title="Not in this release">—</span>`}</td>`;
})}
</tr>`,
)}
</tbody>
</table>
</div>`;
}

/** One status when every applicable arch agrees, else the status per arch. */
export function summary(ctx: PageContext, values: Array<{ arch: string; value: CellValue | undefined }>): Html {
  const applies = values.filter((v) => v.value?.state === 'applies');
  if (applies.length === 0) {
    // Each state in its own words: not implemented is not "n/a", and unknown is neither.
    const states = [...new Set(values.map((v) => v.value?.state ?? 'not-applicable'))];
    return states.length === 1 ? stateBadge(states[0] ?? 'not-applicable') : html`<ul class="per-arch">${values.map((v) => html`<li>${v.arch}: ${stateBadge(v.value?.state ?? 'not-applicable')}</li>`)}</ul>`;
  }
  const distinct = new Set(applies.map((v) => `${v.value?.status ?? ''}|${v.value?.securitySupport ?? ''}|${v.value?.signoff ?? ''}`));
  // A release cell no sign-off covers never reads as plainly Supported.
  const signoff = (value: CellValue | undefined): Html | string =>
    value?.signoff === 'not-signed-off' ? html` <span class="unsigned">not signed off</span>` : value?.signoff === 'exempt' ? html` <span class="exempt">exempt (legacy, no sign-off recorded)</span>` : '';
  const badge = (value: CellValue | undefined): Html =>
    html`<a class="badge status-${slug(value?.status ?? '')}" href="${ctx.root}statuses/#${statusAnchor(value?.status ?? '')}">${value?.status ?? ''}</a>${value?.securitySupport === 'yes' ? '' : html` <span class="sec-inline">security: ${value?.securitySupport ?? 'no'}</span>`}${signoff(value)}`;
  if (distinct.size === 1) return badge(applies[0]?.value);
  return html`<ul class="per-arch">${applies.map((v) => html`<li>${v.arch}: ${badge(v.value)}</li>`)}</ul>`;
}
