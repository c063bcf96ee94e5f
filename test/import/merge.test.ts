// `import --force` keeps a project's curation: only what the statement
// states changes; every hand-added key, entry, id and prose edit stays, and
// each change is in the report.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { importSupportMdFile, IMPORT_REPORT } from '../../src/cli/commands/import.js';
import { mergeFeatureData, usableBase } from '../../src/import/merge.js';
import type { FeatureData } from '../../src/types.js';
import { TODAY, tempDir } from '../helpers/corpus.js';

const statement = (status: string, issue: string): string =>
  [
    '# Feature Support',
    '',
    '## Guests',
    '',
    '### Shadow guests',
    '',
    'Guests on shadow page tables.',
    '',
    `    Status: ${status}`,
    '    Status, x86 HVM: Supported',
    '',
    'Only with the mitigation turned on.',
    '',
    'Known issues:',
    '',
    `  * ${issue}`,
    '',
  ].join('\n');

describe('mergeFeatureData', () => {
  const base: FeatureData = { title: 'T', section: 'S', status: 'Tech Preview', caveat: 'Old', 'known-issues': [{ summary: 'A' }], variants: [{ name: 'HVM', status: 'Supported' }] };

  it('keeps a hand edit of a value the statement did not change, and takes the statement’s value where it changed', () => {
    const file: FeatureData = { ...base, caveat: 'Reworded by hand', id: 'guests/shadow' } as FeatureData;
    const next: FeatureData = { ...base, status: 'Supported' };
    const merged = mergeFeatureData(file, base, next);
    expect(merged.data).toMatchObject({ id: 'guests/shadow', caveat: 'Reworded by hand', status: 'Supported' });
    // The kept edit is listed too, with what the statement says.
    expect(merged.changes).toEqual([
      { field: 'status', before: 'Tech Preview', after: 'Supported' },
      { field: 'caveat', before: 'Old', after: 'Reworded by hand', kept: true },
    ]);
  });

  it('merges known issues by entry: a hand-added one stays, one the statement dropped goes, one removed by hand is not brought back', () => {
    const file: FeatureData = { ...base, 'known-issues': [{ summary: 'A' }, { summary: 'Mine', advisory: 'XSA-7' }] };
    const next: FeatureData = { ...base, 'known-issues': [{ summary: 'B' }] };
    expect(mergeFeatureData(file, base, next).data['known-issues']).toEqual([{ summary: 'Mine', advisory: 'XSA-7' }, { summary: 'B' }]);
    const removedByHand: FeatureData = { ...base, 'known-issues': [] };
    expect(mergeFeatureData(removedByHand, base, { ...base, 'known-issues': [{ summary: 'A' }, { summary: 'C' }] }).data['known-issues']).toEqual([{ summary: 'C' }]);
  });

  it('takes a recorded base only when it has the shape an import writes (a manifest is a file a patch may write)', () => {
    expect(usableBase(base)).toBe(true);
    expect(usableBase({ ...base, variants: 'x' })).toBe(false);
    expect(usableBase({ ...base, 'known-issues': [1] })).toBe(false);
    expect(usableBase({ ...base, status: 3 })).toBe(false);
    expect(usableBase(null)).toBe(false);
  });

  it('merges variants by name: a hand-added id stays, a hand-added variant stays, one the statement dropped goes', () => {
    const file: FeatureData = { ...base, variants: [{ name: 'HVM', id: 'hvm-guests', status: 'Supported' }, { name: 'Mine', status: 'Experimental' }] };
    const next: FeatureData = { ...base, variants: [{ name: 'HVM', status: 'Tech Preview' }] };
    const merged = mergeFeatureData(file, base, next);
    expect(merged.data.variants).toEqual([{ name: 'HVM', id: 'hvm-guests', status: 'Tech Preview' }, { name: 'Mine', status: 'Experimental' }]);
    expect(mergeFeatureData(file, base, { ...base, variants: [] }).data.variants).toEqual([{ name: 'Mine', status: 'Experimental' }]);
  });
});

describe('import support-md --force into curated files', () => {
  it('changes only what the statement states: aliases with their comment, components, a hand known issue and added prose stay; the report lists each change', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'SUPPORT.md'), statement('Tech Preview', 'Slow on old hosts'));
    await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY });
    const file = path.join(dir, 'features/guests/shadow-guests.md');
    const imported = await readFile(file, 'utf8');
    // Curation: an alias with a comment, a component, a known issue of the project's own, and a section of prose at the end.
    const curated = imported
      .replace('---\n', '---\n# Renamed in 2025.\naliases: [guests/shadow]\ncomponents: [hypervisor]\n')
      .replace('known-issues:\n', 'known-issues:\n  - summary: Found by our CI\n    advisory: XSA-900\n')
      .concat('\n## Testing\n\nRun by our CI every night.\n');
    await writeFile(file, curated);

    await writeFile(path.join(dir, 'SUPPORT.md'), statement('Supported', 'Slow on very old hosts'));
    const result = await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY, force: true });
    const text = await readFile(file, 'utf8');
    const data = parse(text.slice(4, text.indexOf('\n---\n', 4) + 1)) as Record<string, unknown>;
    expect(text).toContain('# Renamed in 2025.\naliases: [ guests/shadow ]\n');
    expect(data).toMatchObject({ aliases: ['guests/shadow'], components: ['hypervisor'], status: 'Supported' });
    expect(data['known-issues']).toEqual([{ summary: 'Found by our CI', advisory: 'XSA-900' }, { summary: 'Slow on very old hosts' }]);
    expect(text.endsWith('\n## Testing\n\nRun by our CI every night.\n')).toBe(true);
    expect(result.merged.map((m) => m.path)).toEqual(['guests/shadow-guests.md']);
    const report = await readFile(path.join(dir, 'features', IMPORT_REPORT), 'utf8');
    expect(report).toContain('guests/shadow-guests.md  merged  status: "Tech Preview" → "Supported"\n');
    expect(report).toContain('guests/shadow-guests.md  merged  known-issues: [{"summary":"Found by our CI","advisory":"XSA-900"},{"summary":"Slow on old hosts"}] → [{"summary":"Found by our CI","advisory":"XSA-900"},{"summary":"Slow on very old hosts"}]\n');
    // A Supported cell now, with no sign-off: the import's baseline exempts it, and check passes.
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // Importing the same statement again changes nothing more.
    const again = await importSupportMdFile({ cwd: dir, file: 'SUPPORT.md', out: 'features', today: TODAY, force: true });
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(again.merged).toEqual([{ path: 'guests/shadow-guests.md', changes: [] }]);
  });
});
