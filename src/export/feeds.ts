import { compareText } from '../diagnostics.js';
import { slug } from '../model/cells.js';
import { describeValue, diffSnapshots } from '../model/history.js';
import { addDays, releaseDates } from '../model/releases.js';
import type { Model, ResolvedTree } from '../model/resolve.js';
import { dayNumber } from '../model/signoffs.js';
import type { Project } from '../types.js';
import { escapeHtml } from '../render/html.js';
import { identifier, projectId, releaseIdentifier, siteRoot } from './ids.js';

/** One side of the history: a release, or the working tree, with the date its statements took effect. */
export interface FeedSide {
  name: string;
  /** `YYYY-MM-DD`; sides without a date (unreleased) are dated by `asOf`. */
  date?: string;
  tree: ResolvedTree;
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
  /** The cell's stable identifier (src/export/ids.ts). */
  identifier: string;
}

/** A dated event of a release's lifecycle in the feeds: its security support ends in {@link ENDS_SOON_DAYS} days, or has ended. */
export interface LifecycleEntry {
  /** Stable: the same event gets the same id in every build. */
  id: string;
  title: string;
  date: string;
  release: string;
  kind: 'security-support-ends-soon' | 'security-support-ended';
  /** The release's stable identifier. */
  identifier: string;
}

/** An entry of the feeds: a cell that changed, or a release's lifecycle event. */
export type FeedEntry = ChangeEntry | LifecycleEntry;

/** How many days ahead the feeds announce the end of a release's security support. */
export const ENDS_SOON_DAYS = 30;

/**
 * For every release with a last day of security support: an entry
 * {@link ENDS_SOON_DAYS} days before it ("ends in 30 days") and one the day
 * after ("ended"), each only once its date has come (on or before `asOf`):
 * a feed tells what happened, and the same sources and date give the same
 * entries. Newest first.
 */
export function lifecycleEntries(model: Model): LifecycleEntry[] {
  const project = slug(model.project.name) || 'project';
  const entries: LifecycleEntry[] = [];
  for (const r of model.releases) {
    const last = validDay(r.dates.securitySupportUntil);
    if (last === undefined) continue;
    const events = [
      { kind: 'security-support-ends-soon' as const, date: addDays(last, -ENDS_SOON_DAYS), title: `${model.project.name} ${r.config.name}: security support ends in ${ENDS_SOON_DAYS} days (last day ${last})` },
      { kind: 'security-support-ended' as const, date: addDays(last, 1), title: `${model.project.name} ${r.config.name}: security support ended (last day ${last})` },
    ];
    for (const e of events) {
      if (e.date > model.today) continue;
      entries.push({ id: `urn:support-matrix:${project}:lifecycle:${encodeURIComponent(r.config.name)}:${e.kind}`, title: e.title, date: e.date, release: r.config.name, kind: e.kind, identifier: releaseIdentifier(projectId(model.project.name), r.config.name) });
    }
  }
  return entries.sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
}

/** Both kinds of entries, newest first (equal dates by id). */
export function feedEntries(model: Model): FeedEntry[] {
  return [...changeEntries(feedSides(model), model.project, model.today), ...lifecycleEntries(model)].sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
}

/**
 * Every cell that changed between consecutive sides (oldest first), as feed
 * entries, newest first. Renamed features are followed through the newest
 * side's `aliases`.
 */
