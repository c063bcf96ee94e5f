import path from 'node:path';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import type { ExportCell, ExportDocument, ExportFeature } from '../../src/export/document.js';
import type { Downstream, DownstreamRelease } from '../../src/export/downstream/context.js';
import { badgeJson, badgesOf, badgeSvg, type Badge } from '../../src/export/downstream/badges.js';
import { identifier, releaseIdentifier } from '../../src/export/ids.js';
import { describeValue } from '../../src/model/history.js';
import { lifecycleDownstream } from '../helpers/lifecycle.js';

type Placed = ReturnType<typeof badgesOf>[number];

/** The badge at `at`; fails the test when there is none. */
function badgeAt(badges: readonly Placed[], at: string): Placed {
  const found = badges.find((b) => b.path === at);
  if (!found) throw new Error(`no badge at ${at}; paths: ${badges.map((b) => b.path).join(', ')}`);
  return found;
}

/** The SVG's root attributes and its `<title>` text, and every well-formedness error saxes (strict XML 1.0) found. */
function parseSvg(svg: string): { root: Record<string, string>; title: string | undefined; errors: string[] } {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  let root: Record<string, string> | undefined;
  let inTitle = false;
  let title: string | undefined;
  parser.on('error', (error) => errors.push(error.message));
  parser.on('opentag', (tag) => {
    root ??= Object.fromEntries(Object.values(tag.attributes).map((a) => [a.name, a.value]));
    if (tag.local === 'title') {
      inTitle = true;
      title = '';
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.local === 'title') inTitle = false;
  });
  parser.on('text', (text) => {
    if (inTitle) title += text;
  });
  parser.write(svg).close();
  return { root: root ?? {}, title, errors };
}

/** A cell in words, written out here from the rules rather than taken from the module. */
function expectedWords(cell: ExportCell, doc: ExportDocument): string {
  const organisation = doc.project.organisations.find((o) => o.id === cell.organisation)?.name;
  const base = cell.state === 'applies' && cell.status !== undefined ? `${cell.status}, ${cell.securitySupport === 'external' ? `security supported by ${organisation}` : cell.securitySupport === 'no' ? 'not security supported' : 'security supported'}` : describeValue({ state: cell.state });
  return `${base}${cell.caveat !== undefined ? ', with caveat' : ''}${cell.signoff.state === 'exempt' ? ', no sign-off recorded (legacy)' : ''}`;
}

// ---------------------------------------------------------------------------
// Hand-made downstream views, for ids and texts no fixture repository has.

const STATUSES = [
  { name: 'Experimental', securitySupported: false },
  { name: 'Supported', securitySupported: true },
];

/** A cell before its feature gives it its identifier. */
type CellInput = Omit<ExportCell, 'identifier'>;

/** The project id of the hand-made views. */
const PROJECT = 'test-hypervisor';

/** A cell that applies with `status` (security support by default from the status), or in a state with no status (`applies` alone: no status). */
function cell(arch: string, variant: string | null, status: string | ExportCell['state'], extra: Partial<CellInput> = {}): CellInput {
  const states: readonly string[] = ['applies', 'not-applicable', 'not-implemented', 'unknown', 'not-stated'];
  const base: CellInput = states.includes(status)
    ? { variant, arch, state: status as ExportCell['state'], signoff: { required: false, state: 'not-required' } }
    : { variant, arch, state: 'applies', status, securitySupport: status === 'Supported' ? 'yes' : 'no', signoff: { required: false, state: 'not-required' } };
  return { ...base, ...extra };
}

/** A feature with `cells` and the variants they name (each called `Variant <id>` unless `names` says). */
function feature(id: string, title: string, cells: CellInput[], names: Record<string, string> = {}): ExportFeature {
  const variants = [...new Set(cells.flatMap((c) => (c.variant === null ? [] : [c.variant])))].map((v) => ({ id: v, identifier: identifier(PROJECT, id, v), name: names[v] ?? `Variant ${v}` }));
  return {
    id,
    identifier: identifier(PROJECT, id),
    title,
    section: 'Guest types',
    aliases: [],
    components: [],
    dependsOn: [],
    related: [],
    variants,
    limits: [],
    knownIssues: [],
    signoffs: [],
    cells: cells.map((c) => ({ ...c, identifier: identifier(PROJECT, id, c.variant, c.arch) })),
  };
}

