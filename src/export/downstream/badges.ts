/**
 * Status badges: for every feature, row and cell of the working tree and for
 * every release, a shields.io endpoint JSON
 * (https://shields.io/badges/endpoint-badge) and a static SVG made by
 * shields.io's own badge-maker, both saying the same words.
 *
 * The first rule is that a badge tells the truth: it never hides an arch or
 * a variant. A cell's badge is the cell in the words of every downstream
 * format (words.ts); a row's names every arch beside its words; a feature's
 * adds each variant's row after its own (`… | [shadow] …`). In messages,
 * arches and variants are named by their ids, which hold no separator, so
 * no name a patch writes can pass for another row or arch; labels use the
 * names. Colour is secondary: the SVG says the state in text (its
 * `<title>` and `aria-label` are `label: message`), and it is green only
 * where every cell that applies is security supported without a
 * qualification ({@link unqualified}).
 *
 * Paths, under `exports/badges/` and without extension:
 *
 *   features/<feature-id>                      the feature (its own row and every variant)
 *   features/<feature-id>~<variant>            a variant's row
 *   features/<feature-id>[~<variant>]@<arch>   a cell
 *   releases/<release slug>                    a release
 *
 * They cannot collide: feature ids are `/`-separated segments of
 * `A-Za-z0-9._-`, variant ids `a-z0-9-` and arch ids `A-Za-z0-9._-`
 * (feature.schema.json, project.schema.json), so the `~` and `@` of the last
 * segment can only be ours, and the features and the releases each have
 * their own directory.
 *
 * Identifiers are those of every export (src/export/ids.ts): `export
 * --format badge --id <identifier>` and the index of the published badges
 * find a badge by them.
 */
import { createRequire } from 'node:module';
import { RELEASE_STATE_WORDS } from '../../model/vocabulary.js';
import type { ExportCell, ExportFeature } from '../document.js';
import { identifier } from '../ids.js';
import type { Downstream, DownstreamRelease } from './context.js';
import { archName, cellWords, rowsOf, securitySupported, unqualified } from './words.js';

/** What a badge says: the text is the state, the colour only repeats it. */
export interface Badge {
  label: string;
  message: string;
  /** A shields.io colour name (`brightgreen`, `yellow`, `orange`, `red`, `blue`, `lightgrey`). */
  color: string;
}

/** Between the groups of arches of one row's message. */
const SEPARATOR = ' · ';

/** Between the rows of a feature's message: its own, then each variant's, as `[<variant id>] …`. */
const ROW_SEPARATOR = ' | ';

/** A row of more arches than this that reads the same on all says `all N arches` instead of naming them. */
const MAX_NAMED_ARCHES = 4;

/** A path segment we may write: never empty, `.` or `..`, never a drive, a backslash or a space. */
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._~@-]*$/;

/** The extensions the badges are written with: a directory of one badge must not be the file of another. */
const EXTENSIONS = ['.json', '.svg'];

/**
 * Every badge of the working tree and releases, by path under
 * `exports/badges/` (without extension): for each feature in document order
 * the feature, the cells of its own row, then each variant's row and cells;
 * then each release in project order. Throws when ids would make an unsafe
 * or clashing path ({@link checkPaths}), which ids that pass `check` never
 * do (`duplicate-id` reports the one clash the schemas allow, `badge-path`).
 */
export function badgesOf(d: Downstream): BadgeEntry[] {
  const out = [...d.current.features.flatMap((feature) => featureBadges(d, feature)), ...releaseBadges(d)];
  checkPaths(out.map((b) => b.path));
  return out;
}

/** A badge and where it is published. */
export interface BadgeEntry {
  /** Under `exports/badges/`, without extension. */
  path: string;
  identifier: string;
  badge: Badge;
}

/**
 * One feature's badges: the feature, the cells of its own row, then each
 * variant's row and cells (the feature's alone with `rows: false`). What
 * they say depends on the feature and the project's arch and organisation
 * names alone.
 */
