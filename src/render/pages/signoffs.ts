import { compareText } from '../../diagnostics.js';
import { html, type Html } from '../html.js';
import type { QueueEntry, SiteData, SignoffState } from '../site-data.js';
import { age, externalLink, statusAnchor, type PageContext } from './components.js';

const OPEN_STATES: Array<{ state: SignoffState; title: string; help: string }> = [
  { state: 'missing', title: 'Missing', help: 'No sign-off in scope at all.' },
  { state: 'stale', title: 'Stale', help: 'Signed off for another status than the cell has now.' },
  { state: 'revoked', title: 'Revoked', help: 'The sign-off was withdrawn.' },
  { state: 'invalid', title: 'Invalid', help: 'A sign-off exists but does not count (its claim no longer matches, a bad signature, signer or date, or a blocking concern).' },
  { state: 'exempt', title: 'Exempt (baseline)', help: 'Legacy cells that signoff-baseline.yml exempts while the corpus adopts sign-offs: no sign-off recorded; each needs one before its entry leaves the baseline.' },
];

/** The security team's working list: what is open, what is due, and what each member signed. */
export function renderSignoffs(site: SiteData, ctx: PageContext): Html {
  const { open, signed, proposals } = site.queue;
  const due = signed.filter((e) => e.due);
  const members = site.roster.members.map((m) => ({ member: m, entries: signed.filter((e) => e.signedBy?.by === m.id) })).filter((g) => g.entries.length > 0);
  const limit = site.project.policy.reviewAfterDays;
  return html`<h1>Security-team sign-offs</h1>
<p>${signed.length} signed-off cells, ${open.length} needing a sign-off, ${proposals.length} open proposals${limit !== undefined ? html`, ${due.length} due for re-review (older than ${limit} days)` : ''}. Ages are as of ${site.today}.</p>
<nav aria-label="On this page"><ul class="toc"><li><a href="#open">Needs a sign-off</a></li><li><a href="#proposals">Proposals</a></li>${limit !== undefined ? html`<li><a href="#due">Due for re-review</a></li>` : ''}<li><a href="#by-member">Signed off, by member</a></li><li><a href="#history">Revoked and stale</a></li></ul></nav>

<section aria-labelledby="open"><h2 id="open">Needs a sign-off</h2>
${open.length === 0 ? html`<p>Every cell that needs a sign-off has a valid one.</p>` : ''}
${OPEN_STATES.map(({ state, title, help }) => {
  const list = open.filter((e) => e.state === state);
  return list.length === 0 ? '' : html`<h3 id="open-${state}">${title} (${list.length})</h3><p>${help}</p>${table(ctx, list, 'open')}`;
})}
</section>

<section aria-labelledby="proposals"><h2 id="proposals">Proposals</h2>
${
  proposals.length === 0
    ? html`<p>No open proposals.</p>`
    : html`<table><thead><tr><th scope="col">Feature</th><th scope="col">Asks for</th><th scope="col">Still needed</th><th scope="col">Concerns</th></tr></thead><tbody>${proposals.map(
        ({ feature, proposal }) => html`<tr><td><a href="${ctx.root}${feature.url}#proposal">${feature.title}</a></td><td><a href="${ctx.root}statuses/#${statusAnchor(proposal.status)}">${proposal.status}</a>${proposal.variant ? html`, variant ${proposal.variant}` : ''}${proposal.arch ? html`, ${proposal.arch}` : ''}</td><td>${(proposal.needs ?? []).join('; ')}</td><td>${(proposal.concerns ?? []).map((c) => html`${c.by} (${c.date}) ${c.resolved ? `resolved ${c.resolved}` : html`<strong>blocking</strong>`}: ${c.concern}. `)}</td></tr>`,
      )}</tbody></table>`
}
</section>

${limit !== undefined ? html`<section aria-labelledby="due"><h2 id="due">Due for re-review</h2>${due.length === 0 ? html`<p>No sign-off in use is older than ${limit} days.</p>` : table(ctx, due, 'signed')}</section>` : ''}

<section aria-labelledby="by-member"><h2 id="by-member">Signed off, by member</h2>
${members.map(
  ({ member, entries }) => html`<h3 id="member-${member.id}">${member.name} (${entries.length})</h3>
<p>${member['active-until'] ? `Active ${member['active-from']} to ${member['active-until']}.` : `Active since ${member['active-from']}.`}</p>
${table(ctx, [...entries].sort((a, b) => compareText(b.signedBy?.date ?? '', a.signedBy?.date ?? '') || compareText(a.feature.title, b.feature.title)), 'signed')}`,
)}
</section>

<section aria-labelledby="history"><h2 id="history">Revoked and stale sign-offs</h2>
<p>Kept in the feature files as history; none of them covers a cell.</p>
${
  site.queue.history.length === 0
    ? html`<p>None.</p>`
    : html`<table><thead><tr><th scope="col">Feature</th><th scope="col">By</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Scope</th><th scope="col">State</th></tr></thead><tbody>${site.queue.history.map(
        ({ feature, signoff }) => html`<tr><td><a href="${ctx.root}${feature.url}#signoff-${signoff.index + 1}">${feature.title}</a></td><td>${signoff.name}</td><td>${signoff.date}</td><td>${signoff.status}</td><td>${signoff.scope}</td><td>${signoff.revoked ? html`revoked by ${signoff.revoked.name} on ${signoff.revoked.date}: ${signoff.revoked.reason}` : 'stale: the status has changed'}</td></tr>`,
      )}</tbody></table>`
}
</section>`;
}

function table(ctx: PageContext, entries: QueueEntry[], kind: 'open' | 'signed'): Html {
  return html`<table class="queue"><thead><tr><th scope="col">Feature</th><th scope="col">Row</th><th scope="col">Arch</th><th scope="col">Status</th>${kind === 'open' ? html`<th scope="col">Why</th>` : html`<th scope="col">Signed</th><th scope="col">Age</th><th scope="col">Review</th>`}</tr></thead>
<tbody>${entries.map(
    (e) => html`<tr><td><a href="${ctx.root}${e.cellUrl}">${e.feature.title}</a></td><td>${e.row}</td><td>${e.arch}</td><td>${e.status}</td>${
      kind === 'open'
        ? html`<td>${e.reasons.length === 0 ? 'no sign-off recorded' : e.reasons.join('; ')}</td>`
        : html`<td>${e.signedBy?.name ?? ''}, ${e.signedBy?.date ?? ''}</td><td>${age(e.signedBy?.ageDays ?? 0)}${e.due ? html` <strong>due</strong>` : ''}</td><td>${externalLink(e.signedBy?.refUrl, e.signedBy?.ref ?? '')}</td>`
    }</tr>`,
  )}</tbody></table>`;
}
