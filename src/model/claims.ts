import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { Cell, Feature, Limit, Signoff } from '../types.js';
import { carriesStatus, notesOf, resolveVariant } from './cells.js';

/** `type` of a sign-off's canonical claim; a new version gets a new name. */
export const CLAIM_TYPE = 'support-matrix-signoff/1';
/** `type` of a revocation's canonical statement. */
export const REVOCATION_TYPE = 'support-matrix-revocation/1';
/** Namespace of SSH signatures over claims (`ssh-keygen -Y sign -n …`). */
export const SIGNATURE_NAMESPACE = 'support-matrix-signoff';

/** What a sign-off states about one cell: exactly what a reader is shown. */
export interface ClaimCell {
  status: string;
  'security-support': string;
  organisation?: string;
  caveat?: string;
  /** Set on a cell the source stated without an arch (`not-stated`): never present on one that applies. */
  'arch-not-stated'?: true;
  /** The feature's notes that concern the cell, in file order; absent when none does. */
  notes?: string[];
  limits: Array<Pick<Limit, 'name' | 'value' | 'bounds'> & { unit?: string; note?: string }>;
}

/**
 * The canonical claim a sign-off approves: who, when, which review, which
 * feature and row, and for each covered arch the SHA-256 of that cell as it
 * read ({@link cellDigest}). Serialised with RFC 8785 (JSON Canonicalization
 * Scheme); its SHA-256 is `claim.sha256`, and the SSH signature is made over
 * the serialised bytes. Per-arch digests let a change on one arch uncover
 * that arch only, and say which one changed.
 */
export interface ClaimDocument {
  type: typeof CLAIM_TYPE;
  feature: string;
  variant: string | null;
  status: string;
  by: string;
  date: string;
  ref: string;
  cells: Record<string, string>;
}

/** A claim as serialised and hashed. */
export interface Claim {
  document: ClaimDocument;
  /** RFC 8785 serialisation: the bytes signed. */
  text: string;
  /** Lower-case hex SHA-256 of `text`. */
  sha256: string;
}

/** What a sign-off entry stores: the claim's digest and each covered arch's cell digest. */
export interface StoredClaim {
  sha256: string;
  cells: Record<string, string>;
}

/** Lower-case hex SHA-256 of a cell's claim ({@link claimCell}) in RFC 8785 form. */
export function cellDigest(cell: ClaimCell): string {
  return sha256(canonicalize(cell) ?? '');
}

/** The claim of one applicable cell with a status, with the limits that bound it; undefined for any other cell. */
export function claimCell(cell: Cell, feature: Feature): ClaimCell | undefined {
  if (!carriesStatus(cell.state) || cell.status === undefined) return undefined;
  const out: ClaimCell = { status: cell.status, 'security-support': cell.securitySupport ?? 'no', limits: [] };
  if (cell.state === 'not-stated') out['arch-not-stated'] = true;
  const notes = notesOf(feature, cell);
  if (notes.length > 0) out.notes = notes;
  if (cell.organisation !== undefined) out.organisation = cell.organisation;
  if (cell.caveat !== undefined) out.caveat = cell.caveat;
  for (const l of feature.data.limits ?? []) {
    if (l.arch !== undefined && l.arch !== cell.arch) continue;
    if (l.variant !== undefined && resolveVariant(feature, l.variant) !== cell.variant) continue;
    const limit: ClaimCell['limits'][number] = { name: l.name, value: l.value, bounds: l.bounds };
    if (l.unit !== undefined) limit.unit = l.unit;
    if (l.note !== undefined) limit.note = l.note;
    out.limits.push(limit);
  }
  return out;
}

/** The fields of a sign-off entry a claim binds. */
export type ClaimedEntry = Pick<Signoff, 'by' | 'date' | 'status' | 'ref' | 'variant'>;

/**
 * The claim `entry` makes over `arches` of its row, from the feature's
 * cells as they read now, or the first arch that has no such cell (it no
 * longer applies, or has no status).
 */
