// The resolved model, shape by shape: for each kind of corpus, the cells the
// model holds (feature × row × arch × tree), with their readings, security
// support, caveats, sign-off verdicts, limits and known issues; its id index,
// its releases and the security team's queue.
import { describe, expect, it } from 'vitest';
import { idIndex, resolveModel, type Model, type ResolvedTree } from '../../src/model/resolve.js';
import { baseProject, corpusOf, TODAY, type Files } from '../helpers/corpus.js';

const doc = (frontmatter: string): string => `---\n${frontmatter}---\n`;
const signoff = (status: string, extra = ''): string => `  - { by: alice, date: 2025-01-10, status: ${status}, ref: "https://lists.example.org/1"${extra} }\n`;

/** Every cell of a tree in one line each: `feature[variant] arch: reading status/security (caveat) verdict`. */
function lines(tree: ResolvedTree | undefined): string[] {
  if (!tree) return ['(not read)'];
  return tree.ordered.flatMap((f) =>
    f.rows.flatMap((row) =>
      row.cells.map((c) => {
        const stated = `${c.status ?? ''}/${c.securitySupport ?? ''}${c.caveat !== undefined ? ` (${c.caveat})` : ''}`;
        const what = c.reading === 'applies' ? stated : c.reading === 'not-stated' ? `not-stated ${stated}` : c.reading;
        return `${f.id}${row.variant ? `[${row.variant.id}]` : ''} ${c.arch}: ${what} ${c.verdict}`;
      }),
    ),
  );
}

function modelOf(files: Files, releases: Array<{ name: string; ref: string; files: Files; initial?: string }> = []): Model {
  const withReleases = releases.length === 0 ? baseProject : `${baseProject}lifecycle: { supported-months: 12, security-supported-months: 24 }\nreleases:\n${releases.map((r) => `  - { name: "${r.name}", ref: ${r.ref}${r.initial ? `, initial-release: ${r.initial}` : ''} }\n`).join('')}`;
  const current = corpusOf({ 'project.yml': withReleases, ...files });
  expect(current.diagnostics).toEqual([]);
  const trees = releases.map((r) => {
    const corpus = corpusOf({ 'project.yml': withReleases, ...r.files });
    const config = current.project.releases.find((c) => c.name === r.name);
    if (!config) throw new Error(`no release ${r.name}`);
    return { config, features: corpus.features, ...(corpus.baseline ? { baseline: corpus.baseline } : {}) };
  });
  return resolveModel({ ...current, releases: trees }, { today: TODAY });
}

