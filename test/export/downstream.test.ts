// The downstream formats of a project whose releases are in every lifecycle
// state on the build date (test/helpers/lifecycle.ts), checked against the
// shapes' own schemas kept in the repository and against the model.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Downstream } from '../../src/export/downstream/context.js';
import { lastChanged } from '../../src/export/downstream/context.js';
import { badgesOf } from '../../src/export/downstream/badges.js';
import { debianLists } from '../../src/export/downstream/debian.js';
import { downstreamFiles, publishedBadges } from '../../src/export/downstream/files.js';
import { endoflifeFiles, endoflifeProduct } from '../../src/export/downstream/endoflife.js';
import { lifecycleEvents, upcoming } from '../../src/export/downstream/events.js';
import { projectCalendar } from '../../src/export/downstream/calendar.js';
import { openEox } from '../../src/export/downstream/openeox.js';
import { documentOf } from '../../src/export/document.js';
import { lifecycleEntries } from '../../src/export/feeds.js';
import type { Model } from '../../src/model/resolve.js';
import { serve } from '../../src/cli/commands/serve.js';
import { cli } from '../helpers/cli.js';
import { schemaErrors } from '../helpers/downstream-schemas.js';
import { LIFECYCLE_TODAY, lifecycleDownstream } from '../helpers/lifecycle.js';
import type { Repo } from '../releases/repo.js';

let repo: Repo;
let model: Model;
let d: Downstream;
const SITE = 'https://support.example.org/kestrel';

beforeAll(async () => {
  ({ repo, model, downstream: d } = await lifecycleDownstream({ siteUrl: SITE }));
}, 60_000);

interface EolRelease {
  name: string;
  releaseDate: string;
  isEoas: boolean;
  eoasFrom: string | null;
  isEol: boolean;
  eolFrom: string | null;
  isMaintained: boolean;
  custom: Record<string, string | null>;
}

