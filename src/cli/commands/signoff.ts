import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { addClaim, addRevocation, appendSignoff, EditError } from '../../edit/signoffs.js';
import { loadFeature, toPosix, type Corpus } from '../../load/corpus.js';
import { resolveVariant, variantId } from '../../model/cells.js';
import { resolveFeature } from '../../model/resolve.js';
import { claimNow, revocationStatement, SIGNATURE_NAMESPACE, type Claim } from '../../model/claims.js';
import { excerpt } from '../../diagnostics.js';
import { blockingConcern, findMember, isActive, memberKeys, requiresSignoff, revocationOf, trustOf, verifyClaimSignature } from '../../model/signoffs.js';
import { parsePublicKey, sameKey } from '../../signature/sshsig.js';
import type { Diagnostic, Feature, Member } from '../../types.js';
import { UsageError } from '../errors.js';
import { check } from './check.js';
import { writeReplacing } from './output.js';

const run = promisify(execFile);

/** Options of {@link signoff}. */
export interface SignoffOptions {
  cwd: string;
  dir?: string;
  /** Feature id or alias. */
  feature: string;
  arch?: string;
  variant?: string;
  /** Sign the row's cells of this status (needed when the row has cells of several statuses that need a sign-off). */
  status?: string;
  /** URL or message id of the review. */
  ref: string;
  /** Roster member id; default: the member whose `keys` hold `key`'s public key. */
  by?: string;
  /** Private SSH key to sign the claim with (`ssh-keygen -Y sign`). */
  key?: string;
  today: string;
}

/** What {@link signoff} wrote. */
export interface SignoffResult {
  file: string;
  by: string;
  status: string;
  arches: string[];
  claim: Claim;
  signed: boolean;
}

/**
 * Writes the sign-off entry for a feature's row as it reads now: the claim
 * over every arch in scope where the row applies with the status that needs
 * a sign-off, signed with `key` when given. Refuses when the feature has
 * other errors, when the signer is not an active member, or when the
 * signature would not verify against the member's roster keys.
 */
