import { excerpt } from '../diagnostics.js';
import { parsePublicKey, sameKey, verifySignature, type PublicKey } from '../signature/sshsig.js';
import type { Baseline, BaselineEntry, Cell, Feature, Member, Project, Roster, Signoff } from '../types.js';
import { carriesStatus, resolveVariant } from './cells.js';
import { currentCellDigest, SIGNATURE_NAMESPACE, storedClaim } from './claims.js';

export { resolveVariant } from './cells.js';

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
  if (!carriesStatus(cell.state) || cell.status === undefined) return false;
  if (project.policy.signoffRequiredFor.includes(cell.status)) return true;
  // `external` too: a reader is told someone handles security for the cell, a claim the team must approve.
  return project.policy.signoffRequiredWhenSecuritySupported && cell.securitySupport !== undefined && cell.securitySupport !== 'no';
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
  | { kind: 'no-claim' }
  | { kind: 'added-later'; arches: string[]; arch: string }
  | { kind: 'claim-mismatch' }
  | { kind: 'cell-changed'; arch: string }
  | { kind: 'unsigned' }
  | { kind: 'bad-signature'; reason: string }
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

/** A withdrawn sign-off: who withdrew it, when and why. */
export type Revocation = NonNullable<Signoff['revoked']>;

/**
 * What coverage is judged against. In `check --base` mode the roster and
 * the revocations come from the trusted base, not from the patch.
 */
export interface Trust {
  /** Whose members may sign off, and with which keys. */
  roster: Roster;
  /** Today, `YYYY-MM-DD`: no sign-off may be dated after it. */
  today: string;
  /** `policy.require-signed-signoffs`: an unsigned sign-off covers nothing. */
  requireSigned: boolean;
  /** Revoked claims and signatures: a copy pasted anywhere stays revoked. */
  revoked: Revocations;
}

/** Revocations by claim digest and by signature, gathered once per corpus. */
export interface Revocations {
  byClaim: Map<string, Revocation>;
  bySignature: Map<string, Revocation>;
  /** By feature, signer, date, status and review: a copy with its scope or claim rewritten is still the revoked review. */
  byEntry: Map<string, Revocation>;
}

/** The revocations recorded in `features` (and in `more`, e.g. the base's). */
export function collectRevocations(features: readonly Feature[], more?: Revocations): Revocations {
  const out: Revocations = { byClaim: new Map(more?.byClaim), bySignature: new Map(more?.bySignature), byEntry: new Map(more?.byEntry) };
  for (const feature of features) {
    for (const s of feature.data.signoffs ?? []) {
      if (!s.revoked) continue;
      const entry = entryKey(feature, s);
      if (!out.byEntry.has(entry)) out.byEntry.set(entry, s.revoked);
      if (s.claim && !out.byClaim.has(s.claim.sha256.toLowerCase())) out.byClaim.set(s.claim.sha256.toLowerCase(), s.revoked);
      const signature = s.signature === undefined ? undefined : signatureKey(s.signature);
      if (signature && !out.bySignature.has(signature)) out.bySignature.set(signature, s.revoked);
    }
  }
  return out;
}

/** Trust for a corpus read on its own: its roster, its policy, its revocations. */
export function trustOf(project: Project, roster: Roster, today: string, features: readonly Feature[]): Trust {
  return { roster, today, requireSigned: project.policy.requireSignedSignoffs, revoked: collectRevocations(features) };
}

/** Trust for a release tree: the same roster and policy, with the release's own revocations added to those already known. */
export function releaseTrust(trust: Trust, releaseFeatures: readonly Feature[]): Trust {
  return { ...trust, revoked: collectRevocations(releaseFeatures, trust.revoked) };
}

/** A signature's armour without whitespace: the same signature however it is indented or wrapped. */
export function signatureKey(armored: string): string {
  return armored.replace(/\s+/g, '');
}

/**
 * Finds the sign-off that covers `cell`: in scope (same variant — a sign-off
 * without `variant` covers only the feature's own row; no arch or the same
 * arch), not revoked here or anywhere else, for the cell's exact status,
 * with a claim that names the cell's arch and still matches every cell it
 * names (feature id, row, status, security support, caveat, limits, and the
 * entry's signer, date and review), signed when the policy requires it by a
 * key of the signer, dated on a real day not after today by a roster member
 * active that day, and not blocked by an unresolved concern on a proposal
 * for that status. `cells` are the feature's resolved cells.
 */