describe('the resolved model, corpus shape by shape', () => {
  it.each<[string, Files, string[]]>([
    [
      'own row and variants: a row each, every arch, the own row first',
      { 'g.md': doc(`title: G\nsection: Guest types\nstatus: Tech Preview\nvariants:\n  - name: Dom0\n    status: Experimental\n  - { name: DomU }\n`) },
      ['g x86: Tech Preview/no not-required', 'g arm: Tech Preview/no not-required', 'g[dom0] x86: Experimental/no not-required', 'g[dom0] arm: Experimental/no not-required', 'g[domu] x86: Tech Preview/no not-required', 'g[domu] arm: Tech Preview/no not-required'],
    ],
    [
      'variants only: no own row, each variant with its own status (none is the "first variant\'s" for the feature)',
      { 'i.md': doc(`title: I\nsection: Host hardware/IOMMU\nvariants:\n  - name: VT-d\n    status: Experimental\n  - name: SMMU\n    status: Tech Preview\n    arches: [arm]\n`) },
      ['i[vt-d] x86: Experimental/no not-required', 'i[vt-d] arm: Experimental/no not-required', 'i[smmu] x86: not-applicable not-required', 'i[smmu] arm: Tech Preview/no not-required'],
    ],
    [
      'per-arch overrides, with their own security support and caveat, and a not-implemented arch',
      { 'o.md': doc(`title: O\nsection: Guest types\nstatus: Experimental\narches:\n  x86:\n    status: Tech Preview\n    caveat: Only on big hosts\n  arm: not-implemented\n`) },
      ['o x86: Tech Preview/no (Only on big hosts) not-required', 'o arm: not-implemented not-required'],
    ],
    [
      'unknown, and a row that applies with no status anywhere (no status)',
      { 'u.md': doc(`title: U\nsection: Guest types\narches:\n  x86: unknown\n  arm: applies\n`) },
      ['u x86: unknown not-required', 'u arm: no-status not-required'],
    ],
    [
      'a variant stated without an arch: each cell not-stated, with the status it was stated with, owing a sign-off like one that applies',
      { 'n.md': doc(`title: N\nsection: Guest types\nvariants:\n  - name: AMD IOMMU\n    status: Supported\n    arches:\n      x86: not-stated\n      arm: not-stated\n`) },
      ['n[amd-iommu] x86: not-stated Supported/yes not-signed-off', 'n[amd-iommu] arm: not-stated Supported/yes not-signed-off'],
    ],
    [
      'sign-offs: a covered cell is signed, an uncovered one is not signed off, one the baseline lists is exempt',
      {
        's.md': doc(`title: S\nsection: Guest types\nstatus: Supported\nsignoffs:\n${signoff('Supported', ', arch: x86')}`),
        't.md': doc(`title: T\nsection: Guest types\nstatus: Supported\n`),
        'signoff-baseline.yml': 'exempt:\n  - { feature: t, arch: arm, status: Supported }\n',
      },
      ['s x86: Supported/yes signed', 's arm: Supported/yes not-signed-off', 't x86: Supported/yes not-signed-off', 't arm: Supported/yes exempt'],
    ],
  ])('%s', (_name, files, expected) => {
    expect(lines(modelOf(files).current)).toEqual(expected);
  });

  it('keeps project.yml\'s section order, then each feature\'s `order` (the document\'s), then titles: never one alphabetical list', () => {
    const model = modelOf({
      'a.md': doc('title: Alpha\nsection: Toolstack\nstatus: Experimental\n'),
      'z.md': doc('title: Zulu\nsection: Guest types\nstatus: Experimental\n'),
      'm.md': doc('title: Mike\nsection: Guest types\nstatus: Experimental\n'),
      'y.md': doc('title: Yankee\nsection: Guest types\nstatus: Experimental\norder: 2\n'),
      'x.md': doc('title: X-ray\nsection: Guest types\nstatus: Experimental\norder: 1\n'),
    });
    expect(model.current.ordered.map((f) => f.id)).toEqual(['x', 'y', 'm', 'z', 'a']);
  });

  it('puts on each cell the limits that bound it and the known issues that concern it (none where it does not apply)', () => {
    const model = modelOf({
      'k.md': doc(`title: K\nsection: Guest types\nstatus: Experimental\narches:\n  x86: applies\nvariants:\n  - name: V\nlimits:\n  - { name: Memory, value: 4, unit: TiB, bounds: support, arch: x86 }\n  - { name: vCPUs, value: 8, bounds: support, variant: v }\nknown-issues:\n  - { summary: Everywhere, advisory: XSA-1 }\n  - { summary: Only v, variants: [v] }\n  - { summary: Only arm, arches: [arm] }\n`),
    });
    const of = (variant: string | undefined, arch: string) => model.current.features.get('k')?.cells.find((c) => c.variant === variant && c.arch === arch);
    expect(of(undefined, 'x86')?.limits.map((l) => l.name)).toEqual(['Memory']);
    expect(of('v', 'x86')?.limits.map((l) => l.name)).toEqual(['Memory', 'vCPUs']);
    expect(of(undefined, 'x86')?.knownIssues.map((i) => i.summary)).toEqual(['Everywhere']);
    expect(of('v', 'x86')?.knownIssues.map((i) => i.summary)).toEqual(['Everywhere', 'Only v']);
    // Not applicable on arm: the issue "of arm" concerns no cell of K.
    expect(of(undefined, 'arm')?.reading).toBe('not-applicable');
    expect(of(undefined, 'arm')?.knownIssues).toEqual([]);
  });

  it('reads release trees: a renamed feature keyed by its current id, a removed one kept, verdicts with the release\'s own baseline, lifecycle on the build date', () => {
    const model = modelOf(
      { 'pvh.md': doc('title: PVH\nsection: Guest types\nstatus: Tech Preview\naliases: [old-pvh]\n') },
      [
        {
          name: '1.0',
          ref: 'v1.0',
          initial: '2025-01-01',
          files: {
            'old-pvh.md': doc('title: PVH\nsection: Guest types\nstatus: Experimental\n'),
            'gone.md': doc('title: Gone\nsection: Toolstack\nstatus: Supported\n'),
            'signoff-baseline.yml': 'exempt:\n  - { feature: gone, arch: x86, status: Supported }\n',
          },
        },
        { name: '2.0', ref: 'v2.0', initial: '2026-01-01', files: { 'pvh.md': doc('title: PVH\nsection: Guest types\nstatus: Tech Preview\n') } },
        { name: '3.0', ref: 'v3.0', files: {} },
      ],
    );
    const [r1, r2, r3] = model.releases;
    expect(lines(r1?.tree)).toEqual(['pvh x86: Experimental/no not-required', 'pvh arm: Experimental/no not-required', 'gone x86: Supported/yes exempt', 'gone arm: Supported/yes not-signed-off']);
    expect(r1?.tree?.features.get('pvh')?.feature.id).toBe('old-pvh');
    expect(lines(r2?.tree)).toEqual(['pvh x86: Tech Preview/no not-required', 'pvh arm: Tech Preview/no not-required']);
    expect(model.releases.map((r) => [r.config.name, r.state])).toEqual([
      ['1.0', 'security-supported'],
      ['2.0', 'supported'],
      ['3.0', 'unreleased'],
    ]);
    expect(r3?.tree?.ordered).toEqual([]);
  });

  it('honours a revocation recorded in a release tree in the working tree and every other release (a copy of a revoked entry is revoked everywhere)', () => {
    const entry = '  - { by: alice, date: 2025-01-10, status: Supported, ref: "https://lists.example.org/1"';
    const signed = doc(`title: S\nsection: Guest types\nstatus: Supported\nsignoffs:\n${entry} }\n`);
    const revoked = doc(`title: S\nsection: Guest types\nstatus: Supported\nsignoffs:\n${entry}, revoked: { by: alice, date: 2025-02-01, reason: "wrong review" } }\n`);
    expect(lines(modelOf({ 's.md': signed }).current)).toEqual(['s x86: Supported/yes signed', 's arm: Supported/yes signed']);
    const model = modelOf({ 's.md': signed }, [
      { name: '1.0', ref: 'v1.0', files: { 's.md': signed } },
      { name: '2.0', ref: 'v2.0', files: { 's.md': revoked } },
    ]);
    expect(lines(model.current)).toEqual(['s x86: Supported/yes not-signed-off', 's arm: Supported/yes not-signed-off']);
    expect(lines(model.releases[0]?.tree)).toEqual(['s x86: Supported/yes not-signed-off', 's arm: Supported/yes not-signed-off']);
  });

  it('gives each release a path segment of its own, even when two names slug alike', () => {
    const model = modelOf({ 'a.md': doc('title: A\nsection: Guest types\nstatus: Experimental\n') }, [
      { name: '1.0', ref: 'v1.0', files: {} },
      { name: '1-0', ref: 'v1-0', files: {} },
      { name: '!!', ref: 'weird', files: {} },
    ]);
    expect(model.releases.map((r) => r.slug)).toEqual(['1-0', '1-0-2', 'release']);
  });

  it('holds the security team\'s queue: covered cells, and owed ones (missing or exempt), in display order', () => {
    const model = modelOf({
      's.md': doc(`title: S\nsection: Guest types\nstatus: Supported\nsignoffs:\n${signoff('Supported')}`),
      't.md': doc(`title: T\nsection: Toolstack\nstatus: Supported\narches:\n  arm: applies\n`),
      'signoff-baseline.yml': 'exempt:\n  - { feature: t, arch: arm, status: Supported }\n',
    });
    const q = (items: Model['queue']['open']): string[] => items.map((i) => `${i.feature.id} ${i.cell.arch} ${i.cell.verdict}`);
    expect(q(model.queue.signed)).toEqual(['s x86 signed', 's arm signed']);
    expect(q(model.queue.open)).toEqual(['t arm exempt']);
  });
});