export function featureBadges(d: Downstream, feature: ExportFeature, options: { rows?: boolean } = {}): BadgeEntry[] {
  const out: BadgeEntry[] = [];
  const { project } = d.current;
  const arch = (id: string): string => archName(project, id);
  // In messages, arches and variants by their ids: ids hold no separator, so no name can pass for another row or arch.
  const archId = (id: string): string => id;
  const words = (cell: ExportCell): string => cellWords(cell, project);
  const add = (path: string, id: string, badge: Badge): void => {
    out.push({ path, identifier: id, badge: { label: oneLine(badge.label), message: oneLine(badge.message), color: badge.color } });
  };
  // Rows by the cells rather than by `variants`, so that no cell can be left out of every badge.
  const rows = rowsOf(feature).map((row) => ({ ...row, name: row.name ?? row.variant }));
  const parts = rows.map((row) => (row.variant === null ? rowWords(row.cells, words, archId) : `[${row.variant}] ${rowWords(row.cells, words, archId)}`));
  add(`features/${feature.id}`, feature.identifier, { label: feature.title, message: parts.join(ROW_SEPARATOR), color: colourOf(feature.cells) });
  if (options.rows === false) return out;
  for (const row of rows) {
    const label = row.variant === null ? feature.title : `${feature.title} (${row.name})`;
    const at = row.variant === null ? `features/${feature.id}` : `features/${feature.id}~${row.variant}`;
    // The own row's badge would be the feature's, less its variants: the feature's stands for it.
    if (row.variant !== null) add(at, identifier(d.project, feature.id, row.variant), { label, message: rowWords(row.cells, words, archId), color: colourOf(row.cells) });
    for (const cell of row.cells) {
      add(`${at}@${cell.arch}`, cell.identifier, { label: `${label} on ${arch(cell.arch)}`, message: words(cell), color: colourOf([cell]) });
    }
  }
  return out;
}

/** Each release's badge, in project order. */
export function releaseBadges(d: Downstream): BadgeEntry[] {
  return d.releases.map((release) => {
    const badge = releaseBadge(d.projectName, release);
    return { path: `releases/${release.slug}`, identifier: release.identifier, badge: { label: oneLine(badge.label), message: oneLine(badge.message), color: badge.color } };
  });
}

/** badge-maker's `makeBadge`, loaded on first use: every command loads this module, few make an SVG (loading it takes ≈ 25 ms). */
let makeBadge: typeof import('badge-maker').makeBadge | undefined;
function maker(): typeof import('badge-maker').makeBadge {
  makeBadge ??= (createRequire(import.meta.url)('badge-maker') as typeof import('badge-maker')).makeBadge;
  return makeBadge;
}

/** shields.io's endpoint JSON of a badge: the four keys it reads, pretty-printed, with a final newline. */
export function badgeJson(badge: Badge): string {
  return `${JSON.stringify({ schemaVersion: 1, label: oneLine(badge.label), message: oneLine(badge.message), color: badge.color }, null, 2)}\n`;
}

/** The static SVG of a badge (badge-maker's `flat` style), with a final newline; its `<title>` and `aria-label` are `label: message`. */
export function badgeSvg(badge: Badge): string {
  return `${maker()({ label: oneLine(badge.label), message: oneLine(badge.message), color: badge.color })}\n`;
}

/** A row's cells grouped by their words, each with its arches (by id), in arch order: `Supported, security supported (x86) · not applicable (arm)`. */
function rowWords(cells: readonly ExportCell[], words: (cell: ExportCell) => string, archName: (id: string) => string): string {
  const groups = new Map<string, string[]>();
  for (const cell of cells) {
    const said = words(cell);
    const names = groups.get(said);
    if (names) names.push(archName(cell.arch));
    else groups.set(said, [archName(cell.arch)]);
  }
  const [only] = groups.keys();
  // A few arch names fit on a badge and say exactly which; past that, `all` is as exact and shorter.
  if (groups.size === 1 && only !== undefined && cells.length > MAX_NAMED_ARCHES) return `${only} (all ${cells.length} arches)`;
  return [...groups].map(([said, names]) => `${said} (${names.join(', ')})`).join(SEPARATOR);
}