describe('endoflife.date API v1 shape', () => {
  it('is valid against the API description and maps every release with an initial release date, newest first', () => {
    const files = endoflifeFiles(d);
    const product = files[0];
    expect(product?.path).toBe('api/v1/products/release-test-hypervisor/index.json');
    expect(schemaErrors('endoflife-product', product?.content ?? '')).toBe('');
    const doc = JSON.parse(product?.content ?? '') as { schema_version: string; generated_at: string; last_modified: string; result: { name: string; label: string; releases: EolRelease[] } };
    expect(doc.generated_at).toBe(`${LIFECYCLE_TODAY}T00:00:00Z`);
    // 3.0's initial release is the newest dated statement on or before the build date.
    expect(doc.last_modified).toBe('2025-09-01T00:00:00Z');
    expect(doc.result.label).toBe('Release Test Hypervisor');
    // 5.0 has no initial release date (TBD): the API requires one.
    expect(doc.result.releases.map((r) => r.name)).toEqual(['4.0', '3.0', '2.0', '1.0']);
    const by = Object.fromEntries(doc.result.releases.map((r) => [r.name, r]));
    expect(by['1.0']).toMatchObject({ releaseDate: '2023-01-10', isEoas: true, eoasFrom: '2024-01-10', isEol: true, eolFrom: '2025-01-10', isMaintained: false });
    expect(by['2.0']).toMatchObject({ isEoas: true, eoasFrom: '2025-06-01', isEol: false, eolFrom: '2026-06-20', isMaintained: true, custom: expect.objectContaining({ state: 'security support only' }) });
    expect(by['3.0']).toMatchObject({ isEoas: false, eoasFrom: '2026-12-01', isEol: false, eolFrom: '2028-09-01', custom: expect.objectContaining({ supportedUntilSource: 'lifecycle', securitySupportUntilSource: 'lifecycle' }) });
    expect(by['4.0']).toMatchObject({ releaseDate: '2026-09-15', isMaintained: true, custom: expect.objectContaining({ provisional: 'true', state: 'not released yet', identifier: 'release-test-hypervisor@4.0', url: `${SITE}/releases/#release-4-0` }) });
    // Against the model: every dated release, each end date and its boolean as the model's dates say.
    for (const r of d.releases.filter((x) => x.initialRelease !== undefined)) {
      const out = by[r.name];
      expect(out?.eolFrom).toBe(r.securitySupportUntil ?? null);
      expect(out?.eoasFrom).toBe(r.supportedUntil ?? null);
      expect(out?.isEol).toBe(r.securitySupportUntil !== undefined && LIFECYCLE_TODAY > r.securitySupportUntil);
    }
  });

  it('writes a release response per dated release and `latest` for the newest out, each valid', () => {
    const files = endoflifeFiles(d);
    expect(files.map((f) => f.path.replace('api/v1/products/release-test-hypervisor/', ''))).toEqual(['index.json', 'releases/1.0/index.json', 'releases/2.0/index.json', 'releases/3.0/index.json', 'releases/4.0/index.json', 'releases/latest/index.json']);
    for (const f of files.slice(1)) expect(schemaErrors('endoflife-release', f.content), f.path).toBe('');
    const latest = JSON.parse(files.at(-1)?.content ?? '') as { result: EolRelease };
    expect(latest.result.name).toBe('3.0');
  });

  it('puts each release where the API has it, by its name, and never two files on one path', () => {
    const named = (names: string[]): Downstream => ({ ...d, releases: d.releases.slice(0, names.length).map((r, i) => ({ ...r, name: names[i] ?? r.name })) }) as Downstream;
    // endoflife.date writes `/` as `-`; a name that is not a plain segment, or is `latest`, goes by its slug.
    const paths = endoflifeFiles(named(['releng/14.0', 'Latest', 'x 1', '../up'])).map((f) => f.path.replace('api/v1/products/release-test-hypervisor/', ''));
    expect(paths).toEqual(['index.json', 'releases/releng-14.0/index.json', 'releases/2-0/index.json', 'releases/3-0/index.json', 'releases/4-0/index.json', 'releases/latest/index.json']);
    expect(new Set(paths).size).toBe(paths.length);
    // A release named `latest` does not take the alias's place, and the site gets one file per path.
    const files = downstreamFiles(named(['1.0', 'latest'])).files.map((f) => f.path);
    expect(files.filter((f) => f.includes('/releases/latest'))).toEqual(['exports/api/v1/products/release-test-hypervisor/releases/latest/index.json']);
    expect(new Set(files).size).toBe(files.length);
  });

  it('gives a TBD end date as null with its boolean false', () => {
    const tbd: Downstream = { ...d, releases: d.releases.map((r) => (r.name === '3.0' ? { ...r, securitySupportUntil: undefined, securitySource: 'tbd' } : r)) } as Downstream;
    const doc = JSON.parse(endoflifeProduct(tbd)) as { result: { releases: EolRelease[] } };
    expect(doc.result.releases.find((r) => r.name === '3.0')).toMatchObject({ eolFrom: null, isEol: false, isMaintained: true, custom: expect.objectContaining({ securitySupportUntilSource: 'tbd' }) });
    expect(schemaErrors('endoflife-product', endoflifeProduct(tbd))).toBe('');
  });
});

describe('OpenEoX', () => {
  it('is a valid shell with one statement per release, `tba` for what is not known', () => {
    const text = openEox(d) ?? '';
    expect(schemaErrors('openeox', text)).toBe('');
    const doc = JSON.parse(text) as { statements: Array<{ core: Record<string, string>; product: Record<string, string>; product_identification_helper: { x_generic_uris: Array<{ namespace: string; uri: string }> } }> };
    expect(doc.statements.map((s) => s.product['product_version'])).toEqual(['1.0', '2.0', '3.0', '4.0', '5.0']);
    const [one, two, , , five] = doc.statements;
    expect(one?.core).toMatchObject({ general_availability: '2023-01-10T00:00:00Z', end_of_security_support: '2025-01-10T23:59:59Z', end_of_life: '2025-01-10T23:59:59Z', last_updated: '2025-09-01T00:00:00Z' });
    expect(two?.core['end_of_security_support']).toBe('2026-06-20T23:59:59Z');
    expect(five?.core).toMatchObject({ general_availability: 'tba', end_of_security_support: 'tba', end_of_life: 'tba' });
    expect(one?.product).toMatchObject({ product_name: 'Release Test Hypervisor', vendor_name: 'Release Test Hypervisor' });
    expect(one?.product_identification_helper.x_generic_uris).toEqual([{ namespace: `${SITE}/`, uri: 'urn:support-matrix:release-test-hypervisor@1.0' }]);
    // Against the model: each release's security end as its dates say.
    d.releases.forEach((r, i) => expect(doc.statements[i]?.core['end_of_security_support']).toBe(r.securitySupportUntil === undefined ? 'tba' : `${r.securitySupportUntil}T23:59:59Z`));
  });

  it('has a file per release with that release alone', () => {
    const doc = JSON.parse(openEox(d, '4-0') ?? '') as { statements: Array<{ product: Record<string, string> }> };
    expect(doc.statements.map((s) => s.product['product_version'])).toEqual(['4.0']);
    expect(schemaErrors('openeox', openEox(d, '4-0') ?? '')).toBe('');
    expect(openEox({ ...d, releases: [] })).toBeUndefined();
  });
});