export function buildClaim(entry: ClaimedEntry, feature: Feature, cells: readonly Cell[], arches: readonly string[]): (Claim & { stored: StoredClaim }) | { missing: string } {
  const digests: Record<string, string> = {};
  for (const arch of arches) {
    const digest = currentCellDigest(entry, feature, cells, arch);
    if (digest === undefined) return { missing: arch };
    digests[arch] = digest;
  }
  const claim = storedClaim(entry, feature, digests);
  return { ...claim, stored: { sha256: claim.sha256, cells: digests } };
}

/** The digest of the entry's row's cell on `arch` as it reads now; undefined when it does not apply or has no status. */
export function currentCellDigest(entry: ClaimedEntry, feature: Feature, cells: readonly Cell[], arch: string): string | undefined {
  const variant = entry.variant === undefined ? undefined : resolveVariant(feature, entry.variant);
  const cell = cells.find((c) => c.arch === arch && c.variant === variant);
  if (!cell) return undefined;
  if (digests.has(cell)) return digests.get(cell);
  const value = claimCell(cell, feature);
  const digest = value === undefined ? undefined : cellDigest(value);
  digests.set(cell, digest);
  return digest;
}

// Cells are immutable once resolved: each is hashed once however many sign-offs and views ask.
const digests = new WeakMap<Cell, string | undefined>();

/** The canonical claim of an entry with the given per-arch cell digests (as stored, or as computed now). */
export function storedClaim(entry: ClaimedEntry, feature: Feature, digests: Record<string, string>): Claim {
  const variant = entry.variant === undefined ? undefined : resolveVariant(feature, entry.variant);
  const document: ClaimDocument = { type: CLAIM_TYPE, feature: feature.id, variant: variant ?? null, status: entry.status, by: entry.by, date: entry.date, ref: entry.ref, cells: { ...digests } };
  return serialise(document);
}

/** RFC 8785 text and SHA-256 of a claim document. */
export function serialise<T extends { type: string }>(document: T): { document: T; text: string; sha256: string } {
  const text = canonicalize(document) ?? '';
  return { document, text, sha256: sha256(text) };
}

/** Lower-case hex SHA-256 of a string's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The statement a revocation signs: which claim, by whom, when and why. */
export function revocationStatement(claimSha256: string, revoked: { by: string; date: string; reason: string }): { text: string; sha256: string } {
  const { text, sha256: digest } = serialise({ type: REVOCATION_TYPE, claim: claimSha256, by: revoked.by, date: revoked.date, reason: revoked.reason });
  return { text, sha256: digest };
}

/**
 * The claim `entry` makes now, as `support-matrix signoff` records it: over
 * every arch of its row (and `arch`) where the row applies with its status;
 * undefined when there is none (a stale entry).
 */
export function claimNow(entry: ClaimedEntry & Pick<Signoff, 'arch'>, feature: Feature, cells: readonly Cell[]): (Claim & { stored: StoredClaim; arches: string[] }) | undefined {
  const arches = claimArches(entry, feature, cells);
  if (arches.length === 0) return undefined;
  const claim = buildClaim(entry, feature, cells, arches);
  return 'missing' in claim ? undefined : { ...claim, arches };
}

/**
 * The arches a new sign-off entry covers: those of its row (and its `arch`,
 * if given) where the feature applies with the entry's status, in project
 * order. What `support-matrix signoff` and `signoffs --upgrade` record.
 */
export function claimArches(entry: Pick<Signoff, 'status' | 'variant' | 'arch'>, feature: Feature, cells: readonly Cell[]): string[] {
  const variant = entry.variant === undefined ? undefined : resolveVariant(feature, entry.variant);
  return cells.filter((c) => c.variant === variant && (entry.arch === undefined || c.arch === entry.arch) && carriesStatus(c.state) && c.status === entry.status).map((c) => c.arch);
}