export function changeEntries(sides: readonly FeedSide[], project: Project, asOf: string): ChangeEntry[] {
  const project_ = slug(project.name) || 'project';
  const entries: ChangeEntry[] = [];
  for (let i = 1; i < sides.length; i++) {
    const from = sides[i - 1];
    const to = sides[i];
    if (!from || !to) continue;
    const diff = diffSnapshots(from.tree, to.tree, project);
    for (const c of diff.changes) {
      const before = describeValue(c.before, project);
      const after = describeValue(c.after, project);
      const entry: ChangeEntry = {
        id: `urn:support-matrix:${project_}:change:${[to.name, c.featureId, c.variant ?? '-', c.arch].map(encodeURIComponent).join(':')}`,
        title: `${c.title}${c.variant ? ` (${c.variant})` : ''} on ${c.arch}: ${before} → ${after} in ${to.name}`,
        date: to.date ?? asOf,
        release: to.name,
        featureId: c.featureId,
        arch: c.arch,
        before,
        after,
        identifier: identifier(projectId(project.name), c.featureId, c.variant, c.arch),
      };
      if (c.variant !== undefined) entry.variant = c.variant;
      entries.push(entry);
    }
  }
  return entries.sort((a, b) => compareText(b.date, a.date) || compareText(a.id, b.id));
}

/**
 * The model's sides in the order their statements took effect: releases read
 * from git oldest first (unreleased last, in project order), then the
 * working tree dated `model.today`. Every side is a tree of the model, so
 * renames follow the working tree's aliases.
 */
export function feedSides(model: Model): FeedSide[] {
  const dated = model.releases
    .flatMap((r, order) => (r.tree ? [{ r, tree: r.tree, order, date: validDay(releaseDates(r.config, model.project.lifecycle).initialRelease) }] : []))
    .sort((a, b) => (a.date === undefined ? 1 : 0) - (b.date === undefined ? 1 : 0) || compareText(a.date ?? '', b.date ?? '') || a.order - b.order);
  return [
    ...dated.map(({ r, tree, date }): FeedSide => ({ name: r.config.name, tree, ...(date !== undefined ? { date } : {}) })),
    { name: 'working tree', date: model.today, tree: model.current },
  ];
}

/** `date` when it is a real `YYYY-MM-DD` day (only with `release-dates` off may it be another), else undefined. */
function validDay(date: string | undefined): string | undefined {
  return date !== undefined && dayNumber(date) !== undefined ? date : undefined;
}

/** Where feed entries link to. */
export interface FeedMeta {
  project: Project;
  /** Base URL of the published site (`https://…/`), for links to feature pages. */
  siteUrl?: string;
  asOf: string;
}

/**
 * Every code point outside XML 1.0's `Char` production: C0 controls other
 * than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
 */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * `text` with every character XML 1.0 cannot carry replaced by U+FFFD. The
 * checker refuses such input; this is the writer's own guarantee that the
 * feeds stay well-formed (and their JSON strict UTF-8) whatever it is given.
 */
