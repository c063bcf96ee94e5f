import { slug } from '../../model/cells.js';
import type { Reading } from '../../model/resolve.js';
import { READING_WORDS, securityWords } from '../../model/vocabulary.js';
import type { Arch } from '../../types.js';
import { html, jsonAttribute, safeUrl, type Html } from '../html.js';
import type { Paging } from '../paging.js';
import type { SiteCell, SiteData } from '../site-data.js';

/** Where a page sits: the relative path back to the site root, e.g. `../../`. */
export interface PageContext {
  root: string;
}

/** The relative root for a page URL: `/features/a/b/` → `../../../`. */
export function rootFor(url: string): string {
  const depth = url.split('/').filter((p) => p !== '' && !p.endsWith('.html')).length;
  return depth === 0 ? './' : '../'.repeat(depth);
}

/** Anchor id of a status on the status definitions page. */
export function statusAnchor(status: string): string {
  return `status-${slug(status)}`;
}

/** A reading other than a stated status, in its own words (the vocabulary's); `arch` names the arch for screen readers (`not applicable on arm`). */
export function stateBadge(state: keyof typeof READING_WORDS | Reading, arch?: string): Html {
  const text = READING_WORDS[state as keyof typeof READING_WORDS] ?? { words: state, meaning: state };
  return html`<span class="state state-${state}" title="${text.meaning}">${text.words}${arch ? html`<span class="visually-hidden"> on ${arch}</span>` : ''}</span>`;
}

/** Security support of a cell in words, with the organisation's name; never colour alone. */
export function securityText(cell: SiteCell, site: SiteData): string {
  const org = site.project.organisations.find((o) => o.id === cell.organisation);
  return securityWords(cell.securitySupport, org?.name ?? cell.organisation);
}

/**
 * The content of one cell, on every page: a status badge (linking to its
 * definition), security support in words, the caveat readable in place (an
 * expandable note), and the sign-off state when the policy needs one.
 */
export function cellContent(cell: SiteCell, site: SiteData, ctx: PageContext, options: { archShown?: boolean } = {}): Html {
  // "not applicable on Arm" for a screen reader, unless the arch's name is already written beside the cell.
  // The source's notes on the cell (a SUPPORT.md's paragraphs after the status block, `[*]` on its matrix), readable in place.
  const notes = cell.notes.length > 0 ? html`<details class="notes"><summary>notes</summary>${cell.notes.map((n) => html`<p>${n}</p>`)}</details>` : '';
  if (cell.reading !== 'applies' && (cell.reading !== 'not-stated' || cell.status === undefined)) return html`${stateBadge(cell.reading, options.archShown ? undefined : archName(site, cell.arch))}${notes}`;
  // A status stated without an arch: the status, and that the arch is not stated, before anything else.
  const notStated = cell.reading === 'not-stated' ? html` ${stateBadge('not-stated', options.archShown ? undefined : archName(site, cell.arch))}` : '';
  const status = cell.status ?? '';
  const caveat = cell.caveat !== undefined ? html`<details class="caveat"><summary>caveat</summary><p>${cell.caveat}</p></details>` : '';
  const unsigned =
    cell.signoffState === 'exempt'
      ? html` <span class="exempt">exempt (legacy, no sign-off recorded)</span>`
      : cell.signoffState !== 'signed' && cell.signoffState !== 'not-required'
        ? html` <span class="unsigned">${cell.signoffState === 'missing' ? 'not signed off' : `sign-off ${cell.signoffState}`}</span>`
        : '';
  // Where the arch is written beside the cell (the Releases overview, a cell per arch per release), the badge is no link: the legend links the definitions, and the page stays light.
  const badge = options.archShown ? html`<span class="badge status-${slug(status)}">${status}</span>` : html`<a class="badge status-${slug(status)}" href="${ctx.root}statuses/#${statusAnchor(status)}">${status}</a>`;
  return html`${badge}<span class="sec sec-${cell.securitySupport ?? 'no'}">${securityText(cell, site)}</span>${notStated}${caveat}${notes}${unsigned}`;
}

/** An arch's display name. */
export function archName(site: SiteData, id: string): string {
  return site.project.architectures.find((a) => a.id === id)?.name ?? id;
}

/**
 * Data attributes that the filter script reads, and the cell's CSV fields
 * for "Download CSV": those after `arch` and `release` (which the script
 * takes from `data-arch` and the holder's `data-csv-release`), without
 * trailing empty ones, so a large matrix stays light.
 */
export function cellData(cell: SiteCell, site: SiteData, options: { archShown?: boolean } = {}): Html {
  const fields = cell.csv.slice(2);
  while (fields.length > 0 && fields.at(-1) === '') fields.pop();
  // `data-arch-name` labels a stacked cell on a phone; a cell with its arch written beside it needs none.
  return html`data-arch="${cell.arch}"${options.archShown ? '' : html` data-arch-name="${archName(site, cell.arch)}"`} data-state="${cell.reading}" data-status="${cell.status ?? ''}" data-security="${cell.securitySupport ?? ''}" ${jsonAttribute('data-csv', fields)}`;
}

/** Column headers for arches. */
export function archHeaders(arches: readonly Arch[]): Html {
  return html`${arches.map((a) => html`<th scope="col" data-col="${a.id}" data-arch="${a.id}"><abbr title="${a.description ?? a.name}">${a.name}</abbr></th>`)}`;
}

/** A link to an external URL, or plain text when the URL is not http(s). */
export function externalLink(url: string | undefined, text: string): Html {
  const safe = safeUrl(url);
  return safe !== undefined && /^https?:/i.test(safe) ? html`<a href="${safe}" rel="noopener noreferrer">${text}</a>` : html`${text}`;
}

/** `2024-05-02 (212 days ago)`. */
export function age(days: number): string {
  return days === 0 ? 'today' : days === 1 ? '1 day ago' : `${days} days ago`;
}

/** A count as the pages write it: `10,000`. */
export const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Where a page sits among the pages of its whole, and a link to every page
 * with the group it begins in: plain links, so every row is reachable
 * without the script. Above and below the content, each with its own name.
 */
export function pager(ctx: PageContext, page: Paging, where: 'above' | 'below', noun: 'rows' | 'entries', whole: string): Html {
  const last = page.rowsBefore + page.rows;
  return html`<nav class="pager" aria-label="Pages of ${whole}, ${where} the ${noun === 'rows' ? 'table' : 'lists'}"><p>Page ${page.number} of ${page.pages.length}: ${noun} ${count(page.rowsBefore + 1)}–${count(last)} of ${count(page.totalRows)}.</p><ol>${page.pages.map(
    (p) => html`<li><a href="${ctx.root}${p.path}"${p.number === page.number ? html` aria-current="page"` : ''}>${p.number}</a> <span class="summary">${p.first.split('/').join(' › ')}</span></li>`,
  )}</ol></nav>`;
}