describe('Debian security-support lists', () => {
  const body = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

  it('list each row whose security support is limited, one line per row when its arches read alike, one per cell otherwise', () => {
    const { limited } = debianLists(d, '2-0');
    expect(body(limited)).toEqual([
      `release-test-hypervisor:guests/nested   Experimental, not security supported on X86, ARM; see ${SITE}/features/guests/nested/`,
      `release-test-hypervisor:guests/pvh:shadow Experimental, not security supported on X86; see ${SITE}/features/guests/pvh/#f-guests-pvh--shadow`,
      `release-test-hypervisor:tools/device-model Supported, security supported by QEMU on X86, ARM; https://www.qemu.org/contribute/security-process/; see ${SITE}/features/tools/device-model/`,
    ]);
    // The working tree's nested virtualisation is Tech Preview now.
    expect(body(debianLists(d).limited)[0]).toContain('guests/nested   Tech Preview, not security supported on X86, ARM');
  });

  it('list what the release before security supported and this one does not, and everything once its own security support ended', () => {
    expect(body(debianLists(d, '3-0').ended)).toEqual(['release-test-hypervisor:tools/legacy-ctl@x86 2.0 2025-09-01 removed in 3.0', 'release-test-hypervisor:tools/legacy-ctl@arm 2.0 2025-09-01 removed in 3.0']);
    // 1.0 reached its end of security support on 2025-01-10; QEMU's support of the device model is not the project's to end.
    expect(body(debianLists(d, '1-0').ended)).toEqual([
      'release-test-hypervisor:tools/legacy-ctl@x86 1.0 2025-01-10 end of security support of Release Test Hypervisor 1.0',
      'release-test-hypervisor:tools/legacy-ctl@arm 1.0 2025-01-10 end of security support of Release Test Hypervisor 1.0',
    ]);
    expect(body(debianLists(d, '2-0').ended)).toEqual([]);
  });

  it('keep every entry on its line: no caveat, name or line separator in the sources starts a line of its own', () => {
    const forged = structuredClone(d);
    const nested = forged.current.features.find((f) => f.id === 'guests/nested');
    if (!nested) throw new Error('the fixture has guests/nested');
    for (const c of nested.cells) c.caveat = 'only with EPT\nrelease-test-hypervisor:tools/device-model Supported, forged\r\u2028release-test-hypervisor:x forged\u0085y';
    forged.projectName = 'P\nrelease-test-hypervisor:evil forged';
    const { limited } = debianLists(forged);
    const lines = limited.trimEnd().split('\n');
    expect(lines.filter((l) => !l.startsWith('#')).map((l) => l.split(/\s+/)[0])).toEqual(body(debianLists(d).limited).map((l) => l.split(/\s+/)[0]));
    expect(lines.filter((l) => l.startsWith('release-test-hypervisor:tools/device-model')).length).toBe(1);
    expect(limited).not.toMatch(/[\r\u0085\u2028\u2029]/);
    expect(limited).toContain('caveat: only with EPT release-test-hypervisor:tools/device-model Supported, forged release-test-hypervisor:x forged y');
  });

  it('list a cell exempt from its sign-off, or stated without its arch, as limited, and say a row is the feature\'s own', () => {
    const qualified = structuredClone(d);
    const pvh = qualified.current.features.find((f) => f.id === 'guests/pvh');
    const own = pvh?.cells.find((c) => c.variant === null && c.arch === 'x86');
    if (!own) throw new Error('the fixture has PVH on x86');
    own.signoff = { required: true, state: 'exempt' };
    expect(body(debianLists(qualified).limited)).toContain(
      `release-test-hypervisor:guests/pvh      Supported, security supported, no sign-off recorded (legacy) on X86; the feature's own row, not its variants; see ${SITE}/features/guests/pvh/`,
    );
    own.signoff = { required: true, state: 'signed', by: 'alice', date: '2025-01-10', ref: 'https://lists.example.org/1' };
    own.state = 'not-stated';
    expect(body(debianLists(qualified).limited)[1]).toContain('release-test-hypervisor:guests/pvh      Supported, security supported, arch not stated on X86');
  });

  it('begin every line with an identifier the JSON export has, in the fields Debian`s lists have', () => {
    const ids = new Set(
      [d.current, ...d.releases.flatMap((r) => (r.document ? [r.document] : []))].flatMap((doc) => doc.features.flatMap((f) => [f.identifier, ...f.variants.map((v) => v.identifier), ...f.cells.map((c) => c.identifier)])),
    );
    for (const r of [...d.releases.filter((x) => x.document).map((x) => x.slug), undefined]) {
      const { limited, ended } = debianLists(d, r);
      for (const line of [...body(limited), ...body(ended)]) {
        const [first] = line.split(/\s+/);
        expect(ids.has(first ?? ''), line).toBe(true);
      }
      for (const line of body(ended)) expect(line).toMatch(/^\S+ \S+ (\d{4}-\d{2}-\d{2}|TBD) \S/);
      expect(limited.endsWith('\n') && ended.endsWith('\n')).toBe(true);
    }
  });
});

