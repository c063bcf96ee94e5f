import { html, type Html } from '../html.js';
import { firstPages, type PageGroup } from '../paging.js';
import { SECTION_TITLES, type SignoffBlock, type SignoffSection, type SignoffsPage } from '../signoff-pages.js';
import type { QueueEntry, SiteData } from '../site-data.js';
import { age, externalLink, pager, statusAnchor, type PageContext } from './components.js';

/**
 * The security team's working list: what is open, what is due, and what
 * each member signed. One page of it ({@link signoffsPages}): the summary and
 * the contents on the first, each list's section heading wherever the list
 * is, "(continued)" where a list goes on from the page before.
 */
export function renderSignoffs(site: SiteData, ctx: PageContext, page: SignoffsPage): Html {
  const { open, signed, proposals } = site.queue;
  const due = signed.filter((e) => e.due);
  const limit = site.project.policy.reviewAfterDays;
  const paged = page.pages.length > 1;
  // The page where each section begins: for the contents, and "(continued)" on the pages after it.
  const begins = firstPages(site.signoffPages, (p) => p.blocks.map((b) => b.section));
  const toc = (section: SignoffSection, label: string): Html => html`<li><a href="${paged ? `${ctx.root}${begins.get(section)?.path ?? ''}` : ''}#${section}">${label}</a></li>`;
  // This page's blocks by section, in order.
  const runs: Array<{ section: SignoffSection; blocks: Array<PageGroup<SignoffBlock>> }> = [];
  for (const block of page.blocks) {
    const last = runs.at(-1);
    if (last?.section === block.section) last.blocks.push(block);
    else runs.push({ section: block.section, blocks: [block] });
  }
  return html`<h1>Security-team sign-offs${paged ? `, page ${page.number} of ${page.pages.length}` : ''}</h1>
<p>${signed.length} signed-off cells, ${open.length} needing a sign-off, ${proposals.length} open proposals${limit !== undefined ? html`, ${due.length} due for re-review (older than ${limit} days)` : ''}. Ages are as of ${site.today}.</p>
<nav aria-label="On this page"><ul class="toc">${toc('open', 'Needs a sign-off')}${toc('proposals', 'Proposals')}${limit !== undefined ? toc('due', 'Due for re-review') : ''}${toc('by-member', 'Signed off, by member')}${toc('history', 'Revoked and stale')}</ul></nav>
${paged ? pager(ctx, page, 'above', 'entries', 'the sign-offs') : ''}
${runs.map(
  ({ section, blocks }) => html`<section aria-labelledby="${section}"><h2 id="${section}">${SECTION_TITLES[section]}${(begins.get(section)?.number ?? page.number) < page.number ? ' (continued)' : ''}</h2>
${blocks.map((block) => renderBlock(ctx, block, limit))}
</section>`,
)}
${paged ? pager(ctx, page, 'below', 'entries', 'the sign-offs') : ''}`;
}

function renderBlock(ctx: PageContext, block: PageGroup<SignoffBlock>, limit: number | undefined): Html {
  const heading = block.title !== undefined ? html`<h3 id="${block.anchor}">${block.title}${block.continued ? ' (continued)' : ''}</h3>${block.help !== undefined && !block.continued ? html`<p>${block.help}</p>` : ''}` : '';
  if (block.items.every((i) => i.kind === 'none')) return html`${heading}<p>${NOTHING[block.section](limit)}</p>`;
  if (block.section === 'proposals') {
    return html`${heading}<table><thead><tr><th scope="col">Feature</th><th scope="col">Asks for</th><th scope="col">Still needed</th><th scope="col">Concerns</th></tr></thead><tbody>${block.items.map((item) => {
      if (item.kind !== 'proposal') return '';
      const { feature, proposal } = item.proposal;
      return html`<tr><td><a href="${ctx.root}${feature.url}#proposal">${feature.title}</a></td><td><a href="${ctx.root}statuses/#${statusAnchor(proposal.status)}">${proposal.status}</a>${proposal.variant ? html`, variant ${proposal.variant}` : ''}${proposal.arch ? html`, ${proposal.arch}` : ''}</td><td>${(proposal.needs ?? []).join('; ')}</td><td>${(proposal.concerns ?? []).map((c) => html`${c.by} (${c.date}) ${c.resolved ? `resolved ${c.resolved}` : html`<strong>blocking</strong>`}: ${c.concern}. `)}</td></tr>`;
    })}</tbody></table>`;
  }
  if (block.section === 'history') {
    return html`${heading}${block.continued ? '' : html`<p>Kept in the feature files as history; none of them covers a cell.</p>`}<table><thead><tr><th scope="col">Feature</th><th scope="col">By</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col">Scope</th><th scope="col">State</th></tr></thead><tbody>${block.items.map((item) => {
      if (item.kind !== 'history') return '';
      const { feature, signoff } = item;
      return html`<tr><td><a href="${ctx.root}${feature.url}#signoff-${signoff.index + 1}">${feature.title}</a></td><td>${signoff.name}</td><td>${signoff.date}</td><td>${signoff.status}</td><td>${signoff.scope}</td><td>${signoff.revoked ? html`revoked by ${signoff.revoked.name} on ${signoff.revoked.date}: ${signoff.revoked.reason}` : 'stale: the status has changed'}</td></tr>`;
    })}</tbody></table>`;
  }
  const list = block.items.flatMap((item) => (item.kind === 'entry' ? [item.entry] : []));
  return html`${heading}${table(ctx, list, block.kind ?? 'signed')}`;
}

/** What an empty section says. */
const NOTHING: Record<SignoffSection, (limit: number | undefined) => string> = {
  open: () => 'Every cell that needs a sign-off has a valid one.',
  proposals: () => 'No open proposals.',
  due: (limit) => `No sign-off in use is older than ${limit ?? 0} days.`,
  'by-member': () => 'No cell is signed off yet.',
  history: () => 'None.',
};

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
