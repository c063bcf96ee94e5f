import ICAL from 'ical.js';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ALARM_DAYS, projectCalendar, releaseCalendar } from '../../src/export/downstream/calendar.js';
import type { Downstream, DownstreamRelease } from '../../src/export/downstream/context.js';
import { RELEASE_STATE_WORDS } from '../../src/model/vocabulary.js';
import { lifecycleDownstream } from '../helpers/lifecycle.js';

const SITE = 'https://support.example.org';

/** One VEVENT as ical.js reads it back. */
interface ParsedEvent {
  uid: string;
  summary: string;
  start: string;
  startIsDate: boolean;
  end: string;
  stamp: string;
  description: string;
  url: string | null;
  status: string | null;
  transp: string | null;
  properties: string[];
  alarms: Array<{ action: string; trigger: string; description: string }>;
}

const text = (c: ICAL.Component, name: string): string | null => {
  const value = c.getFirstPropertyValue(name);
  return value === null ? null : String(value);
};

/** Parses with ical.js, which throws on what is not iCalendar; NAME (RFC 7986, unknown to ical.js) is unescaped as the TEXT it is. */
function parse(ics: string): { calendar: ICAL.Component; name: string | null; events: ParsedEvent[] } {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const raw = calendar.getFirstPropertyValue('name');
  const events = calendar.getAllSubcomponents('vevent').map((e): ParsedEvent => {
    const start = e.getFirstPropertyValue('dtstart');
    if (!(start instanceof ICAL.Time)) throw new Error('DTSTART is not a date');
    return {
      uid: text(e, 'uid') ?? '',
      summary: text(e, 'summary') ?? '',
      start: start.toString(),
      startIsDate: start.isDate,
      end: text(e, 'dtend') ?? '',
      stamp: text(e, 'dtstamp') ?? '',
      description: text(e, 'description') ?? '',
      url: text(e, 'url'),
      status: text(e, 'status'),
      transp: text(e, 'transp'),
      properties: e.getAllProperties().map((p) => p.name),
      alarms: e.getAllSubcomponents('valarm').map((a) => ({ action: text(a, 'action') ?? '', trigger: text(a, 'trigger') ?? '', description: text(a, 'description') ?? '' })),
    };
  });
  return { calendar, name: typeof raw === 'string' ? (ICAL.design.icalendar.value.text.fromICAL(raw) as string) : null, events };
}

/** The release events a release should have, from its dates alone: one per date it has. */
function expectedReleaseEvents(d: Downstream, r: DownstreamRelease): Array<{ uid: string; start: string; summary: string }> {
  const name = `${d.projectName} ${r.name}`;
  const mark = r.provisional ? ' (provisional date)' : '';
  const dates: Array<[string, string | undefined, string]> = [
    ['initial-release', r.initialRelease, `${name} released${mark}`],
    ['end-of-support', r.supportedUntil, `${name}: last day of support${mark}`],
    ['end-of-security-support', r.securitySupportUntil, `${name}: last day of security support${mark}`],
  ];
  return dates.flatMap(([kind, start, summary]) => (start === undefined ? [] : [{ uid: `${d.project}:release:${r.slug}:${kind}@support-matrix`, start, summary }]));
}

const byDateThenUid = (a: { start: string; uid: string }, b: { start: string; uid: string }): number => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0);

const isReview = (e: { uid: string }): boolean => e.uid.includes(':review:');

/** A copy to change in a test, the fixture staying as built. */
const copy = (d: Downstream): Downstream => structuredClone(d);

function feature(d: Downstream, id: string): Downstream['current']['features'][number] {
  const f = d.current.features.find((x) => x.id === id);
  if (!f) throw new Error(`no feature ${id} in the fixture`);
  return f;
}

let downstream: Downstream;