describe('sign-off reviews', () => {
  it('are the same in the calendar and upcoming.json, one per scope, signer, day and status', () => {
    const two = structuredClone(d);
    const dm = two.current.features.find((f) => f.id === 'tools/device-model');
    const arm = dm?.cells.find((c) => c.arch === 'arm');
    if (!dm || !arm) throw new Error('the fixture has the device model on arm');
    // The same signer, the same day: Supported on x86, Deprecated on arm.
    arm.status = 'Deprecated';
    arm.signoff = { required: true, state: 'signed', by: 'alice', date: '2025-01-10', ref: 'https://lists.example.org/3' };
    dm.signoffs = [
      { by: 'alice', date: '2025-01-10', status: 'Supported', arch: 'x86', ref: 'https://lists.example.org/1' },
      { by: 'alice', date: '2025-01-10', status: 'Deprecated', arch: 'arm', ref: 'https://lists.example.org/3' },
    ];
    const x86 = dm.cells.find((c) => c.arch === 'x86');
    if (x86) x86.signoff = { required: true, state: 'signed', by: 'alice', date: '2025-01-10', ref: 'https://lists.example.org/1' };
    const events = lifecycleEvents(two).filter((e) => e.kind === 'signoff-review');
    expect(events.map((e) => e.identifier)).toEqual(['release-test-hypervisor:guests/pvh@x86', 'release-test-hypervisor:tools/device-model@arm', 'release-test-hypervisor:tools/device-model@x86']);
    const ics = projectCalendar(two);
    expect(ics.match(/^UID:.*:review:/gm)?.length ?? 0, ics).toBe(events.length);
  });

  it('and the calendar has an event on the day of every event upcoming.json could list, and no other', () => {
    const ics = projectCalendar(d).replace(/\r\n[ \t]/g, '');
    const calendar = [...ics.matchAll(/^DTSTART;VALUE=DATE:(\d{4})(\d{2})(\d{2})\r$/gm)].map((m) => `${m[1]}-${m[2]}-${m[3]}`).sort();
    expect(calendar).toEqual(lifecycleEvents(d).map((e) => e.date).sort());
  });
});

