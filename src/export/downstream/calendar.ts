import ical, { ICalAlarmType, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { compareText } from '../../diagnostics.js';
import { dayNumber } from '../../model/signoffs.js';
import { RELEASE_STATE_WORDS } from '../../model/vocabulary.js';
import { identifierUrl, releaseUrl } from '../ids.js';
import { addDays } from '../../model/releases.js';
import { midnight, type Downstream, type DownstreamRelease } from './context.js';
import { signoffReviews } from './events.js';

/**
 * Support dates as iCalendar (RFC 5545) files a calendar client subscribes
 * to: each release's initial release, last day of support and last day of
 * security support, as all-day events; the project's calendar also has the
 * day each sign-off in use falls due for re-review (the security team's
 * calendar).
 *
 * ical-generator writes the files: it folds lines at 75 octets without
 * splitting a character, escapes TEXT values, and given the same events and
 * DTSTAMP it writes the same bytes. Where it writes a value as it is (the
 * calendar's NAME, a UID) this module escapes it first, and URLs, which it
 * escapes as TEXT though they are URIs, are percent-encoded so that its
 * escaping finds nothing to change (see {@link writeCalendar}).
 *
 * Deterministic: DTSTAMP is midnight UTC of `asOf`, never the clock; every
 * UID is made from identifiers that stay the same from build to build, so a
 * client updates an event instead of adding it again; events are sorted by
 * date, then UID.
 */

/** Days before the last day of security support that each calendar's alarms fire. */
export const ALARM_DAYS: readonly number[] = [30, 7];

/** The PRODID (RFC 5545 3.7.3): who wrote the file. Without a version, so an upgrade alone changes no byte. */
const PRODID = '//support-matrix//support-matrix//EN';

/** The domain part of every UID: the writer, as RFC 5545 3.8.4.7 suggests. */
const UID_DOMAIN = 'support-matrix';

/** What a release event marks. */
type ReleaseDateKind = 'initial-release' | 'end-of-support' | 'end-of-security-support';

/** One all-day event, before it is written. */
interface CalendarEvent {
  uid: string;
  /** `YYYY-MM-DD`: the day of the event. */
  date: string;
  summary: string;
  description: string;
  url?: string;
  /** A provisional date: STATUS:TENTATIVE. */
  tentative: boolean;
  /** Days before the event that a DISPLAY alarm fires, with its text. */
  alarms: Array<{ days: number; description: string }>;
}

/** The project's calendar: every release's dates, and each sign-off's re-review date (the security team's calendar). */
export function projectCalendar(d: Downstream): string {
  const events = [...d.releases.flatMap((r) => releaseEvents(d, r)), ...reviewEvents(d)];
  return writeCalendar(d, `${d.projectName} support dates`, events);
}

/** One release's calendar (by its slug): its dates only. Throws if no release has that slug. */
export function releaseCalendar(d: Downstream, slug: string): string {
  const release = d.releases.find((r) => r.slug === slug);
  if (!release) throw new Error(`Unexpected release slug \`${slug}\`, expected one of ${d.releases.map((r) => `\`${r.slug}\``).join(', ') || 'none (project.yml lists no release)'}`);
  return writeCalendar(d, `${d.projectName} ${release.name} support dates`, releaseEvents(d, release));
}

/**
 * A release's events: one per date it has. A date that is TBD or that
 * nothing states gives no event; neither does one that is not a real day
 * (`2026-02-30`), which the `release-dates` rule reports and no calendar
 * can show.
 */
function releaseEvents(d: Downstream, r: DownstreamRelease): CalendarEvent[] {
  const name = `${d.projectName} ${r.name}`;
  const mark = r.provisional ? ' (provisional date)' : '';
  const url = d.siteUrl === undefined ? undefined : releaseUrl(d.siteUrl, r.name);
  const state = `State on ${d.asOf}: ${RELEASE_STATE_WORDS[r.state]}.`;
  // Provisional dates (project.yml `provisional: true`) may move: said in words, not only by the summary's mark.
  const provisional = r.provisional ? `The release's dates are provisional and may change.` : undefined;
  // An end date counted from the policy is not written anywhere for this release: say so, so a reader knows where to look.
  const counted = (source: DownstreamRelease['supportedSource']): string | undefined =>
    source === 'lifecycle' ? `This date is not stated for ${r.name} in project.yml: it is counted from the initial release (${r.initialRelease ?? 'TBD'}) by the project's lifecycle policy.` : undefined;
  const event = (kind: ReleaseDateKind, date: string | undefined, summary: string, lines: Array<string | undefined>): CalendarEvent[] => {
    if (date === undefined || dayNumber(date) === undefined) return [];
    const out: CalendarEvent = {
      uid: `${d.project}:release:${r.slug}:${kind}@${UID_DOMAIN}`,
      date,
      summary: `${summary}${mark}`,
      description: [...lines, provisional, state].filter((l) => l !== undefined).join('\n'),
      tentative: r.provisional,
      // The end of security support is the date a user must act on: warned ahead of it, the other dates are not.
      alarms: kind === 'end-of-security-support' ? ALARM_DAYS.map((days) => ({ days, description: `${name}: last day of security support in ${days} days, on ${date}${mark}` })) : [],
    };
    if (url !== undefined) out.url = url;
    return [out];
  };
  return [
    ...event('initial-release', r.initialRelease, `${name} released`, [`Initial release of ${name}.`]),
    ...event('end-of-support', r.supportedUntil, `${name}: last day of support`, [`Last day of general support of ${name}.`, counted(r.supportedSource)]),
    ...event('end-of-security-support', r.securitySupportUntil, `${name}: last day of security support`, [
      `Last day of security support of ${name}: from the next day it is ${RELEASE_STATE_WORDS.unsupported}.`,
      counted(r.securitySource),
    ]),
  ];
}

