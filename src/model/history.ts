import { compareText } from '../diagnostics.js';
import type { Cell, Project, SecuritySupport } from '../types.js';
import { carriesStatus, securityRank } from './cells.js';
import type { ResolvedCell, ResolvedTree } from './resolve.js';
import { requiresSignoff, type Coverage } from './signoffs.js';
import { READING_WORDS, securityWords } from './vocabulary.js';

/** What a cell says, in one comparable value. */
export interface CellValue {
  state: Cell['state'];
  status?: string;
  securitySupport?: SecuritySupport;
  /** The organisation that security-supports an `external` cell. */
  organisation?: string;
  /** Views only: a release cell that needs a sign-off and has none, or is exempt by its baseline (never set by {@link cellValue}). */
  signoff?: 'not-signed-off' | 'exempt';
}

/** The value of a cell for comparison. */
export function cellValue(cell: Cell | undefined): CellValue | undefined {
  if (!cell) return undefined;
  if (!carriesStatus(cell.state)) return { state: cell.state };
  const value: CellValue = { state: cell.state };
  if (cell.status !== undefined) value.status = cell.status;
  if (cell.securitySupport !== undefined) value.securitySupport = cell.securitySupport;
  if (cell.organisation !== undefined) value.organisation = cell.organisation;
  return value;
}

/** `Supported, security supported`, `not applicable`, `absent`: the vocabulary's words (organisation names from `project`). */
export function describeValue(value: CellValue | undefined, project?: Project): string {
  if (!value) return 'absent';
  if (value.state !== 'applies' && value.state !== 'not-stated') return READING_WORDS[value.state].words;
  if (value.status === undefined) return READING_WORDS[value.state === 'applies' ? 'no-status' : 'not-stated'].words;
  const organisation = value.organisation === undefined ? undefined : (project?.organisations.find((o) => o.id === value.organisation)?.name ?? value.organisation);
  // A status stated without an arch never reads like one stated on it (diff, feeds and backport say so).
  return `${value.status}, ${securityWords(value.securitySupport ?? 'no', organisation)}${value.state === 'not-stated' ? `, ${READING_WORDS['not-stated'].words}` : ''}`;
}

/** One cell that differs between two snapshots. */
export interface CellChange {
  featureId: string;
  title: string;
  variant?: string;
  arch: string;
  before?: CellValue;
  after?: CellValue;
  /** The head cell needs a sign-off under the policy (or has a status the vocabulary lacks, which no sign-off can cover). */
  needsSignoff: boolean;
  /** The head cell's status is not in the vocabulary (a look-alike, a typo): it can never be signed off. */
  unknownStatus?: true;
  /** Coverage of the head cell, when it needs a sign-off. */
  coverage?: Coverage;
  /** Less status or less security support than before. */
  downgrade: boolean;
}

/** Everything that changed between two snapshots. */
export interface SnapshotDiff {
  added: string[];
  removed: string[];
  /** Features whose id changed: the old id is an alias of the new. */
  renamed: Array<{ from: string; to: string }>;
  changes: CellChange[];
}

/**
 * Compares two resolved trees cell by cell (keyed by the model's canonical
 * ids, so renames line up). Cells that apply on neither side are not
 * changes. A head cell that changed and needs a sign-off carries the
 * coverage the model found for it, so `diff` can say whether an upgrade is
 * signed off. `project` is the head's: vocabulary and sign-off policy.
 */
export function diffSnapshots(base: ResolvedTree, head: ResolvedTree, project: Project): SnapshotDiff {
  const ids = [...new Set([...base.features.keys(), ...head.features.keys()])].sort(compareText);
  const diff: SnapshotDiff = { added: [], removed: [], renamed: [], changes: [] };
  for (const id of ids) {
    const b = base.features.get(id);
    const h = head.features.get(id);
    if (!b && h) diff.added.push(id);
    if (b && !h) diff.removed.push(id);
    if (b && h && b.feature.id !== h.feature.id) diff.renamed.push({ from: b.feature.id, to: h.feature.id });
    const key = (c: ResolvedCell): string => `${c.variant ?? ''}\u0000${c.arch}`;
    const before = new Map((b?.cells ?? []).map((c) => [key(c), c]));
    const after = new Map((h?.cells ?? []).map((c) => [key(c), c]));
    const keys = [...new Set([...before.keys(), ...after.keys()])];
    for (const k of keys) {
      const bc = before.get(k);
      const hc = after.get(k);
      const bv = cellValue(bc);
      const hv = cellValue(hc);
      if (JSON.stringify(bv) === JSON.stringify(hv)) continue;
      if (!(bv && carriesStatus(bv.state)) && !(hv && carriesStatus(hv.state)) && (bv === undefined || hv === undefined)) continue;
      const cell = (hc ?? bc) as Cell;
      const change: CellChange = {
        featureId: id,
        title: (h ?? b)?.feature.data.title ?? id,
        arch: cell.arch,
        needsSignoff: hc !== undefined && (requiresSignoff(hc, project) || unknownStatus(hc, project)),
        downgrade: isDowngrade(bc, hc, project),
      };
      if (cell.variant !== undefined) change.variant = cell.variant;
      if (bv) change.before = bv;
      if (hv) change.after = hv;
      if (hc && unknownStatus(hc, project)) change.unknownStatus = true;
      else if (change.needsSignoff && hc?.coverage) change.coverage = hc.coverage;
      diff.changes.push(change);
    }
  }
  return diff;
}

/**
 * Whether the head cell promises less than the base cell: it no longer
 * applies, has less security support, or left a status that needs a sign-off
 * (Supported → Deprecated or Tech Preview). No order of the vocabulary is
 * assumed: Deprecated comes after Supported in it, yet promises less.
 */
function isDowngrade(before: Cell | undefined, after: Cell | undefined, project: Project): boolean {
  if (before === undefined || !carriesStatus(before.state)) return false;
  // A claim stated on the arch that is now stated without one promises less there.
  if (after === undefined || !carriesStatus(after.state) || (before.state === 'applies' && after.state === 'not-stated')) return true;
  if (securityRank(after.securitySupport) < securityRank(before.securitySupport)) return true;
  return requiresSignoff(before, project) && !requiresSignoff(after, project);
}

/** An applicable cell whose status the vocabulary does not have. */
function unknownStatus(cell: Cell, project: Project): boolean {
  return carriesStatus(cell.state) && cell.status !== undefined && !project.statuses.some((s) => s.name === cell.status);
}
