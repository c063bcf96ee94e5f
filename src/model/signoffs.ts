import type { Baseline, BaselineEntry, Cell, Feature, Member, Project, Roster, Signoff } from '../types.js';
import { resolveCells } from './cells.js';
import { findVariant, variantId } from './cells.js';

// Every rule asks about the same few hundred distinct dates (sign-off dates,
// roster bounds, today) tens of thousands of times at 10,000 features.
const days = new Map<string, number | undefined>();

/** Days since 1970-01-01 for a real `YYYY-MM-DD` date, else undefined (`2023-02-30` is not a date). */
export function dayNumber(date: string): number | undefined {
  if (days.has(date)) return days.get(date);
  const day = computeDayNumber(date);
  if (days.size < 100_000) days.set(date, day);
  return day;
}

function computeDayNumber(date: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return undefined;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const time = Date.UTC(y, m - 1, d);
  const back = new Date(time);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return undefined;
  return time / 86_400_000;
}

/** Whether the policy requires a sign-off for this cell. */
export function requiresSignoff(cell: Cell, project: Project): boolean {
  if (cell.state !== 'applies' || cell.status === undefined) return false;
  if (project.policy.signoffRequiredFor.includes(cell.status)) return true;
  return project.policy.signoffRequiredWhenSecuritySupported && (cell.securitySupport === 'yes' || cell.securitySupport === 'with-caveats');
}

/** The roster member with `id`, if any. */
export function findMember(roster: Roster, id: string): Member | undefined {
  return roster.members.find((m) => m.id === id);
}

/** Whether `member` may sign off on `date` (active-from ≤ date ≤ active-until). */
export function isActive(member: Member, date: string): boolean {
  const day = dayNumber(date);
  const from = dayNumber(member['active-from']);
  const until = member['active-until'] === undefined ? Infinity : dayNumber(member['active-until']);
  return day !== undefined && from !== undefined && until !== undefined && from <= day && day <= until;
}

/** Whether a sign-off's scope (variant and arch) reaches this cell at all. */
export function inScope(signoff: Signoff, cell: Cell, feature: Feature): boolean {
  const variant = signoff.variant === undefined ? undefined : resolveVariant(feature, signoff.variant);
  if (variant !== cell.variant) return false;
  return signoff.arch === undefined || signoff.arch === cell.arch;
}

/** Why a sign-off in scope does not cover a cell. */
export type Shortfall =
  | { kind: 'revoked'; by: string; date: string; reason: string }
  | { kind: 'stale'; status: string }
  | { kind: 'arch-override'; arch: string }
  | { kind: 'bad-date' }
  | { kind: 'future-date' }
  | { kind: 'unknown-signer' }
  | { kind: 'inactive-signer' }
  | { kind: 'concern'; by: string; date: string };

/** A sign-off considered for a cell, with its index in `signoffs`. */
export interface Candidate {
  signoff: Signoff;
  index: number;
  shortfall?: Shortfall;
}

/** The result of looking for a sign-off that covers a cell. */
export interface Coverage {
  /** The newest valid sign-off covering the cell. */
  covering?: Candidate;
  /** Every in-scope sign-off that does not cover it, and why. */
  rejected: Candidate[];
}

/**
 * Finds the sign-off that covers `cell`: in scope (same variant — a sign-off
 * without `variant` covers only the feature's own row; no arch or the same
 * arch, but a status set by a per-arch override needs a sign-off naming that
 * arch), not revoked, for the cell's exact status, dated on a real day not
 * after `today` by a roster member active that day, and not blocked by an
 * unresolved concern on a proposal for that status.
 */
export function findCoverage(cell: Cell, feature: Feature, roster: Roster, today: string): Coverage {
  const rejected: Candidate[] = [];
  let covering: Candidate | undefined;
  const revocations = revokedCopies(feature);
  const todayNumber = dayNumber(today);
  // Fail closed: with no valid today, every date would pass the future check.
  if (todayNumber === undefined) throw new RangeError(`Unexpected today \`${today}\`, expected a real YYYY-MM-DD date`);
  (feature.data.signoffs ?? []).forEach((signoff, index) => {
    if (!inScope(signoff, cell, feature)) return;
    const revoked = signoff.revoked ?? revocations.get(signoffKey(feature, signoff));
    const shortfall: Shortfall | undefined = revoked ? { kind: 'revoked', ...revoked } : shortfallOf(signoff, cell, feature, roster, todayNumber);
    if (shortfall) {
      rejected.push({ signoff, index, shortfall });
      return;
    }
    if (!covering || (dayNumber(signoff.date) ?? 0) >= (dayNumber(covering.signoff.date) ?? 0)) covering = { signoff, index };
  });
  return covering ? { covering, rejected } : { rejected };
}