export async function signoff(options: SignoffOptions): Promise<SignoffResult> {
  const result = await check({ cwd: options.cwd, today: options.today, releases: false, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  const feature = findFeature(result.corpus, options.feature);
  const blocking = result.diagnostics.filter((d) => d.file === feature.file && d.severity === 'error' && d.ruleName !== 'supported-requires-signoff');
  if (blocking.length > 0) throw new UsageError(`${feature.file} has findings to fix before a sign-off:\n${blocking.map(line).join('\n')}`);
  const { project } = result.corpus;
  if (options.arch !== undefined && !project.architectures.some((a) => a.id === options.arch)) throw new UsageError(`Unknown arch \`${options.arch}\`; use one of ${project.architectures.map((a) => a.id).join(', ')}`);
  const variant = options.variant === undefined ? undefined : resolveVariant(feature, options.variant);
  const variantIds = (feature.data.variants ?? []).map(variantId);
  if (variant !== undefined && !variantIds.includes(variant)) throw new UsageError(`Unknown variant \`${options.variant ?? ''}\` of ${feature.id}; use one of ${variantIds.join(', ') || '(none)'}`);
  const cells = result.model.current.byFeature.get(feature)?.cells ?? [];
  const scoped = cells.filter((c) => c.variant === variant && (options.arch === undefined || c.arch === options.arch) && (options.status === undefined || c.status === options.status) && requiresSignoff(c, project));
  const statuses = [...new Set(scoped.map((c) => c.status))];
  if (statuses.length === 0) throw new UsageError(`Nothing to sign: no cell of ${feature.id}${variant ? ` [${variant}]` : ''}${options.arch ? ` on ${options.arch}` : ''}${options.status ? ` with status ${options.status}` : ''} has a status that needs a sign-off`);
  if (statuses.length > 1) throw new UsageError(`The cells in scope have different statuses (${statuses.join(', ')}); sign each with --status`);
  const status = statuses[0] as string;

  const concern = scoped.map((c) => blockingConcern(feature, c)).find((c) => c !== undefined);
  if (concern) throw new UsageError(`${feature.id} has an unresolved concern of ${concern.by} (${concern.date}) on its proposal for ${status}: "${excerpt(concern.concern, 80)}"; resolve it (\`resolved: <date>\` on the concern) before signing off`);
  const member = await signer(result.corpus, options);
  if (!isActive(member, options.today)) throw new UsageError(`${member.id} is not an active member of the security team on ${options.today} (security-team.yml)`);
  const entry = { by: member.id, date: options.today, status, ref: options.ref, ...(options.arch !== undefined ? { arch: options.arch } : {}), ...(options.variant !== undefined ? { variant: options.variant } : {}) };
  const claim = claimNow(entry, feature, cells);
  // `scoped` holds a cell of this status in this row, so there is one.
  if (!claim) throw new Error(`no claim for ${feature.id} with cells of status ${status}`);
  const { arches } = claim;
  let signature: string | undefined;
  if (options.key !== undefined) {
    signature = await sshSign(path.resolve(options.cwd, options.key), claim.text);
    const verdict = verifyClaimSignature(signature, claim.text, member);
    if (!verdict.ok) throw new UsageError(`The signature does not verify against ${member.id}'s keys on the roster (${verdict.reason}); add the public key to \`keys\` in security-team.yml (reviewed by the team) and sign again`);
  }
  const file = path.resolve(options.cwd, feature.file);
  const text = await readFile(file, 'utf8');
  let edited: string;
  try {
    edited = appendSignoff(text, { ...entry, claim: claim.stored, ...(signature !== undefined ? { signature } : {}) });
  } catch (error) {
    if (error instanceof EditError) throw new UsageError(`${feature.file}: ${error.message}`);
    throw error;
  }
  // What was written must read back as a sign-off that covers the cells.
  const reloaded = loadFeature(feature.file, toPosix(path.relative(result.corpus.root, file)), Buffer.from(edited, 'utf8'));
  if (!reloaded.feature) throw new UsageError(`The sign-off cannot be written: ${reloaded.diagnostics[0]?.message ?? 'the file would not load'} (check --ref and the other values given)`);
  const reread = { ...reloaded.feature, id: feature.id };
  const written = reread?.data.signoffs?.at(-1);
  if (!written || written.claim?.sha256 !== claim.sha256) throw new Error(`the edited ${feature.file} does not read back with the new sign-off`);
  // Judged as the model judges, except for the signature, which the policy may not ask for.
  const trust = { ...result.model.trust, requireSigned: false };
  const uncovered = resolveFeature(reread, feature.id, project, trust).cells.filter((c) => arches.includes(c.arch) && c.variant === variant && !c.coverage?.covering);
  if (uncovered.length > 0) throw new Error(`the new sign-off of ${feature.file} does not cover ${uncovered.map((c) => c.arch).join(', ')}`);
  await writeReplacing(file, edited);
  return { file: feature.file, by: member.id, status, arches, claim, signed: signature !== undefined };
}

/** Options of {@link revokeSignoff}. */
export interface RevokeOptions {
  cwd: string;
  dir?: string;
  feature: string;
  /** 1-based number of the sign-off entry, as findings and `signoffs` show it. */
  index: number;
  reason: string;
  by?: string;
  key?: string;
  today: string;
}

/**
 * Withdraws a sign-off: adds `revoked: {by, date, reason}` to its entry,
 * signed with `key` over the canonical revocation when given. The entry
 * stays as history; a copy of it anywhere is revoked too.
 */
export async function revokeSignoff(options: RevokeOptions): Promise<{ file: string; by: string; signed: boolean }> {
  const result = await check({ cwd: options.cwd, today: options.today, releases: false, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  const feature = findFeature(result.corpus, options.feature);
  const entry = feature.data.signoffs?.[options.index - 1];
  if (!entry) throw new UsageError(`${feature.file} has no sign-off #${options.index} (it has ${feature.data.signoffs?.length ?? 0})`);
  if (entry.revoked) throw new UsageError(`Sign-off #${options.index} of ${feature.id} is already revoked (by ${entry.revoked.by} on ${entry.revoked.date})`);
  const member = await signer(result.corpus, { ...options, feature: options.feature, ref: '' });
  if (!isActive(member, options.today)) throw new UsageError(`${member.id} is not an active member of the security team on ${options.today} (security-team.yml)`);
  const revoked = { by: member.id, date: options.today, reason: options.reason };
  let signature: string | undefined;
  if (options.key !== undefined) {
    if (!entry.claim) throw new UsageError(`Sign-off #${options.index} records no claim, so a signed revocation has nothing to name; revoke it without --key, or run \`signoffs --upgrade\` first`);
    const statement = revocationStatement(entry.claim.sha256.toLowerCase(), revoked);
    signature = await sshSign(path.resolve(options.cwd, options.key), statement.text);
    const verdict = verifyClaimSignature(signature, statement.text, member);
    if (!verdict.ok) throw new UsageError(`The signature does not verify against ${member.id}'s keys on the roster (${verdict.reason}); add the public key to \`keys\` in security-team.yml and sign again`);
  }
  const file = path.resolve(options.cwd, feature.file);
  let edited: string;
  try {
    edited = addRevocation(await readFile(file, 'utf8'), options.index - 1, revoked, signature);
  } catch (error) {
    if (error instanceof EditError) throw new UsageError(`${feature.file}: ${error.message}`);
    throw error;
  }
  const reloaded = loadFeature(feature.file, toPosix(path.relative(result.corpus.root, file)), Buffer.from(edited, 'utf8'));
  if (!reloaded.feature) throw new UsageError(`The revocation cannot be written: ${reloaded.diagnostics[0]?.message ?? 'the file would not load'} (check --reason)`);
  if (!reloaded.feature.data.signoffs?.[options.index - 1]?.revoked) throw new Error(`the edited ${feature.file} does not read back with the revocation`);
  await writeReplacing(file, edited);
  return { file: feature.file, by: member.id, signed: signature !== undefined };
}

/** Options of {@link upgradeSignoffs}. */
export interface UpgradeOptions {
  cwd: string;
  dir?: string;
  today: string;
  /** Private SSH keys: an entry whose signer lists one's public key on the roster is signed with it. */
  keys?: string[];
}

/**
 * Adds a claim to every sign-off entry written before claims that still
 * covers cells under the old rule (in scope, same status, not revoked, by a
 * roster member active on its date): the claim records those cells as they
 * read now. The result is one patch for the security team to review.
 */
export async function upgradeSignoffs(options: UpgradeOptions): Promise<{ files: string[]; entries: number; skipped: Array<{ file: string; index: number; why: string }> }> {
  const result = await check({ cwd: options.cwd, today: options.today, releases: false, ...(options.dir !== undefined ? { dir: options.dir } : {}) });
  const { project, roster, features } = result.corpus;
  const trust = trustOf(project, roster, options.today, features);
  const files: string[] = [];
  const skipped: Array<{ file: string; index: number; why: string }> = [];
  let entries = 0;
  const signers = new Map<string, string>();
  for (const key of options.keys ?? []) {
    const member = await signer(result.corpus, { ...options, feature: '', ref: '', key });
    signers.set(member.id, path.resolve(options.cwd, key));
  }
  for (const feature of features) {
    const cells = result.model.current.byFeature.get(feature)?.cells ?? [];
    const file = path.resolve(options.cwd, feature.file);
    let text: string | undefined;
    for (const [index, s] of (feature.data.signoffs ?? []).entries()) {
      if (s.claim !== undefined || s.signature !== undefined) continue;
      const skip = (why: string): void => void skipped.push({ file: feature.file, index, why });
      if (revocationOf(s, feature, trust.revoked)) {
        skip('revoked');
        continue;
      }
      const member = findMember(roster, s.by);
      if (!member || !isActive(member, s.date)) {
        skip('not by a member active on its date');
        continue;
      }
      const claim = claimNow(s, feature, cells);
      if (!claim) {
        skip(`no cell in its scope has status ${s.status} now (stale)`);
        continue;
      }
      const key = signers.get(s.by);
      const signature = key === undefined ? undefined : await sshSign(key, claim.text);
      text = addClaim(text ?? (await readFile(file, 'utf8')), index, claim.stored, signature);
      entries++;
    }
    if (text !== undefined) {
      await writeReplacing(file, text);
      files.push(feature.file);
    }
  }
  return { files, entries, skipped };
}


function findFeature(corpus: Corpus, ref: string): Feature {
  const lower = ref.toLowerCase();
  const feature = corpus.features.find((f) => f.id.toLowerCase() === lower) ?? corpus.features.find((f) => (f.data.aliases ?? []).some((a) => a.toLowerCase() === lower));
  if (!feature) throw new UsageError(`No feature \`${ref}\` in the corpus (or it has errors that kept it out; run \`support-matrix check\`)`);
  return feature;
}

async function signer(corpus: Corpus, options: SignoffOptions): Promise<Member> {
  if (options.by !== undefined) {
    const member = findMember(corpus.roster, options.by);
    if (!member) throw new UsageError(`\`${options.by}\` is not on the roster (${corpus.roster.file})`);
    return member;
  }
  if (options.key === undefined) throw new UsageError('Say who signs: --by <member id>, or --key <private key> of a member whose public key is on the roster');
  const pub = parsePublicKey(await publicKeyOf(path.resolve(options.cwd, options.key)));
  const member = pub && corpus.roster.members.find((m) => memberKeys(m).some((k) => sameKey(k, pub)));
  if (!member) throw new UsageError(`No roster member lists the public key of ${options.key} (${options.key}.pub) in \`keys\`; pass --by, or add the key to security-team.yml`);
  return member;
}

/** The public key line of a private key: `<key>.pub` beside it, else what `ssh-keygen -y` derives. */
async function publicKeyOf(key: string): Promise<string> {
  const beside = await readFile(`${key}.pub`, 'utf8').catch(() => undefined);
  if (beside !== undefined) return beside;
  return (await run('ssh-keygen', ['-y', '-f', key]).catch(() => ({ stdout: '' }))).stdout;
}

/** Signs `text` with `ssh-keygen -Y sign` and returns the armoured signature. */
async function sshSign(key: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'support-matrix-sign-'));
  try {
    const file = path.join(dir, 'claim.json');
    await writeFile(file, text);
    try {
      await run('ssh-keygen', ['-q', '-Y', 'sign', '-n', SIGNATURE_NAMESPACE, '-f', key, file]);
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new UsageError(`ssh-keygen could not sign with ${key}${stderr ? `: ${stderr}` : ''}; check the key path (an unencrypted key, or one loaded in ssh-agent)`);
    }
    return await readFile(`${file}.sig`, 'utf8');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function line(d: Diagnostic): string {
  return `  ${d.file}:${d.line}:${d.column}  ${d.message}  ${d.ruleName}`;
}
