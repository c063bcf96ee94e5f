import { compareText } from '../diagnostics.js';
import type { Cell, Feature, Project, SecuritySupport } from '../types.js';
import { resolveCells, securityRank } from './cells.js';
import { findCoverage, requiresSignoff, type Coverage, type Trust } from './signoffs.js';

/** Maps any id or alias, in any case, to the current id of a feature. */
export type Canonical = (id: string) => string;

/**
 * Builds the id map from the current features: each feature's id and its
 * `aliases` (former ids) all lead to its current id, so a renamed feature
 * stays on one row across releases.
 */
export function canonicalIds(current: readonly Feature[]): Canonical {
  const map = new Map<string, string>();
  for (const f of current) for (const alias of f.data.aliases ?? []) map.set(alias.toLowerCase(), f.id);
  for (const f of current) map.set(f.id.toLowerCase(), f.id);
  return (id) => map.get(id.toLowerCase()) ?? id;
}

/** What a cell says, in one comparable value. */
export interface CellValue {
  state: Cell['state'];
  status?: string;
  securitySupport?: SecuritySupport;
  /** Views only: a release cell that needs a sign-off and has none, or is exempt by its baseline (never set by {@link cellValue}). */
  signoff?: 'not-signed-off' | 'exempt';
}

/** A corpus resolved into cells by canonical feature id. */
export interface Snapshot {
  features: Map<string, { feature: Feature; cells: Cell[] }>;
}

/** Resolves features into cells, keyed by canonical id (a feature's own aliases also lead to it). */
export function snapshot(features: readonly Feature[], project: Project, canonical: Canonical): Snapshot {
  const out = new Map<string, { feature: Feature; cells: Cell[] }>();
  // A feature under its own id first: an alias of a current feature never
  // replaces another feature the same tree still has under that id (a patch
  // could otherwise paint one feature's history with another's cells).
  const exact = features.filter((f) => canonical(f.id) === f.id);
  const renamed = features.filter((f) => canonical(f.id) !== f.id);
  for (const feature of exact) out.set(feature.id, { feature, cells: resolveCells(feature, project) });
  for (const feature of renamed) {
    const key = out.has(canonical(feature.id)) ? feature.id : canonical(feature.id);
    if (!out.has(key)) out.set(key, { feature, cells: resolveCells(feature, project) });
  }
  return { features: out };
}

/** The value of a cell for comparison. */
export function cellValue(cell: Cell | undefined): CellValue | undefined {
  if (!cell) return undefined;
  if (cell.state !== 'applies') return { state: cell.state };
  const value: CellValue = { state: cell.state };
  if (cell.status !== undefined) value.status = cell.status;
  if (cell.securitySupport !== undefined) value.securitySupport = cell.securitySupport;
  return value;
}

/** `Supported (security: yes)`, `not-applicable`, `absent`. */
export function describeValue(value: CellValue | undefined): string {
  if (!value) return 'absent';
  if (value.state !== 'applies') return value.state;
  return `${value.status ?? 'no status'} (security: ${value.securitySupport ?? 'no'})`;
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

/** Options of {@link diffSnapshots}. */
export interface DiffContext {
  /** Project of the head side: vocabulary order and sign-off policy. */
  project: Project;
  /** Who may sign off, today, and the revocations, as the sign-off rule sees them. */
  trust: Trust;
}

/**
 * Compares two snapshots cell by cell. Cells that apply on neither side are
 * not changes. A head cell that changed and needs a sign-off gets its
 * coverage, so `diff` can say whether an upgrade is signed off.
 */
export function diffSnapshots(base: Snapshot, head: Snapshot, context: DiffContext): SnapshotDiff {
  const ids = [...new Set([...base.features.keys(), ...head.features.keys()])].sort(compareText);
  const diff: SnapshotDiff = { added: [], removed: [], renamed: [], changes: [] };
  for (const id of ids) {
    const b = base.features.get(id);
    const h = head.features.get(id);
    if (!b && h) diff.added.push(id);
    if (b && !h) diff.removed.push(id);
    if (b && h && b.feature.id !== h.feature.id) diff.renamed.push({ from: b.feature.id, to: h.feature.id });
    const key = (c: Cell): string => `${c.variant ?? ''}\u0000${c.arch}`;
    const before = new Map((b?.cells ?? []).map((c) => [key(c), c]));
    const after = new Map((h?.cells ?? []).map((c) => [key(c), c]));
    const keys = [...new Set([...before.keys(), ...after.keys()])];
    for (const k of keys) {
      const bc = before.get(k);
      const hc = after.get(k);
      const bv = cellValue(bc);
      const hv = cellValue(hc);
      if (JSON.stringify(bv) === JSON.stringify(hv)) continue;
      if (bv?.state !== 'applies' && hv?.state !== 'applies' && (bv === undefined || hv === undefined)) continue;
      const cell = (hc ?? bc) as Cell;
      const change: CellChange = {
        featureId: id,
        title: (h ?? b)?.feature.data.title ?? id,
        arch: cell.arch,
        needsSignoff: hc !== undefined && (requiresSignoff(hc, context.project) || unknownStatus(hc, context.project)),
        downgrade: isDowngrade(bc, hc, context.project),
      };
      if (cell.variant !== undefined) change.variant = cell.variant;
      if (bv) change.before = bv;
      if (hv) change.after = hv;
      if (hc && unknownStatus(hc, context.project)) change.unknownStatus = true;
      else if (change.needsSignoff && hc && h) change.coverage = findCoverage(hc, h.feature, h.cells, context.trust);
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
  if (before?.state !== 'applies') return false;
  if (after?.state !== 'applies') return true;
  if (securityRank(after.securitySupport) < securityRank(before.securitySupport)) return true;
  return requiresSignoff(before, project) && !requiresSignoff(after, project);
}

/** An applicable cell whose status the vocabulary does not have. */
function unknownStatus(cell: Cell, project: Project): boolean {
  return cell.state === 'applies' && cell.status !== undefined && !project.statuses.some((s) => s.name === cell.status);
}