export function findCoverage(cell: Cell, feature: Feature, cells: readonly Cell[], trust: Trust): Coverage {
  const rejected: Candidate[] = [];
  let covering: Candidate | undefined;
  const todayNumber = dayNumber(trust.today);
  // Fail closed: with no valid today, every date would pass the future check.
  if (todayNumber === undefined) throw new RangeError(`Unexpected today \`${trust.today}\`, expected a real YYYY-MM-DD date`);
  (feature.data.signoffs ?? []).forEach((signoff, index) => {
    if (!inScope(signoff, cell, feature)) return;
    const shortfall = shortfallOf(signoff, cell, feature, cells, trust, todayNumber);
    if (shortfall) {
      rejected.push({ signoff, index, shortfall });
      return;
    }
    if (!covering || (dayNumber(signoff.date) ?? 0) >= (dayNumber(covering.signoff.date) ?? 0)) covering = { signoff, index };
  });
  return covering ? { covering, rejected } : { rejected };
}

/** Whether a sign-off was revoked: in place, or anywhere by its claim, its signature or (for a copy in the same feature) its fields. */
export function revocationOf(signoff: Signoff, feature: Feature, revoked: Revocations): Revocation | undefined {
  if (signoff.revoked) return signoff.revoked;
  // Most corpora revoke little: the keys are built only when there is something to find.
  const byClaim = signoff.claim && revoked.byClaim.size > 0 ? revoked.byClaim.get(signoff.claim.sha256.toLowerCase()) : undefined;
  if (byClaim) return byClaim;
  const bySignature = signoff.signature === undefined || revoked.bySignature.size === 0 ? undefined : revoked.bySignature.get(signatureKey(signoff.signature));
  return bySignature ?? (revoked.byEntry.size > 0 ? revoked.byEntry.get(entryKey(feature, signoff)) : undefined);
}

/**
 * A sign-off entry's identity: the review it records (feature, signer, date,
 * status, review ref). Scope and claim are left out on purpose, so a copy of
 * a revoked entry with `arch:` added or its claim recomputed is still that
 * revoked review; a new sign-off records a new review (another date or ref).
 */
function entryKey(feature: Feature, s: Signoff): string {
  return JSON.stringify([feature.id, s.by, s.date, s.status, s.ref]);
}

function shortfallOf(signoff: Signoff, cell: Cell, feature: Feature, cells: readonly Cell[], trust: Trust, today: number): Shortfall | undefined {
  const revoked = revocationOf(signoff, feature, trust.revoked);
  if (revoked) return { kind: 'revoked', ...revoked };
  if (signoff.status !== cell.status) return { kind: 'stale', status: signoff.status };
  const day = dayNumber(signoff.date);
  if (day === undefined) return { kind: 'bad-date' };
  if (day > today) return { kind: 'future-date' };
  const member = findMember(trust.roster, signoff.by);
  if (!member) return { kind: 'unknown-signer' };
  if (!isActive(member, signoff.date)) return { kind: 'inactive-signer' };
  if (!signoff.claim) return { kind: 'no-claim' };
  const signed = Object.keys(signoff.claim.cells);
  if (!Object.hasOwn(signoff.claim.cells, cell.arch)) return { kind: 'added-later', arches: signed, arch: cell.arch };
  const claim = checkClaim(signoff, feature);
  if (!claim.ok) return { kind: 'claim-mismatch' };
  if (currentCellDigest(signoff, feature, cells, cell.arch) !== signoff.claim.cells[cell.arch]?.toLowerCase()) return { kind: 'cell-changed', arch: cell.arch };
  if (signoff.signature !== undefined) {
    const verdict = verifyClaimSignature(signoff.signature, claim.text, member);
    if (!verdict.ok) return { kind: 'bad-signature', reason: verdict.reason };
  } else if (trust.requireSigned) return { kind: 'unsigned' };
  const concern = blockingConcern(feature, cell);
  if (concern) return { kind: 'concern', by: concern.by, date: concern.date };
  return undefined;
}

// A claim depends only on the entry and the feature id: checked once per entry and feature, not once per cell and caller.
const claimChecks = new WeakMap<Signoff, { feature: string; result: ClaimCheck }>();

/** A sign-off's canonical claim, rebuilt from its own fields and stored cell digests, checked against its stored digest. */
export type ClaimCheck = { ok: true; text: string; sha256: string } | { ok: false };

/**
 * Whether `signoff.claim.sha256` is the digest of the canonical claim made
 * of the entry's fields, the feature's id and the stored per-arch cell
 * digests — so no field of the entry was edited, it was not copied to
 * another feature, and its `arch` (if any) is the only arch it covers.
 */
export function checkClaim(signoff: Signoff, feature: Feature): ClaimCheck {
  const hit = claimChecks.get(signoff);
  if (hit && hit.feature === feature.id) return hit.result;
  const result = computeClaimCheck(signoff, feature);
  claimChecks.set(signoff, { feature: feature.id, result });
  return result;
}