function feedText(text: string): string {
  return text.replace(NOT_XML_CHAR, '\uFFFD');
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

/**
 * Text as XML character data or a double-quoted attribute value. Tab, LF and
 * CR become references so that line-end and attribute-value normalisation
 * cannot change them; `>` is escaped so `]]>` never appears.
 */
function xml(text: string, attribute = false): string {
  return feedText(text).replace(attribute ? /[&<>"\t\n\r]/g : /[&<>"\r]/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Plain text as HTML that shows exactly that text, as the site's pages escape it. */
function html(text: string): string {
  return escapeHtml(feedText(text));
}

/** A feed with its links resolved and its dates formatted. */
interface FeedModel {
  id: string;
  title: string;
  description: string;
  author: string;
  link: string;
  /** Links to the published feeds themselves, when the site URL is known. */
  self?: { atom: string; json: string };
  updated: string;
  items: Array<{ id: string; title: string; link: string; updated: string; summary: string; identifier: string }>;
}

/** `YYYY-MM-DD` as the RFC 3339 timestamp of its midnight UTC. */
function timestamp(date: string): string {
  return new Date(`${date}T00:00:00Z`).toISOString();
}

/** What both serialisers write, from the entries (newest first) and the project. */
function feedModel(entries: readonly FeedEntry[], meta: FeedMeta): FeedModel {
  const base = meta.siteUrl === undefined ? undefined : siteRoot(meta.siteUrl);
  const project = slug(meta.project.name) || 'project';
  const link = (entry?: FeedEntry): string => (base ? `${base}${entry ? ('featureId' in entry ? `features/${entry.featureId}/` : 'releases/') : ''}` : (meta.project.repository ?? `urn:support-matrix:${project}`));
  return {
    id: `urn:support-matrix:${project}:changes`,
    title: `${meta.project.name}: support status changes`,
    description: `Status and security-support changes of ${meta.project.name} features, release by release, and the end of each release's security support.`,
    author: meta.project.name,
    link: link(),
    ...(base ? { self: { atom: `${base}exports/changes.atom`, json: `${base}exports/changes.json` } } : {}),
    // Dated by the newest entry, never by the clock: same input, same feed.
    updated: timestamp(entries[0]?.date ?? meta.asOf),
    items: entries.map((e) => ({
      id: e.id,
      title: e.title,
      link: link(e),
      updated: timestamp(e.date),
      // The title leads, so a reader that shows only the content still says what changed.
      identifier: e.identifier,
      summary: 'featureId' in e ? `${e.title} (feature ${e.featureId}${e.variant ? `, variant ${e.variant}` : ''})` : `${e.title} (release ${e.release})`,
    })),
  };
}

/**
 * The change feed as Atom 1.0 (RFC 4287). Every text construct is
 * `type="text"`, so no reader renders a title as HTML.
 */
export function toAtom(entries: readonly FeedEntry[], meta: FeedMeta): string {
  const feed = feedModel(entries, meta);
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xml(feed.id)}</id>`,
    `  <title type="text">${xml(feed.title)}</title>`,
    `  <subtitle type="text">${xml(feed.description)}</subtitle>`,
    `  <updated>${feed.updated}</updated>`,
    // RFC 4287 requires an author on the feed when its entries have none.
    `  <author><name>${xml(feed.author)}</name></author>`,
    '  <generator>support-matrix</generator>',
    `  <link rel="alternate" href="${xml(feed.link, true)}"/>`,
    ...(feed.self ? [`  <link rel="self" type="application/atom+xml" href="${xml(feed.self.atom, true)}"/>`] : []),
    ...feed.items.flatMap((item) => [
      '  <entry>',
      `    <id>${xml(item.id)}</id>`,
      `    <title type="text">${xml(item.title)}</title>`,
      `    <link rel="alternate" href="${xml(item.link, true)}"/>`,
      `    <updated>${item.updated}</updated>`,
      `    <summary type="text">${xml(item.summary)}</summary>`,
      // The cell's or release's stable identifier, for a reader that files entries by what they concern.
      `    <category scheme="urn:support-matrix:identifier" term="${xml(item.identifier, true)}"/>`,
      '  </entry>',
    ]),
    '</feed>',
  ];
  return lines.join('\n') + '\n';
}

/**
 * The change feed as JSON Feed 1.1: `content_text` holds the plain text and
 * `content_html` the same text HTML-escaped.
 */
export function toJsonFeed(entries: readonly FeedEntry[], meta: FeedMeta): string {
  const feed = feedModel(entries, meta);
  const json = {
    version: 'https://jsonfeed.org/version/1.1',
    // For people reading the raw file (JSON Feed 1.1), and how `export --out` knows the file as its own.
    user_comment: 'Written by support-matrix from the feature files: a feed of support status changes.',
    title: feedText(feed.title),
    home_page_url: feedText(feed.link),
    ...(feed.self ? { feed_url: feedText(feed.self.json) } : {}),
    description: feedText(feed.description),
    authors: [{ name: feedText(feed.author) }],
    items: feed.items.map((item) => ({
      id: feedText(item.id),
      url: feedText(item.link),
      title: feedText(item.title),
      content_text: feedText(item.summary),
      content_html: html(item.summary),
      // A JSON Feed extension (its name starts with `_`): the cell's or release's stable identifier.
      _support_matrix: { identifier: feedText(item.identifier) },
      date_modified: item.updated,
    })),
  };
  return JSON.stringify(json, null, 2) + '\n';
}
