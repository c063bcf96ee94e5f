import { html, trusted, type Html } from '../html.js';
import type { FeatureRef, SiteData, SiteFeature } from '../site-data.js';
import { carriesStatus, slug } from '../../model/cells.js';
import { archHeaders, archName, cellContent, cellData, externalLink, securityText, stateBadge, statusAnchor, type PageContext } from './components.js';

/** One feature: every cell, caveats, limits, known issues, sign-offs, links and the prose. */
export function renderFeature(site: SiteData, ctx: PageContext, f: SiteFeature): Html {
  const arches = site.project.architectures;
  const caveats = f.rows.flatMap((row) => row.cells.filter((c) => carriesStatus(c.state) && c.caveat !== undefined).map((cell) => ({ row, cell })));
  // Each note once, with the cells it concerns (the statement's qualifications of them).
  const notes = new Map<string, string[]>();
  for (const row of f.rows) for (const cell of row.cells) for (const text of cell.notes) notes.set(text, [...(notes.get(text) ?? []), `${row.label} on ${archName(site, cell.arch)}`]);
  return html`<nav class="breadcrumb" aria-label="Breadcrumb"><a href="${ctx.root}">Matrix</a> › <a href="${ctx.root}${sectionLink(site, f.section)}">${f.section.split('/').join(' › ')}</a></nav>
<h1>${f.title}</h1>
${f.summary ? html`<p class="lead">${f.summary}</p>` : ''}
<p class="actions">${actions(f)}</p>

<section aria-labelledby="support">
<h2 id="support">Support</h2>
<div class="table-wrap">
<table class="matrix">
<thead><tr><th scope="col">Row</th>${archHeaders(arches)}</tr></thead>
<tbody>
${f.rows.map(
  (row) => html`<tr id="${row.anchor}"><th scope="row">${row.label}</th>${arches.map((a) => {
    const cell = row.cells.find((c) => c.arch === a.id);
    return cell ? html`<td id="${cell.anchor}" data-col="${cell.arch}" ${cellData(cell, site)}>${cellContent(cell, site, ctx)}${signoffNote(cell.signedBy)}</td>` : html`<td></td>`;
  })}</tr>`,
)}
</tbody>
</table>
</div>
</section>

${caveats.length > 0 ? html`<section aria-labelledby="caveats"><h2 id="caveats">Caveats</h2><dl class="caveats">${caveats.map(({ row, cell }) => html`<dt id="caveat-${cell.anchor}">${row.label} on ${archName(site, cell.arch)} (${securityText(cell, site)})</dt><dd>${cell.caveat}</dd>`)}</dl></section>` : ''}

${notes.size > 0 ? html`<section aria-labelledby="notes"><h2 id="notes">Notes</h2><dl class="caveats">${[...notes].map(([text, on]) => html`<dt>${on.join(', ')}</dt><dd class="note">${text}</dd>`)}</dl></section>` : ''}

${f.limits.length > 0 ? html`<section aria-labelledby="limits"><h2 id="limits">Limits</h2><table><thead><tr><th scope="col">What</th><th scope="col">Up to</th><th scope="col">Bounds</th><th scope="col">Arch</th><th scope="col">Variant</th><th scope="col">Note</th></tr></thead><tbody>${f.limits.map((l) => html`<tr><td>${l.name}</td><td>${l.value}${l.unit ? ` ${l.unit}` : ''}</td><td>${l.bounds === 'security-support' ? 'security support' : 'support'}</td><td>${l.arch ? archName(site, l.arch) : 'all'}</td><td>${l.variant ?? ''}</td><td>${l.note ?? ''}</td></tr>`)}</tbody></table></section>` : ''}

${f.knownIssues.length > 0 ? html`<section aria-labelledby="known-issues"><h2 id="known-issues">Known issues</h2><table><thead><tr><th scope="col">Issue</th><th scope="col">Advisory</th><th scope="col">Effect</th><th scope="col">Affects</th><th scope="col">Fixed in</th></tr></thead><tbody>${f.knownIssues.map((i) => html`<tr><td>${i.url ? externalLink(i.url, i.summary) : i.summary}</td><td>${i.advisory ? externalLink(i.advisoryUrl, i.advisory) : ''}</td><td>${i.effect ?? ''}</td><td>${[...(i.arches ?? []).map((a) => archName(site, a)), ...(i.variants ?? [])].join(', ') || 'all'}</td><td>${i['fixed-in'] ?? ''}</td></tr>`)}</tbody></table></section>` : ''}

${f.proposal ? proposal(site, f) : ''}

<section aria-labelledby="signoffs">
<h2 id="signoffs">Security-team sign-offs</h2>
${
  f.signoffs.length === 0
    ? html`<p>No sign-offs recorded.</p>`
    : html`<table class="signoffs"><thead><tr><th scope="col">By</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Scope</th><th scope="col">Review</th><th scope="col">State</th></tr></thead><tbody>${f.signoffs.map(
        (s) => html`<tr id="signoff-${s.index + 1}" class="signoff-${s.state}"><td>${s.name}</td><td>${s.date}</td><td>${s.status}</td><td>${s.scope}</td><td>${externalLink(s.refUrl, s.ref)}</td><td>${signoffState(s)}</td></tr>`,
      )}</tbody></table>`
}
</section>

${f.history.length > 0 ? history(site, ctx, f) : ''}

${relations(ctx, f)}

<section aria-labelledby="details" class="prose-wrap">
<h2 id="details" class="visually-hidden">Details</h2>
<div class="prose">${trusted(f.prose)}</div>
</section>`;
}

