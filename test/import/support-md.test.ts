import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importSupportMdFile } from '../../src/cli/commands/import.js';
import { exportDocument } from '../../src/export/document.js';
import { toSupportMd } from '../../src/export/support-md.js';
import { importSupportMd } from '../../src/import/support-md.js';
import { loadCorpus } from '../../src/load/corpus.js';
import { resolveCells } from '../../src/model/cells.js';
import { repoRoot } from '../helpers/cli.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const fixture = path.join(repoRoot, 'test/fixtures/support-md/SUPPORT.md');

describe('import support-md', () => {
  it('reads every shape of the format into statements, one per Status line', async () => {
    const result = importSupportMd(await readFile(fixture, 'utf8'), { file: 'SUPPORT.md' });
    expect(result.counts).toEqual({ statusLines: 13, statements: 13 });
    const byId = new Map(result.features.map((f) => [f.id, f.data]));
    expect([...byId.keys()]).toEqual(['host/x86-nested-paging', 'host/arm-v9', 'host/physical-memory', 'devices/serial-consoles', 'devices/emulated-disks', 'guests/pv-guests', 'guests/pv-shim', 'guests/time-travel']);
    // An arch prefix in the heading restricts the feature.
    expect(byId.get('host/x86-nested-paging')).toMatchObject({ status: 'Supported', arches: { x86: 'applies' }, summary: 'Hardware-assisted second-level translation.' });
    // Qualifiers with commas and brackets; variants of an arch-named heading stay on that arch.
    expect(byId.get('host/arm-v9')?.variants).toEqual([
      { name: 'Kestrel in EL2', arches: { arm: { status: 'Supported' } } },
      { name: 'Kestrel in EL1 (guest only)', arches: { arm: { status: 'Experimental' } } },
      { name: 'Thunder cores r1p0, r1p1', arches: { arm: { status: 'Supported', 'security-support': 'no' } } },
    ]);
    // Free text split into status and structured limits.
    expect(byId.get('host/physical-memory')).toMatchObject({
      arches: { x86: { status: 'Supported' }, arm: { status: 'Supported' } },
      limits: [
        { name: 'Physical memory', value: 64, unit: 'GiB', bounds: 'security-support', arch: 'x86' },
        { name: 'Physical memory', value: 16, unit: 'GiB', bounds: 'support', arch: 'arm' },
      ],
    });
    expect(byId.get('devices/serial-consoles')?.variants).toEqual([
      // A qualifier that names no arch: the arch is not stated, on every arch.
      { name: 'UART 8250', status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } },
      { name: 'Mini UART', arches: { arm: { status: 'Tech Preview' } } },
    ]);
    // External support gets the organisation named in the text; a tab-indented, lower-case line still counts.
    expect(byId.get('devices/emulated-disks')?.variants).toEqual([
      { name: 'QEMU (ide), raw format', status: 'Supported', 'security-support': 'external', 'security-organisation': 'qemu', arches: { x86: 'not-stated', arm: 'not-stated' } },
      { name: 'QEMU (ahci)', status: 'Supported', arches: { x86: 'not-stated', arm: 'not-stated' } },
    ]);
    // A group heading with its own status, and the caveat taken from the paragraph after the block.
    expect(byId.get('guests/pv-guests')).toMatchObject({ status: 'Supported', 'security-support': 'with-caveats', caveat: 'Only with the shadow-paging mitigation turned on.' });
    expect(byId.get('guests/pv-shim')).toMatchObject({ section: 'Guests/PV guests', arches: { x86: { status: 'Tech Preview' } } });
    // What cannot be mapped is kept verbatim, with a finding at its line.
    expect(byId.get('guests/time-travel')).toMatchObject({ status: 'Maybe someday' });
    expect(result.notes.filter((n) => n.kind === 'unmapped')).toEqual([{ line: 66, column: 5, kind: 'unmapped', message: 'Unexpected status `Maybe someday`, kept verbatim; edit the imported file' }]);
    expect(result.notes.find((n) => n.line === 45)?.message).toBe('"supported" read as Supported');
    expect(result.project).toMatchObject({ name: 'Kestrel', sections: ['Host', 'Devices', 'Guests', 'Guests/PV guests'], releases: [{ name: '3.2', ref: '3.2', 'initial-release': '2025-04-01', 'supported-until': '2026-10-01', 'security-support-until': '2028-04-01' }] });
  });

  it('reads status-first lines (`Supported, x86: bzImage, ELF`) as statements with their scope kept as the caveat, counts them, and leaves prose alone', () => {
    const text = [
      '# Feature Support',
      '',
      '## Toolstack',
      '',
      '### Direct-boot image format',
      '',
      'Formats the toolstack boots directly.',
      '',
      '    Supported, x86: bzImage, ELF',
      '    Supported, ARM64: Image',
      '   Status, Arm32: Tech Preview',
      '',
      '### Console',
      '',
      '    Status: Supported',
      '',
      '    Hosts, with more memory: still fine',
      '',
      '# Format and definitions',
      '',
      '### Supported',
      '',
      '    Security supported: Yes',
      '',
      '### Tech Preview',
      '',
      '    Security supported: No',
      '',
    ].join('\n');
    const result = importSupportMd(text, { file: 'SUPPORT.md' });
    // Three status lines under the first heading (one of them indented by three spaces), one under the second; the prose line is none.
    expect(result.counts).toEqual({ statusLines: 4, statements: 4 });
    const image = result.features.find((f) => f.data.title === 'Direct-boot image format')?.data;
    expect(image?.arches).toEqual({ x86: { status: 'Supported', caveat: 'bzImage, ELF' } });
    expect(image?.variants).toEqual([
      { name: 'ARM64', arches: { arm: { status: 'Supported', caveat: 'Image' } } },
      { name: 'Arm32', arches: { arm: { status: 'Tech Preview' } } },
    ]);
    expect(result.notes.filter((n) => n.line === 9 || n.line === 10).map((n) => n.kind)).toEqual(['heuristic', 'heuristic']);
    const console_ = result.features.find((f) => f.data.title === 'Console');
    expect(console_?.data.status).toBe('Supported');
    // A line after the block that is no status line is the block's note, on its cells.
    expect(console_?.data.notes).toEqual([{ text: 'Hosts, with more memory: still fine' }]);
  });

  it('reads a status under a condition (`Supported (outside of shim mode)`) as a variant named by the condition, so two of them under one qualifier stay two claims', () => {
    const text = [
      '# Feature Support',
      '',
      '## Guests',
      '',
      '### PV guests',
      '',
      '    Status, x86: Supported (outside of shim mode)',
      '    Status, x86: Experimental (in shim mode)',
      '    Status, ARM: Tech Preview',
      '',
      '### Consoles',
      '',
      '    Status: Supported, not security supported (legacy boards)',
      '',
    ].join('\n');
    const result = importSupportMd(text, { file: 'SUPPORT.md' });
    expect(result.counts).toEqual({ statusLines: 4, statements: 4 });
    expect(result.notes.filter((n) => n.kind === 'unmapped')).toEqual([]);
    const pv = result.features.find((f) => f.data.title === 'PV guests')?.data;
    expect(pv?.variants).toEqual([
      { name: 'outside of shim mode', arches: { x86: { status: 'Supported' } } },
      { name: 'in shim mode', arches: { x86: { status: 'Experimental' } } },
    ]);
    expect(pv?.arches).toEqual({ arm: { status: 'Tech Preview' } });
    // The Supported one is security supported, as its status says: it is not a verbatim status outside the vocabulary.
    const consoles = result.features.find((f) => f.data.title === 'Consoles')?.data;
    expect(consoles?.variants).toEqual([{ name: 'legacy boards', status: 'Supported', 'security-support': 'no' }]);
  });

  it('round-trips: export --format support-md of an import, imported again, yields the same cells', async () => {
    const first = await tempDir();
    await importSupportMdFile({ cwd: first, file: fixture, out: 'features', today: TODAY });
    const corpus = await loadCorpus('features', { cwd: first });
    const exported = toSupportMd(exportDocument(corpus, TODAY));
    const second = await tempDir();
    await importSupportMdFile({ cwd: second, file: await writeText(second, 'EXPORTED.md', exported), out: 'features', today: TODAY });
    const again = await loadCorpus('features', { cwd: second });
    const cells = (c: typeof corpus): string[] =>
      c.features.flatMap((f) => resolveCells(f, c.project).map((x) => [f.id, x.variant ?? '-', x.arch, x.state, x.status ?? '', x.securitySupport ?? ''].join(' '))).sort();
    expect(cells(again)).toEqual(cells(corpus));
    expect(cells(corpus).length).toBeGreaterThan(20);
  });
});

async function writeText(dir: string, name: string, text: string): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}