/** One event per sign-off due for review ({@link signoffReviews}: the same reviews as `upcoming.json`). */
function reviewEvents(d: Downstream): CalendarEvent[] {
  return signoffReviews(d).map((review) => {
    const { signoff: s, what } = review;
    const event: CalendarEvent = {
      uid: `${review.identifier}:review:${s.by}:${s.date}:${s.status}@${UID_DOMAIN}`,
      date: review.date,
      summary: `Re-review sign-off: ${what} — ${s.status}, signed off by ${s.by} on ${s.date}`,
      description: [`The sign-off of ${what} as ${s.status} by ${s.by} on ${s.date} is due for review: it is more than ${d.reviewAfterDays ?? 0} days old from this day (policy.review-after-days).`, `Review: ${s.ref}`, `Identifier: ${review.identifier}`].join('\n'),
      tentative: false,
      alarms: [],
    };
    if (d.siteUrl !== undefined) event.url = identifierUrl(d.siteUrl, review.feature.id, review.variant, s.arch);
    return event;
  });
}

/**
 * The calendar file: the events sorted by date, then UID, the same UID
 * once (two sign-off entries alike in every field are one review), and a
 * CRLF after the last line too (ical-generator ends without one; RFC 5545
 * ends every content line with CRLF).
 */
function writeCalendar(d: Downstream, name: string, events: readonly CalendarEvent[]): string {
  const unique = new Map<string, CalendarEvent>();
  for (const e of events) if (!unique.has(e.uid)) unique.set(e.uid, e);
  const sorted = [...unique.values()].sort((a, b) => compareText(a.date, b.date) || compareText(a.uid, b.uid));
  // ical-generator writes NAME and X-WR-CALNAME as given: escape them here.
  const calendar = ical({ prodId: PRODID, name: escapeText(clean(name)) });
  const stamp = midnight(d.asOf);
  for (const e of sorted) {
    const event = calendar.createEvent({
      // Written as given, and UID is TEXT: a signer's id may hold `,` or `;`.
      id: escapeText(clean(e.uid)),
      stamp,
      allDay: true,
      // `YYYY-MM-DD` strings are midnight UTC, and ical-generator writes an all-day date from its UTC parts: the same day on every machine.
      start: e.date,
      // DTEND is exclusive: the event is that one day.
      end: addDays(e.date, 1),
      summary: clean(e.summary),
      description: clean(e.description),
      // A date to know, not time taken: it never shows the calendar's owner as busy.
      transparency: ICalEventTransparency.TRANSPARENT,
      ...(e.tentative ? { status: ICalEventStatus.TENTATIVE } : {}),
      ...(e.url !== undefined ? { url: uriValue(e.url) } : {}),
    });
    for (const alarm of e.alarms) event.createAlarm({ type: ICalAlarmType.display, trigger: alarm.days * 86_400, description: clean(alarm.description) });
  }
  return `${calendar.toString()}\r\n`;
}

/**
 * TEXT escaping (RFC 5545 3.3.11), as ical-generator does it for the values
 * it escapes: a backslash, `;` and `,` get a backslash, a line break is `\n`.
 */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, '\\$&').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * Text a TEXT value may hold: control characters other than tab and line
 * breaks (which RFC 5545 does not allow in TEXT) and lone surrogates (which
 * have no UTF-8) become U+FFFD. Line breaks stay: escaping makes them `\n`,
 * so no value can start a line of its own.
 */
function clean(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\uFFFD');
}

/**
 * A URL as a URI value: every character that is not printable ASCII, and
 * `\`, `,`, `;`, `"`, `<`, `>`, `^`, `` ` ``, `{`, `|`, `}`, percent-encoded
 * (as UTF-8). URI values are not escaped (RFC 5545 3.3.13), but
 * ical-generator escapes URL as TEXT; after this it has nothing to escape.
 */
function uriValue(url: string): string {
  const encoder = new TextEncoder();
  return clean(url).replace(/[^\x21-\x7e]|[\\,;"<>^`{|}]/gu, (c) => [...encoder.encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