function actions(f: SiteFeature): Html {
  const parts: Html[] = [];
  if (f.editUrl) parts.push(html`<a href="${f.editUrl}" rel="noopener noreferrer">Edit this file</a>`);
  if (f.proposeUrl) parts.push(html`<a href="${f.proposeUrl}" rel="noopener noreferrer">Propose a status change</a>`);
  parts.push(html`<code>${f.file}</code>`);
  return html`${parts.map((p, i) => html`${i > 0 ? ' · ' : ''}${p}`)}`;
}

function history(site: SiteData, ctx: PageContext, f: SiteFeature): Html {
  const arches = site.project.architectures;
  return html`<section aria-labelledby="history"><h2 id="history">History across releases</h2>
<table class="history"><thead><tr><th scope="col">Release</th><th scope="col">Row</th>${arches.map((a) => html`<th scope="col">${a.name}</th>`)}</tr></thead>
<tbody>${f.history.map((entry) => {
    const matrix = site.matrices.find((m) => m.release.name === entry.release);
    const release = html`<a href="${ctx.root}${matrix ? `releases/${matrix.slug}/` : `releases/#release-${slug(entry.release)}`}">${entry.release}</a>`;
    return entry.present
      ? entry.rows.map((row) => html`<tr><th scope="row">${release}</th><td>${row.label}</td>${arches.map((a) => {
          const cell = row.cells.find((c) => c.arch === a.id);
          return cell ? html`<td data-col="${cell.arch}" ${cellData(cell, site)}>${cellContent(cell, site, ctx)}</td>` : html`<td></td>`;
        })}</tr>`)
      : html`<tr><th scope="row">${release}</th><td colspan="${arches.length + 1}">${stateBadge('absent')}</td></tr>`;
  })}</tbody></table></section>`;
}

/** Who signed the cell off (the cell's content already says when it is exempt or not signed off). */
function signoffNote(signedBy: SiteData['features'][number]['rows'][number]['cells'][number]['signedBy']): Html | string {
  return signedBy ? html`<span class="signed">signed off by ${signedBy.name}, ${signedBy.date}</span>` : '';
}

function signoffState(s: SiteFeature['signoffs'][number]): Html {
  switch (s.state) {
    case 'revoked':
      return html`<strong>revoked</strong> by ${s.revoked?.name ?? ''} on ${s.revoked?.date ?? ''}: ${s.revoked?.reason ?? ''}`;
    case 'stale':
      return html`<strong>stale</strong>: the status is no longer ${s.status}`;
    case 'history':
      return html`history (replaced by a newer sign-off)`;
    default:
      return html`current`;
  }
}

function proposal(site: SiteData, f: SiteFeature): Html {
  const p = f.proposal;
  if (!p) return html``;
  const members = new Map(site.roster.members.map((m) => [m.id, m.name]));
  return html`<section aria-labelledby="proposal"><h2 id="proposal">Proposed status change</h2>
<p>Asks for <a href="#support">${p.status}</a>${p.variant ? html` for variant ${p.variant}` : ''}${p.arch ? html` on ${archName(site, p.arch)}` : ''}.</p>
${p.rationale ? html`<p>${p.rationale}</p>` : ''}
${p.evidence?.length ? html`<h3>Evidence</h3><ul>${p.evidence.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
${p.needs?.length ? html`<h3>Still needed</h3><ul>${p.needs.map((e) => html`<li>${e}</li>`)}</ul>` : ''}
${p.concerns?.length ? html`<h3>Concerns</h3><ul>${p.concerns.map((c) => html`<li>${members.get(c.by) ?? c.by}, ${c.date}: ${c.concern} — ${c.resolved ? `resolved ${c.resolved}` : html`<strong>blocking</strong>`}</li>`)}</ul>` : ''}
</section>`;
}

function relations(ctx: PageContext, f: SiteFeature): Html {
  const list = (refs: FeatureRef[]): Html => html`${refs.map((r, i) => html`${i > 0 ? ', ' : ''}<a href="${ctx.root}${r.url}">${r.title}</a>`)}`;
  const rows: Array<[string, Html | string]> = [];
  if (f.status) rows.push(['Overall status', html`<a href="${ctx.root}statuses/#${statusAnchor(f.status)}">${f.status}</a>`]);
  if (f.dependsOn.length) rows.push(['Depends on', list(f.dependsOn)]);
  if (f.related.length) rows.push(['Related', list(f.related)]);
  if (f.replacedBy) rows.push(['Replaced by', list([f.replacedBy])]);
  if (f.since) rows.push(['Since', f.since]);
  if (f.deprecatedIn) rows.push(['Deprecated in', f.deprecatedIn]);
  if (f.removedIn) rows.push(['Removed in', f.removedIn]);
  if (f.components.length) rows.push(['Components', f.components.join(', ')]);
  if (f.aliases.length) rows.push(['Former ids', f.aliases.join(', ')]);
  rows.push(['Id', f.id]);
  return html`<section aria-labelledby="about"><h2 id="about">About</h2><dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>`;
}

/** The matrix page where a section begins, with the section's anchor. */
function sectionLink(site: SiteData, section: string): string {
  const anchor = site.sections.find((s) => s.name === section)?.anchor ?? '';
  return `${site.sectionPages[anchor] ?? ''}#${anchor}`;
}