describe('forward-looking events', () => {
  it('upcoming.json holds the next 90 days: valid, dated, from the model', () => {
    const text = upcoming(d);
    expect(schemaErrors('upcoming', text)).toBe('');
    const doc = JSON.parse(text) as { asOf: string; until: string; events: Array<{ date: string; kind: string; identifier: string; signoff?: { by: string } }> };
    expect([doc.asOf, doc.until]).toEqual(['2026-06-01', '2026-08-30']);
    // 2.0's last day of security support, and the two sign-offs covering cells (due the day they are more than 540 days old: 2025-01-10 + 541).
    expect(doc.events.map((e) => [e.date, e.kind, e.identifier])).toEqual([
      ['2026-06-20', 'end-of-security-support', 'release-test-hypervisor@2.0'],
      ['2026-07-05', 'signoff-review', 'release-test-hypervisor:guests/pvh@x86'],
      ['2026-07-05', 'signoff-review', 'release-test-hypervisor:tools/device-model'],
    ]);
    // Every event of the window, and none outside it.
    expect(doc.events).toEqual(lifecycleEvents(d).filter((e) => e.date >= doc.asOf && e.date <= doc.until));
    expect(lifecycleEvents(d).some((e) => e.date > doc.until)).toBe(true);
  });

  it('the feeds gain "ends in 30 days" and "ended" once their dates have come', async () => {
    const entries = lifecycleEntries(model);
    expect(entries.map((e) => [e.date, e.release, e.kind])).toEqual([
      ['2026-05-21', '2.0', 'security-support-ends-soon'],
      ['2025-01-11', '1.0', 'security-support-ended'],
      ['2024-12-11', '1.0', 'security-support-ends-soon'],
    ]);
    const feed = JSON.parse((await cli(['export', '--format', 'jsonfeed', '--today', LIFECYCLE_TODAY, '--site-url', SITE], repo.dir)).stdout) as { items: Array<{ id: string; title: string; url: string; _support_matrix: { identifier: string } }> };
    const soon = feed.items.find((i) => i.id.endsWith(':lifecycle:2.0:security-support-ends-soon'));
    expect(soon).toMatchObject({ title: 'Release Test Hypervisor 2.0: security support ends in 30 days (last day 2026-06-20)', url: `${SITE}/releases/`, _support_matrix: { identifier: 'release-test-hypervisor@2.0' } });
    // Each change names its cell by its stable identifier, in both feeds.
    const change = feed.items.find((i) => i.id.includes(':change:3.0:tools%2Flegacy-ctl:-:x86'));
    expect(change?._support_matrix.identifier).toBe('release-test-hypervisor:tools/legacy-ctl@x86');
    const atom = (await cli(['export', '--format', 'atom', '--today', LIFECYCLE_TODAY], repo.dir)).stdout;
    expect(atom).toContain('<category scheme="urn:support-matrix:identifier" term="release-test-hypervisor:tools/legacy-ctl@x86"/>');
    // A day later in the calendar, nothing new; after 2026-06-20, the end.
    const later = JSON.parse((await cli(['export', '--format', 'jsonfeed', '--today', '2026-06-21'], repo.dir)).stdout) as { items: Array<{ id: string }> };
    expect(later.items.some((i) => i.id.endsWith(':lifecycle:2.0:security-support-ended'))).toBe(true);
  });
});

describe('last_modified and last_updated', () => {
  it('come from the sources, never the clock: the newest dated statement on or before the build date', () => {
    expect(lastChanged(d)).toBe('2025-09-01');
    expect(lastChanged({ ...d, asOf: '2025-08-31' })).toBe('2025-06-02');
  });
});

describe('export --format for the downstream formats', () => {
  it('prints each, per release where the format has one, and refuses what cannot be', async () => {
    const run = async (...args: string[]) => cli(['export', '--today', LIFECYCLE_TODAY, ...args], repo.dir);
    expect(JSON.parse((await run('--format', 'endoflife', '--release', '2.0')).stdout)).toMatchObject({ result: { name: '2.0', eolFrom: '2026-06-20' } });
    const tbd = await run('--format', 'endoflife', '--release', '5.0');
    expect(tbd.code).toBe(2);
    expect(tbd.stderr).toContain('no initial release date yet');
    expect((await run('--format', 'openeox', '--release', '5.0')).stdout).toContain('"general_availability": "tba"');
    expect((await run('--format', 'security-support-limited', '--release', '4.0')).stdout).toContain('release 4.0 (staging-4.0)');
    const upcomingRelease = await run('--format', 'upcoming', '--release', '2.0');
    expect([upcomingRelease.code, upcomingRelease.stderr]).toEqual([2, expect.stringContaining('--release does not apply to --format upcoming')]);
    const noId = await run('--format', 'badge');
    expect([noId.code, noId.stderr]).toEqual([2, expect.stringContaining('--id <identifier>')]);
    const badId = await run('--format', 'badge', '--id', 'release-test-hypervisor:nope');
    expect([badId.code, badId.stderr]).toEqual([2, expect.stringContaining('no feature, variant, cell or release has that identifier')]);
    const badge = JSON.parse((await run('--format', 'badge', '--id', 'release-test-hypervisor:guests/pvh@x86')).stdout) as { message: string };
    expect(badge.message).toBe('Supported, security supported');
    const hostile = await run('--format', 'security-support-limited', '--site-url', 'https://x.example.org/\nrelease-test-hypervisor:fake added');
    expect([hostile.code, hostile.stderr]).toEqual([2, expect.stringContaining('Unexpected --site-url')]);
  });

  it('replaces an --out file it wrote, and a badge file only with --force', async () => {
    for (const format of ['endoflife', 'openeox', 'security-support-limited', 'security-support-ended', 'ical', 'upcoming']) {
      const out = path.join(repo.dir, `out-${format}`);
      expect((await cli(['export', '--format', format, '--today', LIFECYCLE_TODAY, '--out', out], repo.dir)).code, format).toBe(0);
      expect((await cli(['export', '--format', format, '--today', '2026-06-02', '--out', out], repo.dir)).code, `${format} again`).toBe(0);
    }
    const badge = path.join(repo.dir, 'badge.json');
    await writeFile(badge, '{"schemaVersion":1,"label":"mine","message":"hand-made"}\n');
    const refused = await cli(['export', '--format', 'badge', '--id', 'release-test-hypervisor@2.0', '--today', LIFECYCLE_TODAY, '--out', badge], repo.dir);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--force')]);
    expect(readFileSync(badge, 'utf8')).toContain('hand-made');
    expect((await cli(['export', '--format', 'badge', '--id', 'release-test-hypervisor@2.0', '--today', LIFECYCLE_TODAY, '--out', badge, '--force'], repo.dir)).code).toBe(0);
    expect(schemaErrors('shields', readFileSync(badge, 'utf8'))).toBe('');
  });
});

