import { carriesStatus } from '../../model/cells.js';
import { describeValue } from '../../model/history.js';
import type { ExportCell, ExportDocument, ExportFeature } from '../document.js';

/**
 * Cells in words for the downstream formats (badges, the Debian lists):
 * the vocabulary's words, as the site, the diff and the feeds write them,
 * plus what those formats would otherwise hide — a caveat, a cell exempt
 * without a recorded sign-off, a release's cell that was never signed off.
 */

/**
 * Whether a cell carries a status and that status is security supported at
 * some level (`yes`, with caveats, or by an organisation) — and, where the
 * policy needs a sign-off, has one or is exempt: a release's cell that
 * claims security support without the sign-off it needs is not counted as
 * security supported (its words say "not signed off").
 */
export function securitySupported(cell: ExportCell): boolean {
  return carriesStatus(cell.state) && cell.status !== undefined && cell.securitySupport !== undefined && cell.securitySupport !== 'no' && cell.signoff.state !== 'not-signed-off';
}

/**
 * Whether a cell is security supported without a qualification the words
 * must add: {@link securitySupported}, stated for its own arch (not `arch
 * not stated`), and not merely exempt from the sign-off it needs (legacy,
 * no sign-off recorded). Only such cells colour a badge green, and only
 * those with `security-support: yes` stay off `security-support-limited`.
 */
export function unqualified(cell: ExportCell): boolean {
  return securitySupported(cell) && cell.state === 'applies' && cell.signoff.state !== 'exempt';
}

/** Whether a cell states a status (applies, or is stated without an arch). */
export function statesStatus(cell: ExportCell): boolean {
  return carriesStatus(cell.state);
}

/** `Supported, security supported by QEMU, with caveat`: one cell in words. */
export function cellWords(cell: ExportCell, project: ExportDocument['project']): string {
  const organisation = cell.organisation === undefined ? undefined : (project.organisations.find((o) => o.id === cell.organisation)?.name ?? cell.organisation);
  const value = { state: cell.state, ...(cell.status !== undefined ? { status: cell.status } : {}), ...(cell.securitySupport !== undefined ? { securitySupport: cell.securitySupport } : {}), ...(organisation !== undefined ? { organisation } : {}) };
  let words = describeValue(value);
  // `security supported, with caveats` already says it.
  if (cell.caveat !== undefined && cell.securitySupport !== 'with-caveats') words += ', with caveat';
  // A release's cell that needs a sign-off and has none says so, as the release's pages and SUPPORT.md do.
  if (cell.signoff.state === 'exempt') words += ', no sign-off recorded (legacy)';
  if (cell.signoff.state === 'not-signed-off') words += ', not signed off';
  return words;
}

/** The name of an arch (its id when the project does not know it). */
export function archName(project: ExportDocument['project'], arch: string): string {
  return project.architectures.find((a) => a.id === arch)?.name ?? arch;
}

/** A feature's rows: its own (variant null) first when it has one, then each variant's, each with its cells in arch order. */
export function rowsOf(feature: ExportFeature): Array<{ variant: string | null; name?: string; cells: ExportCell[] }> {
  const rows = new Map<string | null, ExportCell[]>();
  for (const cell of feature.cells) {
    const list = rows.get(cell.variant);
    if (list) list.push(cell);
    else rows.set(cell.variant, [cell]);
  }
  return [...rows].map(([variant, cells]) => {
    const name = variant === null ? undefined : feature.variants.find((v) => v.id === variant)?.name;
    return { variant, ...(name !== undefined ? { name } : {}), cells };
  });
}

/**
 * Text as one line of a line-based format (the Debian lists): every line
 * break — LF, CR, NEL, U+2028, U+2029 — tab and other control character
 * becomes a space, so no text (a caveat may span lines) can start a line
 * of its own, that a reader would take for another entry.
 */
export function singleLine(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}
