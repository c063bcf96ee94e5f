import type { Download } from '../../render/site-data.js';
import { badgeJson, badgesOf, badgeSvg } from './badges.js';
import { projectCalendar, releaseCalendar } from './calendar.js';
import type { Downstream } from './context.js';
import { debianLists } from './debian.js';
import { endoflifeFiles } from './endoflife.js';
import { upcoming } from './events.js';
import { openEox } from './openeox.js';

/** A file of the downstream formats, by its path under the site's root. */
export interface DownstreamFile {
  path: string;
  content: string;
}

/**
 * Every downstream format as the site publishes it under `exports/` (README,
 * "For downstreams"), with the links the Releases page shows: the project's
 * (endoflife.date product, OpenEoX, calendar, upcoming events, the Debian
 * lists of the working tree, the badge index) and each release's.
 */
export function downstreamFiles(d: Downstream): { files: DownstreamFile[]; project: Download[]; releases: Record<string, Download[]> } {
  const files: DownstreamFile[] = [];
  const add = (path: string, content: string, label: string, list: Download[]): void => {
    files.push({ path: `exports/${path}`, content });
    list.push({ label, path: `exports/${path}` });
  };
  const project: Download[] = [];
  const eol = endoflifeFiles(d);
  const [product] = eol;
  if (product) add(product.path, product.content, 'endoflife.date API', project);
  const eox = openEox(d);
  if (eox !== undefined) add('openeox.json', eox, 'OpenEoX', project);
  add('calendar.ics', projectCalendar(d), 'Calendar (iCalendar)', project);
  add('upcoming.json', upcoming(d), 'Next 90 days (JSON)', project);
  const current = debianLists(d);
  add('security-support-limited.txt', current.limited, 'security-support-limited', project);
  add('security-support-ended.txt', current.ended, 'security-support-ended', project);
  const badges = badgesOf(d);
  const index: Record<string, { json: string; svg: string }> = {};
  for (const b of badges) {
    files.push({ path: `exports/badges/${b.path}.json`, content: badgeJson(b.badge) }, { path: `exports/badges/${b.path}.svg`, content: badgeSvg(b.badge) });
    index[b.identifier] = { json: `${b.path}.json`, svg: `${b.path}.svg` };
  }
  add('badges/index.json', `${JSON.stringify({ schemaVersion: 1, badges: index }, null, 2)}\n`, 'Badges (index)', project);

  const releases: Record<string, Download[]> = {};
  for (const r of d.releases) {
    const list: Download[] = [];
    const eolRelease = eol.find((f) => f.path.endsWith(`/releases/${r.slug}/index.json`));
    if (eolRelease) add(eolRelease.path, eolRelease.content, 'endoflife.date', list);
    const statement = openEox(d, r.slug);
    if (statement !== undefined) add(`releases/${r.slug}/openeox.json`, statement, 'OpenEoX', list);
    add(`releases/${r.slug}/calendar.ics`, releaseCalendar(d, r.slug), 'Calendar', list);
    if (r.document) {
      const lists = debianLists(d, r.slug);
      add(`releases/${r.slug}/security-support-limited.txt`, lists.limited, 'security-support-limited', list);
      add(`releases/${r.slug}/security-support-ended.txt`, lists.ended, 'security-support-ended', list);
    }
    releases[r.slug] = list;
  }
  // endoflife.date's `latest` alias: published, not listed (it is one of the releases).
  for (const f of eol) if (f.path.endsWith('/releases/latest/index.json')) files.push({ path: `exports/${f.path}`, content: f.content });
  return { files, project, releases };
}