/** Every row of a feature times every arch, all `Supported`. */
function fullFeature(id: string, arches: readonly string[], variants: readonly string[]): ExportFeature {
  const rows = [null, ...variants];
  return feature(
    id,
    `Feature ${id}`,
    rows.flatMap((v) => arches.map((a) => cell(a, v, 'Supported'))),
  );
}

function downstream(features: ExportFeature[], options: { arches?: Array<{ id: string; name: string }>; organisations?: Array<{ id: string; name: string }>; releases?: DownstreamRelease[]; projectName?: string } = {}): Downstream {
  const current: ExportDocument = {
    schemaVersion: 1,
    asOf: '2026-06-01',
    revision: null,
    project: {
      name: options.projectName ?? 'Test Hypervisor',
      architectures: options.arches ?? [
        { id: 'x86', name: 'x86-64' },
        { id: 'arm', name: 'Arm' },
      ],
      statuses: STATUSES,
      sections: ['Guest types'],
      organisations: options.organisations ?? [],
    },
    release: null,
    releases: options.releases ?? [],
    features,
  };
  return { projectName: current.project.name, project: PROJECT, asOf: '2026-06-01', releases: options.releases ?? [], current };
}

describe('badges of the lifecycle fixture', () => {
  it('gives every cell of every row a badge that says the cell in words, under the label of its feature, variant and arch', async () => {
    const { downstream: d } = await lifecycleDownstream();
    const badges = badgesOf(d);
    const arches = new Map(d.current.project.architectures.map((a) => [a.id, a.name]));
    let cells = 0;
    for (const f of d.current.features) {
      for (const c of f.cells) {
        const variant = f.variants.find((v) => v.id === c.variant)?.name;
        const found = badgeAt(badges, `features/${f.id}${c.variant === null ? '' : `~${c.variant}`}@${c.arch}`);
        expect(found.identifier).toBe(identifier(d.project, f.id, c.variant, c.arch));
        expect(found.identifier).toBe(c.identifier);
        expect(found.badge.label).toBe(`${f.title}${variant === undefined ? '' : ` (${variant})`} on ${arches.get(c.arch)}`);
        expect(found.badge.message).toBe(expectedWords(c, d.current));
        cells++;
      }
    }
    expect(cells).toBe(8);
    expect(badgeAt(badges, 'features/guests/pvh@x86').badge).toEqual({ label: 'PVH guests on X86', message: 'Supported, security supported', color: 'brightgreen' });
    expect(badgeAt(badges, 'features/guests/pvh~shadow@arm').badge).toEqual({ label: 'PVH guests (Shadow paging) on ARM', message: 'not applicable', color: 'lightgrey' });
    expect(badgeAt(badges, 'features/guests/pvh~shadow@x86').badge).toEqual({ label: 'PVH guests (Shadow paging) on X86', message: 'Experimental, not security supported', color: 'orange' });
    expect(badgeAt(badges, 'features/tools/device-model@arm').badge).toEqual({ label: 'Device model on ARM', message: 'Supported, security supported by QEMU', color: 'brightgreen' });
  });

  it('says every arch and every variant in a feature badge (by id, rows apart), and every arch in a row badge', async () => {
    const { downstream: d } = await lifecycleDownstream();
    const badges = badgesOf(d);
    expect(badgeAt(badges, 'features/guests/pvh')).toEqual({
      path: 'features/guests/pvh',
      identifier: 'release-test-hypervisor:guests/pvh',
      badge: { label: 'PVH guests', message: 'Supported, security supported (x86) · not applicable (arm) | [shadow] Experimental, not security supported (x86) · not applicable (arm)', color: 'yellow' },
    });
    expect(badgeAt(badges, 'features/guests/pvh~shadow')).toEqual({
      path: 'features/guests/pvh~shadow',
      identifier: 'release-test-hypervisor:guests/pvh:shadow',
      badge: { label: 'PVH guests (Shadow paging)', message: 'Experimental, not security supported (x86) · not applicable (arm)', color: 'orange' },
    });
    expect(badgeAt(badges, 'features/guests/nested').badge).toEqual({ label: 'Nested virtualisation', message: 'Tech Preview, not security supported (x86, arm)', color: 'orange' });
    expect(badgeAt(badges, 'features/tools/device-model').badge).toEqual({ label: 'Device model', message: 'Supported, security supported by QEMU (x86, arm)', color: 'brightgreen' });
  });

  it('gives each release a badge with its state and the date that bounds it', async () => {
    const { downstream: d } = await lifecycleDownstream();
    const releases = badgesOf(d).filter((b) => b.path.startsWith('releases/'));
    expect(releases.map((b) => [b.path, b.identifier, b.badge.label, b.badge.message, b.badge.color])).toEqual([
      ['releases/1-0', 'release-test-hypervisor@1.0', 'Release Test Hypervisor 1.0', 'end of life (security support ended 2025-01-10)', 'red'],
      ['releases/2-0', 'release-test-hypervisor@2.0', 'Release Test Hypervisor 2.0', 'security support only, until 2026-06-20', 'yellow'],
      ['releases/3-0', 'release-test-hypervisor@3.0', 'Release Test Hypervisor 3.0', 'supported until 2026-12-01', 'brightgreen'],
      ['releases/4-0', 'release-test-hypervisor@4.0', 'Release Test Hypervisor 4.0', 'not released yet (planned 2026-09-15, provisional)', 'blue'],
      ['releases/5-0', 'release-test-hypervisor@5.0', 'Release Test Hypervisor 5.0', 'not released yet (date TBD)', 'blue'],
    ]);
    // The identifiers every other export gives the releases.
    expect(releases.map((b) => b.identifier)).toEqual(d.releases.map((r) => r.identifier));
  });

  it('lists the features in document order, each before its rows and cells, then the releases in project order', async () => {
    const { downstream: d } = await lifecycleDownstream();
    expect(badgesOf(d).map((b) => b.path)).toEqual([
      'features/guests/nested',
      'features/guests/nested@x86',
      'features/guests/nested@arm',
      'features/guests/pvh',
      'features/guests/pvh@x86',
      'features/guests/pvh@arm',
      'features/guests/pvh~shadow',
      'features/guests/pvh~shadow@x86',
      'features/guests/pvh~shadow@arm',
      'features/tools/device-model',
      'features/tools/device-model@x86',
      'features/tools/device-model@arm',
      'releases/1-0',
      'releases/2-0',
      'releases/3-0',
      'releases/4-0',
      'releases/5-0',
    ]);
  });

  it('writes shields.io endpoint JSON with exactly its four keys and well-formed SVG whose title and aria-label are the text', async () => {
    const { downstream: d } = await lifecycleDownstream();
    const badges = badgesOf(d);
    expect(badgeJson(badgeAt(badges, 'features/tools/device-model@x86').badge)).toBe(
      '{\n  "schemaVersion": 1,\n  "label": "Device model on X86",\n  "message": "Supported, security supported by QEMU",\n  "color": "brightgreen"\n}\n',
    );
    for (const { path: at, badge } of badges) {
      const json = JSON.parse(badgeJson(badge)) as Record<string, unknown>;
      expect(Object.keys(json), at).toEqual(['schemaVersion', 'label', 'message', 'color']);
      expect(json, at).toEqual({ schemaVersion: 1, ...badge });
      const svg = parseSvg(badgeSvg(badge));
      expect(svg.errors, at).toEqual([]);
      expect(svg.root.role, at).toBe('img');
      expect(svg.root['aria-label'], at).toBe(`${badge.label}: ${badge.message}`);
      expect(svg.title, at).toBe(`${badge.label}: ${badge.message}`);
    }
  });

  it('makes the same bytes from the same input', async () => {
    const { downstream: d } = await lifecycleDownstream();
    const files = (view: Downstream): string[] => badgesOf(view).flatMap((b) => [b.path, b.identifier, badgeJson(b.badge), badgeSvg(b.badge)]);
    const first = files(d);
    expect(files(d)).toEqual(first);
    // Equal objects, not only the same ones: nothing depends on object identity or on when it runs.
    expect(files(structuredClone(d))).toEqual(first);
  });
});

