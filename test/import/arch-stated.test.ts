// The importer never states a cell the source does not state: a qualifier or
// heading that names no arch gives `not-stated` cells, unless the project's
// arch-word table names the arch; every use of the table and every row left
// not stated is in the report.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { check } from '../../src/cli/commands/check.js';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { describeValue } from '../../src/model/history.js';
import { importSupportMd } from '../../src/import/support-md.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const statement = [
  '% Support statement for Kestrel 3.2',
  '',
  '# Feature Support',
  '',
  '## Host hardware',
  '',
  '### IOMMU',
  '',
  '    Status, AMD IOMMU: Supported',
  '    Status, Intel VT-d: Supported',
  '    Status, SMMUv3: Tech Preview',
  '   Status, Hexagon IOMMU: Experimental',
  '',
  '### ARM: Guest ACPI support',
  '',
  '    Status: Supported',
  '',
  '### Interrupt controller',
  '',
  '    Status, GICv3: Supported',
  '    Status, Linux: Supported (arch not stated)',
  '',
  '## Guests',
  '',
  '### Blkfront',
  '',
  '    Status, Linux: Supported',
  '    Status, Windows (x86): Supported',
  '',
].join('\n');

describe('import support-md: arches the source states, and only those', () => {
  it('places vendor and IP words by the arch-word table, reads an `ARM:` heading as Arm only, and leaves every other qualifier not stated', () => {
    const result = importSupportMd(statement, { file: 'SUPPORT.md' });
    const byId = new Map(result.features.map((f) => [f.id, f.data]));
    expect(byId.get('host-hardware/iommu')?.variants).toEqual([
      { name: 'AMD IOMMU', arches: { x86: { status: 'Supported' } } },
      { name: 'Intel VT-d', arches: { x86: { status: 'Supported' } } },
      { name: 'SMMUv3', arches: { arm: { status: 'Tech Preview' } } },
      // A 3-space-indented line is a status line too; this IOMMU names no arch the table knows.
      { name: 'Hexagon IOMMU', status: 'Experimental', arches: { x86: 'not-stated', arm: 'not-stated' } },
    ]);
    expect(byId.get('host-hardware/arm-guest-acpi-support')).toMatchObject({ status: 'Supported', arches: { arm: 'applies' } });
    expect(byId.get('host-hardware/interrupt-controller')?.variants).toEqual([
      { name: 'GICv3', arches: { arm: { status: 'Supported' } } },
      // What the export writes for a cell stated without an arch reads back as that.
      { name: 'Linux', status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } },
    ]);
    expect(byId.get('guests/blkfront')?.variants).toEqual([
      { name: 'Linux', status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } },
      { name: 'Windows', arches: { x86: { status: 'Supported' } } },
    ]);
    // No statement claims an arch by accident: every cell on arm is one the source names arm for, or not stated.
    expect(result.counts).toEqual({ statusLines: 9, statements: 9 });
    const byKind = (kind: string): string[] => result.notes.filter((n) => n.kind === kind).map((n) => `${n.line}:${n.column} ${n.message}`);
    expect(byKind('arch-word')).toEqual([
      '9:5 "AMD IOMMU" read as x86 only, by the arch-word table ("AMD IOMMU" → x86; `arch-words` in project.yml)',
      '10:5 "Intel VT-d" read as x86 only, by the arch-word table ("Intel VT-d" → x86; `arch-words` in project.yml)',
      '11:5 "SMMUv3" read as arm only, by the arch-word table ("SMMU" → arm; `arch-words` in project.yml)',
      '20:5 "GICv3" read as arm only, by the arch-word table ("GIC" → arm; `arch-words` in project.yml)',
    ]);
    expect(byKind('not-stated').map((m) => m.split(' ')[0])).toEqual(['12:4', '21:5', '27:5']);
  });

  it('uses the project’s own table: none at all leaves vendor words not stated, and a word of its own places its arch', () => {
    const none = importSupportMd(statement, { file: 'SUPPORT.md', archWords: [] });
    expect(none.features.find((f) => f.id === 'host-hardware/iommu')?.data.variants?.[0]).toEqual({ name: 'AMD IOMMU', status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } });
    const own = importSupportMd(statement, { file: 'SUPPORT.md', archWords: [{ word: 'Hexagon', arch: 'arm' }, { word: 'Blue', arch: 'riscv' }] });
    const iommu = own.features.find((f) => f.id === 'host-hardware/iommu')?.data.variants ?? [];
    expect(iommu.map((v) => [v.name, Object.keys(v.arches ?? {}).join(','), Object.values(v.arches ?? {}).map((e) => (typeof e === 'string' ? e : e.status)).join(',')])).toEqual([
      ['AMD IOMMU', 'x86,arm', 'not-stated,not-stated'],
      ['Intel VT-d', 'x86,arm', 'not-stated,not-stated'],
      ['SMMUv3', 'x86,arm', 'not-stated,not-stated'],
      ['Hexagon IOMMU', 'arm', 'Experimental'],
    ]);
  });

  it('writes an import that passes check, with one arch-not-stated warning per row left not stated, the table read from an earlier project.yml, and both counted in the report', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'SUPPORT.md'), statement);
    const first = await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY });
    expect(first.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(first.diagnostics.filter((d) => d.ruleName === 'arch-not-stated').map((d) => `${d.file}:${d.line}`)).toEqual([
      'features/guests/blkfront.md:8',
      'features/host-hardware/interrupt-controller.md:12',
      'features/host-hardware/iommu.md:20',
    ]);
    expect(first.report.split('\n')[0]).toContain('9 Status lines -> 9 statements');
    expect(first.report.split('\n')[0]).toContain('4 placed by the arch-word table, 3 naming no arch (cells `not-stated`)');
    // The project's own table, in project.yml, is what a re-import reads (and keeps).
    const projectFile = path.join(dir, 'features/project.yml');
    await writeFile(projectFile, `${await readFile(projectFile, 'utf8')}arch-words:\n  - word: Linux\n    arch: x86\n`);
    const again = await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY, force: true });
    expect(again.kept.map((k) => k.path)).toEqual(['project.yml']);
    const blkfront = again.import.features.find((f) => f.id === 'guests/blkfront')?.data.variants?.[0];
    expect(blkfront).toEqual({ name: 'Linux', arches: { x86: { status: 'Supported' } } });
  });

  it('exempts a cell stated without an arch only while it stays so: stating its arch by hand needs a sign-off, and diff shows the change', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'SUPPORT.md'), statement);
    await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY, archWords: [] } as Parameters<typeof importSupportMdFile>[0]);
    const file = path.join(dir, 'features/guests/blkfront.md');
    const text = await readFile(file, 'utf8');
    expect(text).toContain('      x86: not-stated\n      arm: not-stated\n');
    await writeFile(file, text.replace('      x86: not-stated\n      arm: not-stated\n', '      x86: applies\n      arm: applies\n'));
    const checked = await check({ cwd: dir, dir: 'features', today: TODAY, releases: false });
    const errors = checked.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.ruleName} ${d.file}:${d.line}`);
    expect(errors, JSON.stringify(errors)).toContain('supported-requires-signoff features/guests/blkfront.md:6');
    expect(errors.filter((e) => e.startsWith('baseline '))).toHaveLength(2);
    expect(describeValue({ state: 'not-stated', status: 'Supported', securitySupport: 'yes' })).toBe('Supported, security supported, arch not stated');
  });
});
