import { compareText } from '../../diagnostics.js';
import { dayNumber } from '../../model/signoffs.js';
import type { ExportFeature } from '../document.js';
import { identifier, identifierUrl, releaseUrl, siteRoot } from '../ids.js';
import { addDays } from '../../model/releases.js';
import type { Downstream } from './context.js';

/**
 * The dated events of a project — each release's initial release, last day
 * of support and last day of security support, and each sign-off's review
 * date — from which `upcoming.json` is made. The calendars take their
 * review events from {@link signoffReviews} and their release events from
 * the same release dates, so the two agree (a test holds them to it).
 */

/** What happens on an event's day. */
export type EventKind = 'initial-release' | 'end-of-support' | 'end-of-security-support' | 'signoff-review';

/** One dated event. */
export interface LifecycleEvent {
  /** `YYYY-MM-DD`: the day itself (for an end, the last day of support). */
  date: string;
  kind: EventKind;
  /** Stable identifier: the release's, or the signed-off row's or cell's (src/export/ids.ts). */
  identifier: string;
  title: string;
  /** The release's name (release events). */
  release?: string;
  /** The date was counted from the lifecycle policy, not stated. */
  counted?: true;
  /** The release's dates are provisional. */
  provisional?: true;
  /** Sign-off reviews: the feature, signer, sign-off date, status and review ref. */
  signoff?: { feature: string; variant?: string; arch?: string; by: string; date: string; status: string; ref: string };
  /** The page that shows it, when the site's URL is known. */
  url?: string;
}

const RELEASE_EVENTS: ReadonlyArray<{ kind: Exclude<EventKind, 'signoff-review'>; date: 'initialRelease' | 'supportedUntil' | 'securitySupportUntil'; source?: 'supportedSource' | 'securitySource'; words: string }> = [
  { kind: 'initial-release', date: 'initialRelease', words: 'released' },
  { kind: 'end-of-support', date: 'supportedUntil', source: 'supportedSource', words: 'last day of support' },
  { kind: 'end-of-security-support', date: 'securitySupportUntil', source: 'securitySource', words: 'last day of security support' },
];

/** Every release event with a known date, and every current sign-off's review date (when the policy sets `review-after-days`), by date then identifier. */
export function lifecycleEvents(d: Downstream): LifecycleEvent[] {
  const base = d.siteUrl === undefined ? undefined : siteRoot(d.siteUrl);
  const events: LifecycleEvent[] = [];
  for (const r of d.releases) {
    for (const spec of RELEASE_EVENTS) {
      const date = r[spec.date];
      if (date === undefined || dayNumber(date) === undefined) continue;
      const event: LifecycleEvent = {
        date,
        kind: spec.kind,
        identifier: r.identifier,
        title: `${d.projectName} ${r.name}: ${spec.words}${r.provisional ? ' (provisional)' : ''}`,
        release: r.name,
      };
      if (spec.source !== undefined && r[spec.source] === 'lifecycle') event.counted = true;
      if (r.provisional) event.provisional = true;
      if (base !== undefined) event.url = releaseUrl(base, r.name);
      events.push(event);
    }
  }
  for (const review of signoffReviews(d)) {
    const { signoff: s } = review;
    const event: LifecycleEvent = {
      date: review.date,
      kind: 'signoff-review',
      identifier: review.identifier,
      title: `Review sign-off: ${review.what}, ${s.status}, signed off by ${s.by} on ${s.date}`,
      signoff: { feature: review.feature.id, ...(review.variant !== null ? { variant: review.variant } : {}), ...(s.arch !== undefined ? { arch: s.arch } : {}), by: s.by, date: s.date, status: s.status, ref: s.ref },
    };
    if (base !== undefined) event.url = identifierUrl(base, review.feature.id, review.variant, s.arch);
    events.push(event);
  }
  return events.sort((a, b) => compareText(a.date, b.date) || compareText(a.identifier, b.identifier) || compareText(a.kind, b.kind) || compareText(a.title, b.title));
}

/** A sign-off of the working tree due for review, with what it covers. */
export interface SignoffReview {
  /** The day after `policy.review-after-days` after the sign-off's date: the first day it is older than that, when lint flags it. */
  date: string;
  /** The sign-off's scope: its cell when it names an arch, else its row. */
  identifier: string;
  feature: ExportFeature;
  signoff: ExportFeature['signoffs'][number];
  /** The variant's id (a sign-off may name it by id or name), or null for the feature's own row. */
  variant: string | null;
  /** `PVH guests (Shadow paging) on x86-64`: the scope in words. */
  what: string;
}

/**
 * Every sign-off entry of the working tree that still covers a cell, with
 * the day it falls due for review (the first day it is more than
 * `policy.review-after-days` old, as `signoff-review-age` counts); none
 * without that policy. A revoked sign-off, or one no cell is
 * covered by any more (outdated by a newer one, or for a status the cell no
 * longer has), needs no review. The export says which sign-off covers each
 * cell by its by, date and ref; the status and scope tell apart two
 * entries that share those. Two entries of one scope, signer, day and
 * status are one review.
 */
export function signoffReviews(d: Downstream): SignoffReview[] {
  const after = d.reviewAfterDays;
  if (after === undefined) return [];
  const seen = new Set<string>();
  const out: SignoffReview[] = [];
  for (const feature of d.current.features) {
    for (const s of feature.signoffs) {
      if (s.revoked !== undefined || dayNumber(s.date) === undefined) continue;
      const named = s.variant === undefined ? undefined : (feature.variants.find((v) => v.id === s.variant) ?? feature.variants.find((v) => v.name === s.variant));
      const variant = named?.id ?? s.variant ?? null;
      const covers = feature.cells.some((c) => c.signoff.by === s.by && c.signoff.date === s.date && c.signoff.ref === s.ref && c.status === s.status && c.variant === variant && (s.arch === undefined || c.arch === s.arch));
      if (!covers) continue;
      const id = identifier(d.project, feature.id, variant, s.arch);
      // One review per scope, signer, day and status: the calendar's UID (two entries that differ only in their ref are one review).
      const key = JSON.stringify([id, s.by, s.date, s.status]);
      if (seen.has(key)) continue;
      seen.add(key);
      const arch = s.arch === undefined ? undefined : (d.current.project.architectures.find((a) => a.id === s.arch)?.name ?? s.arch);
      // Due the first day it is older than `review-after-days`, the day `signoff-review-age` and the sign-offs page flag it.
      out.push({ date: addDays(s.date, after + 1), identifier: id, feature, signoff: s, variant, what: `${feature.title}${s.variant !== undefined ? ` (${named?.name ?? s.variant})` : ''}${arch !== undefined ? ` on ${arch}` : ''}` });
    }
  }
  return out;
}

/** How far ahead `upcoming.json` looks, in days. */
export const UPCOMING_DAYS = 90;

/** Version of `upcoming.json` (schema/upcoming.schema.json); bumped on any incompatible change. */
export const UPCOMING_SCHEMA_VERSION = 1;

/** `upcoming.json`: the events from the build date through {@link UPCOMING_DAYS} days after it. */
export function upcoming(d: Downstream): string {
  const until = addDays(d.asOf, UPCOMING_DAYS);
  const events = lifecycleEvents(d).filter((e) => e.date >= d.asOf && e.date <= until);
  return `${JSON.stringify({ schemaVersion: UPCOMING_SCHEMA_VERSION, asOf: d.asOf, until, project: d.projectName, events }, null, 2)}\n`;
}
