import { slug } from '../../model/cells.js';
import type { Arch } from '../../types.js';
import { html, safeUrl, type Html } from '../html.js';
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

/** How each state that is not `applies` reads, and its tooltip: never the same words for two states. */
export const STATE_TEXT: Record<string, { label: string; title: string }> = {
  'not-applicable': { label: 'n/a', title: 'Not applicable on this architecture' },
  'not-implemented': { label: 'not implemented', title: 'Applies, but not implemented yet on this architecture' },
  unknown: { label: 'unknown', title: 'Not known whether it applies on this architecture' },
};

/** A cell state other than `applies`, in its own words (n/a, not implemented, unknown). */
export function stateBadge(state: string): Html {
  const text = STATE_TEXT[state] ?? { label: state, title: state };
  return html`<span class="state state-${state}" title="${text.title}">${text.label}</span>`;
}

/** Security support in words; never colour alone. */
export function securityText(cell: SiteCell, site: SiteData): string {
  switch (cell.securitySupport) {
    case 'yes':
      return 'security supported';
    case 'no':
      return 'not security supported';
    case 'external': {
      const org = site.project.organisations.find((o) => o.id === cell.organisation);
      return `security: ${org?.name ?? cell.organisation ?? 'external'}`;
    }
    case 'with-caveats':
      return 'security supported, with caveats';
    default:
      return '';
  }
}

/** Anchor id of a cell's caveat on its feature page. */
export function caveatAnchor(cell: SiteCell): string {
  return `caveat-${cell.anchor}`;
}

/**
 * The content of one matrix cell: a status badge (linking to its definition),
 * security support as text, and a caveat marker linking to the caveat.
 * `featureUrl` is the feature page (relative to the root) for the caveat link.
 */
export function cellContent(cell: SiteCell, site: SiteData, ctx: PageContext, featureUrl: string): Html {
  if (cell.state !== 'applies') {
    return stateBadge(cell.state);
  }
  if (cell.status === undefined) return html`<span class="state state-unknown">no status</span>`;
  const caveat = cell.caveat !== undefined ? html` <a class="caveat" href="${ctx.root}${featureUrl}#${caveatAnchor(cell)}" title="${cell.caveat}">caveat</a>` : '';
  const unsigned =
    cell.signoffState === 'exempt'
      ? html` <span class="exempt">exempt (legacy, no sign-off recorded)</span>`
      : cell.signoffState !== 'signed' && cell.signoffState !== 'not-required'
        ? html` <span class="unsigned">${cell.signoffState}</span>`
        : '';
  return html`<a class="badge status-${slug(cell.status)}" href="${ctx.root}statuses/#${statusAnchor(cell.status)}">${cell.status}</a><span class="sec sec-${cell.securitySupport ?? 'no'}">${securityText(cell, site)}</span>${caveat}${unsigned}`;
}

/** Data attributes that the matrix script filters on. */
export function cellData(cell: SiteCell): Html {
  return html`data-col="${cell.arch}" data-arch="${cell.arch}" data-state="${cell.state}" data-status="${cell.status ?? ''}" data-security="${cell.securitySupport ?? ''}" data-caveat="${cell.caveat ?? ''}"`;
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
