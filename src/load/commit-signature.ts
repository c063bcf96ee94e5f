import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isActive, memberKeys } from '../model/signoffs.js';
import { sameKey, verifySignature } from '../signature/sshsig.js';
import type { Member, Roster } from '../types.js';

const run = promisify(execFile);

/** Who approved a commit by signing it. */
export interface CommitApproval {
  commit: string;
  member: Member;
}

/**
 * Whether the working tree's `dir` is exactly `HEAD`'s (no change, no
 * untracked file) and every commit from `base` to `HEAD` carries an SSH
 * signature (`git commit -S` with `gpg.format=ssh`) made with a key of a
 * member of `roster` active on `today` — so no unsigned commit hides under a
 * signed one. Such commits are those members' approval of what they change.
 * Undefined otherwise, and whenever git cannot tell.
 */
export async function signedHeadApproval(cwd: string, dir: string, base: string, roster: Roster, today: string): Promise<CommitApproval | undefined> {
  try {
    const status = await run('git', ['status', '--porcelain', '--untracked-files=all', '--', dir], { cwd });
    if (status.stdout.trim() !== '') return undefined;
    const commits = (await run('git', ['rev-list', `${base}..HEAD`], { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout.split('\n').filter(Boolean);
    if (commits.length === 0 || commits.length > 1000) return undefined;
    let approval: CommitApproval | undefined;
    for (const commit of commits) {
      const member = await signerOf(cwd, commit, roster, today);
      if (!member) return undefined;
      approval ??= { commit, member };
    }
    return approval;
  } catch {
    return undefined;
  }
}

/** The active roster member whose key made `commit`'s SSH signature, if any. */
async function signerOf(cwd: string, commit: string, roster: Roster, today: string): Promise<Member | undefined> {
  const object = (await run('git', ['cat-file', 'commit', commit], { cwd, maxBuffer: 16 * 1024 * 1024 })).stdout;
  const split = splitSignature(object);
  if (!split) return undefined;
  const verdict = verifySignature(split.signature, split.payload, 'git');
  if (!verdict.ok) return undefined;
  return roster.members.find((m) => isActive(m, today) && memberKeys(m).some((k) => sameKey(k, verdict.key)));
}

/** A commit object split into its `gpgsig` signature and the payload it signs (the object without that header). */
export function splitSignature(object: string): { signature: string; payload: string } | undefined {
  const end = object.indexOf('\n\n');
  const headers = (end === -1 ? object : object.slice(0, end)).split('\n');
  const start = headers.findIndex((l) => l.startsWith('gpgsig '));
  if (start === -1) return undefined;
  let stop = start + 1;
  while (stop < headers.length && headers[stop]?.startsWith(' ')) stop++;
  const signature = [headers[start]?.slice('gpgsig '.length) ?? '', ...headers.slice(start + 1, stop).map((l) => l.slice(1))].join('\n');
  if (!signature.includes('BEGIN SSH SIGNATURE')) return undefined;
  const kept = [...headers.slice(0, start), ...headers.slice(stop)].join('\n');
  return { signature, payload: end === -1 ? kept : kept + object.slice(end) };
}