function computeClaimCheck(signoff: Signoff, feature: Feature): ClaimCheck {
  const claim = signoff.claim;
  if (!claim) return { ok: false };
  const arches = Object.keys(claim.cells);
  if (signoff.arch !== undefined && (arches.length !== 1 || arches[0] !== signoff.arch)) return { ok: false };
  const digests = Object.fromEntries(arches.map((arch) => [arch, (claim.cells[arch] ?? '').toLowerCase()]));
  const built = storedClaim(signoff, feature, digests);
  return built.sha256 === claim.sha256.toLowerCase() ? { ok: true, text: built.text, sha256: built.sha256 } : { ok: false };
}

// Verifying a signature costs far more than hashing: once per signature, key and claim.
// By member, then by the armour and the claim text as given (V8 hashes a string once, so repeated lookups are cheap).
const verified = new WeakMap<Member, Map<string, Map<string, { ok: true } | { ok: false; reason: string }>>>();

/** Every signature over an intact claim in `features`, as jobs for `verifyAll` (worker threads) before the rules run. */
export function signatureJobs(features: readonly Feature[]): Array<{ armored: string; text: string }> {
  const jobs: Array<{ armored: string; text: string }> = [];
  for (const feature of features) {
    for (const s of feature.data.signoffs ?? []) {
      if (s.signature === undefined || !s.claim) continue;
      const claim = checkClaim(s, feature);
      if (claim.ok) jobs.push({ armored: s.signature, text: claim.text });
    }
  }
  return jobs;
}

/**
 * An entry's signature judged by `roster`: `signed` when it verifies over
 * the entry's intact claim with one of its signer's keys, `bad` (and why)
 * when it does not, `unsigned` when there is none, `unjudged` when there is
 * nothing to judge it by (the signer is not on the roster, or the claim
 * was edited: other findings say so).
 */
export function signatureVerdict(signoff: Signoff, feature: Feature, roster: Roster): { state: 'signed' | 'unsigned' | 'unjudged' } | { state: 'bad'; reason: string } {
  if (signoff.signature === undefined) return { state: 'unsigned' };
  const member = findMember(roster, signoff.by);
  const claim = signoff.claim ? checkClaim(signoff, feature) : undefined;
  if (!member || !claim?.ok) return { state: 'unjudged' };
  const verdict = verifyClaimSignature(signoff.signature, claim.text, member);
  return verdict.ok ? { state: 'signed' } : { state: 'bad', reason: verdict.reason };
}

/** Whether `armored` is a valid signature over `text` by one of `member`'s keys. */
export function verifyClaimSignature(armored: string, text: string, member: Member): { ok: true } | { ok: false; reason: string } {
  let bySignature = verified.get(member);
  if (!bySignature) verified.set(member, (bySignature = new Map()));
  let byText = bySignature.get(armored);
  if (!byText) bySignature.set(armored, (byText = new Map()));
  const hit = byText.get(text);
  if (hit) return hit;
  const result = computeVerify(armored, text, memberKeys(member), member);
  byText.set(text, result);
  return result;
}

function computeVerify(armored: string, text: string, keys: PublicKey[], member: Member): { ok: true } | { ok: false; reason: string } {
  const verdict = verifySignature(armored, text, SIGNATURE_NAMESPACE);
  if (!verdict.ok) return verdict;
  if (keys.length === 0) return { ok: false, reason: `${member.id} has no \`keys\` on the roster to verify it with` };
  if (!keys.some((k) => sameKey(k, verdict.key))) return { ok: false, reason: `it was made with key ${verdict.key.fingerprint}, which is not one of ${member.id}'s keys on the roster` };
  return { ok: true };
}

/** A member's public keys that parse; lines that do not are reported by `signoff-signer`. */
export function memberKeys(member: Member): PublicKey[] {
  const hit = parsedKeys.get(member);
  if (hit) return hit;
  const keys = (member.keys ?? []).map(parsePublicKey).filter((k): k is PublicKey => k !== undefined);
  parsedKeys.set(member, keys);
  return keys;
}

// A roster's members are read once; their keys are parsed once.
const parsedKeys = new WeakMap<Member, PublicKey[]>();

/** An unresolved concern on a proposal whose status and scope match the cell. */
export function blockingConcern(feature: Feature, cell: Cell): { by: string; date: string; concern: string } | undefined {
  const proposal = feature.data.proposal;
  if (!proposal || proposal.status !== cell.status) return undefined;
  if (proposal.arch !== undefined && proposal.arch !== cell.arch) return undefined;
  if (proposal.variant !== undefined && resolveVariant(feature, proposal.variant) !== cell.variant) return undefined;
  return proposal.concerns?.find((c) => c.resolved === undefined);
}


