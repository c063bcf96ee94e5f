import type { Download } from '../../render/site-data.js';
import type { ExportFeature, ExportMemo } from '../document.js';
import type { Project } from '../../types.js';
import { keep } from '../../reuse.js';
import { badgeJson, badgeSvg, checkPaths, featureBadges, releaseBadges, type BadgeEntry } from './badges.js';
import { projectCalendar, releaseCalendar } from './calendar.js';
import { lastChanged, type Downstream } from './context.js';
import { debianLists } from './debian.js';
import { endoflifeFiles } from './endoflife.js';
import { upcoming } from './events.js';
import { openEox } from './openeox.js';

/** Some badges' files (JSON and SVG), their paths (without extension) and their lines of the badge index. */
interface BadgeFiles {
  files: DownstreamFile[];
  paths: string[];
  index: string[];
}

function badgeFiles(entries: readonly BadgeEntry[]): BadgeFiles {
  return {
    files: entries.flatMap((b) => [
      { path: `exports/badges/${b.path}.json`, content: badgeJson(b.badge) },
      { path: `exports/badges/${b.path}.svg`, content: badgeSvg(b.badge) },
    ]),
    paths: entries.map((b) => b.path),
    index: entries.map((b) => `    ${JSON.stringify(b.identifier)}: {\n      "json": ${JSON.stringify(`${b.path}.json`)},\n      "svg": ${JSON.stringify(`${b.path}.svg`)}\n    }`),
  };
}

/**
 * `site.badges: auto` publishes every feature's, variant's, cell's and
 * release's badge up to this many features, and the releases' alone above:
 * each badge is two files, and at 10,000 features even one per feature
 * (20,000 files) adds about 1.5 s of CPU to a build (BENCHMARKS.md).
 */
export const BADGE_CELLS_UP_TO = 1_000;

/** What `site.badges` publishes for a corpus of `features` features. */
export function publishedBadges(mode: Project['badges'], features: number): Exclude<Project['badges'], 'auto'> {
  return mode === 'auto' ? (features <= BADGE_CELLS_UP_TO ? 'cells' : 'releases') : mode;
}

/** A file of the downstream formats, by its path under the site's root. */
export interface DownstreamFile {
  path: string;
  content: string;
}

/**
 * Every downstream format as the site publishes it under `exports/` (README,
 * "For downstreams"), with the links the Releases page shows: the project's
 * (endoflife.date product, OpenEoX, calendar, upcoming events, the Debian
 * lists of the working tree, the badge index) and each release's, and the
 * badges `badgeMode` (`site.badges`) asks for. With `memo` (`serve`), each
 * feature's badges are kept from the call before.
 */
export function downstreamFiles(d: Downstream, memo?: ExportMemo, badgeMode: Project['badges'] = 'auto'): { files: DownstreamFile[]; project: Download[]; releases: Record<string, Download[]> } {
  const files: DownstreamFile[] = [];
  const add = (path: string, content: string, label: string, list: Download[]): void => {
    files.push({ path: `exports/${path}`, content });
    list.push({ label, path: `exports/${path}` });
  };
  const project: Download[] = [];
  // When the statements last changed: one answer for every file that says it.
  const changed = lastChanged(d);
  const eol = endoflifeFiles(d, changed);
  const [product] = eol;
  if (product) add(product.path, product.content, 'endoflife.date API', project);
  const eox = openEox(d, undefined, changed);
  if (eox !== undefined) add('openeox.json', eox, 'OpenEoX', project);
  add('calendar.ics', projectCalendar(d), 'Calendar (iCalendar)', project);
  add('upcoming.json', upcoming(d), 'Next 90 days (JSON)', project);
  const current = debianLists(d, undefined, memo);
  add('security-support-limited.txt', current.limited, 'security-support-limited', project);
  add('security-support-ended.txt', current.ended, 'security-support-ended', project);
  // Badges: each feature's files and index entries kept with `memo` while the feature object and the names its words use are the same (`serve`).
  const published = publishedBadges(badgeMode, d.current.features.length);
  const tag = `${published}\u0000${JSON.stringify([d.project, d.current.project.architectures, d.current.project.organisations])}`;
  // `features`: the feature's own badge alone, which names every arch and variant.
  const made = (feature: ExportFeature): BadgeFiles => badgeFiles(featureBadges(d, feature, { rows: published === 'cells' }));
  const features = published === 'cells' || published === 'features' ? d.current.features.map((feature) => (memo ? keep(memo.badges, feature, tag, () => made(feature), () => `The badges of ${feature.id}`) : made(feature))) : [];
  const parts = published === 'none' ? [] : [...features, badgeFiles(releaseBadges(d))];
  checkPaths(parts.flatMap((p) => p.paths));
  for (const p of parts) files.push(...p.files);
  const entries = parts.flatMap((p) => p.index);
  // The index as JSON.stringify(…, null, 2) writes it, from each feature's kept entries.
  add('badges/index.json', `{\n  "schemaVersion": 1,\n  "badges": ${entries.length === 0 ? '{}' : `{\n${entries.join(',\n')}\n  }`}\n}\n`, 'Badges (index)', project);

  const releases: Record<string, Download[]> = {};
  for (const r of d.releases) {
    const list: Download[] = [];
    const eolRelease = eol.find((f) => f.release === r.slug);
    if (eolRelease) add(eolRelease.path, eolRelease.content, 'endoflife.date', list);
    const statement = openEox(d, r.slug, changed);
    if (statement !== undefined) add(`releases/${r.slug}/openeox.json`, statement, 'OpenEoX', list);
    add(`releases/${r.slug}/calendar.ics`, releaseCalendar(d, r.slug), 'Calendar', list);
    if (r.document) {
      const lists = debianLists(d, r.slug, memo);
      add(`releases/${r.slug}/security-support-limited.txt`, lists.limited, 'security-support-limited', list);
      add(`releases/${r.slug}/security-support-ended.txt`, lists.ended, 'security-support-ended', list);
    }
    releases[r.slug] = list;
  }
  // endoflife.date's `latest` alias: published, not listed (it is one of the releases).
  for (const f of eol) if (f.latest) files.push({ path: `exports/${f.path}`, content: f.content });
  return { files, project, releases };
}