describe('build', () => {
  it('publishes every downstream format under exports/, linked from the Releases page, the same bytes on every build', async () => {
    const build = async (out: string) => cli(['build', '--today', LIFECYCLE_TODAY, '--out', out], repo.dir);
    expect((await build('_a')).code).toBe(0);
    expect((await build('_b')).code).toBe(0);
    const site = path.join(repo.dir, '_a');
    const expected = [
      'exports/api/v1/products/release-test-hypervisor/index.json',
      'exports/api/v1/products/release-test-hypervisor/releases/2.0/index.json',
      'exports/api/v1/products/release-test-hypervisor/releases/latest/index.json',
      'exports/openeox.json',
      'exports/releases/4-0/openeox.json',
      'exports/releases/5-0/openeox.json',
      'exports/calendar.ics',
      'exports/releases/2-0/calendar.ics',
      'exports/upcoming.json',
      'exports/security-support-limited.txt',
      'exports/security-support-ended.txt',
      'exports/releases/3-0/security-support-ended.txt',
      'exports/badges/index.json',
      'exports/badges/features/guests/pvh@x86.json',
      'exports/badges/features/guests/pvh@x86.svg',
    ];
    for (const rel of expected) {
      expect(existsSync(path.join(site, rel)), rel).toBe(true);
      expect(readFileSync(path.join(site, rel), 'utf8'), rel).toBe(readFileSync(path.join(repo.dir, '_b', rel), 'utf8'));
    }
    // What build publishes is what export prints.
    expect(readFileSync(path.join(site, 'exports/api/v1/products/release-test-hypervisor/index.json'), 'utf8')).toBe((await cli(['export', '--format', 'endoflife', '--today', LIFECYCLE_TODAY], repo.dir)).stdout);
    const releases = readFileSync(path.join(site, 'releases/index.html'), 'utf8');
    expect(releases).toContain('href="../exports/upcoming.json"');
    expect(releases).toContain('href="../exports/releases/3-0/security-support-ended.txt"');
    expect(documentOf(model, {}).features.length).toBeGreaterThan(0);
  }, 120_000);

  it('with --site-url, writes absolute links into the feeds and the downstream formats, as export does; refuses one with a line break', async () => {
    expect((await cli(['build', '--today', LIFECYCLE_TODAY, '--out', '_url', '--site-url', SITE], repo.dir)).code).toBe(0);
    const site = path.join(repo.dir, '_url');
    for (const [rel, format] of [
      ['exports/openeox.json', 'openeox'],
      ['exports/calendar.ics', 'ical'],
      ['exports/security-support-limited.txt', 'security-support-limited'],
      ['exports/changes.json', 'jsonfeed'],
      ['exports/upcoming.json', 'upcoming'],
    ] as const) {
      const published = readFileSync(path.join(site, rel), 'utf8');
      expect(published, rel).toContain(SITE);
      expect(published, rel).toBe((await cli(['export', '--format', format, '--today', LIFECYCLE_TODAY, '--site-url', SITE], repo.dir)).stdout);
    }
    const refused = await cli(['build', '--today', LIFECYCLE_TODAY, '--out', '_url', '--site-url', 'https://x.example.org/\nevil'], repo.dir);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('Unexpected --site-url')]);
  }, 120_000);
});