describe('badge words', () => {
  it('adds a caveat, an exempt sign-off and an unstated arch to the cell’s words', () => {
    const d = downstream([
      feature('a', 'A', [
        cell('x86', null, 'Supported', { caveat: 'Only with an IOMMU.' }),
        cell('arm', null, 'Supported', { signoff: { required: true, state: 'exempt' } }),
      ]),
      feature('e', 'E', [cell('x86', null, 'Supported', { signoff: { required: true, state: 'not-signed-off' } })]),
      feature('b', 'B', [
        cell('x86', null, 'Supported', { securitySupport: 'with-caveats', caveat: 'Only with an IOMMU.' }),
        cell('arm', null, 'Deprecated', { securitySupport: 'external', organisation: 'xen' }),
      ]),
      feature('c', 'C', [cell('x86', null, 'not-stated', { status: 'Supported', securitySupport: 'yes' }), cell('arm', null, 'applies')]),
      feature('d', 'D', [cell('x86', null, 'not-implemented'), cell('arm', null, 'unknown')]),
    ], { organisations: [{ id: 'xen', name: 'Xen Security Team' }] });
    const messages = Object.fromEntries(badgesOf(d).map((b) => [b.path, [b.badge.message, b.badge.color]]));
    expect(messages).toEqual({
      // Exempt, with no sign-off recorded: security supported, but not green.
      'features/a': ['Supported, security supported, with caveat (x86) · Supported, security supported, no sign-off recorded (legacy) (arm)', 'yellow'],
      'features/a@x86': ['Supported, security supported, with caveat', 'brightgreen'],
      'features/a@arm': ['Supported, security supported, no sign-off recorded (legacy)', 'yellow'],
      'features/b': ['Supported, security supported, with caveats (x86) · Deprecated, security supported by Xen Security Team (arm)', 'brightgreen'],
      'features/b@x86': ['Supported, security supported, with caveats', 'brightgreen'],
      'features/b@arm': ['Deprecated, security supported by Xen Security Team', 'brightgreen'],
      // A release's cell without the sign-off it needs says so, and is not counted as security supported.
      'features/e': ['Supported, security supported, not signed off (x86)', 'orange'],
      'features/e@x86': ['Supported, security supported, not signed off', 'orange'],
      // Stated without the arch: the words say so, and it is not green. A row with a cell that applies without a status is not all security supported.
      'features/c': ['Supported, security supported, arch not stated (x86) · no status (arm)', 'yellow'],
      'features/c@x86': ['Supported, security supported, arch not stated', 'yellow'],
      'features/c@arm': ['no status', 'orange'],
      'features/d': ['not implemented (x86) · unknown (arm)', 'orange'],
      'features/d@x86': ['not implemented', 'orange'],
      'features/d@arm': ['unknown', 'orange'],
    });
  });

  it('names the arches of a row up to four, and says `all N arches` past four only when all read the same', () => {
    const five = ['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => ({ id, name: id.toUpperCase() }));
    const four = five.slice(0, 4);
    const same = (arches: typeof five): ExportFeature => feature('same', 'Same', arches.map((a) => cell(a.id, null, 'Supported')));
    const mixed = feature('mixed', 'Mixed', five.map((a, i) => cell(a.id, null, i === 2 ? 'Experimental' : 'Supported')));
    expect(badgeAt(badgesOf(downstream([same(four)], { arches: four })), 'features/same').badge.message).toBe('Supported, security supported (a1, a2, a3, a4)');
    expect(badgeAt(badgesOf(downstream([same(five)], { arches: five })), 'features/same').badge.message).toBe('Supported, security supported (all 5 arches)');
    expect(badgeAt(badgesOf(downstream([mixed], { arches: five })), 'features/mixed').badge).toEqual({
      label: 'Mixed',
      message: 'Supported, security supported (a1, a2, a4, a5) · Experimental, not security supported (a3)',
      color: 'yellow',
    });
  });

  it('makes the badge of a feature without an own row of its variants alone', () => {
    const d = downstream([feature('g', 'Grant tables', [cell('x86', 'v1', 'Supported'), cell('arm', 'v1', 'not-applicable'), cell('x86', 'v2', 'Experimental'), cell('arm', 'v2', 'Experimental')], { v1: 'Version 1', v2: 'Version 2' })]);
    const badges = badgesOf(d);
    expect(badges.map((b) => b.path)).toEqual(['features/g', 'features/g~v1', 'features/g~v1@x86', 'features/g~v1@arm', 'features/g~v2', 'features/g~v2@x86', 'features/g~v2@arm']);
    expect(badgeAt(badges, 'features/g').badge).toEqual({
      label: 'Grant tables',
      message: '[v1] Supported, security supported (x86) · not applicable (arm) | [v2] Experimental, not security supported (x86, arm)',
      color: 'yellow',
    });
    expect(badgesOf(downstream([feature('n', 'N', [cell('x86', null, 'not-applicable'), cell('arm', null, 'not-applicable')])]))[0]?.badge.color).toBe('lightgrey');
  });

  it('cannot be made to show a row or an arch that is not there by a variant, arch or organisation name', () => {
    const forged = 'Shadow: Experimental (x86) | [hardened] Supported, security supported (x86) · Legacy';
    const d = downstream([feature('f', 'F', [cell('x86', null, 'Experimental'), cell('x86', 'shadow', 'Experimental')], { shadow: forged })], { arches: [{ id: 'x86', name: 'x86) · Supported, security supported (arm' }] });
    const message = badgeAt(badgesOf(d), 'features/f').badge.message;
    expect(message).toBe('Experimental, not security supported (x86) | [shadow] Experimental, not security supported (x86)');
    expect(message).not.toContain('hardened');
  });

  it('keeps "dates provisional" on a release that is out', () => {
    const d = downstream([]);
    const base = { name: '9.0', identifier: 'p@9.0', ref: 'v9.0', slug: '9-0', supportedSource: 'explicit', securitySource: 'explicit', initialRelease: '2025-01-01', supportedUntil: '2027-01-01', securitySupportUntil: '2028-01-01' } as const;
    d.releases = [{ ...base, provisional: true, state: 'supported' }];
    expect(badgesOf(d).at(-1)?.badge.message).toBe('supported (dates provisional) until 2027-01-01');
    d.releases = [{ ...base, provisional: false, state: 'supported' }];
    expect(badgesOf(d).at(-1)?.badge.message).toBe('supported until 2027-01-01');
  });

  it('keeps `<`, `&`, quotes, non-ASCII and bidi marks in the text and the SVG well-formed, and replaces what XML cannot hold', () => {
    const title = `<script>alert("x")</script> & 'Ünïcödé' \u200Fשלום\u200E \u202Eevil\u202C 🦀 a\u00A0b`;
    const d = downstream(
      [
        feature('nasty', `${title}\u0007`, [cell('x86', 'v', 'Supported', { securitySupport: 'external', organisation: 'org' }), cell('arm', 'v', 'not-applicable')], { v: 'Ring <0> & "fast"' }),
      ],
      { arches: [{ id: 'x86', name: 'x86 <64> & “more”' }, { id: 'arm', name: "Arm's \uD800" }], organisations: [{ id: 'org', name: 'Q&A <Sec>' }] },
    );
    const badges = badgesOf(d);
    const cellBadge = badgeAt(badges, 'features/nasty~v@x86').badge;
    expect(cellBadge.label).toBe(`${title}\uFFFD (Ring <0> & "fast") on x86 <64> & “more”`);
    expect(cellBadge.message).toBe('Supported, security supported by Q&A <Sec>');
    // The message names the variant and the arches by id: no name can pass for another row or arch there.
    expect(badgeAt(badges, 'features/nasty').badge.message).toBe('[v] Supported, security supported by Q&A <Sec> (x86) · not applicable (arm)');
    for (const { path: at, badge } of badges) {
      const svg = parseSvg(badgeSvg(badge));
      expect(svg.errors, at).toEqual([]);
      expect(svg.title, at).toBe(`${badge.label}: ${badge.message}`);
      expect(svg.root['aria-label'], at).toBe(`${badge.label}: ${badge.message}`);
      expect(JSON.parse(badgeJson(badge)), at).toEqual({ schemaVersion: 1, ...badge });
    }
    // Given straight to the writers, text with line breaks and controls still makes one line that XML can hold.
    const raw: Badge = { label: ' two\nlines\t& a bell\u0007 ', message: 'ok\uFFFF', color: 'blue' };
    const svg = parseSvg(badgeSvg(raw));
    expect(svg.errors).toEqual([]);
    expect(svg.title).toBe('two lines & a bell\uFFFD: ok\uFFFD');
    expect(JSON.parse(badgeJson(raw))).toEqual({ schemaVersion: 1, label: 'two lines & a bell\uFFFD', message: 'ok\uFFFD', color: 'blue' });
  });
});

describe('badge paths', () => {
  /** Safe to join under `exports/badges/`: relative, normalised, no `.` or `..` segment, nothing a file system reads specially. */
  const isSafe = (at: string): boolean => !path.posix.isAbsolute(at) && !path.win32.isAbsolute(at) && path.posix.normalize(at) === at && at.split('/').every((s) => s !== '' && s !== '.' && s !== '..' && /^[A-Za-z0-9][A-Za-z0-9._~@-]*$/.test(s));

  it('never collide for ids made to look alike, and are safe relative paths', () => {
    const arches = ['b', 'x86', 'shadow', 'a..b'].map((id) => ({ id, name: id }));
    const ids = arches.map((a) => a.id);
    const d = downstream(
      [
        fullFeature('a', ids, ['b', 'shadow']),
        fullFeature('a/b', ids, ['shadow']),
        // Ends like the variant suffix of `a`, and like the cell of `a` on arch `b`.
        fullFeature('a-shadow', ids, []),
        fullFeature('a-b', ids, ['b']),
        fullFeature('a.b', ids, []),
        fullFeature('a/b/shadow', ids, []),
        fullFeature('a..b/x86', ids, ['x86']),
        // A feature called like the releases' directory and like a release.
        fullFeature('releases/1-0', ids, []),
        fullFeature('release', ids, []),
      ],
      { arches, releases: [{ name: '1.0', identifier: releaseIdentifier(PROJECT, '1.0'), ref: 'v1.0', provisional: false, state: 'supported', slug: '1-0', supportedSource: 'tbd', securitySource: 'tbd' }] },
    );
    const badges = badgesOf(d);
    // Each feature, each of its rows but the own, each cell of each row, and the release.
    expect(badges).toHaveLength(d.current.features.reduce((n, f) => n + 1 + f.variants.length + f.cells.length, 0) + 1);
    expect(new Set(badges.map((b) => b.path)).size).toBe(badges.length);
    expect(new Set(badges.map((b) => b.identifier)).size).toBe(badges.length);
    expect(badges.filter((b) => !isSafe(b.path)).map((b) => b.path)).toEqual([]);
    expect(badges.map((b) => b.path)).toEqual(expect.arrayContaining(['features/a@b', 'features/a/b', 'features/a~b', 'features/a-b', 'features/a~shadow', 'features/a-shadow', 'features/releases/1-0', 'releases/1-0']));
  });

  it('never collide and stay safe for any ids the schemas allow', () => {
    // Mostly from a few look-alikes, so that `a` with variant or arch `b` meets `a/b`, `a-b` and the like often.
    const segment = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'a-b', 'a.b', 'b-a') }, { weight: 1, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,3}$/) });
    const featureId = fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));
    const variantId = fc.oneof({ weight: 4, arbitrary: fc.constantFrom('a', 'b', 'a-b') }, { weight: 1, arbitrary: fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,3}$/) });
    const corpus = fc.record({
      arches: fc.uniqueArray(segment, { minLength: 1, maxLength: 3 }),
      features: fc.uniqueArray(fc.record({ id: featureId, variants: fc.uniqueArray(variantId, { maxLength: 3 }) }), { minLength: 1, maxLength: 6, selector: (f) => f.id }),
    });
    fc.assert(
      fc.property(corpus, ({ arches, features }) => {
        const d = downstream(
          features.map((f) => fullFeature(f.id, arches, f.variants)),
          { arches: arches.map((id) => ({ id, name: id })) },
        );
        let badges: Placed[];
        try {
          badges = badgesOf(d);
        } catch (error) {
          // The one refusal ids may meet: a feature's directory named like another's badge file (`a` and `a.json/b`).
          expect(String(error)).toMatch(/Unexpected badge directory `features\/.*\.(json|svg)\/`/);
          return;
        }
        const paths = badges.map((b) => b.path);
        expect(new Set(paths).size).toBe(paths.length);
        expect(paths.filter((p) => !isSafe(p))).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses an id that would leave the badge directory or put a badge file where another needs a directory', () => {
    expect(() => badgesOf(downstream([fullFeature('../etc', ['x86'], [])], { arches: [{ id: 'x86', name: 'x86' }] }))).toThrow(/Unexpected badge path `features\/\.\.\/etc`/);
    expect(() => badgesOf(downstream([fullFeature('a', ['x/../../y'], [])], { arches: [{ id: 'x/../../y', name: 'up' }] }))).toThrow(/Unexpected badge path `features\/a@x\/\.\.\/\.\.\/y`/);
    expect(() => badgesOf(downstream([fullFeature('/abs', ['x86'], [])], { arches: [{ id: 'x86', name: 'x86' }] }))).toThrow(/Unexpected badge path/);
    expect(() => badgesOf(downstream([fullFeature('a', ['x86'], []), fullFeature('a.json/b', ['x86'], [])], { arches: [{ id: 'x86', name: 'x86' }] }))).toThrow(
      'Unexpected badge directory `features/a.json/`: it is the badge file of `features/a`',
    );
    expect(() => badgesOf(downstream([fullFeature('a', ['x86'], []), fullFeature('a', ['x86'], [])], { arches: [{ id: 'x86', name: 'x86' }] }))).toThrow('Unexpected second badge at `features/a`');
  });
});
