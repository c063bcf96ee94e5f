import { Feed } from 'feed';
import { compareText } from '../diagnostics.js';
import { slug } from '../model/cells.js';
import { canonicalIds, describeValue, diffSnapshots, snapshot } from '../model/history.js';
import type { Feature, Project, Roster } from '../types.js';

/** One side of the history: a release, or the working tree, with the date its statements took effect. */
export interface FeedSide {
  name: string;
  /** `YYYY-MM-DD`; sides without a date (unreleased) are dated by `asOf`. */
  date?: string;
  features: readonly Feature[];
}

/** One status change between consecutive sides. */
export interface ChangeEntry {
  /** Stable: the same change gets the same id in every build. */
  id: string;
  title: string;
  date: string;
  release: string;
  featureId: string;
  variant?: string;
  arch: string;
  before: string;
  after: string;
}

/**
 * Every cell that changed between consecutive sides (oldest first), as feed
 * entries, newest first. Renamed features are followed through the newest
 * side's `aliases`.
 */
export function changeEntries(sides: readonly FeedSide[], project: Project, roster: Roster, asOf: string): ChangeEntry[] {
  const newest = sides.at(-1);
  if (!newest) return [];
  const canonical = canonicalIds(newest.features);
  const project_ = slug(project.name) || 'project';
  const entries: ChangeEntry[] = [];
  for (let i = 1; i < sides.length; i++) {
    const from = sides[i - 1];
    const to = sides[i];
    if (!from || !to) continue;
    const diff = diffSnapshots(snapshot(from.features, project, canonical), snapshot(to.features, project, canonical), { project, roster, today: asOf });
    for (const c of diff.changes) {
      const before = describeValue(c.before);
      const after = describeValue(c.after);
      const entry: ChangeEntry = {
        id: `urn:support-matrix:${project_}:change:${[to.name, c.featureId, c.variant ?? '-', c.arch].map(encodeURIComponent).join(':')}`,
        title: `${c.title}${c.variant ? ` (${c.variant})` : ''} on ${c.arch}: ${before} → ${after} in ${to.name}`,
        date: to.date ?? asOf,
        release: to.name,
        featureId: c.featureId,
        arch: c.arch,
        before,
        after,
      };
      if (c.variant !== undefined) entry.variant = c.variant;
      entries.push(entry);
    }
  }
  return entries.sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
}

/** Where feed entries link to. */
export interface FeedMeta {
  project: Project;
  /** Base URL of the published site (`https://…/`), for links to feature pages. */
  siteUrl?: string;
  asOf: string;
}

function feedOf(entries: readonly ChangeEntry[], meta: FeedMeta): Feed {
  const base = meta.siteUrl?.replace(/\/?$/, '/');
  const link = (entry?: ChangeEntry): string => (base ? `${base}${entry ? `features/${entry.featureId}/` : ''}` : (meta.project.repository ?? `urn:support-matrix:${slug(meta.project.name)}`));
  // Dated by the newest entry, never by the clock: same input, same feed.
  const updated = new Date(`${entries[0]?.date ?? meta.asOf}T00:00:00Z`);
  const feed = new Feed({
    id: `urn:support-matrix:${slug(meta.project.name) || 'project'}:changes`,
    title: `${meta.project.name}: support status changes`,
    description: `Status and security-support changes of ${meta.project.name} features, release by release.`,
    link: link(),
    updated,
    generator: 'support-matrix',
    ...(base ? { feedLinks: { atom: `${base}exports/changes.atom`, json: `${base}exports/changes.json` } } : {}),
  });
  for (const e of entries) {
    feed.addItem({
      id: e.id,
      title: e.title,
      link: link(e),
      date: new Date(`${e.date}T00:00:00Z`),
      description: `${e.featureId}${e.variant ? ` variant ${e.variant}` : ''} on ${e.arch}: ${e.before} → ${e.after} (${e.release})`,
    });
  }
  return feed;
}

/** The change feed as Atom 1.0. */
export function toAtom(entries: readonly ChangeEntry[], meta: FeedMeta): string {
  return feedOf(entries, meta).atom1() + '\n';
}

/** The change feed as JSON Feed 1.x. */
export function toJsonFeed(entries: readonly ChangeEntry[], meta: FeedMeta): string {
  return feedOf(entries, meta).json1() + '\n';
}
