import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, toCsv } from '../../src/export/csv.js';
import { exportDocument, type ExportDocument } from '../../src/export/document.js';
import { toJson } from '../../src/export/json.js';
import { statusText, toSupportMd, versionKey } from '../../src/export/support-md.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { cli, repoRoot } from '../helpers/cli.js';
import { corpusOf, TODAY, tempDir } from '../helpers/corpus.js';

const schema = JSON.parse(await readFile(path.join(repoRoot, 'schema/export.schema.json'), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

/** A corpus that uses every optional field the export can carry. */
const maximal = {
  'project.yml': `name: Max Hypervisor
repository: https://git.example.org/max
architectures: [{ id: x86, name: x86-64 }, { id: arm }]
statuses:
  - { name: Tech Preview, security-supported: false, description: Try it, functional-completeness: Yes, functional-stability: Quirky, interface-stability: Provisional }
  - { name: Supported, security-supported: true }
sections: [Guest types]
security-organisations: [{ id: qemu, name: QEMU, url: https://qemu.example.org/ }]
advisories: [{ prefix: XSA }]
lifecycle: { supported-months: 12, security-supported-months: 24 }
releases: [{ name: "1.0", ref: v1.0, initial-release: 2025-01-01, provisional: true }]
`,
  'max.md': `---
title: Max
section: Guest types
summary: Everything at once
status: Supported
security-support: external
security-organisation: qemu
arches:
  x86: applies
  arm: { status: Tech Preview, caveat: "Slow, and only on big cores" }
variants:
  - { name: Dom0, status: Supported, security-support: with-caveats, caveat: No passthrough, arches: [x86] }
limits:
  - { name: Memory, value: 16, unit: TiB, bounds: support, arch: x86, variant: dom0, note: Tested }
known-issues:
  - { summary: A hole, advisory: XSA-1, url: https://xsa.example.org/1, effect: caveat, arches: [x86], variants: [dom0], fixed-in: "1.1" }
notes:
  - { text: Boots only from the second disk, arches: [arm], variants: [] }
depends-on: [min]
related: [min]
replaced-by: min
aliases: [old/max]
since: "0.9"
deprecated-in: "1.2"
removed-in: "2.0"
components: [hypervisor]
signoffs:
  - { by: alice, date: 2025-01-10, status: Supported, ref: https://lists.example.org/1 }
  - { by: alice, date: 2025-01-10, status: Supported, variant: dom0, arch: x86, ref: https://lists.example.org/2 }
  - { by: alice, date: 2024-01-10, status: Supported, ref: r0, revoked: { by: alice, date: 2024-02-01, reason: Hole } }
---
`,
  'min.md': '---\ntitle: Min\nsection: Guest types\nstatus: Tech Preview\nknown-issues: [{ summary: Early }]\n---\n',
};

/** Every property name the schema declares, anywhere. */
function schemaProperties(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => schemaProperties(n, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (record['properties'] && typeof record['properties'] === 'object') for (const key of Object.keys(record['properties'])) out.add(key);
    Object.values(record).forEach((v) => schemaProperties(v, out));
  }
  return out;
}

function documentKeys(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => documentKeys(n, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) out.add(k) && documentKeys(v, out);
  return out;
}

describe('JSON export', () => {
  it('validates against schema/export.schema.json, for the sample corpus and a corpus using every field', async () => {
    const sample = exportDocument(await loadCorpus('features', { cwd: repoRoot }), TODAY);
    expect(validate(sample), JSON.stringify(validate.errors)).toBe(true);
    const max = exportDocument({ ...corpusOf(maximal), release: { name: '1.0', ref: 'v1.0', 'initial-release': '2025-01-01', provisional: true } }, TODAY);
    expect(validate(max), JSON.stringify(validate.errors)).toBe(true);
    expect(max.schemaVersion).toBe(1);
  });

  it('uses every property the schema declares, so the types and the schema cannot drift apart', () => {
    const max = exportDocument({ ...corpusOf(maximal), release: { name: '1.0', ref: 'v1.0', 'initial-release': '2025-01-01' } }, TODAY);
    const missing = [...schemaProperties(schema)].filter((p) => !documentKeys(max).has(p));
    expect(missing).toEqual([]);
  });

  it('resolves cells with their sign-off and keeps a stable order: row by row (own row, then variants), arches in project order', () => {
    const doc = exportDocument(corpusOf(maximal), TODAY);
    const max = doc.features.find((f) => f.id === 'max');
    expect(doc.features.map((f) => f.id)).toEqual(['max', 'min']);
    expect(max?.cells).toEqual([
      { identifier: 'max-hypervisor:max@x86', variant: null, arch: 'x86', state: 'applies', status: 'Supported', securitySupport: 'external', organisation: 'qemu', signoff: { required: true, state: 'signed', by: 'alice', date: '2025-01-10', ref: 'https://lists.example.org/1' } },
      { identifier: 'max-hypervisor:max@arm', variant: null, arch: 'arm', state: 'applies', status: 'Tech Preview', securitySupport: 'no', caveat: 'Slow, and only on big cores', notes: ['Boots only from the second disk'], signoff: { required: false, state: 'not-required' } },
      { identifier: 'max-hypervisor:max:dom0@x86', variant: 'dom0', arch: 'x86', state: 'applies', status: 'Supported', securitySupport: 'with-caveats', caveat: 'No passthrough', signoff: { required: true, state: 'signed', by: 'alice', date: '2025-01-10', ref: 'https://lists.example.org/2' } },
      { identifier: 'max-hypervisor:max:dom0@arm', variant: 'dom0', arch: 'arm', state: 'not-applicable', signoff: { required: false, state: 'not-required' } },
    ]);
    expect(max?.identifier).toBe('max-hypervisor:max');
    expect(max?.variants).toEqual([{ id: 'dom0', identifier: 'max-hypervisor:max:dom0', name: expect.any(String) }]);
    expect(doc.releases).toEqual([{ name: '1.0', identifier: 'max-hypervisor@1.0', ref: 'v1.0', initialRelease: '2025-01-01', supportedUntil: '2026-01-01', securitySupportUntil: '2027-01-01', provisional: true, state: 'security-supported' }]);
  });

  it('is byte-identical for the same input and date', async () => {
    const corpus = await loadCorpus('features', { cwd: repoRoot });
    expect(toJson(exportDocument(corpus, TODAY))).toBe(toJson(exportDocument(await loadCorpus('features', { cwd: repoRoot }), TODAY)));
  });
});

describe('CSV export', () => {
  it('has a header and one RFC 4180 row per cell, quoting commas', () => {
    const doc: ExportDocument = exportDocument(corpusOf(maximal), TODAY);
    const csv = toCsv(doc);
    const rows = parse(csv) as string[][];
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(1 + doc.features.reduce((n, f) => n + f.cells.length, 0));
    expect(csv).toContain('"Slow, and only on big cores"');
    const dom0 = rows.find((r) => r[0] === 'max' && r[3] === 'dom0' && r[4] === 'x86');
    expect(dom0).toEqual(['max', 'Max', 'Guest types', 'dom0', 'x86', 'working tree', 'applies', 'Supported', 'with-caveats', '', 'No passthrough', 'Memory up to 16 TiB (support)', 'alice', '2025-01-10', 'signed', 'XSA-1', '']);
  });
});

describe('SUPPORT.md-style export', () => {
  const doc = exportDocument(corpusOf(maximal), TODAY);

  it('writes the release block with the project-named version key and a status block per feature', () => {
    const md = toSupportMd(doc);
    expect(versionKey('Max Hypervisor')).toBe('Max-Hypervisor-Version');
    expect(md).toContain('# Release Support\n\n    Max-Hypervisor-Version: unreleased\n');
    expect(md).toContain(
      '### Max\n\nEverything at once\n\n    Status, x86: Supported, security support external (QEMU)\n    Status, arm: Tech Preview\n    Status, x86, Dom0: Supported, with caveats\n',
    );
    expect(md).toContain('Slow, and only on big cores (arm)');
    expect(md).toContain('  * A hole (XSA-1, fixed in 1.1)');
    expect(md).toContain('### Tech Preview\n\nTry it\n\n    Functional completeness: Yes\n');
  });

  it('qualifies a status only when security support differs from its default', () => {
    expect(statusText({ status: 'Supported', securitySupport: 'yes' }, doc)).toBe('Supported');
    expect(statusText({ status: 'Supported', securitySupport: 'no' }, doc)).toBe('Supported, not security supported');
    expect(statusText({ status: 'Tech Preview', securitySupport: 'yes' }, doc)).toBe('Tech Preview, security supported');
  });
});

describe('export command', () => {
  it('writes a file, refuses an unknown release, and refuses a corpus that fails check', async () => {
    const dir = await tempDir();
    await cli(['init', '--today', TODAY], dir);
    const written = await cli(['export', '--format', 'csv', '--out', 'out.csv', '--today', TODAY], dir);
    expect(written.code).toBe(0);
    expect((await readFile(path.join(dir, 'out.csv'), 'utf8')).split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    const unknown = await cli(['export', '--release', '9.9', '--today', TODAY], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unexpected release `9.9`');
    await writeFile(path.join(dir, 'features/general/unsigned.md'), '---\ntitle: Unsigned\nsection: General\nstatus: Supported\n---\n');
    const fails = await cli(['export', '--today', TODAY], dir);
    expect(fails.code).toBe(1);
    expect(fails.stderr).toContain('not exported');
  });
});

describe('schema/export.schema.md', () => {
  it('shows an example that validates against the schema', async () => {
    const doc = await readFile(path.join(repoRoot, 'schema/export.schema.md'), 'utf8');
    const example = /## Example\n\n```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(validate(JSON.parse(example ?? 'null')), JSON.stringify(validate.errors)).toBe(true);
  });
});

describe('exports name what they were made from, and put known issues only where they apply', () => {
  it('the working tree\'s commit (and +changes), and no known issue on a cell that does not apply', async () => {
    const { execFileSync } = await import('node:child_process');
    const dir = await tempDir();
    await cli(['init', '--today', TODAY], dir);
    await writeFile(path.join(dir, 'features/general/x86-only.md'), '---\ntitle: x86 only\nsection: General\nstatus: Tech Preview\narches: { x86: applies, arm: not-applicable }\nknown-issues:\n  - summary: Crashes on big hosts.\n  - summary: Leaks a page.\n    advisory: XSA-9\n---\n');
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', 'commit', '-qam', 'x', '--allow-empty');
    git('add', '-A');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', 'commit', '-qm', 'features');
    const head = git('rev-parse', '--short=12', 'HEAD');
    const json = JSON.parse((await cli(['export', '--format', 'json', '--today', TODAY], dir)).stdout) as { revision: string | null };
    expect(json.revision).toBe(head);
    const csv = parse((await cli(['export', '--format', 'csv', '--today', TODAY], dir)).stdout, { columns: true }) as Array<Record<string, string>>;
    const rows = csv.filter((r) => r['feature'] === 'general/x86-only');
    expect(rows.map((r) => [r['arch'], r['release'], r['known_issues']])).toEqual([
      ['x86', `working tree at ${head}`, 'Crashes on big hosts.; XSA-9'],
      ['arm', `working tree at ${head}`, ''],
    ]);
    await writeFile(path.join(dir, 'features/general/x86-only.md'), (await readFile(path.join(dir, 'features/general/x86-only.md'), 'utf8')).replace('big hosts', 'huge hosts'));
    expect((JSON.parse((await cli(['export', '--format', 'json', '--today', TODAY], dir)).stdout) as { revision: string }).revision).toBe(`${head}+changes`);
  });
});