describe('the id index', () => {
  const features = corpusOf({
    'a.md': doc('title: A\nsection: Guest types\nstatus: Experimental\naliases: [b, old-a]\n'),
    'b.md': doc('title: B\nsection: Guest types\nstatus: Experimental\n'),
  }).features;
  const ids = idIndex(features);

  it('gives a feature\'s own id precedence over another feature\'s alias, in any case', () => {
    expect(ids.canonical('B')).toBe('b');
    expect(ids.find('b')?.data.title).toBe('B');
    expect(ids.canonical('OLD-A')).toBe('a');
    expect(ids.canonical('nothing')).toBe('nothing');
  });

  it('lists every feature a name reaches, for the rules that report duplicates', () => {
    expect(ids.all('b').map((f) => f.id)).toEqual(['a', 'b']);
  });
});

describe('one place resolves cells', () => {
  it('no module outside src/model/ resolves a cell or judges its sign-off: they read the model', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const path = await import('node:path');
    const root = path.resolve(import.meta.dirname, '../../src');
    const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.startsWith(`model${path.sep}`) && f !== 'index.ts');
    expect(files.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(path.join(root, file), 'utf8');
      for (const call of ['resolveCells(', 'verdictOf(', 'findCoverage(', 'canonicalIds(', 'snapshot(']) if (text.includes(call)) found.push(`${file}: ${call}`);
    }
    // The one exception: governance-change asks whether an entry *as the base wrote it* would cover a head cell — a hypothetical the model cannot hold.
    expect(found).toEqual([`lint${path.sep}rules${path.sep}governance-change.ts: findCoverage(`]);
  });
});
