// The paragraphs and lists after a status block are the statement's
// qualifications of that block (the format says so; `[*]` on its own
// matrix): the importer keeps them as notes on the block's cells. Values the
// vocabulary has no word for keep their words.
import { describe, expect, it } from 'vitest';
import { exportDocument } from '../../src/export/document.js';
import { toSupportMd } from '../../src/export/support-md.js';
import { importSupportMd } from '../../src/import/support-md.js';
import { corpusOf, TODAY } from '../helpers/corpus.js';
import { stringify } from 'yaml';

const statement = [
  '# Feature Support',
  '',
  '## Xenstore',
  '',
  '### Kestrel store daemon',
  '',
  'The store that keeps guest configuration.',
  '',
  '    Status: Supported',
  '    Status, Liveupdate: Not functional',
  '',
  'Live update needs the daemon built with',
  'the checkpoint option.',
  '',
  '* Only one instance per host.',
  '* Not in nested guests.',
  '',
  'Known issues:',
  '',
  '  * Restarting loses watches (XSA-9)',
  '',
  '## Host hardware',
  '',
  '### Many-core boards',
  '',
  '    Status, Xeon Phi: Not supported.',
  '    Status, x86: Supported',
  '',
].join('\n');

describe('import support-md: notes and words', () => {
  it('keeps each paragraph and list after the block as a note of the feature, the known issues apart', () => {
    const result = importSupportMd(statement, { file: 'SUPPORT.md' });
    const store = result.features.find((f) => f.id === 'xenstore/kestrel-store-daemon')?.data;
    expect(store?.notes).toEqual([
      { text: 'Not functional', variants: ['Liveupdate'] },
      { text: 'Live update needs the daemon built with\nthe checkpoint option.' },
      { text: '* Only one instance per host.\n* Not in nested guests.' },
    ]);
    expect(store?.['known-issues']).toEqual([{ summary: 'Restarting loses watches', advisory: 'XSA-9' }]);
    // The words not in the vocabulary are no other claim: not "not implemented", never a verbatim status.
    expect(store?.variants).toEqual([{ name: 'Liveupdate', arches: { x86: 'unknown', arm: 'unknown' } }]);
    const boards = result.features.find((f) => f.id === 'host-hardware/many-core-boards')?.data;
    expect(boards?.variants).toEqual([{ name: 'Xeon Phi', arches: { x86: 'unknown' } }]);
    expect(boards?.notes).toEqual([{ text: 'Not supported.', variants: ['Xeon Phi'] }]);
    expect(result.notes.filter((n) => n.kind === 'heuristic' && n.message.includes('kept in its own words')).map((n) => n.line)).toEqual([10, 26]);
    expect(result.counts).toEqual({ statusLines: 4, statements: 4 });
  });

  it('puts the notes on the cells they concern, in the JSON export, and back into SUPPORT.md as the paragraphs after the block', () => {
    const result = importSupportMd(statement, { file: 'SUPPORT.md' });
    const files: Record<string, string> = { 'project.yml': stringify(result.project) };
    for (const f of result.features) files[f.path] = `---\n${stringify(f.data)}---\n\n${f.body}`;
    const doc = exportDocument(corpusOf(files), TODAY);
    const store = doc.features.find((f) => f.id === 'xenstore/kestrel-store-daemon');
    const notesOn = (variant: string | null, arch: string): string[] | undefined => store?.cells.find((c) => c.variant === variant && c.arch === arch)?.notes;
    expect(notesOn(null, 'arm')).toEqual(['Live update needs the daemon built with\nthe checkpoint option.', '* Only one instance per host.\n* Not in nested guests.']);
    expect(notesOn('liveupdate', 'x86')?.[0]).toBe('Not functional');
    expect(store?.cells.find((c) => c.variant === 'liveupdate' && c.arch === 'x86')?.state).toBe('unknown');
    const text = toSupportMd(doc);
    // The unknown cells are written, not dropped, and each note once, scoped to its rows.
    // (No baseline here, so the Supported cells say they are not signed off.)
    expect(text).toContain('    Status: Supported, not signed off\n    Status, x86, Liveupdate: Unknown\n    Status, arm, Liveupdate: Unknown\n');
    expect(text).toContain('\n\nLive update needs the daemon built with the checkpoint option.\n\n* Only one instance per host. * Not in nested guests.\n\nLiveupdate: Not functional\n\nKnown issues:\n');
    // Exported, imported and exported again: the same text.
    const again = importSupportMd(text, { file: 'SUPPORT.md' });
    const files2: Record<string, string> = { 'project.yml': stringify(again.project) };
    for (const f of again.features) files2[f.path] = `---\n${stringify(f.data)}---\n\n${f.body}`;
    expect(toSupportMd(exportDocument(corpusOf(files2), TODAY))).toBe(text);
  });
});