/**
 * The colour of some cells: `brightgreen` when every cell that may apply is
 * security supported ({@link securitySupported}), `orange` when none is,
 * `yellow` when some are, `lightgrey` when none applies. A cell not
 * implemented, of unknown applicability or without a status counts as not
 * security supported: the colour never claims more than the words.
 */
function colourOf(cells: readonly ExportCell[]): string {
  const applying = cells.filter((c) => c.state !== 'not-applicable');
  if (applying.length === 0) return 'lightgrey';
  if (applying.every(unqualified)) return 'brightgreen';
  return applying.some(securitySupported) ? 'yellow' : 'orange';
}

/** A release's badge: its state in the words every page uses ({@link RELEASE_STATE_WORDS}) and the date that bounds it. */
function releaseBadge(projectName: string, release: DownstreamRelease): Badge {
  // Provisional dates stay marked after the release is out, in every state.
  const words = `${RELEASE_STATE_WORDS[release.state]}${release.provisional && release.state !== 'unreleased' ? ' (dates provisional)' : ''}`;
  const label = `${projectName} ${release.name}`;
  switch (release.state) {
    case 'supported':
      return { label, message: release.supportedUntil !== undefined ? `${words} until ${release.supportedUntil}` : `${words}, end date TBD`, color: 'brightgreen' };
    case 'security-supported':
      return { label, message: release.securitySupportUntil !== undefined ? `${words}, until ${release.securitySupportUntil}` : `${words}, end date TBD`, color: 'yellow' };
    case 'unsupported':
      return { label, message: release.securitySupportUntil !== undefined ? `${words} (security support ended ${release.securitySupportUntil})` : words, color: 'red' };
    case 'unreleased': {
      const when = release.initialRelease !== undefined ? `planned ${release.initialRelease}${release.provisional ? ', provisional' : ''}` : 'date TBD';
      return { label, message: `${words} (${when})`, color: 'blue' };
    }
  }
}

/** Characters XML 1.0 does not allow (controls, lone surrogates, U+FFFE/U+FFFF): badge-maker would write them into the SVG as they are. */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Badge text as one line that reads the same in the JSON and the SVG:
 * characters XML cannot hold become U+FFFD, line breaks and tabs a space
 * (an XML parser turns them into spaces in `aria-label` anyway), and the
 * ends are trimmed as badge-maker trims them.
 */
function oneLine(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[\t\n\r ]+/g, ' ').trim();
}

/**
 * Throws unless every path is a safe relative path (segments of
 * {@link SAFE_SEGMENT}), no two are the same, and no badge's directory is
 * another's file (feature `a` writes `features/a.json`, feature `a.json/b`
 * would need it as a directory). Ids that passed validation always pass the
 * first two; the third needs a feature id segment ending in `.json` or `.svg`.
 */
export function checkPaths(paths: readonly string[]): void {
  const seen = new Set<string>();
  const directories = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    if (!segments.every((s) => SAFE_SEGMENT.test(s))) {
      throw new Error(`Unexpected badge path \`${path}\`, expected \`/\`-separated segments of letters, digits, \`.\`, \`_\`, \`-\`, \`~\`, \`@\`, each starting with a letter or digit: check the feature, variant and arch ids`);
    }
    if (seen.has(path)) throw new Error(`Unexpected second badge at \`${path}\`: two features, variants or arches have the same id`);
    seen.add(path);
    for (let i = 1; i < segments.length; i++) directories.add(segments.slice(0, i).join('/'));
  }
  for (const path of paths) {
    const clash = EXTENSIONS.find((ext) => directories.has(path + ext));
    if (clash !== undefined) throw new Error(`Unexpected badge directory \`${path}${clash}/\`: it is the badge file of \`${path}\`; rename the feature whose id has the segment \`${path.split('/').at(-1)}${clash}\``);
  }
}