beforeAll(async () => {
  ({ downstream } = await lifecycleDownstream({ siteUrl: SITE }));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('projectCalendar', () => {
  it('is an iCalendar 2.0 file by support-matrix named after the project', () => {
    const ics = projectCalendar(downstream);
    const { calendar, name } = parse(ics);
    expect(calendar.name).toBe('vcalendar');
    expect(text(calendar, 'version')).toBe('2.0');
    expect(text(calendar, 'prodid')).toBe('-//support-matrix//support-matrix//EN');
    expect(name).toBe('Release Test Hypervisor support dates');
    expect(ics.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
  });

  it('has one all-day event on each date a release has, and none for a date it does not have', () => {
    const { events } = parse(projectCalendar(downstream));
    const expected = downstream.releases.flatMap((r) => expectedReleaseEvents(downstream, r)).sort(byDateThenUid);
    expect(events.filter((e) => !isReview(e)).map((e) => ({ uid: e.uid, start: e.start, summary: e.summary }))).toEqual(expected);
    for (const e of events) {
      expect(e.startIsDate, e.uid).toBe(true);
      // DTEND is exclusive: the next day.
      expect(new Date(`${e.end}T00:00:00Z`).getTime() - new Date(`${e.start}T00:00:00Z`).getTime(), e.uid).toBe(86_400_000);
      expect(e.stamp, e.uid).toBe('2026-06-01T00:00:00Z');
      expect(e.transp, e.uid).toBe('TRANSPARENT');
    }
    // The fixture's dates, written out, so a wrong mapping of the release fields fails.
    const on = (uid: string): ParsedEvent | undefined => events.find((e) => e.uid === `release-test-hypervisor:release:${uid}@support-matrix`);
    expect(on('2-0:end-of-security-support')?.start).toBe('2026-06-20');
    expect(on('2-0:end-of-support')?.start).toBe('2025-06-01');
    expect(on('1-0:initial-release')?.start).toBe('2023-01-10');
    expect(on('3-0:end-of-support')?.start).toBe('2026-12-01');
    expect(on('3-0:end-of-security-support')?.start).toBe('2028-09-01');
    expect(on('4-0:initial-release')).toMatchObject({ start: '2026-09-15', summary: 'Release Test Hypervisor 4.0 released (provisional date)' });
    expect(on('4-0:end-of-security-support')?.summary).toBe('Release Test Hypervisor 4.0: last day of security support (provisional date)');
    expect(on('2-0:initial-release')?.summary).toBe('Release Test Hypervisor 2.0 released');
    expect(events.filter((e) => e.uid.includes(':release:5-0:'))).toEqual([]);
    expect(events.filter((e) => !isReview(e))).toHaveLength(12);
  });

  it('writes each release date as a DATE value', () => {
    const ics = projectCalendar(downstream);
    expect(ics).toContain('\r\nDTSTART;VALUE=DATE:20260620\r\nDTEND;VALUE=DATE:20260621\r\n');
    expect(ics).not.toMatch(/DTSTART:/);
  });

  it('says where a counted end date came from, whether the dates are provisional, and the release state on the build date', () => {
    const { events } = parse(projectCalendar(downstream));
    for (const r of downstream.releases) {
      for (const e of events.filter((x) => x.uid.includes(`:release:${r.slug}:`))) {
        expect(e.description, e.uid).toContain(`State on 2026-06-01: ${RELEASE_STATE_WORDS[r.state]}.`);
        expect(e.description.includes('provisional'), e.uid).toBe(r.provisional);
        expect(e.status, e.uid).toBe(r.provisional ? 'TENTATIVE' : null);
        const source = e.uid.endsWith(':end-of-support@support-matrix') ? r.supportedSource : e.uid.endsWith(':end-of-security-support@support-matrix') ? r.securitySource : 'explicit';
        expect(e.description.includes('lifecycle policy'), e.uid).toBe(source === 'lifecycle');
      }
    }
    const counted = events.find((e) => e.uid === 'release-test-hypervisor:release:3-0:end-of-security-support@support-matrix');
    expect(counted?.description).toContain('counted from the initial release (2025-09-01) by the project');
    expect(events.find((e) => e.uid === 'release-test-hypervisor:release:2-0:initial-release@support-matrix')?.description).toContain('State on 2026-06-01: security support only.');
  });

  it('warns 30 and 7 days before each last day of security support, and before no other event', () => {
    expect(ALARM_DAYS).toEqual([30, 7]);
    const { events } = parse(projectCalendar(downstream));
    const ends = events.filter((e) => e.uid.endsWith(':end-of-security-support@support-matrix'));
    expect(ends.map((e) => e.uid)).toHaveLength(downstream.releases.filter((r) => r.securitySupportUntil !== undefined).length);
    for (const e of events) {
      if (ends.includes(e)) {
        expect(e.alarms.map((a) => [a.action, a.trigger]), e.uid).toEqual([
          ['DISPLAY', '-P30D'],
          ['DISPLAY', '-P7D'],
        ]);
        for (const a of e.alarms) expect(a.description, e.uid).toContain(`on ${e.start}`);
      } else {
        expect(e.alarms, e.uid).toEqual([]);
      }
    }
  });

  it('links release events to their row of the Releases page when the site URL is known, and to nothing when it is not', () => {
    const releases = parse(projectCalendar(downstream)).events.filter((e) => !isReview(e));
    expect(new Set(releases.map((e) => e.url))).toEqual(new Set(['1-0', '2-0', '3-0', '4-0'].map((r) => `https://support.example.org/releases/#release-${r}`)));
    const offline = copy(downstream);
    delete offline.siteUrl;
    expect(parse(projectCalendar(offline)).events.map((e) => e.url).filter((u) => u !== null)).toEqual([]);
  });

  it('has one re-review event per sign-off entry in use, review-after-days after its date', () => {
    const { events } = parse(projectCalendar(downstream));
    const reviews = events.filter(isReview);
    // Every sign-off of the working tree is in use; the device model's covers both arches and is one event.
    expect(feature(downstream, 'tools/device-model').cells.filter((c) => c.signoff.by === 'alice')).toHaveLength(2);
    expect(reviews).toHaveLength(downstream.current.features.flatMap((f) => f.signoffs).length);
    expect(reviews.map((e) => ({ uid: e.uid, start: e.start, summary: e.summary, url: e.url }))).toEqual([
      {
        uid: 'release-test-hypervisor:guests/pvh@x86:review:alice:2025-01-10:Supported@support-matrix',
        start: '2026-07-05',
        summary: 'Re-review sign-off: PVH guests on X86 — Supported, signed off by alice on 2025-01-10',
        url: 'https://support.example.org/features/guests/pvh/#f-guests-pvh--x86',
      },
      {
        uid: 'release-test-hypervisor:tools/device-model:review:alice:2025-01-10:Supported@support-matrix',
        start: '2026-07-05',
        summary: 'Re-review sign-off: Device model — Supported, signed off by alice on 2025-01-10',
        url: 'https://support.example.org/features/tools/device-model/',
      },
    ]);
    for (const e of reviews) {
      expect(e.description).toContain('Review: https://lists.example.org/1');
      expect(e.alarms).toEqual([]);
    }
  });

  it('counts the review date from the policy', () => {
    const d = copy(downstream);
    d.reviewAfterDays = 1;
    expect(new Set(parse(projectCalendar(d)).events.filter(isReview).map((e) => e.start))).toEqual(new Set(['2025-01-12']));
  });

  it('has no re-review event for a revoked sign-off, one that covers no cell, or without review-after-days', () => {
    const revoked = copy(downstream);
    const pvh = feature(revoked, 'guests/pvh').signoffs[0];
    if (pvh) pvh.revoked = { by: 'alice', date: '2025-02-01', reason: 'Wrong hash.' };
    expect(parse(projectCalendar(revoked)).events.filter(isReview).map((e) => e.uid)).toEqual(['release-test-hypervisor:tools/device-model:review:alice:2025-01-10:Supported@support-matrix']);

    // The cells say another sign-off covers them now: this one is not in use.
    const outdated = copy(downstream);
    for (const c of feature(outdated, 'tools/device-model').cells) c.signoff.date = '2026-01-10';
    expect(parse(projectCalendar(outdated)).events.filter(isReview).map((e) => e.uid)).toEqual(['release-test-hypervisor:guests/pvh@x86:review:alice:2025-01-10:Supported@support-matrix']);

    // Same signer, date and ref, but the cell's status is no longer the one signed off.
    const stale = copy(downstream);
    for (const c of feature(stale, 'tools/device-model').cells) c.status = 'Deprecated';
    expect(parse(projectCalendar(stale)).events.filter(isReview)).toHaveLength(1);

    const noPolicy = copy(downstream);
    delete noPolicy.reviewAfterDays;
    expect(parse(projectCalendar(noPolicy)).events.filter(isReview)).toEqual([]);
  });

  it('tells apart entries that share signer, date and ref by their scope, and writes an entry twice once', () => {
    const d = copy(downstream);
    const dm = feature(d, 'tools/device-model');
    const entry = dm.signoffs[0];
    if (!entry) throw new Error('the device model has a sign-off');
    dm.signoffs = [
      { ...entry, arch: 'x86' },
      { ...entry, arch: 'arm' },
      { ...entry, arch: 'arm' },
    ];
    const reviews = (x: Downstream): string[][] =>
      parse(projectCalendar(x))
        .events.filter((e) => isReview(e) && e.uid.includes('device-model'))
        .map((e) => [e.uid, e.summary]);
    expect(reviews(d)).toEqual([
      ['release-test-hypervisor:tools/device-model@arm:review:alice:2025-01-10:Supported@support-matrix', 'Re-review sign-off: Device model on ARM — Supported, signed off by alice on 2025-01-10'],
      ['release-test-hypervisor:tools/device-model@x86:review:alice:2025-01-10:Supported@support-matrix', 'Re-review sign-off: Device model on X86 — Supported, signed off by alice on 2025-01-10'],
    ]);
    // The arm cell is covered by another sign-off now: the entry for arm covers nothing, though the x86 cell has its signer, date and ref.
    const arm = dm.cells.find((c) => c.arch === 'arm');
    if (!arm) throw new Error('the device model has an arm cell');
    arm.signoff = { ...arm.signoff, date: '2026-01-10', ref: 'https://lists.example.org/3' };
    expect(reviews(d).map(([uid]) => uid)).toEqual(['release-test-hypervisor:tools/device-model@x86:review:alice:2025-01-10:Supported@support-matrix']);
  });

  it("names a variant's sign-off by the variant's name and identifies it by the variant's id, whichever the entry names it by", () => {
    for (const ref of ['shadow', 'Shadow paging']) {
      const d = copy(downstream);
      const pvh = feature(d, 'guests/pvh');
      const shadow = pvh.cells.find((c) => c.variant === 'shadow' && c.arch === 'x86');
      if (!shadow) throw new Error('PVH has a shadow cell on x86');
      shadow.signoff = { required: true, state: 'signed', by: 'alice', date: '2025-03-01', ref: 'https://lists.example.org/2' };
      pvh.signoffs.push({ by: 'alice', date: '2025-03-01', status: shadow.status ?? '', variant: ref, arch: 'x86', ref: 'https://lists.example.org/2' });
      const event = parse(projectCalendar(d)).events.find((e) => e.uid.includes(':shadow@'));
      expect(event, ref).toMatchObject({
        uid: 'release-test-hypervisor:guests/pvh:shadow@x86:review:alice:2025-03-01:Experimental@support-matrix',
        start: '2026-08-24',
        summary: `Re-review sign-off: PVH guests (Shadow paging) on X86 — ${shadow.status ?? ''}, signed off by alice on 2025-03-01`,
        url: 'https://support.example.org/features/guests/pvh/#f-guests-pvh--shadow--x86',
      });
      expect(event?.description, ref).toContain('Review: https://lists.example.org/2');
    }
  });
});

describe('releaseCalendar', () => {
  it("has a release's own dates and nothing else", () => {
    for (const r of downstream.releases) {
      const { name, events } = parse(releaseCalendar(downstream, r.slug));
      expect(name).toBe(`Release Test Hypervisor ${r.name} support dates`);
      expect(events.map((e) => ({ uid: e.uid, start: e.start, summary: e.summary }))).toEqual(expectedReleaseEvents(downstream, r).sort(byDateThenUid));
    }
    const second = parse(releaseCalendar(downstream, '2-0')).events;
    expect(second.map((e) => e.start)).toEqual(['2024-06-01', '2025-06-01', '2026-06-20']);
    expect(second[2]?.alarms.map((a) => a.trigger)).toEqual(['-P30D', '-P7D']);
    expect(parse(releaseCalendar(downstream, '5-0')).events).toEqual([]);
  });

  it('throws for a slug no release has', () => {
    expect(() => releaseCalendar(downstream, '9-0')).toThrow(/`9-0`.*`1-0`/);
  });
});

describe('calendar files', () => {
  it('are the same bytes on every call, whatever the clock says', () => {
    const project = projectCalendar(downstream);
    const release = releaseCalendar(downstream, '3-0');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2031-12-24T13:14:15Z'));
    expect(projectCalendar(downstream)).toBe(project);
    expect(releaseCalendar(downstream, '3-0')).toBe(release);
    expect(project).toContain('\r\nDTSTAMP:20260601T000000Z\r\n');
  });

  it('are the same bytes for a fixture built again, and whatever order the releases and features come in', async () => {
    const again = (await lifecycleDownstream({ siteUrl: SITE })).downstream;
    expect(projectCalendar(again)).toBe(projectCalendar(downstream));
    expect(releaseCalendar(again, '4-0')).toBe(releaseCalendar(downstream, '4-0'));
    const shuffled = copy(downstream);
    shuffled.releases.reverse();
    shuffled.current.features.reverse();
    expect(projectCalendar(shuffled)).toBe(projectCalendar(downstream));
  });

  it('sort events by date, then UID', () => {
    const { events } = parse(projectCalendar(downstream));
    expect(events.length).toBeGreaterThan(10);
    expect(events.map((e) => e.uid)).toEqual([...events].sort(byDateThenUid).map((e) => e.uid));
  });

  it('end every line with CRLF and fold lines longer than 75 octets', () => {
    const d = copy(downstream);
    d.projectName = `Ünïcødé Hypervisor ${'日本語 '.repeat(12)}`;
    feature(d, 'tools/device-model').title = `Device model ${'ä'.repeat(60)} 🚀${'x'.repeat(40)}`;
    const ics = projectCalendar(d);
    expect(ics.endsWith('\r\n')).toBe(true);
    const lines = ics.slice(0, -2).split('\r\n');
    for (const line of lines) {
      expect(line).not.toMatch(/[\r\n]/);
      expect(Buffer.byteLength(line, 'utf8'), line).toBeLessThanOrEqual(75);
      // A fold never splits a character: each line is whole UTF-8.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      expect(line).not.toContain('\uFFFD');
    }
    expect(lines.filter((l) => l.startsWith(' ')).length).toBeGreaterThan(10);
    const { name, events } = parse(ics);
    expect(name).toBe(`${d.projectName} support dates`);
    expect(events.find((e) => e.uid.includes('device-model'))?.summary).toBe(`Re-review sign-off: ${feature(d, 'tools/device-model').title} — Supported, signed off by alice on 2025-01-10`);
  });

  it('escape commas, semicolons, backslashes and line breaks, so text read back is the text written and adds no property', () => {
    const d = copy(downstream);
    d.projectName = 'Acme, Inc.; C:\\Hyper\nvisor: Ünï 日本 🚀';
    const dm = feature(d, 'tools/device-model');
    dm.title = 'Device, model; a\\b\nSUMMARY:injected\r\nEND:VEVENT — “ok” ✓';
    // A signer id may hold `,` or `;` (security-team.yml ids are free text): the UID is TEXT and is escaped too.
    const signer = 'bob, the; re\\nviewer\\';
    for (const s of dm.signoffs) s.by = signer;
    for (const c of dm.cells) if (c.signoff.by !== undefined) c.signoff.by = signer;
    const ics = projectCalendar(d);
    const { calendar, name, events } = parse(ics);
    expect(name).toBe(`${d.projectName} support dates`);
    expect(calendar.getAllProperties().map((p) => p.name)).toEqual(['version', 'prodid', 'name', 'x-wr-calname']);
    expect(events.find((e) => e.uid === 'release-test-hypervisor:release:2-0:initial-release@support-matrix')?.summary).toBe(`${d.projectName} 2.0 released`);
    const review = events.find((e) => e.uid.includes('device-model'));
    expect(review?.uid).toBe(`release-test-hypervisor:tools/device-model:review:${signer}:2025-01-10:Supported@support-matrix`);
    expect(review?.summary).toBe(`Re-review sign-off: ${dm.title.replace('\r\n', '\n')} — Supported, signed off by ${signer} on 2025-01-10`);
    // Nothing in the values became a property or a component of its own.
    expect(events).toHaveLength(parse(projectCalendar(downstream)).events.length);
    const allowed = new Set(['uid', 'sequence', 'dtstamp', 'dtstart', 'dtend', 'x-microsoft-cdo-alldayevent', 'x-microsoft-msncalendar-alldayevent', 'summary', 'transp', 'description', 'url', 'status']);
    for (const e of events) {
      for (const p of e.properties) expect(allowed.has(p), `${e.uid}: ${p}`).toBe(true);
      expect(new Set(e.properties).size, e.uid).toBe(e.properties.length);
    }
    const unfolded = ics.replace(/\r\n /g, '');
    expect(unfolded).toContain('\r\nNAME:Acme\\, Inc.\\; C:\\\\Hyper\\nvisor');
    expect(unfolded).toContain('\r\nUID:release-test-hypervisor:tools/device-model:review:bob\\, the\\; re\\\\nviewer\\\\:2025-01-10:Supported@support-matrix\r\n');
  });

  it('write control characters as U+FFFD and a URL as a URI, percent-encoding what TEXT escaping would change', () => {
    const d = copy(downstream);
    d.siteUrl = 'https://example.org/a b,c;d';
    feature(d, 'guests/pvh').title = 'PVH\u0007guests\u0000';
    const { events } = parse(projectCalendar(d));
    expect(events.find((e) => e.uid.includes('guests/pvh'))?.summary).toBe('Re-review sign-off: PVH\uFFFDguests\uFFFD on X86 — Supported, signed off by alice on 2025-01-10');
    expect(new Set(events.filter((e) => !isReview(e)).map((e) => e.url))).toEqual(new Set(['1-0', '2-0', '3-0', '4-0'].map((r) => `https://example.org/a%20b%2Cc%3Bd/releases/#release-${r}`)));
  });
});
