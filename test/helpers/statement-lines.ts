// Line by line: every status line of a SUPPORT.md against the cells a page
// shows for it, by a reading of the line independent of the importer's.
import { expect } from 'vitest';
import type { SupportMdImport } from '../../src/import/support-md.js';
import type { SeenCell } from './views.js';

/** The arch a qualifier is exactly (`x86`, `ARM`, `Arm64`), by the test's own reading. */
const ARCH = (qualifier: string | undefined): string | undefined => (qualifier === undefined ? undefined : /^x86$/i.test(qualifier) ? 'x86' : /^(arm|arm32|arm64|aarch64)$/i.test(qualifier) ? 'arm' : undefined);
const STATUS = /^(Supported|Tech Preview|Experimental|Deprecated|Obsolete|Security supported)\b/i;
/** Whether a qualifier or heading names an arch, loosely (`x86 HVM`, `ARM64`, `Linux (ARM)`, `x86/PV`). */
const namesArch = (t: string | undefined): boolean => t !== undefined && (/^(x86|arm|aarch)/i.test(t) || /\((x86|arm)\)/i.test(t));

/**
 * Checks each status line of `source` against `shown` (the cells of the
 * statement's matrix page): a cell of its feature (the heading above it)
 * with the line's status — on the arch it names, not security supported
 * when it says so — `not-stated` and never stated on any arch when the line
 * names no arch (unless the importer's report says the arch-word table
 * placed it), or a note of the importer saying how it read the line.
 * Returns the number of status lines and of lines naming no arch.
 */
export function expectStatementLines(file: string, source: string, imported: SupportMdImport, shown: readonly SeenCell[]): { lines: number; notStated: number } {
  let lines = 0;
  let notStated = 0;
  const ownerOf = (line: number): SupportMdImport['features'][number] | undefined => [...imported.features].filter((f) => f.line < line).sort((a, b) => b.line - a.line)[0];
  source.split('\n').forEach((text, n) => {
    const line = n + 1;
    // `Supported, ARM64: Image`: the status first, then the qualifier, then the scope, kept as the caveat.
    const first = /^\s+(Supported|Tech Preview|Experimental|Deprecated), ([^:]+): (\S.*)$/.exec(text);
    if (first) {
      lines++;
      const owner = ownerOf(line);
      const arch = ARCH(first[2]) ?? (/^arm/i.test(first[2] ?? '') ? 'arm' : undefined);
      const cells = shown.filter((c) => c.feature === owner?.id && c.reading === 'applies' && c.status === first[1] && c.caveat.includes(first[3] ?? '') && (arch === undefined || c.arch === arch));
      expect(cells.length, `${file}:${line} ${text.trim()} (${owner?.id ?? 'no feature'})`).toBeGreaterThan(0);
      return;
    }
    const m = /^\s+Status(?:, ([^:]+))?: (.*)$/.exec(text);
    if (!m) return;
    lines++;
    const owner = ownerOf(line);
    const word = STATUS.exec(m[2] ?? '')?.[1]?.toLowerCase();
    if (/^not implemented\b/i.test(m[2] ?? '')) {
      expect(shown.some((c) => c.feature === owner?.id && c.reading === 'not-implemented'), `${file}:${line} ${text.trim()}`).toBe(true);
      return;
    }
    if (word === undefined) {
      expect(imported.notes.some((note) => note.line === line), `${file}:${line} ${text.trim()}`).toBe(true);
      return;
    }
    const status = word === 'security supported' ? 'supported' : word;
    const arch = ARCH(m[1]);
    const tabled = imported.notes.some((note) => note.line === line && note.kind === 'arch-word');
    const unplaced = m[1] !== undefined && !namesArch(m[1]) && !namesArch(owner?.data.title) && !tabled && !/\(/.test(m[2] ?? '');
    const reading = unplaced ? 'not-stated' : 'applies';
    const cells = shown.filter((c) => c.feature === owner?.id && c.reading === reading && c.status.toLowerCase() === status && (arch === undefined || c.arch === arch));
    // "Supported, not security supported"; not "Supported up to 12 TiB. More is supported, but not security supported" (a limit).
    const notSecurity = /^[A-Za-z ]+,\s*not security supported/i.test(m[2] ?? '');
    expect(cells.filter((c) => !notSecurity || c.security === 'no').length, `${file}:${line} ${text.trim()} (${owner?.id ?? 'no feature'})`).toBeGreaterThan(0);
    if (unplaced) {
      notStated++;
      // The row the line made states the status on no arch at all.
      const rows = new Set(cells.map((c) => c.variant));
      const stated = shown.filter((c) => c.feature === owner?.id && rows.has(c.variant) && c.reading === 'applies');
      expect(stated, `${file}:${line} ${text.trim()}: a line naming no arch stated on an arch`).toEqual([]);
    }
  });
  return { lines, notStated };
}
