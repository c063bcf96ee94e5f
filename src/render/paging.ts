// Long pages split into numbered pages (issue 16: at 10,000 features the
// matrix was one 24 MB page, the sign-offs page 3.5 MB). Content comes in
// groups (a section of a matrix, a list of the sign-offs page), each a list
// of items (a feature's rows, a sign-off entry); pages take whole items in
// order until the next would pass the limit, a group going on over a page
// break is marked `continued`, and every item is on exactly one page.

/** A group as one page holds it. */
export type PageGroup<G> = G & { continued: boolean };

/** Where one page sits among the pages of its whole. */
export interface Paging {
  /** Site-relative directory of the page (`` is the site's front page). */
  path: string;
  /** 1-based. */
  number: number;
  /** Counted items (rows, entries) before this page, on it, and in the whole. */
  rowsBefore: number;
  rows: number;
  totalRows: number;
  /** Every page of the same whole, this one included, for the pager. */
  pages: PageLink[];
}

/** A page as the pager links it. */
export interface PageLink {
  number: number;
  path: string;
  /** The name of the group its first item is in. */
  first: string;
}

/** How much of a page an item takes (`table`: lines it adds), and how many it counts for the reader (`counted`). */
export interface Weight {
  counted: number;
  table: number;
}

/** What {@link splitPages} needs to know of a group. */
export interface Grouping<G, T> {
  /** A group's identity across pages (its anchor). */
  key(group: G): string;
  name(group: G): string;
  items(group: G): readonly T[];
  /** The group holding only `items`. */
  withItems(group: G, items: T[]): G;
  weight(item: T): Weight;
}

/**
 * Splits `groups` into pages of at most `limit` lines (an item that alone
 * takes more gets a page of its own); `pathOf(n)` names page n's directory.
 * Groups without items are left out. Always at least one page.
 */
export function splitPages<G, T>(groups: readonly G[], limit: number, grouping: Grouping<G, T>, pathOf: (number: number) => string): Array<Paging & { groups: Array<PageGroup<G>> }> {
  interface Chunk {
    groups: Array<PageGroup<G>>;
    items: T[][];
    rows: number;
    lines: number;
  }
  const chunks: Chunk[] = [];
  const started = new Set<string>();
  let current: Chunk | undefined;
  for (const group of groups) {
    const key = grouping.key(group);
    let holder: T[] | undefined;
    for (const item of grouping.items(group)) {
      const { counted, table } = grouping.weight(item);
      if (current === undefined || (current.lines > 0 && current.lines + table > limit)) {
        current = { groups: [], items: [], rows: 0, lines: 0 };
        chunks.push(current);
        holder = undefined;
      }
      if (holder === undefined) {
        holder = [];
        current.groups.push({ ...group, continued: started.has(key) });
        current.items.push(holder);
        started.add(key);
      }
      holder.push(item);
      current.rows += counted;
      current.lines += table;
    }
  }
  if (chunks.length === 0) chunks.push({ groups: [], items: [], rows: 0, lines: 0 });
  const totalRows = chunks.reduce((sum, c) => sum + c.rows, 0);
  const pages: PageLink[] = chunks.map((c, i) => ({ number: i + 1, path: pathOf(i + 1), first: c.groups[0] ? grouping.name(c.groups[0]) : '' }));
  let before = 0;
  return chunks.map((c, i) => {
    const groupsHere = c.groups.map((g, j) => ({ ...grouping.withItems(g, c.items[j] ?? []), continued: g.continued }));
    const page = { path: pathOf(i + 1), number: i + 1, rowsBefore: before, rows: c.rows, totalRows, pages, groups: groupsHere };
    before += c.rows;
    return page;
  });
}

/** The first page (number and directory) on which each key appears, `keysOf` giving a page's keys in order. */
export function firstPages<P extends Paging>(pages: readonly P[], keysOf: (page: P) => Iterable<string>): Map<string, Pick<Paging, 'number' | 'path'>> {
  const first = new Map<string, Pick<Paging, 'number' | 'path'>>();
  for (const page of pages) for (const key of keysOf(page)) if (!first.has(key)) first.set(key, { number: page.number, path: page.path });
  return first;
}