/**
 * Why a candidate sign-off does not cover a cell, in words. `q` quotes names
 * and values: backticks for lint messages, nothing for the site.
 */
export function describeShortfall(candidate: Candidate, quote: (text: string) => string = (t) => t): string {
  // Every input value short, so that a list of reasons is never cut off in a message.
  const q = (text: string): string => quote(excerpt(text, 80));
  const s = candidate.signoff;
  const who = `sign-off #${candidate.index + 1} by ${q(s.by)} on ${s.date}`;
  const f = candidate.shortfall;
  switch (f?.kind) {
    case 'revoked':
      return `${who} was revoked by ${q(f.by)} on ${f.date}: ${excerpt(f.reason, 120)}`;
    case 'stale':
      return `${who} is for ${q(f.status)} (stale)`;
    case 'no-claim':
      return `${who} records no claim of what it approved (\`support-matrix signoffs --upgrade\` adds claims for review)`;
    case 'added-later':
      return `${who} was signed for ${f.arches.join(', ')}; ${q(f.arch)} was added later`;
    case 'claim-mismatch':
      return `${who} no longer matches its claim: the entry was edited or copied from another feature since it was signed`;
    case 'cell-changed':
      return `${who} approved ${q(f.arch)} as it read then; its status, security support, caveat, limits, notes or stated arch changed since`;
    case 'unsigned':
      return `${who} has no signature, which \`policy.require-signed-signoffs\` needs`;
    case 'bad-signature':
      return `${who} has a signature that does not verify: ${f.reason}`;
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

/**
 * The `support-matrix signoff` command that signs `cell`'s row as it reads
 * now: `--variant` for a variant's row, `--status` when the row has cells of
 * several statuses that need a sign-off (`cells`: the feature's cells).
 */
export function signoffCommand(featureId: string, cell: Cell, cells: readonly Cell[], project: Project): string {
  const statuses = new Set(cells.filter((c) => c.variant === cell.variant && requiresSignoff(c, project) && c.status !== undefined).map((c) => c.status));
  const scope = [cell.variant === undefined ? '' : ` --variant ${cell.variant}`, statuses.size > 1 ? ` --status ${shellWord(cell.status ?? '')}` : ''].join('');
  return `support-matrix signoff ${featureId}${scope} --ref <review URL>`;
}

/** A shell argument: bare when it is one plain word, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9._-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/** The verdict of every cell the policy needs no sign-off for: one object, not one per cell. */
const NOT_REQUIRED: { readonly state: 'not-required' } = Object.freeze({ state: 'not-required' });

/** What a reader is told about a cell's sign-off. */
export type Verdict = 'signed' | 'exempt' | 'not-signed-off' | 'not-required';

/**
 * The sign-off verdict of one cell — covered, exempt by the baseline, owed
 * and missing, or not needed by the policy — with the coverage it was
 * decided on (when the policy needs a sign-off), so no caller looks twice.
 */
export function verdictOf(cell: Cell, feature: Feature, cells: readonly Cell[], project: Project, trust: Trust, baseline: Baseline | undefined): { state: Verdict; coverage?: Coverage } {
  if (!requiresSignoff(cell, project)) return NOT_REQUIRED;
  const coverage = findCoverage(cell, feature, cells, trust);
  const exempt = exemption(cell, baseline) !== -1 || (baseline?.legacy === true && carriesStatus(cell.state));
  return { state: coverage.covering ? 'signed' : exempt ? 'exempt' : 'not-signed-off', coverage };
}

/** A baseline entry's identity: the cell, status and state it exempts (its `note` aside). */
export function baselineKey(e: BaselineEntry): string {
  return JSON.stringify([e.feature, e.variant ?? null, e.arch, e.status, e['arch-not-stated'] === true]);
}

/**
 * Index of the baseline entry that exempts this cell (same feature,
 * variant, arch and status, and stated without an arch exactly when the
 * entry says so), or -1. An entry written for a `not-stated` cell never
 * exempts the cell once someone states it as applying: that is a new claim.
 */
export function exemption(cell: Cell, baseline: Baseline | undefined): number {
  if (!baseline || !carriesStatus(cell.state)) return -1;
  const notStated = cell.state === 'not-stated';
  return baseline.exempt.findIndex((e, i) => e.feature === cell.featureId && e.variant === cell.variant && e.arch === cell.arch && e.status === cell.status && (e['arch-not-stated'] === true) === notStated && !baseline.untrusted?.has(i));
}