function shortfallOf(signoff: Signoff, cell: Cell, feature: Feature, roster: Roster, today: number): Shortfall | undefined {
  if (signoff.status !== cell.status) return { kind: 'stale', status: signoff.status };
  if (signoff.arch === undefined && (cell.statusSource === 'feature-arch' || cell.statusSource === 'variant-arch')) {
    return { kind: 'arch-override', arch: cell.arch };
  }
  const day = dayNumber(signoff.date);
  if (day === undefined) return { kind: 'bad-date' };
  if (day > today) return { kind: 'future-date' };
  const member = findMember(roster, signoff.by);
  if (!member) return { kind: 'unknown-signer' };
  if (!isActive(member, signoff.date)) return { kind: 'inactive-signer' };
  const concern = blockingConcern(feature, cell);
  if (concern) return { kind: 'concern', by: concern.by, date: concern.date };
  return undefined;
}

/** Identity of a sign-off: two entries with the same key are copies of one sign-off. */
function signoffKey(feature: Feature, s: Signoff): string {
  return JSON.stringify([s.by, s.date, s.status, s.arch ?? null, s.variant === undefined ? null : resolveVariant(feature, s.variant), s.ref]);
}

/** Revocations by sign-off key, so that a pasted copy without `revoked` stays revoked. */
function revokedCopies(feature: Feature): Map<string, NonNullable<Signoff['revoked']>> {
  const out = new Map<string, NonNullable<Signoff['revoked']>>();
  for (const s of feature.data.signoffs ?? []) if (s.revoked && !out.has(signoffKey(feature, s))) out.set(signoffKey(feature, s), s.revoked);
  return out;
}

/** An unresolved concern on a proposal whose status and scope match the cell. */
export function blockingConcern(feature: Feature, cell: Cell): { by: string; date: string; concern: string } | undefined {
  const proposal = feature.data.proposal;
  if (!proposal || proposal.status !== cell.status) return undefined;
  if (proposal.arch !== undefined && proposal.arch !== cell.arch) return undefined;
  if (proposal.variant !== undefined && resolveVariant(feature, proposal.variant) !== cell.variant) return undefined;
  return proposal.concerns?.find((c) => c.resolved === undefined);
}

/** A variant reference (id or name) as the variant's id; unknown references stay as written. */
export function resolveVariant(feature: Feature, ref: string): string {
  const index = findVariant(feature, ref);
  const variant = feature.data.variants?.[index];
  return variant ? variantId(variant) : ref;
}

/**
 * Why a candidate sign-off does not cover a cell, in words. `q` quotes names
 * and values: backticks for lint messages, nothing for the site.
 */
export function describeShortfall(candidate: Candidate, q: (text: string) => string = (t) => t): string {
  const s = candidate.signoff;
  const who = `sign-off #${candidate.index + 1} by ${q(s.by)} on ${s.date}`;
  const f = candidate.shortfall;
  switch (f?.kind) {
    case 'revoked':
      return `${who} was revoked by ${q(f.by)} on ${f.date}: ${f.reason}`;
    case 'stale':
      return `${who} is for ${q(f.status)} (stale)`;
    case 'arch-override':
      return `${who} does not name ${q(`arch: ${f.arch}`)}, which a per-arch status needs`;
    case 'bad-date':
      return `${who} has an invalid date`;
    case 'future-date':
      return `${who} is dated in the future`;
    case 'unknown-signer':
      return `${who} is by someone not on the roster`;
    case 'inactive-signer':
      return `${who} is by a member not active on that date`;
    case 'concern':
      return `${who} is blocked by the unresolved concern of ${q(f.by)} on ${f.date}`;
    default:
      return who;
  }
}

/** Index of the baseline entry that exempts this cell (same feature, variant, arch and status), or -1. */
export function exemption(cell: Cell, baseline: Baseline | undefined): number {
  if (!baseline || cell.state !== 'applies') return -1;
  return baseline.exempt.findIndex((e) => e.feature === cell.featureId && e.variant === cell.variant && e.arch === cell.arch && e.status === cell.status);
}

/**
 * Baseline entries for every cell of `features` that needs a sign-off and
 * has none: not covered by a valid sign-off and not already exempt. What an
 * importer writes, since an imported statement has no sign-offs recorded.
 */
export function unsignedCells(features: readonly Feature[], project: Project, roster: Roster, today: string, baseline?: Baseline): BaselineEntry[] {
  const out: BaselineEntry[] = [];
  for (const feature of features) {
    for (const cell of resolveCells(feature, project)) {
      if (!requiresSignoff(cell, project) || cell.status === undefined) continue;
      if (exemption(cell, baseline) !== -1 || findCoverage(cell, feature, roster, today).covering) continue;
      out.push({ feature: feature.id, ...(cell.variant !== undefined ? { variant: cell.variant } : {}), arch: cell.arch, status: cell.status });
    }
  }
  return out;
}