describe('the published badges', () => {
  it('are every badge with `cells`, each feature\'s and release\'s with `features`, each release\'s with `releases`, none with `none`, each in the index', () => {
    const paths = (mode: 'cells' | 'features' | 'none'): string[] => downstreamFiles(d, undefined, mode).files.map((f) => f.path).filter((p) => p.startsWith('exports/badges/'));
    const all = badgesOf(d);
    expect(paths('cells')).toEqual([...all.flatMap((b) => [`exports/badges/${b.path}.json`, `exports/badges/${b.path}.svg`]), 'exports/badges/index.json']);
    const features = all.filter((b) => !b.path.includes('@') && !b.path.includes('~'));
    expect(features.map((b) => b.path)).toEqual(['features/guests/nested', 'features/guests/pvh', 'features/tools/device-model', 'releases/1-0', 'releases/2-0', 'releases/3-0', 'releases/4-0', 'releases/5-0']);
    expect(paths('features')).toEqual([...features.flatMap((b) => [`exports/badges/${b.path}.json`, `exports/badges/${b.path}.svg`]), 'exports/badges/index.json']);
    expect(paths('none')).toEqual(['exports/badges/index.json']);
    for (const mode of ['cells', 'features', 'none'] as const) {
      const index = downstreamFiles(d, undefined, mode).files.find((f) => f.path === 'exports/badges/index.json')?.content ?? '';
      const listed = (mode === 'cells' ? all : mode === 'features' ? features : []).map((b) => [b.identifier, { json: `${b.path}.json`, svg: `${b.path}.svg` }]);
      // The index is the JSON of this object, as JSON.stringify indents it.
      expect(index, mode).toBe(`${JSON.stringify({ schemaVersion: 1, badges: Object.fromEntries(listed) }, null, 2)}\n`);
    }
    const releases = all.filter((b) => b.path.startsWith('releases/'));
    expect(downstreamFiles(d, undefined, 'releases').files.map((f) => f.path).filter((p) => p.startsWith('exports/badges/'))).toEqual([...releases.flatMap((b) => [`exports/badges/${b.path}.json`, `exports/badges/${b.path}.svg`]), 'exports/badges/index.json']);
    expect([publishedBadges('auto', 1000), publishedBadges('auto', 1001), publishedBadges('features', 5000), publishedBadges('none', 1)]).toEqual(['cells', 'releases', 'features', 'none']);
  });
});

describe('serve', () => {
  it('answers the badges from memory with the bytes build writes, and writes none of them', async () => {
    const server = await serve({ cwd: repo.dir, out: '_served', port: 0, today: LIFECYCLE_TODAY, debounce: 50, log: () => undefined, report: () => undefined });
    try {
      await cli(['build', '--today', LIFECYCLE_TODAY, '--out', '_built'], repo.dir);
      expect(existsSync(path.join(repo.dir, '_served/exports/badges'))).toBe(false);
      expect(server.memory().size).toBeGreaterThan(10);
      for (const rel of ['exports/badges/features/guests/pvh@x86.svg', 'exports/badges/features/guests/pvh@x86.json', 'exports/badges/releases/2-0.svg', 'exports/badges/index.json']) {
        const response = await fetch(new URL(rel, server.url));
        expect(response.status, rel).toBe(200);
        expect(response.headers.get('content-type'), rel).toBe(rel.endsWith('.svg') ? 'image/svg+xml' : 'application/json; charset=utf-8');
        expect(await response.text(), rel).toBe(readFileSync(path.join(repo.dir, '_built', rel), 'utf8'));
      }
      expect((await fetch(new URL('exports/badges/features/guests/nope.svg', server.url))).status).toBe(404);
      expect((await fetch(new URL('exports/badges/features/guests/pvh@x86.svg/', server.url))).status).toBe(404);
    } finally {
      await server.close();
    }
  }, 60_000);
});
