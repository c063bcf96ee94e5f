// The sign-offs page as lists (blocks) of entries, split into pages of at
// most `site.rows-per-page` entries: `/signoffs/`, then `/signoffs/2/`, …
// (at 10,000 features the single page was 3.5 MB). Each block is one list of
// the page (a state of the open queue, the proposals, the due list, one
// member's sign-offs, the revoked and stale ones), in the page's order.
import { compareText } from '../diagnostics.js';
import type { Member } from '../types.js';
import { splitPages, type PageGroup, type Paging } from './paging.js';
import type { FeatureRef, QueueEntry, SignoffState, SignoffView, SiteData } from './site-data.js';

/** The sections of the sign-offs page, in order; each holds one or more blocks. */
export type SignoffSection = 'open' | 'proposals' | 'due' | 'by-member' | 'history';

/** One entry of a block. */
export type SignoffItem =
  | { kind: 'entry'; entry: QueueEntry }
  | { kind: 'proposal'; proposal: SiteData['queue']['proposals'][number] }
  | { kind: 'history'; feature: FeatureRef; signoff: SignoffView }
  /** What a section with nothing in it says. */
  | { kind: 'none' };

/** One list of the sign-offs page. */
export interface SignoffBlock {
  /** Unique on the page: the anchor of its heading (`open-missing`, `member-mwebb`, `proposals`, …). */
  anchor: string;
  section: SignoffSection;
  /** The block's own heading under its section's, if any (`Missing (3)`, a member's name). */
  title?: string;
  /** A line under that heading. */
  help?: string;
  /** Which entries: `open` for the queue, `signed` for signed cells. */
  kind?: 'open' | 'signed';
  items: SignoffItem[];
}

/** One page of the sign-offs page. */
export interface SignoffsPage extends Paging {
  blocks: Array<PageGroup<SignoffBlock>>;
}

/** The states of the open queue, in the order the page lists them. */
export const OPEN_STATES: Array<{ state: SignoffState; title: string; help: string }> = [
  { state: 'missing', title: 'Missing', help: 'No sign-off in scope at all.' },
  { state: 'stale', title: 'Stale', help: 'Signed off for another status than the cell has now.' },
  { state: 'revoked', title: 'Revoked', help: 'The sign-off was withdrawn.' },
  { state: 'invalid', title: 'Invalid', help: 'A sign-off exists but does not count (its claim no longer matches, a bad signature, signer or date, or a blocking concern).' },
  { state: 'exempt', title: 'Exempt (baseline)', help: 'Legacy cells that signoff-baseline.yml exempts while the corpus adopts sign-offs: no sign-off recorded; each needs one before its entry leaves the baseline.' },
];

const NONE: SignoffItem[] = [{ kind: 'none' }];
const entries = (list: readonly QueueEntry[]): SignoffItem[] => list.map((entry) => ({ kind: 'entry', entry }));

/** The blocks of the sign-offs page, in order. */
export function signoffBlocks(site: Pick<SiteData, 'queue' | 'roster' | 'project'>): SignoffBlock[] {
  const { open, signed, proposals, history } = site.queue;
  const blocks: SignoffBlock[] = [];
  if (open.length === 0) blocks.push({ anchor: 'open', section: 'open', items: NONE });
  for (const { state, title, help } of OPEN_STATES) {
    const list = open.filter((e) => e.state === state);
    if (list.length > 0) blocks.push({ anchor: `open-${state}`, section: 'open', title: `${title} (${list.length})`, help, kind: 'open', items: entries(list) });
  }
  blocks.push({ anchor: 'proposals', section: 'proposals', items: proposals.length === 0 ? NONE : proposals.map((proposal) => ({ kind: 'proposal', proposal })) });
  if (site.project.policy.reviewAfterDays !== undefined) {
    const due = signed.filter((e) => e.due);
    blocks.push({ anchor: 'due', section: 'due', kind: 'signed', items: due.length === 0 ? NONE : entries(due) });
  }
  const members = site.roster.members.map((member) => ({ member, list: signed.filter((e) => e.signedBy?.by === member.id) })).filter((g) => g.list.length > 0);
  if (members.length === 0) blocks.push({ anchor: 'by-member', section: 'by-member', items: NONE });
  for (const { member, list } of members) {
    const sorted = [...list].sort((a, b) => compareText(b.signedBy?.date ?? '', a.signedBy?.date ?? '') || compareText(a.feature.title, b.feature.title));
    blocks.push({ anchor: `member-${member.id}`, section: 'by-member', title: `${member.name} (${list.length})`, help: activity(member), kind: 'signed', items: entries(sorted) });
  }
  blocks.push({ anchor: 'history', section: 'history', items: history.length === 0 ? NONE : history.map(({ feature, signoff }) => ({ kind: 'history', feature, signoff })) });
  return blocks;
}

function activity(member: Member): string {
  return member['active-until'] ? `Active ${member['active-from']} to ${member['active-until']}.` : `Active since ${member['active-from']}.`;
}

/** The sign-offs page split into pages of at most `rowsPerPage` entries. */
export function signoffsPages(site: Pick<SiteData, 'queue' | 'roster' | 'project'>): SignoffsPage[] {
  const pathOf = (number: number): string => (number === 1 ? 'signoffs/' : `signoffs/${number}/`);
  const pages = splitPages(
    signoffBlocks(site),
    site.project.rowsPerPage,
    {
      key: (b) => b.anchor,
      name: (b) => b.title?.replace(/ \(\d+\)$/, '') ?? SECTION_TITLES[b.section],
      items: (b) => b.items,
      withItems: (b, items) => ({ ...b, items }),
      // "Nothing here" is a line of the page, not an entry.
      weight: (item) => ({ counted: item.kind === 'none' ? 0 : 1, table: 1 }),
    },
    pathOf,
  );
  return pages.map(({ groups, ...paging }) => ({ ...paging, blocks: groups }));
}

/** The heading of each section. */
export const SECTION_TITLES: Record<SignoffSection, string> = {
  open: 'Needs a sign-off',
  proposals: 'Proposals',
  due: 'Due for re-review',
  'by-member': 'Signed off, by member',
  history: 'Revoked and stale sign-offs',
};
